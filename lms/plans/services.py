"""The apprentice's own plan: positions, self and trainer assessments, learning goals, notes.

Assessments are xAPI statements (``self-assessed`` / ``assessed``); the projection writes
``ItemProgress`` from them. Goals and notes are the apprentice's content. Services take explicit
arguments, add and flush, never commit.
"""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lms.auth.models import ApprenticeProfile, User
from lms.db import db, utcnow
from lms.plans import xapi
from lms.plans.loader import STANDARD_CODE
from lms.plans.models import FrameworkItem, FrameworkPlan, FrameworkPosition, ItemProgress, LearningGoal, PlanNote
from lms.xapi.funnel import record_event
from lms.xapi.vocabulary import profile_verb

LEVELS: dict[int, object] = {
    1: _l("noch nicht begonnen"),
    2: _l("unter Anleitung"),
    3: _l("selbstständig"),
    4: _l("sicher, kann es erklären"),
}


def clean_text(text: str | None, limit: int = 20000) -> str:
    """Trimmed Markdown source (rendered and sanitised on output by ``lms.core.html``)."""
    return (text or "").strip()[:limit]


class PlanError(ValueError):
    """Bad input for a plan action (HTTP 400); the message is German and shown to the person."""


def check_level(level: int | str | None) -> int:
    """A valid level 1..4 or :class:`PlanError`."""
    try:
        value = int(level)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise PlanError(_("Bitte wähle eine Stufe.")) from None
    if value not in LEVELS:
        raise PlanError(_("Bitte wähle eine Stufe.")) from None
    return value


def positions_query_for_code(code: str):
    """Positions of a framework plan in plan order, with items and plan loaded."""
    return (
        select(FrameworkPosition)
        .join(FrameworkPlan)
        .where(FrameworkPlan.code == code)
        .options(selectinload(FrameworkPosition.items), selectinload(FrameworkPosition.plan))
        .order_by(FrameworkPosition.sort_order)
    )


def positions_for(profile: ApprenticeProfile) -> list[FrameworkPosition]:
    """The positions of the apprentice's occupation: common ones plus their own Schwerpunkt only."""
    positions = db.session.scalars(positions_query_for_code(profile.occupation_code)).all()
    return [p for p in positions if p.specialism is None or p.specialism == profile.specialism]


def recommended_positions() -> list[FrameworkPosition]:
    """The four modernised standard positions (2021), recommended beside the old ones."""
    return list(db.session.scalars(positions_query_for_code(STANDARD_CODE)).all())


def item_for_apprentice(profile: ApprenticeProfile, item_id: int) -> FrameworkItem | None:
    """An item of the apprentice's own plan (or the recommended positions); None otherwise."""
    query = (
        select(FrameworkItem)
        .join(FrameworkPosition)
        .join(FrameworkPlan)
        .where(FrameworkItem.id == item_id, FrameworkPlan.code.in_([profile.occupation_code, STANDARD_CODE]))
        .where((FrameworkPosition.specialism.is_(None)) | (FrameworkPosition.specialism == profile.specialism))
    )
    return db.session.scalar(query)


def progress_by_item(apprentice_id: int) -> dict[int, ItemProgress]:
    """The projected progress rows of an apprentice, by item id."""
    rows = db.session.scalars(select(ItemProgress).where(ItemProgress.apprentice_id == apprentice_id))
    return {row.item_id: row for row in rows}


def self_assess(apprentice: User, item: FrameworkItem, level: int | str, at: dt.datetime | None = None) -> None:
    """The apprentice rates themself on an item (one statement; the projection stores it).

    ``at`` dates the statement (default: now; scale-data generators pass historic times).
    """
    value = check_level(level)
    record_event(
        apprentice.public_id,
        profile_verb("self-assessed"),
        xapi.item_activity(item),
        result={"score": {"raw": value, "min": 1, "max": 4}},
        timestamp=at,
    )


def trainer_assess(
    trainer: User, apprentice: User, item: FrameworkItem, level: int | str, at: dt.datetime | None = None
) -> None:
    """A trainer rates an apprentice on an item (dated by the statement's timestamp, ``at`` or now)."""
    value = check_level(level)
    record_event(
        trainer.public_id,
        profile_verb("assessed"),
        xapi.item_activity(item),
        result={"score": {"raw": value, "min": 1, "max": 4}},
        extensions={xapi.ext("apprentice"): str(apprentice.public_id)},
        timestamp=at,
    )


def add_goal(
    apprentice: User, what: str, due_on: dt.date | None, how: str, evidence: str, item_ids: list[int]
) -> LearningGoal:
    """Add an own learning goal (what, by when, how, evidence) linked to items of the plan."""
    what = (what or "").strip()
    if not what:
        raise PlanError(_("Bitte beschreibe, was du lernen willst."))
    goal = LearningGoal(
        apprentice_id=apprentice.id,
        what=what[:500],
        due_on=due_on,
        how=clean_text(how) or None,
        evidence=clean_text(evidence) or None,
        item_ids=sorted(set(item_ids)),
    )
    db.session.add(goal)
    db.session.flush()
    return goal


def set_goal_achieved(goal: LearningGoal, achieved: bool) -> None:
    """Mark a learning goal as reached (or open again)."""
    goal.achieved_at = utcnow() if achieved else None
    db.session.flush()


def add_note(apprentice: User, item: FrameworkItem, text: str) -> PlanNote:
    """A note as evidence for an item (what was done where)."""
    text = clean_text(text)
    if not text:
        raise PlanError(_("Die Notiz ist leer."))
    note = PlanNote(apprentice_id=apprentice.id, item_id=item.id, text=text)
    db.session.add(note)
    db.session.flush()
    return note


def notes_by_item(apprentice_id: int) -> dict[int, list[PlanNote]]:
    notes: dict[int, list[PlanNote]] = {}
    query = select(PlanNote).where(PlanNote.apprentice_id == apprentice_id).order_by(PlanNote.created_at.desc())
    for note in db.session.scalars(query):
        notes.setdefault(note.item_id, []).append(note)
    return notes


def goals_of(apprentice_id: int) -> list[LearningGoal]:
    query = select(LearningGoal).where(LearningGoal.apprentice_id == apprentice_id)
    return list(db.session.scalars(query.order_by(LearningGoal.achieved_at.is_not(None), LearningGoal.due_on)))


def update_profile(
    profile: ApprenticeProfile,
    *,
    specialism: str | None,
    training_end: dt.date,
    exam_part1_date: dt.date | None,
    exam_part2_date: dt.date | None,
) -> ApprenticeProfile:
    """Trainers set the specialism, the (shortened or extended) end and the exam dates."""
    from lms.orgs.occupations import OCCUPATIONS

    occupation = OCCUPATIONS.get(profile.occupation_code)
    if specialism and (occupation is None or specialism not in occupation.specialisms):
        raise PlanError(_("Diesen Schwerpunkt gibt es für den Beruf nicht."))
    if training_end <= profile.training_start:
        raise PlanError(_("Das Ende muss nach dem Beginn liegen."))
    for exam in (exam_part1_date, exam_part2_date):
        if exam is not None and not profile.training_start <= exam <= training_end + dt.timedelta(days=183):
            raise PlanError(_("Prüfungstermine müssen in der Ausbildungszeit liegen."))
    profile.specialism = specialism or None
    profile.training_end = training_end
    profile.exam_part1_date, profile.exam_part2_date = exam_part1_date, exam_part2_date
    db.session.flush()
    return profile

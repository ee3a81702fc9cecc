"""The module player's services: catalogue, enrolment, units, self-checks, reflections, transfer.

Services take explicit arguments, write through the xAPI funnel (progress) or the private
tables (texts), flush and never commit. Illegal actions raise :class:`LearningError`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from lms.auth.models import User
from lms.db import db, utcnow
from lms.learning import completion, events
from lms.learning.content_cache import ModuleView, QuestionView, UnitView, active_slugs, module_view
from lms.learning.grading import Graded, grade, response_string
from lms.learning.models import Enrolment, Reflection, TransferNote

MAX_TEXT = 20_000


class LearningError(Exception):
    """An action that is not allowed; ``status`` is the HTTP status the view answers with."""

    def __init__(self, message: str, status: int = 409) -> None:
        super().__init__(message)
        self.status = status


def catalogue(theme: str | None = None, audience: str | None = None) -> list[ModuleView]:
    """Active modules, optionally filtered by theme and audience role, by title."""
    modules = [m for m in map(module_view, active_slugs()) if m is not None]
    return [m for m in modules if (not theme or m.theme == theme) and (not audience or audience in m.audience)]


def get_module(slug: str) -> ModuleView | None:
    """An active module with its units and questions (a cached read-only snapshot)."""
    return module_view(slug)


def find_unit(module: ModuleView, key: str) -> UnitView | None:
    return next((u for u in module.units if u.key == key), None)


def checks_of(module: ModuleView, unit_key: str) -> list[QuestionView]:
    return [q for q in module.questions if q.bank == "check" and q.unit_key == unit_key]


def enrolment_of(user: User, slug: str) -> Enrolment | None:
    """The person's enrolment in a module (projection), if any."""
    return db.session.scalar(select(Enrolment).where(Enrolment.user_id == user.id, Enrolment.module_slug == slug))


def enrolments_of(user: User) -> dict[str, Enrolment]:
    rows = db.session.scalars(select(Enrolment).where(Enrolment.user_id == user.id))
    return {e.module_slug: e for e in rows}


def enrol(user: User, module: ModuleView, at: dt.datetime | None = None) -> Enrolment:
    """Start the module (records ``initialized`` with a new registration) unless already started."""
    enrolment = enrolment_of(user, module.slug)
    if enrolment is None:
        events.module_initialized(user.public_id, uuid.uuid4(), module, at or utcnow())
        enrolment = enrolment_of(user, module.slug)
    assert enrolment is not None  # the projection created it from the statement
    return enrolment


@dataclass(frozen=True)
class ModuleProgress:
    """What the module page and the catalogue show for one person."""

    enrolment: Enrolment | None
    seen: frozenset[str]
    resume_key: str | None
    requirements: dict[str, bool]

    @property
    def completed(self) -> bool:
        return self.enrolment is not None and self.enrolment.completed_at is not None


def progress(module: ModuleView, enrolment: Enrolment | None) -> ModuleProgress:
    """Units seen in their current version, the unit to resume with and the completion checklist."""
    seen = completion.seen_units(module, enrolment)
    resume = next((u.key for u in module.units if u.key not in seen), None)
    if resume is None and module.units:
        resume = enrolment.last_unit_key if enrolment and enrolment.last_unit_key else module.units[0].key
    return ModuleProgress(enrolment, frozenset(seen), resume, completion.requirements(module, enrolment))


def mark_seen(user: User, module: ModuleView, unit: UnitView, at: dt.datetime | None = None) -> Enrolment:
    """Record that the unit was seen (``experienced``); may complete the module."""
    at = at or utcnow()
    enrolment = enrol(user, module, at)
    events.unit_experienced(user.public_id, enrolment.registration, module, unit, at)
    completion.complete_if_done(user, module, enrolment, at)
    return enrolment


def answer_check(
    user: User,
    module: ModuleView,
    unit: UnitView,
    question_key: str,
    chosen: list[str],
    at: dt.datetime | None = None,
) -> tuple[QuestionView, Graded]:
    """Grade a self-check answer (not counted) and record it as ``answered``."""
    question = next((q for q in checks_of(module, unit.key) if q.key == question_key), None)
    if question is None:
        raise LearningError(_("Diese Frage gibt es nicht."), 404)
    graded = grade(question.options, chosen)
    if not graded.chosen:
        raise LearningError(_("Bitte wählen Sie mindestens eine Antwort."), 400)
    at = at or utcnow()
    enrolment = enrol(user, module, at)
    events.question_answered(
        user.public_id,
        enrolment.registration,
        module,
        question,
        response_string(graded.chosen),
        graded.correct,
        events.unit_activity(module, unit),
        at,
    )
    return question, graded


def prompts(module: ModuleView) -> list[dict[str, str]]:
    return list(module.manifest.get("reflection", {}).get("prompts", []))


def own_reflections(user: User, slug: str | None = None) -> list[Reflection]:
    """The person's own reflection texts (owner only: the query is scoped to ``user``)."""
    query = select(Reflection).where(Reflection.user_id == user.id)
    if slug is not None:
        query = query.where(Reflection.module_slug == slug)
    return list(db.session.scalars(query.order_by(Reflection.module_slug, Reflection.prompt_key)))


def save_reflection(
    user: User, module: ModuleView, prompt_key: str, text: str, at: dt.datetime | None = None
) -> Reflection:
    """Store the private text and record only the fact (``reflected``) as a statement."""
    if prompt_key not in {p["id"] for p in prompts(module)}:
        raise LearningError(_("Diese Reflexionsfrage gibt es nicht."), 404)
    text = (text or "").strip()
    if not text or len(text) > MAX_TEXT:
        raise LearningError(_("Bitte schreiben Sie Ihre Reflexion (höchstens 20.000 Zeichen)."), 400)
    at = at or utcnow()
    enrolment = enrol(user, module, at)
    row = next((r for r in own_reflections(user, module.slug) if r.prompt_key == prompt_key), None)
    if row is None:
        row = Reflection(user_id=user.id, module_slug=module.slug, prompt_key=prompt_key, text=text, created_at=at)
        db.session.add(row)
    row.text, row.updated_at = text, at
    events.reflection_saved(user.public_id, enrolment.registration, module, prompt_key, at)
    completion.complete_if_done(user, module, enrolment, at)
    db.session.flush()
    return row


def transfer_note(user: User, slug: str) -> TransferNote | None:
    return db.session.scalar(
        select(TransferNote).where(TransferNote.user_id == user.id, TransferNote.module_slug == slug)
    )


def commit_transfer(user: User, module: ModuleView, due_on: dt.date, plan: str, at: dt.datetime | None = None) -> None:
    """The learner commits to the transfer task by a date (plan text stays private)."""
    at = at or utcnow()
    if due_on < at.date() or due_on > at.date() + dt.timedelta(days=366):
        raise LearningError(_("Bitte wählen Sie ein Datum zwischen heute und in einem Jahr."), 400)
    enrolment = enrol(user, module, at)
    note = _note(user, module)
    note.plan_text, note.updated_at = (plan or "").strip()[:MAX_TEXT], at
    events.transfer_committed(user.public_id, enrolment.registration, module, due_on, at)


def report_transfer(user: User, module: ModuleView, report: str, at: dt.datetime | None = None) -> None:
    """The learner reports back on the transfer task (report text stays private)."""
    enrolment = enrolment_of(user, module.slug)
    if enrolment is None or enrolment.transfer_committed_at is None:
        raise LearningError(_("Nehmen Sie sich die Transferaufgabe zuerst mit einem Datum vor."), 409)
    report = (report or "").strip()
    if not report or len(report) > MAX_TEXT:
        raise LearningError(_("Bitte beschreiben Sie kurz, wie es gelaufen ist."), 400)
    at = at or utcnow()
    note = _note(user, module)
    note.report_text, note.updated_at = report, at
    events.transfer_reported(user.public_id, enrolment.registration, module, at)


def _note(user: User, module: ModuleView) -> TransferNote:
    note = transfer_note(user, module.slug)
    if note is None:
        note = TransferNote(user_id=user.id, module_slug=module.slug)
        db.session.add(note)
    return note

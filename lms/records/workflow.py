"""The review workflow of a record week, the one place that decides which step may follow which.

draft → submitted → reviewed | returned (reason) → submitted → …; a reviewed week is locked,
and a correction opens a new revision (with a reason) that starts again as a draft. Every
transition writes a visible history event (with the text) and one xAPI statement (without
text: statements are forwarded to an external LRS). Illegal steps raise :class:`WorkflowError`
and change nothing (views answer 409).
"""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _

from lms.auth.models import Role, User
from lms.db import db, utcnow
from lms.records.models import TrainingRecordEvent, TrainingRecordRevision, TrainingRecordWeek, WeekStatus
from lms.xapi import vocabulary as vocab
from lms.xapi.funnel import record_event

# action -> (states it may start from, verb name)
TRANSITIONS: dict[str, tuple[frozenset[WeekStatus], str]] = {
    "submit": (frozenset({WeekStatus.DRAFT, WeekStatus.RETURNED}), "submitted"),
    "review": (frozenset({WeekStatus.SUBMITTED}), "reviewed"),
    "return": (frozenset({WeekStatus.SUBMITTED}), "returned"),
    "revise": (frozenset({WeekStatus.REVIEWED}), "revised"),
}
EDITABLE = frozenset({WeekStatus.DRAFT, WeekStatus.RETURNED})


class WorkflowError(Exception):
    """An illegal step in the workflow; the message is German and shown to the person."""


class InputError(Exception):
    """A step is allowed but its input is missing or invalid (views answer 400)."""


def ensure_editable(week: TrainingRecordWeek) -> None:
    """Raise unless the week's current revision may still be changed."""
    if week.status not in EDITABLE:
        raise WorkflowError(_("Diese Woche ist eingereicht oder geprüft und kann nicht mehr geändert werden."))


def _check(week: TrainingRecordWeek, action: str) -> str:
    allowed, verb = TRANSITIONS[action]
    if week.status not in allowed:
        raise WorkflowError(
            _("Dieser Schritt ist im Status „%(status)s“ nicht möglich.", status=status_label(week.status))
        )
    return verb


def _transition(
    week: TrainingRecordWeek, actor: User, action: str, note: str | None, at: dt.datetime | None = None
) -> TrainingRecordEvent:
    verb = _check(week, action)
    at = at or utcnow()
    statement = record_event(
        actor.public_id,
        vocab.profile_verb(verb),
        vocab.activity(
            "record-week", str(week.public_id), name=f"Ausbildungsnachweis {week.iso_year}-W{week.iso_week:02d}"
        ),
        extensions={
            vocab.extension_iri("revision"): week.current_revision,
            vocab.extension_iri("iso-week"): f"{week.iso_year}-W{week.iso_week:02d}",
        },
        timestamp=at,
    )
    event = TrainingRecordEvent(
        week_id=week.id,
        revision_number=week.current_revision,
        action=verb,
        actor_id=actor.id,
        note=note or None,
        statement_id=statement.statement_id,
        occurred_at=at,
    )
    db.session.add(event)
    week.updated_at = at
    db.session.flush()
    db.session.expire(week, ["status_row", "events"])
    return event


def submit_week(week: TrainingRecordWeek, apprentice: User, at: dt.datetime | None = None) -> TrainingRecordEvent:
    """The apprentice hands the week in for review (also after it was returned)."""
    if apprentice.id != week.apprentice_id:
        raise WorkflowError(_("Nur die oder der Auszubildende selbst kann die Woche einreichen."))
    _check(week, "submit")
    if not week.revision.entries:
        raise InputError(_("Eine leere Woche kann nicht eingereicht werden. Bitte tragen Sie etwas ein."))
    return _transition(week, apprentice, "submit", None, at)


def review_week(
    week: TrainingRecordWeek, trainer: User, comment: str = "", at: dt.datetime | None = None
) -> TrainingRecordEvent:
    """The trainer confirms the week as reviewed (dated, optional comment); the week is locked."""
    _require_trainer(week, trainer)
    return _transition(week, trainer, "review", comment.strip(), at)


def return_week(
    week: TrainingRecordWeek, trainer: User, reason: str, at: dt.datetime | None = None
) -> TrainingRecordEvent:
    """The trainer sends the week back with a reason; the apprentice can edit and resubmit."""
    _require_trainer(week, trainer)
    _check(week, "return")
    if not reason.strip():
        raise InputError(_("Bitte geben Sie einen Grund für die Rückgabe an."))
    return _transition(week, trainer, "return", reason.strip(), at)


def revise_week(
    week: TrainingRecordWeek, apprentice: User, reason: str, at: dt.datetime | None = None
) -> TrainingRecordEvent:
    """Correct a reviewed week: a new revision (a copy, with a reason) starts as a draft.

    The reviewed revision stays unchanged and visible in the history.
    """
    if apprentice.id != week.apprentice_id:
        raise WorkflowError(_("Nur die oder der Auszubildende selbst kann eine Korrektur beginnen."))
    _check(week, "revise")
    if not reason.strip():
        raise InputError(_("Bitte geben Sie einen Grund für die Korrektur an."))
    at = at or utcnow()
    old = week.revision
    new = TrainingRecordRevision(
        week_id=week.id,
        number=old.number + 1,
        reason=reason.strip(),
        created_by_id=apprentice.id,
        created_at=at,
        saved_at=at,
    )
    new.entries = [_copy_entry(e) for e in old.entries]
    db.session.add(new)
    week.current_revision = new.number
    db.session.flush()
    db.session.expire(week, ["revisions"])
    return _transition(week, apprentice, "revise", reason.strip(), at)


def _copy_entry(entry):
    from lms.records.models import TrainingRecordEntry

    columns = (
        "kind",
        "position",
        "day",
        "category",
        "subject",
        "text",
        "hours",
        "days",
        "framework_item_id",
        "task_id",
    )
    return TrainingRecordEntry(**{c: getattr(entry, c) for c in columns})


def _require_trainer(week: TrainingRecordWeek, trainer: User) -> None:
    if trainer.role is not Role.TRAINER or trainer.company_id != week.apprentice.company_id:
        raise WorkflowError(_("Nur Ausbilderinnen und Ausbilder des Betriebs können Wochen prüfen."))


def status_label(status: WeekStatus | str) -> str:
    """The German name of a status."""
    labels = {
        WeekStatus.DRAFT: _("Entwurf"),
        WeekStatus.SUBMITTED: _("eingereicht"),
        WeekStatus.REVIEWED: _("geprüft"),
        WeekStatus.RETURNED: _("zurückgegeben"),
    }
    return labels[WeekStatus(status)]

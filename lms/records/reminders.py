"""Reminders: apprentices about missing or unsubmitted weeks, trainers about weeks waiting too long.

Idempotent per week and day: a ``RecordReminder`` row per person, week and day means a second
run on the same day notifies nobody again about the same week.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import ngettext
from sqlalchemy import select

from lms.auth.models import Role, User
from lms.db import db
from lms.notifications.services import notify
from lms.records.models import RecordReminder
from lms.records.services import QueueRow, review_queue, week_overview

WAITING_DAYS = 30  # "regelmäßig durchsehen": at least monthly
LISTED_WEEKS = 5


@dataclass
class ReminderResult:
    apprentices: int = 0
    trainers: int = 0


def _new_keys(user: User, kind: str, keys: list[str], today: dt.date) -> list[str]:
    """The keys not reminded about today yet; records them as sent."""
    if not keys:
        return []
    sent = set(
        db.session.scalars(
            select(RecordReminder.week_key).where(
                RecordReminder.user_id == user.id, RecordReminder.kind == kind, RecordReminder.sent_on == today
            )
        )
    )
    fresh = [k for k in keys if k not in sent]
    db.session.add_all(RecordReminder(user_id=user.id, kind=kind, week_key=k, sent_on=today) for k in fresh)
    db.session.flush()
    return fresh


def _remind_apprentice(apprentice: User, today: dt.date) -> bool:
    rows = [r for r in week_overview(apprentice, today) if r.needs_attention]
    labels = {f"{apprentice.id}:{r.year}-W{r.number:02d}": f"KW {r.number}/{r.year}" for r in rows}
    fresh = _new_keys(apprentice, "missing", list(labels), today)
    if not fresh:
        return False
    listed = ", ".join(labels[k] for k in fresh[:LISTED_WEEKS]) + (" …" if len(fresh) > LISTED_WEEKS else "")
    message = ngettext(
        "Im Berichtsheft fehlt eine Woche oder ist noch nicht eingereicht: %(weeks)s",
        "Im Berichtsheft fehlen %(num)d Wochen oder sind noch nicht eingereicht: %(weeks)s",
        len(fresh),
        weeks=listed,
    )
    notify(apprentice, "records.missing", message, "/records/")
    return True


def _remind_trainer(trainer: User, waiting: list[QueueRow], today: dt.date) -> bool:
    keys = {f"{r.week.apprentice_id}:{r.week.iso_year}-W{r.week.iso_week:02d}": r for r in waiting}
    fresh = _new_keys(trainer, "waiting", list(keys), today)
    if not fresh:
        return False
    message = ngettext(
        "Eine Berichtsheft-Woche wartet seit über einem Monat auf Ihre Durchsicht.",
        "%(num)d Berichtsheft-Wochen warten seit über einem Monat auf Ihre Durchsicht.",
        len(fresh),
    )
    notify(trainer, "records.waiting", message, "/records/review")
    return True


def send_reminders(now: dt.datetime) -> ReminderResult:
    """Notify (in-app and by e-mail) everyone who has something to do in the record."""
    today = now.date()
    result = ReminderResult()
    people = db.session.scalars(
        select(User).where(User.active.is_(True), User.role.in_([Role.APPRENTICE, Role.TRAINER])).order_by(User.id)
    )
    queues: dict[int, list[QueueRow]] = {}
    for person in people:
        if person.role is Role.APPRENTICE:
            result.apprentices += _remind_apprentice(person, today)
            continue
        if person.company_id not in queues:
            queues[person.company_id] = [r for r in review_queue(person.company_id, now) if r.age_days > WAITING_DAYS]
        result.trainers += _remind_trainer(person, queues[person.company_id], today)
    return result

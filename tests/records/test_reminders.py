"""Reminders: missing or unsubmitted weeks for apprentices, weeks waiting > 1 month for trainers."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from lms.db import db
from lms.notifications.models import Notification
from lms.records import workflow
from lms.records.reminders import send_reminders
from tests.records.helpers import make_week, setup_company


def _notes(user) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.user_id == user.id)))


def test_reminders_notify_once_per_day_and_week(mail_dir):
    """Are apprentice and trainer reminded (in-app and by mail), and not again the same day?"""
    _company, trainer, apprentice, _lead = setup_company()
    old = make_week(apprentice, number=40)
    workflow.submit_week(old, apprentice, at=dt.datetime(2026, 10, 2, 12, tzinfo=dt.UTC))
    fresh = make_week(apprentice, number=46)
    workflow.submit_week(fresh, apprentice, at=dt.datetime(2026, 11, 16, 12, tzinfo=dt.UTC))
    now = dt.datetime(2026, 11, 23, 6, tzinfo=dt.UTC)
    send_reminders(now)
    [apprentice_note] = _notes(apprentice)
    assert "KW 47/2026" in apprentice_note.message and "KW 46/2026" not in apprentice_note.message
    [trainer_note] = _notes(trainer)
    assert "Eine Berichtsheft-Woche wartet" in trainer_note.message
    assert any(trainer.email in p.read_text(encoding="utf-8") for p in mail_dir.glob("*.eml"))
    send_reminders(now + dt.timedelta(hours=5))
    assert len(_notes(apprentice)) == 1 and len(_notes(trainer)) == 1
    send_reminders(now + dt.timedelta(days=1))
    assert len(_notes(apprentice)) == 2 and len(_notes(trainer)) == 2


def test_no_trainer_reminder_for_recent_weeks():
    """Is a trainer left alone while submitted weeks wait less than a month?"""
    _company, trainer, apprentice, _lead = setup_company()
    week = make_week(apprentice, number=46)
    workflow.submit_week(week, apprentice, at=dt.datetime(2026, 11, 16, 12, tzinfo=dt.UTC))
    send_reminders(dt.datetime(2026, 11, 23, 6, tzinfo=dt.UTC))
    assert _notes(trainer) == []


def test_remind_command(app):
    """Does `flask lms records remind` run and report what it did?"""
    result = app.test_cli_runner().invoke(args=["lms", "records", "remind"])
    assert result.exit_code == 0, result.output
    assert "reminded" in result.output

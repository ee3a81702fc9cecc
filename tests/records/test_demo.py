"""The demo step: weeks in every state for the demo apprentice, idempotent, with statements."""

from __future__ import annotations

from sqlalchemy import func, select

from lms.db import db
from lms.demo import demo_user, seed_people
from lms.records.cli import seed_demo_records
from lms.records.models import TrainingRecordWeek, WeekStatus
from lms.xapi.models import Statement


def test_demo_weeks_in_every_state_and_idempotent():
    """Does the demo give azubi@demo.example reviewed, returned, submitted and draft weeks, once?"""
    seed_people()
    seed_demo_records()
    apprentice = demo_user("azubi@demo.example")
    weeks = list(
        db.session.scalars(select(TrainingRecordWeek).where(TrainingRecordWeek.apprentice_id == apprentice.id))
    )
    assert {w.status for w in weeks} == set(WeekStatus)
    assert any(w.current_revision == 2 for w in weeks)
    statements = db.session.scalar(select(func.count()).select_from(Statement))
    seed_demo_records()
    assert db.session.scalar(select(func.count()).where(TrainingRecordWeek.apprentice_id == apprentice.id)) == len(
        weeks
    )
    assert db.session.scalar(select(func.count()).select_from(Statement)) == statements

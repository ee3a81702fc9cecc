"""A small, hand-computable cluster built through the features' own services and event functions.

Two SHK companies in one period (the last 300 days up to today):

* A (experienced): trainers a1, a2; 5 apprentices, a company training plan, 5 approved tasks
  (one per apprentice, assigned and approved by a1).
* B (new to training): trainer b1; 4 apprentices, no plan, 1 approved task (assigned by b1).

Module learning (M1 and M2 = the first two modules by slug), days before now:
* a1: M1 initialized −20, unit seen −20, test 8/10 passed −12, completed −10, certificate −10.
* a2: M1 initialized −15, test 4/10 failed −15.
* b1: M1 initialized −30, test 10/10 passed −28, completed −26; M2 initialized −5 (nothing else).
"""

from __future__ import annotations

import datetime as dt
import uuid
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from lms.auth.models import Role
from lms.db import db, utcnow
from lms.learning import events
from lms.learning import projection as _learning_projection  # noqa: F401 (registers the projection)
from lms.learning.models import CourseModule
from lms.plans import projection as _plans_projection  # noqa: F401 (registers the projection)
from lms.plans.company_plan import ensure_company_plan
from lms.plans.loader import load_framework_plans, plan_by_code
from lms.plans.tasks import assign_task, create_template, perform
from lms.plans.workflow import STEPS
from lms.stats.filters import StatsFilter
from tests.factories import make_apprentice, make_company, make_user

SHK = "anlagenmechaniker_shk_2016"


def complete_task(task, apprentice, trainer) -> None:
    """Walk a task through the complete action to approval."""
    perform(task, apprentice, "start")
    for _step in STEPS[:-1]:
        perform(task, apprentice, "complete_step", text="erledigt")
    perform(task, apprentice, "submit", text="fertig")
    perform(task, trainer, "approve", level=3)


def learn(user, module, *, start: int, seen: int | None = None, test=None, completed=None, certificate=None):
    """Record a module run through the learning engine's event functions (days before now)."""
    now = utcnow()
    reg = uuid.uuid4()

    def ago(days: int) -> dt.datetime:
        return now - dt.timedelta(days=days)

    events.module_initialized(user.public_id, reg, module, ago(start))
    if seen is not None:
        events.unit_experienced(user.public_id, reg, module, module.units[0], ago(seen))
    if test is not None:
        day, correct, passed = test
        events.final_test_started(user.public_id, reg, module, 1, ["q1"], ago(day))
        events.final_test_finished(user.public_id, reg, module, 1, correct, 10, passed, ago(day))
    if completed is not None:
        events.module_completed(user.public_id, reg, module, ago(completed))
    if certificate is not None:
        events.certificate_earned(user.public_id, reg, module, uuid.uuid4().hex[:12].upper(), ago(certificate))


def reviewed_week(apprentice, reviewer, iso_week: int, submitted: dt.datetime, reviewed: dt.datetime):
    """A record week of ``apprentice`` reviewed by ``reviewer``, as the records projection keeps it."""
    from lms.records.models import TrainingRecordWeek, TrainingRecordWeekStatus

    week = TrainingRecordWeek(apprentice_id=apprentice.id, iso_year=2026, iso_week=iso_week)
    db.session.add(week)
    db.session.flush()
    db.session.add(
        TrainingRecordWeekStatus(
            week_public_id=week.public_id, status="reviewed", revision=1, updated_at=reviewed,
            submitted_at=submitted, reviewed_at=reviewed, reviewer_public_id=reviewer.public_id,
            apprentice_id=apprentice.id, reviewer_id=reviewer.id,
            review_seconds=int((reviewed - submitted).total_seconds()),
        )
    )  # fmt: skip
    db.session.flush()


@pytest.fixture()
def cluster():
    """The two companies above, with every event recorded; returns names and the filter."""
    if plan_by_code(SHK) is None:  # until `flask lms init` loads the framework plans itself
        load_framework_plans()
    a = make_company("Alpha Haustechnik", SHK)
    b = make_company("Beta Bad & Heizung", SHK, is_new_to_training=True)
    a1, a2 = make_user(Role.TRAINER, a), make_user(Role.TRAINER, a)
    b1 = make_user(Role.TRAINER, b)
    lead_a = make_user(Role.COMPANY_LEAD, a)
    apprentices_a = [make_apprentice(a, SHK) for _ in range(5)]
    apprentices_b = [make_apprentice(b, SHK) for _ in range(4)]
    ensure_company_plan(a.id, SHK, None)
    modules = list(db.session.scalars(select(CourseModule).order_by(CourseModule.slug).limit(2)))
    m1, m2 = modules
    learn(a1, m1, start=20, seen=20, test=(12, 8, True), completed=10, certificate=10)
    learn(a2, m1, start=15, test=(15, 4, False))
    learn(b1, m1, start=30, test=(28, 10, True), completed=26)
    learn(b1, m2, start=5)
    template = create_template(
        a1, occupation_code=SHK, title="Heizkörper tauschen", situation="Ein Kunde ruft an.", assignment="Tauschen."
    )
    template.is_published = True
    db.session.flush()
    for apprentice in apprentices_a:
        complete_task(assign_task(a1, template, [apprentice], None)[0], apprentice, a1)
    complete_task(assign_task(b1, template, [apprentices_b[0]], None)[0], apprentices_b[0], b1)
    db.session.flush()
    today = dt.date.today()
    flt = StatsFilter(start=today - dt.timedelta(days=300), end=today, company_ids=(a.id, b.id))
    return SimpleNamespace(
        a=a,
        b=b,
        a1=a1,
        a2=a2,
        b1=b1,
        lead_a=lead_a,
        m1=m1,
        m2=m2,
        filter=flt,
        apprentices_a=apprentices_a,
        apprentices_b=apprentices_b,
    )

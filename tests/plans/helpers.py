"""Shared set-up for the plans tests: a company with a trainer and an apprentice, tasks."""

from __future__ import annotations

from sqlalchemy import select

from lms.auth.models import Role
from lms.db import db
from lms.plans import tasks
from lms.plans.task_models import TaskTemplate
from lms.plans.workflow import STEPS, Action
from tests.factories import make_apprentice, make_company, make_user


def setup_company(occupation: str = "anlagenmechaniker_shk_2016", specialism: str | None = None):
    """(company, trainer, apprentice, lead) of a new company training in ``occupation``."""
    company = make_company(occupation=occupation)
    trainer = make_user(Role.TRAINER, company)
    lead = make_user(Role.COMPANY_LEAD, company)
    extra = {"apprentice": {"specialism": specialism}} if specialism else {}
    apprentice = make_apprentice(company, occupation, **extra)
    return company, trainer, apprentice, lead


def seeded(slug: str) -> TaskTemplate:
    return db.session.scalar(select(TaskTemplate).where(TaskTemplate.slug == slug))


def assign(trainer, apprentice, slug: str = "shk-waschtisch-montieren"):
    return tasks.assign_task(trainer, seeded(slug), [apprentice], None)[0]


def work_to_review(task, apprentice) -> None:
    """Start, complete the five steps, submit the self-evaluation."""
    tasks.perform(task, apprentice, Action.START)
    for step in STEPS[:-1]:
        tasks.perform(task, apprentice, Action.COMPLETE_STEP, text=f"{step} dokumentiert")
    tasks.perform(task, apprentice, Action.SUBMIT, text="Selbstbewertung")


def session_login(client, user) -> None:
    """Sign in by writing the Flask-Login session directly (the login form is tested elsewhere;
    argon2 verification per request would make the route × role matrix slow)."""
    from flask import g

    g.pop("_login_user", None)  # the test's app context is shared by requests: forget the last person
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True

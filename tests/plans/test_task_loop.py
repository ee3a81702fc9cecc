"""Company tasks through the services and HTTP: statements, state, notifications, 403/409/400."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from lms.auth.models import Role
from lms.db import db
from lms.notifications.models import Notification
from lms.plans import tasks
from lms.plans.models import ItemProgress
from lms.plans.task_models import TaskState, TaskStepEntry
from lms.plans.workflow import STEPS, Action, IllegalTransition
from lms.xapi.models import Statement
from lms.xapi.vocabulary import extension_iri, profile_iri
from tests.factories import make_user
from tests.plans.helpers import assign, seeded, setup_company, work_to_review


def _statements() -> list[dict]:
    return [json.loads(s.full_json) for s in db.session.scalars(select(Statement).order_by(Statement.id))]


def _verb(statement: dict) -> str:
    return statement["verb"]["id"].removeprefix(profile_iri("verbs/"))


def test_every_transition_emits_one_statement(app):
    """Does each transition (assign, start, 5 steps, submit, return, resubmit, approve) record one statement?"""
    _company, trainer, apprentice, _lead = setup_company()
    before = len(_statements())
    task = assign(trainer, apprentice)
    work_to_review(task, apprentice)
    tasks.perform(task, trainer, Action.RETURN, text="Bitte Foto der Dichtheitsprüfung ergänzen.")
    tasks.perform(task, apprentice, Action.RESUBMIT, text="Foto ergänzt.")
    tasks.perform(task, trainer, Action.APPROVE, level=4)
    emitted = _statements()[before:]
    verbs = [_verb(s) for s in emitted]
    assert verbs == ["assigned", "started-step"] + ["documented"] * 5 + [
        "submitted",
        "returned",
        "submitted",
        "approved",
    ]
    states = [s["context"]["extensions"][extension_iri("state")] for s in emitted]
    assert states == ["assigned", *STEPS, "in_review", "returned", "in_review", "done"]
    actors = {s["actor"]["account"]["name"] for s in emitted}
    assert actors == {str(trainer.public_id), str(apprentice.public_id)}
    assert all("@" not in json.dumps(s["actor"]) for s in emitted)
    state = db.session.get(TaskState, task.id)
    assert (state.state, state.return_count, state.trainer_level, state.hours) == ("done", 1, 4, 6.0)


def test_approval_updates_trainer_assessment_and_coverage_of_items(app):
    """Does approving a task set the trainer level, count the task and credit hours on its items?"""
    _company, trainer, apprentice, _lead = setup_company()
    task = assign(trainer, apprentice)
    work_to_review(task, apprentice)
    tasks.perform(task, trainer, Action.APPROVE, level=3)
    rows = list(db.session.scalars(select(ItemProgress).where(ItemProgress.apprentice_id == apprentice.id)))
    assert len(rows) == len(task.items) == 6
    assert all(r.trainer_level == 3 and r.tasks_done == 1 and r.trainer_id == trainer.id for r in rows)
    assert sum(r.hours_done for r in rows) == pytest.approx(6.0)


def test_plan_approval_in_decide_step(app):
    """May the trainer approve the plan in "Entscheiden" once, with a statement on the step?"""
    _company, trainer, apprentice, _lead = setup_company()
    task = assign(trainer, apprentice)
    tasks.perform(task, apprentice, Action.START)
    tasks.perform(task, apprentice, Action.COMPLETE_STEP, text="informiert")
    with pytest.raises(IllegalTransition):
        tasks.perform(task, trainer, Action.APPROVE_PLAN)
    tasks.perform(task, apprentice, Action.COMPLETE_STEP, text="geplant")
    tasks.perform(task, trainer, Action.APPROVE_PLAN)
    last = _statements()[-1]
    assert _verb(last) == "approved" and last["object"]["id"].endswith(f"{task.public_id}/entscheiden")
    assert db.session.get(TaskState, task.id).plan_approved_at is not None
    with pytest.raises(IllegalTransition):
        tasks.perform(task, trainer, Action.APPROVE_PLAN)


def test_wrong_side_is_refused(app):
    """Can an apprentice approve their own task, or a trainer do the apprentice's steps? (no)"""
    _company, trainer, apprentice, _lead = setup_company()
    task = assign(trainer, apprentice)
    with pytest.raises(tasks.NotYourSide):
        tasks.perform(task, trainer, Action.START)
    work_to_review(task, apprentice)
    with pytest.raises(tasks.NotYourSide):
        tasks.perform(task, apprentice, Action.APPROVE)


def test_notifications_to_the_other_side(app, mail_dir):
    """Are assign, submit, return and approve notified in the app and by e-mail to the other side?"""
    _company, trainer, apprentice, _lead = setup_company()
    task = assign(trainer, apprentice)
    work_to_review(task, apprentice)
    tasks.perform(task, trainer, Action.RETURN, text="Bitte nacharbeiten.")
    tasks.perform(task, apprentice, Action.RESUBMIT, text="Nachgearbeitet.")
    tasks.perform(task, trainer, Action.APPROVE)
    kinds = lambda user: [  # noqa: E731
        n.kind
        for n in db.session.scalars(
            select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
        )
    ]
    assert kinds(apprentice) == ["task_assigned", "task_returned", "task_approved"]
    assert kinds(trainer) == ["task_submitted", "task_submitted"]
    mails = " ".join(p.read_text(encoding="utf-8") for p in mail_dir.glob("*.eml"))
    assert apprentice.email in mails and trainer.email in mails


def test_http_loop_and_illegal_transition_409(app, client, login_as):
    """Does the HTTP loop work, and does an illegal action answer 409 and change nothing?"""
    _company, trainer, apprentice, _lead = setup_company()
    task = assign(trainer, apprentice)
    login_as(apprentice)
    assert client.post(f"/plan/tasks/{task.id}/do/start").status_code == 302
    count = db.session.scalar(select(func.count()).select_from(Statement))
    response = client.post(f"/plan/tasks/{task.id}/do/submit", data={"text": "zu früh"})
    assert response.status_code == 409
    assert "nicht möglich" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Statement)) == count
    assert db.session.get(TaskState, task.id).state == "informieren"
    assert (
        db.session.scalar(select(func.count()).select_from(TaskStepEntry).where(TaskStepEntry.task_id == task.id)) == 0
    )
    assert client.post(f"/plan/tasks/{task.id}/do/complete_step", data={"text": ""}).status_code == 400
    assert client.post(f"/plan/tasks/{task.id}/do/approve").status_code == 403
    assert client.post(f"/plan/tasks/{task.id}/do/nonsense").status_code == 409
    for _step in STEPS[:-1]:
        assert client.post(f"/plan/tasks/{task.id}/do/complete_step", data={"text": "erledigt"}).status_code == 302
    assert client.post(f"/plan/tasks/{task.id}/do/submit", data={"text": "gut"}).status_code == 302
    client.post("/logout")
    login_as(trainer)
    assert client.post(f"/plan/tasks/{task.id}/do/return", data={"text": ""}).status_code == 400
    assert client.post(f"/plan/tasks/{task.id}/do/approve", data={"level": "3"}).status_code == 302
    assert db.session.get(TaskState, task.id).state == "done"
    page = client.get(f"/plan/tasks/{task.id}").get_data(as_text=True)
    assert "Abgeschlossen" in page and "erledigt" in page


def test_approving_trainer_is_recorded_not_the_assigning_one(app):
    """If a second trainer of the company approves, does task_state name that trainer (and keep the assigner)?"""
    company, assigner, apprentice, _lead = setup_company()
    approver = make_user(Role.TRAINER, company)
    task = assign(assigner, apprentice)
    work_to_review(task, apprentice)
    tasks.perform(task, approver, Action.APPROVE, level=3)
    state = db.session.get(TaskState, task.id)
    assert state.approved_by_id == approver.id
    assert task.assigned_by_id == assigner.id
    rows = db.session.scalars(select(ItemProgress).where(ItemProgress.apprentice_id == apprentice.id))
    assert {row.trainer_id for row in rows} == {approver.id}


def test_historic_time_dates_task_steps_and_statements(app):
    """Does ``at`` date the task, its step entries, its statements and its projected state?"""
    _company, trainer, apprentice, _lead = setup_company()
    assigned = dt.datetime(2025, 3, 3, 8, 0, tzinfo=dt.UTC)
    [task] = tasks.assign_task(trainer, seeded("shk-waschtisch-montieren"), [apprentice], None, at=assigned)
    tasks.perform(task, apprentice, Action.START, at=assigned + dt.timedelta(days=1))
    for n, _step in enumerate(STEPS[:-1], start=2):
        tasks.perform(task, apprentice, Action.COMPLETE_STEP, text="erledigt", at=assigned + dt.timedelta(days=n))
    submitted = assigned + dt.timedelta(days=7)
    tasks.perform(task, apprentice, Action.SUBMIT, text="fertig", at=submitted)
    tasks.perform(task, trainer, Action.APPROVE, level=3, at=submitted + dt.timedelta(days=2))
    state = db.session.get(TaskState, task.id)
    assert task.created_at == state.assigned_at == assigned
    assert state.submitted_at == submitted
    assert state.approved_at == submitted + dt.timedelta(days=2)
    assert max(e.created_at for e in task.entries) == submitted
    stamps = [s["timestamp"] for s in _statements()[-9:]]
    assert stamps == sorted(stamps) and stamps[0] == "2025-03-03T08:00:00.000Z"

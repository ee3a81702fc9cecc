"""Links to the training plan: framework items and company tasks, and adding a completed task."""

from __future__ import annotations

from sqlalchemy import select

from lms.db import db
from lms.plans import tasks
from lms.plans.task_models import TaskTemplate
from lms.plans.workflow import STEPS, Action
from lms.records import links, services
from lms.records.forms import parse_week_form
from lms.records.models import EntryKind, WeekStatus
from tests.records.helpers import make_week, reviewed_week, session_login, setup_company, week_form


def _done_task(trainer, apprentice):
    template = db.session.scalar(
        select(TaskTemplate).where(
            TaskTemplate.slug.is_not(None), TaskTemplate.occupation_code == "anlagenmechaniker_shk_2016"
        )
    )
    task = tasks.assign_task(trainer, template, [apprentice], None)[0]
    tasks.perform(task, apprentice, Action.START)
    for step in STEPS[:-1]:
        tasks.perform(task, apprentice, Action.COMPLETE_STEP, text=f"{step} dokumentiert")
    tasks.perform(task, apprentice, Action.SUBMIT, text="Selbstbewertung")
    tasks.perform(task, trainer, Action.APPROVE, level=3)
    db.session.expire(task)
    return task


def test_add_completed_task_with_one_action(client):
    """Does one POST add a completed task as an activity line with hours, item and task link?"""
    _company, trainer, apprentice, _lead = setup_company()
    task = _done_task(trainer, apprentice)
    week = make_week(apprentice, number=46)
    assert task in links.completed_tasks_to_add(apprentice)
    session_login(client, apprentice)
    assert task.title in client.get("/records/week/2026/46").get_data(as_text=True)
    assert client.post("/records/week/2026/46/add-task", data={"task_id": task.id}).status_code == 302
    entry = week.revision.entries[-1]
    assert (entry.task_id, entry.kind) == (task.id, "activity") and task.title in entry.text
    assert entry.hours and entry.framework_item_id is not None
    assert task not in links.completed_tasks_to_add(apprentice)


def test_item_and_task_links_are_scoped():
    """Are item links limited to the apprentice's plan and task links to their own tasks?"""
    _company, trainer, apprentice, _lead = setup_company()
    _other, other_trainer, other_apprentice, _l = setup_company()
    own_task = _done_task(trainer, apprentice)
    foreign_task = _done_task(other_trainer, other_apprentice)
    item_id = links.item_choices(apprentice)[0].items[0][0]
    form = week_form(
        **{
            "a-0-item": str(item_id),
            "a-0-task": str(foreign_task.id),
            "a-1-text": "Eigene Aufgabe",
            "a-1-task": str(own_task.id),
            "a-1-item": "999999",
        }
    )
    week = make_week(apprentice, number=46, form=form)
    first, second = week.revision.of_kind(EntryKind.ACTIVITY)
    assert (first.framework_item_id, first.task_id) == (item_id, None)
    assert (second.framework_item_id, second.task_id) == (None, own_task.id)


def test_locked_week_refuses_a_task(client):
    """Is adding a task to a reviewed week refused with 409?"""
    _company, trainer, apprentice, _lead = setup_company()
    task = _done_task(trainer, apprentice)
    week = reviewed_week(apprentice, trainer, 45)
    session_login(client, apprentice)
    assert week.status is WeekStatus.REVIEWED
    response = client.post("/records/week/2026/45/add-task", data={"task_id": task.id})
    assert response.status_code == 409  # (the error page rolls the test transaction back: nothing to check after)


def test_save_keeps_links_in_form():
    """Does a saved week show its links again when the form is rebuilt from the entries?"""
    from lms.records.forms import rows_from_entries

    _company, trainer, apprentice, _lead = setup_company()
    task = _done_task(trainer, apprentice)
    week = services.get_or_create_week(apprentice, 2026, 46, services.today())
    services.save_week(
        week, apprentice, parse_week_form(week_form(**{"a-0-task": str(task.id)}), services.week_days(2026, 46))
    )
    assert rows_from_entries(week.revision.entries)["a"][0]["task"] == str(task.id)

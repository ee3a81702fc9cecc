"""Company tasks: library entries, assignment and every move through the complete action.

:func:`perform` is the only way a task changes state: it checks the side (403), asks
:mod:`lms.plans.workflow` for the next state (409), stores the written text, records ONE xAPI
statement (the projection updates ``task_state`` and item coverage from it) and notifies the
other side. Services flush, never commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from lms.auth.models import Role, User
from lms.db import db, utcnow
from lms.notifications.services import notify
from lms.plans import workflow, xapi
from lms.plans.models import FrameworkItem
from lms.plans.policy import may_act_as_trainer
from lms.plans.services import PlanError, check_level, clean_text
from lms.plans.task_models import Task, TaskItem, TaskState, TaskStepEntry, TaskTemplate, TaskTemplateItem
from lms.plans.workflow import Action, Side
from lms.xapi.funnel import record_event
from lms.xapi.vocabulary import profile_verb


class NotYourSide(Exception):
    """The person may not take this action on this task (HTTP 403)."""


def task_link(task: Task) -> str:
    return f"/plan/tasks/{task.id}"


def create_template(
    author: User,
    *,
    occupation_code: str,
    title: str,
    situation: str,
    assignment: str,
    materials: str = "",
    safety_notes: str = "",
    estimated_hours: float = 8.0,
    item_ids: Iterable[int] = (),
    publish: bool = False,
    company_id: int | None = None,
    slug: str | None = None,
) -> TaskTemplate:
    """A new library task of the author's company (``publish`` shares it with the cluster)."""
    title, situation, assignment = clean_text(title, 200), clean_text(situation), clean_text(assignment)
    if not title or not situation or not assignment:
        raise PlanError(_("Titel, Situation und Arbeitsauftrag sind Pflichtangaben."))
    if not 0 < float(estimated_hours) <= 400:
        raise PlanError(_("Bitte gib einen Zeitaufwand zwischen 0 und 400 Stunden an."))
    template = TaskTemplate(
        slug=slug,
        company_id=company_id if company_id is not None or slug else author.company_id,
        occupation_code=occupation_code,
        title=title,
        situation=situation,
        assignment=assignment,
        materials=clean_text(materials) or None,
        safety_notes=clean_text(safety_notes) or None,
        estimated_hours=float(estimated_hours),
        is_published=publish,
        created_by_id=author.id if author else None,
        items=[TaskTemplateItem(item_id=i) for i in sorted(set(item_ids))],
    )
    db.session.add(template)
    db.session.flush()
    return template


def set_published(template: TaskTemplate, published: bool) -> None:
    """Share a company's library task with the whole cluster (or take it back)."""
    template.is_published = published
    db.session.flush()


def assign_task(
    trainer: User,
    template: TaskTemplate,
    apprentices: list[User],
    due_on: dt.date | None,
    at: dt.datetime | None = None,
) -> list[Task]:
    """Assign a library task to one or more apprentices: one task, one statement, one notice each.

    ``at`` dates the task and its statement (default: now; scale-data generators pass historic times).
    """
    if not apprentices:
        raise PlanError(_("Bitte wähle mindestens eine Auszubildende oder einen Auszubildenden."))
    tasks = []
    for apprentice in apprentices:
        if not may_act_as_trainer(trainer, apprentice):
            raise NotYourSide
        task = Task(
            company_id=apprentice.company_id,
            apprentice_id=apprentice.id,
            assigned_by_id=trainer.id,
            template_id=template.id,
            title=template.title,
            situation=template.situation,
            assignment=template.assignment,
            materials=template.materials,
            safety_notes=template.safety_notes,
            estimated_hours=template.estimated_hours,
            due_on=due_on,
            items=[TaskItem(item_id=link.item_id) for link in template.items],
            created_at=at or utcnow(),
        )
        db.session.add(task)
        db.session.flush()
        _record(task, trainer, "assigned", xapi.task_activity(task), workflow.ASSIGNED, apprentice_ext=True, at=at)
        notify(apprentice, "task_assigned", _("Neue Betriebsaufgabe: %(title)s", title=task.title), task_link(task))
        tasks.append(task)
    return tasks


def side_of(task: Task, actor: User) -> Side:
    """Whether ``actor`` acts as the task's apprentice or as a trainer; NotYourSide otherwise."""
    if actor.id == task.apprentice_id and actor.role is Role.APPRENTICE:
        return Side.APPRENTICE
    if may_act_as_trainer(actor, task.apprentice):
        return Side.TRAINER
    raise NotYourSide


def current_state(task: Task) -> TaskState:
    state = db.session.get(TaskState, task.id)
    if state is None:  # every task is created together with its "assigned" statement
        raise RuntimeError(f"task {task.id} has no projected state")
    return state


def perform(
    task: Task,
    actor: User,
    action: Action | str,
    *,
    text: str | None = None,
    level: int | str | None = None,
    at: dt.datetime | None = None,
) -> str:
    """Take one workflow action; returns the new state (``at`` dates it; default now).

    Raises NotYourSide (403), ``workflow.IllegalTransition`` (409, nothing changed) or PlanError (400).
    """
    action = workflow.parse_action(str(action))
    transition = workflow.TRANSITIONS[action]
    if side_of(task, actor) is not transition.side:
        raise NotYourSide
    state = current_state(task)
    target = workflow.target_state(state.state, action, plan_approved=state.plan_approved_at is not None)
    text = clean_text(text)
    if transition.needs_text and not text:
        raise PlanError(
            _("Bitte schreibe kurz auf, was du in diesem Schritt gemacht hast.")
            if transition.side is Side.APPRENTICE
            else _("Bitte gib einen Grund an.")
        )
    checked_level = check_level(level if level not in (None, "") else 3) if action is Action.APPROVE else None
    entry_step = _entry_step(action, state.state)
    if text:
        entry = TaskStepEntry(
            task_id=task.id, step=entry_step, author_id=actor.id, text=text, created_at=at or utcnow()
        )
        db.session.add(entry)
    _emit(task, actor, action, state.state, target, checked_level, at)
    _notify(task, actor, action)
    db.session.flush()
    return target


def _entry_step(action: Action, state: str) -> str:
    return {
        Action.START: "informieren",
        Action.COMPLETE_STEP: state,
        Action.APPROVE_PLAN: "plan_review",
        Action.SUBMIT: "bewerten",
        Action.RESUBMIT: "resubmit",
        Action.RETURN: "return",
        Action.APPROVE: "review",
    }[action]


def _emit(task: Task, actor: User, action: Action, state: str, target: str, level: int | None, at) -> None:
    verb = workflow.TRANSITIONS[action].verb
    if action is Action.START:
        _record(task, actor, verb, xapi.step_activity(task, target), target, step=target, at=at)
    elif action is Action.COMPLETE_STEP:
        _record(task, actor, verb, xapi.step_activity(task, state), target, step=state, at=at)
    elif action is Action.APPROVE_PLAN:
        _record(task, actor, verb, xapi.step_activity(task, state), target, step=state, plan_approved=True, at=at)
    elif action is Action.APPROVE:
        items = [xapi.item_iri(link.item) for link in task.items]
        result = {"completion": True, "success": True, "score": {"raw": level, "min": 1, "max": 4}}
        _record(task, actor, verb, xapi.task_activity(task), target, apprentice_ext=True, result=result,
                extra={"items": items, "hours": task.estimated_hours}, at=at)  # fmt: skip
    else:
        _record(task, actor, verb, xapi.task_activity(task), target, apprentice_ext=actor.id != task.apprentice_id,
                at=at)  # fmt: skip


def _record(task: Task, actor: User, verb: str, obj: dict[str, Any], state: str, *, step: str | None = None,
            plan_approved: bool = False, apprentice_ext: bool = False, result: dict[str, Any] | None = None,
            extra: dict[str, Any] | None = None, at: dt.datetime | None = None) -> None:  # fmt: skip
    extensions: dict[str, Any] = {xapi.ext("state"): state}
    if step:
        extensions[xapi.ext("step")] = step
    if plan_approved:
        extensions[xapi.ext("plan-approved")] = True
    if apprentice_ext:
        extensions[xapi.ext("apprentice")] = str(task.apprentice.public_id)
    for name, value in (extra or {}).items():
        extensions[xapi.ext(name)] = value
    parent = xapi.task_activity(task) if obj["id"] != xapi.task_activity(task)["id"] else None
    record_event(
        actor.public_id, profile_verb(verb), obj, parent=parent, result=result, extensions=extensions, timestamp=at
    )


def _trainers_to_notify(task: Task) -> list[User]:
    if task.assigned_by is not None and task.assigned_by.active:
        return [task.assigned_by]
    query = select(User).where(User.company_id == task.company_id, User.role == Role.TRAINER, User.active.is_(True))
    return list(db.session.scalars(query))


def _notify(task: Task, actor: User, action: Action) -> None:
    link = task_link(task)
    if action in (Action.SUBMIT, Action.RESUBMIT):
        message = _("%(name)s hat die Aufgabe „%(title)s“ zur Prüfung eingereicht.", name=actor.name, title=task.title)
        for trainer in _trainers_to_notify(task):
            notify(trainer, "task_submitted", message, link)
    elif action is Action.RETURN:
        message = _("Deine Aufgabe „%(title)s“ wurde zur Überarbeitung zurückgegeben.", title=task.title)
        notify(task.apprentice, "task_returned", message, link)
    elif action is Action.APPROVE:
        notify(task.apprentice, "task_approved", _("Deine Aufgabe „%(title)s“ ist abgenommen.", title=task.title), link)


def items_of_occupation(occupation_code: str, item_ids: Iterable[int]) -> list[int]:
    """Keep only ids of items that belong to the occupation's framework plan."""
    from lms.plans.models import FrameworkPlan, FrameworkPosition

    ids = sorted(set(item_ids))
    if not ids:
        return []
    query = (
        select(FrameworkItem.id)
        .join(FrameworkPosition)
        .join(FrameworkPlan)
        .where(FrameworkItem.id.in_(ids), FrameworkPlan.code == occupation_code)
    )
    return list(db.session.scalars(query))

"""Company tasks: the list, one task with its complete action, the task library, assignment."""

from __future__ import annotations

import datetime as dt

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lms.auth.models import User
from lms.auth.policy import role_required
from lms.db import db
from lms.orgs.occupations import OCCUPATIONS
from lms.plans import services, tasks, workflow
from lms.plans.blueprint import bp
from lms.plans.policy import (
    PLAN_ROLES,
    STAFF_ROLES,
    apprentices_in_scope,
    get_task_in_scope_or_404,
    get_template_in_scope_or_404,
    may_edit_template,
    tasks_in_scope,
    templates_in_scope,
)
from lms.plans.task_models import Task, TaskState, TaskTemplate

PAGE_SIZE = 30


@bp.get("/tasks/")
@role_required(*PLAN_ROLES)
def tasks_list():
    """Tasks in scope, open ones first, newest first."""
    page = max(request.args.get("page", 1, type=int), 1)
    query = (
        tasks_in_scope(current_user)
        .join(TaskState, TaskState.task_id == Task.id)
        .options(selectinload(Task.state), selectinload(Task.apprentice))
        .order_by((TaskState.state == workflow.DONE), Task.due_on.is_(None), Task.due_on, Task.id.desc())
    )
    rows = list(db.session.scalars(query.limit(PAGE_SIZE + 1).offset((page - 1) * PAGE_SIZE)))
    return render_template("plans/tasks.html", tasks=rows[:PAGE_SIZE], page=page, has_more=len(rows) > PAGE_SIZE)


def _task_page(task: Task, status: int = 200, error: str | None = None):
    side = None
    try:
        side = tasks.side_of(task, current_user)
    except tasks.NotYourSide:
        side = None
    state = tasks.current_state(task)
    actions = (
        workflow.allowed_actions(state.state, side, plan_approved=state.plan_approved_at is not None) if side else []
    )
    return render_template(
        "plans/task.html",
        task=task,
        state=state,
        side=side,
        actions=actions,
        error=error,
        form=request.form,
    ), status


@bp.get("/tasks/<int:task_id>")
@role_required(*PLAN_ROLES)
def task(task_id: int):
    """One task: situation, assignment, safety, the six steps and what was written at each."""
    return _task_page(get_task_in_scope_or_404(current_user, task_id))


@bp.post("/tasks/<int:task_id>/do/<action>")
@role_required(*PLAN_ROLES)
def task_action(task_id: int, action: str):
    """Take one workflow action (403 wrong side, 409 illegal in this state, 400 missing text)."""
    task = get_task_in_scope_or_404(current_user, task_id)
    try:
        tasks.perform(task, current_user, action, text=request.form.get("text"), level=request.form.get("level"))
    except tasks.NotYourSide:
        abort(403)
    except workflow.IllegalTransition as error:
        db.session.rollback()
        return _task_page(task, 409, str(error))
    except services.PlanError as error:
        db.session.rollback()
        return _task_page(task, 400, str(error))
    db.session.commit()
    flash(_("Gespeichert."), "success")
    return redirect(url_for("plans.task", task_id=task.id))


@bp.get("/library/")
@role_required(*STAFF_ROLES)
def library():
    """The task library: own company's tasks, seeded tasks and tasks published in the cluster."""
    occupation = request.args.get("occupation") or None
    query = templates_in_scope(current_user).order_by(TaskTemplate.occupation_code, TaskTemplate.title)
    if occupation:
        query = query.where(TaskTemplate.occupation_code == occupation)
    return render_template(
        "plans/library.html", templates=list(db.session.scalars(query)), occupation=occupation, occupations=OCCUPATIONS
    )


def _apprentices_for(occupation_code: str | None = None) -> list[User]:
    from lms.auth.models import ApprenticeProfile

    query = apprentices_in_scope(current_user).join(ApprenticeProfile).order_by(User.name)
    if occupation_code:
        query = query.where(ApprenticeProfile.occupation_code == occupation_code)
    return list(db.session.scalars(query))


def _parse_due(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise services.PlanError(_("Bitte gib ein gültiges Fälligkeitsdatum an.")) from None


def _selected_apprentices(occupation_code: str) -> list[User]:
    wanted = set(request.form.getlist("apprentice_ids", type=int))
    return [a for a in _apprentices_for(occupation_code) if a.id in wanted]


def _new_page(status: int = 200, error: str | None = None):
    occupation = request.values.get("occupation") or next(iter(current_user.company.occupation_codes), None)
    if occupation not in OCCUPATIONS:
        occupation = next(iter(OCCUPATIONS))
    positions = services.positions_query_for_code(occupation)
    return render_template(
        "plans/task_new.html",
        occupation=occupation,
        occupations=OCCUPATIONS,
        positions=list(db.session.scalars(positions)),
        apprentices=_apprentices_for(occupation),
        form=request.form,
        error=error,
    ), status


@bp.get("/library/new")
@role_required(*STAFF_ROLES)
def new_task():
    """Write a new task (saved to the company's library, optionally assigned right away)."""
    return _new_page()


@bp.post("/library/new")
@role_required(*STAFF_ROLES)
def create_task():
    """Save the new library task and assign it to the chosen apprentices."""
    occupation = request.form.get("occupation", "")
    if occupation not in OCCUPATIONS:
        abort(400)
    try:
        template = tasks.create_template(
            current_user,
            occupation_code=occupation,
            title=request.form.get("title", ""),
            situation=request.form.get("situation", ""),
            assignment=request.form.get("assignment", ""),
            materials=request.form.get("materials", ""),
            safety_notes=request.form.get("safety_notes", ""),
            estimated_hours=request.form.get("estimated_hours", type=float) or 0,
            item_ids=tasks.items_of_occupation(occupation, request.form.getlist("item_ids", type=int)),
            publish=request.form.get("publish") == "1",
        )
        apprentices = _selected_apprentices(occupation)
        if apprentices:
            tasks.assign_task(current_user, template, apprentices, _parse_due(request.form.get("due_on")))
    except services.PlanError as error:
        db.session.rollback()
        return _new_page(400, str(error))
    db.session.commit()
    flash(_("Die Aufgabe ist gespeichert."), "success")
    return redirect(url_for("plans.library_task", template_id=template.id))


def _library_page(template: TaskTemplate, status: int = 200, error: str | None = None):
    from lms.plans.models import FrameworkItem

    item_ids = [link.item_id for link in template.items]
    items = list(db.session.scalars(select(FrameworkItem).where(FrameworkItem.id.in_(item_ids)))) if item_ids else []
    return render_template(
        "plans/library_task.html",
        template=template,
        items=items,
        apprentices=_apprentices_for(template.occupation_code),
        can_edit=may_edit_template(current_user, template),
        error=error,
    ), status


@bp.get("/library/<int:template_id>")
@role_required(*STAFF_ROLES)
def library_task(template_id: int):
    """A library task with its items and the assignment form."""
    return _library_page(get_template_in_scope_or_404(current_user, template_id))


@bp.post("/library/<int:template_id>/assign")
@role_required(*STAFF_ROLES)
def assign(template_id: int):
    """Assign a library task to one or more apprentices in scope."""
    template = get_template_in_scope_or_404(current_user, template_id)
    try:
        created = tasks.assign_task(
            current_user,
            template,
            _selected_apprentices(template.occupation_code),
            _parse_due(request.form.get("due_on")),
        )
    except services.PlanError as error:
        db.session.rollback()
        return _library_page(template, 400, str(error))
    db.session.commit()
    flash(_("Die Aufgabe ist %(n)d-mal zugewiesen.", n=len(created)), "success")
    return redirect(url_for("plans.tasks_list"))


@bp.post("/library/<int:template_id>/publish")
@role_required(*STAFF_ROLES)
def publish(template_id: int):
    """Share a company's own library task with the cluster, or make it private again."""
    template = get_template_in_scope_or_404(current_user, template_id)
    if not may_edit_template(current_user, template):
        abort(403)
    tasks.set_published(template, request.form.get("published") == "1")
    db.session.commit()
    return redirect(url_for("plans.library_task", template_id=template.id))

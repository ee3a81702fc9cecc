"""Who may see and act on training plans and company tasks (used by every plans view).

Apprentices: only themselves. Trainers: the apprentices of their company, plus apprentices of
another company that granted their company a Verbund link. Company leads: their company.
Cluster agents and administrators see no plan texts (the views answer 403). Every lookup puts
the scope into the SQL, so a foreign id answers 404.
"""

from __future__ import annotations

from flask import abort
from sqlalchemy import Select, false, or_, select

from lms.auth.models import Role, User
from lms.db import db
from lms.plans.models import VerbundLink
from lms.plans.task_models import Task, TaskTemplate

PLAN_ROLES = (Role.APPRENTICE, Role.TRAINER, Role.COMPANY_LEAD)
STAFF_ROLES = (Role.TRAINER, Role.COMPANY_LEAD)


def partner_apprentice_ids(viewer: User) -> Select[tuple[int]]:
    """Apprentices whose company granted the viewer's company access (active Verbund links)."""
    return select(VerbundLink.apprentice_id).where(
        VerbundLink.partner_company_id == viewer.company_id, VerbundLink.revoked_at.is_(None)
    )


def apprentices_in_scope(viewer: User) -> Select[tuple[User]]:
    """A query of the apprentices whose plan the viewer may see."""
    query = select(User).where(User.role == Role.APPRENTICE)
    if viewer.role is Role.APPRENTICE:
        return query.where(User.id == viewer.id)
    if viewer.role is Role.TRAINER and viewer.company_id is not None:
        return query.where(or_(User.company_id == viewer.company_id, User.id.in_(partner_apprentice_ids(viewer))))
    if viewer.role is Role.COMPANY_LEAD and viewer.company_id is not None:
        return query.where(User.company_id == viewer.company_id)
    return query.where(false())


def get_apprentice_in_scope_or_404(viewer: User, user_id: int) -> User:
    """The apprentice ``user_id`` if the viewer may see their plan; 404 otherwise."""
    apprentice = db.session.scalar(apprentices_in_scope(viewer).where(User.id == user_id))
    if apprentice is None or apprentice.apprentice_profile is None:
        abort(404)
    return apprentice


def tasks_in_scope(viewer: User) -> Select[tuple[Task]]:
    """A query of the tasks the viewer may see (those of apprentices in scope)."""
    ids = apprentices_in_scope(viewer).with_only_columns(User.id)
    return select(Task).where(Task.apprentice_id.in_(ids))


def get_task_in_scope_or_404(viewer: User, task_id: int) -> Task:
    task = db.session.scalar(tasks_in_scope(viewer).where(Task.id == task_id))
    if task is None:
        abort(404)
    return task


def may_act_as_trainer(viewer: User, apprentice: User) -> bool:
    """Trainers and company leads with the apprentice in scope assess, assign and review."""
    if viewer.role not in STAFF_ROLES:
        return False
    return db.session.scalar(apprentices_in_scope(viewer).where(User.id == apprentice.id)) is not None


def templates_in_scope(viewer: User) -> Select[tuple[TaskTemplate]]:
    """Library tasks the viewer may use: their company's own, seeded ones and published ones."""
    if viewer.role not in STAFF_ROLES or viewer.company_id is None:
        return select(TaskTemplate).where(false())
    return select(TaskTemplate).where(
        or_(
            TaskTemplate.company_id == viewer.company_id,
            TaskTemplate.company_id.is_(None),
            TaskTemplate.is_published.is_(True),
        )
    )


def get_template_in_scope_or_404(viewer: User, template_id: int) -> TaskTemplate:
    template = db.session.scalar(templates_in_scope(viewer).where(TaskTemplate.id == template_id))
    if template is None:
        abort(404)
    return template


def may_edit_template(viewer: User, template: TaskTemplate) -> bool:
    """Only staff of the company that wrote a library task may change or publish it."""
    return viewer.role in STAFF_ROLES and template.company_id is not None and template.company_id == viewer.company_id

"""Who may see and do what in the training record; every lookup is scoped in the query.

Apprentices: their own record only. Trainers and company leads: the apprentices of their
company (only trainers review). Cluster agent and administrators: no record text at all (403).
"""

from __future__ import annotations

from flask import abort
from sqlalchemy import Select, select

from lms.auth.models import Role, User
from lms.db import db
from lms.records.models import TrainingRecordWeek

RECORD_ROLES = (Role.APPRENTICE, Role.TRAINER, Role.COMPANY_LEAD)
RECORD_STAFF = (Role.TRAINER, Role.COMPANY_LEAD)


def weeks_in_scope(viewer: User) -> Select[tuple[TrainingRecordWeek]]:
    """The record weeks the viewer may read."""
    query = select(TrainingRecordWeek)
    if viewer.role is Role.APPRENTICE:
        return query.where(TrainingRecordWeek.apprentice_id == viewer.id)
    if viewer.role in RECORD_STAFF and viewer.company_id is not None:
        return query.join(User, User.id == TrainingRecordWeek.apprentice_id).where(
            User.company_id == viewer.company_id, User.role == Role.APPRENTICE
        )
    return query.where(TrainingRecordWeek.id.is_(None))


def get_week_in_scope_or_404(viewer: User, week_id: int) -> TrainingRecordWeek:
    week = db.session.scalar(weeks_in_scope(viewer).where(TrainingRecordWeek.id == week_id))
    if week is None:
        abort(404)
    return week


def get_record_apprentice_or_404(viewer: User, user_id: int) -> User:
    """An apprentice whose record the viewer may read (staff: same company; apprentice: self)."""
    query = select(User).where(User.id == user_id, User.role == Role.APPRENTICE)
    if viewer.role is Role.APPRENTICE:
        query = query.where(User.id == viewer.id)
    elif viewer.role in RECORD_STAFF and viewer.company_id is not None:
        query = query.where(User.company_id == viewer.company_id)
    else:
        abort(403)
    apprentice = db.session.scalar(query)
    if apprentice is None:
        abort(404)
    return apprentice


def may_review(viewer: User) -> bool:
    """Only trainers (Ausbilder/-innen and Ausbildungsbeauftragte) review weeks."""
    return viewer.role is Role.TRAINER


def may_set_mode(viewer: User) -> bool:
    """Company leads and trainers choose weekly or daily records for their company."""
    return viewer.role in RECORD_STAFF and viewer.company_id is not None

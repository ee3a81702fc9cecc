"""Administration queries: people across the platform and the audit log."""

from __future__ import annotations

from sqlalchemy import func, or_, select

from lms.auth.models import AuditEvent, User
from lms.db import db

PAGE_SIZE = 50


def search_people(term: str = "", page: int = 1) -> tuple[list[User], int]:
    """People matching a name/e-mail fragment, by name; returns one page and the total."""
    query = select(User)
    if term:
        pattern = f"%{term.strip().lower()}%"
        query = query.where(or_(func.lower(User.name).like(pattern), User.email.like(pattern)))
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = db.session.scalars(query.order_by(User.name, User.id).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE))
    return list(rows), total


def audit_log(page: int = 1, action: str = "") -> tuple[list[AuditEvent], int]:
    """Audit entries, newest first; one page and the total."""
    query = select(AuditEvent)
    if action:
        query = query.where(AuditEvent.action == action)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = db.session.scalars(
        query.order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    )
    return list(rows), total


def audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))

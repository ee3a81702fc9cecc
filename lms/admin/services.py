"""Administration queries: people across the platform and the audit log."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from lms.auth.models import AuditEvent, User
from lms.db import db

PAGE_SIZE = 50
# Readable names of the audit actions; actions of later features fall back to their code.
AUDIT_ACTION_LABELS = {
    "invite": _l("Einladung verschickt"),
    "invitation_accepted": _l("Einladung angenommen"),
    "invitation_revoked": _l("Einladung zurückgezogen"),
    "role_change": _l("Rolle geändert"),
    "deactivate": _l("Deaktiviert"),
    "reactivate": _l("Reaktiviert"),
    "password_reset_requested": _l("Passwort-Link angefordert"),
    "password_reset": _l("Passwort zurückgesetzt"),
    "password_changed": _l("Passwort geändert"),
    "company_created": _l("Betrieb angelegt"),
}


def audit_action_label(action: str) -> str:
    """The German (or English) name of an audit action, or its code if it has none."""
    label = AUDIT_ACTION_LABELS.get(action)
    return str(label) if label is not None else action


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

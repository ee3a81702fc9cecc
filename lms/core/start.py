"""Figures shown on each role's start page (read-only queries)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from lms.auth.models import Invitation, Role, User
from lms.db import db, utcnow
from lms.orgs.models import Company


def _count(query) -> int:
    return db.session.scalar(query) or 0


def company_people_counts(company_id: int) -> dict[str, int]:
    """Active people of one company by role."""
    rows = db.session.execute(
        select(User.role, func.count()).where(User.company_id == company_id, User.active.is_(True)).group_by(User.role)
    ).all()
    counts = {role.value: 0 for role in (Role.APPRENTICE, Role.TRAINER, Role.COMPANY_LEAD)}
    counts.update({role.value: n for role, n in rows})
    return counts


def open_invitation_count(company_id: int | None) -> int:
    query = (
        select(func.count())
        .select_from(Invitation)
        .where(Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None), Invitation.expires_at > utcnow())
    )
    if company_id is not None:
        query = query.where(Invitation.company_id == company_id)
    return _count(query)


def summary_for(user: User) -> dict[str, Any]:
    """What the start page of ``user``'s role shows."""
    if user.role in (Role.COMPANY_LEAD, Role.TRAINER, Role.APPRENTICE) and user.company_id:
        return {
            "people": company_people_counts(user.company_id),
            "open_invitations": open_invitation_count(user.company_id),
        }
    if user.role in (Role.CLUSTER_AGENT, Role.ADMIN):
        return {
            "companies": _count(select(func.count()).select_from(Company).where(Company.is_active.is_(True))),
            "new_to_training": _count(
                select(func.count())
                .select_from(Company)
                .where(Company.is_active.is_(True), Company.is_new_to_training.is_(True))
            ),
            "people": _count(select(func.count()).select_from(User).where(User.active.is_(True))),
            "open_invitations": open_invitation_count(None),
        }
    return {}

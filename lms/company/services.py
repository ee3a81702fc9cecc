"""The company lead's view of their company: people and open invitations."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from lms.auth.models import Invitation, User
from lms.auth.services import AccountError, record_audit
from lms.db import db, utcnow


def company_people(company_id: int) -> list[User]:
    """Everyone of the company, active first, then by role and name."""
    query = select(User).where(User.company_id == company_id).order_by(User.active.desc(), User.role, User.name)
    return list(db.session.scalars(query))


def open_invitations(company_id: int) -> list[Invitation]:
    """Invitations of the company that can still be accepted."""
    query = (
        select(Invitation)
        .where(
            Invitation.company_id == company_id,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
            Invitation.expires_at > utcnow(),
        )
        .order_by(Invitation.created_at.desc())
    )
    return list(db.session.scalars(query))


def revoke_invitation(actor: User, invitation_id: int) -> Invitation:
    """Withdraw an open invitation of the actor's company (404-style error otherwise)."""
    invitation = db.session.scalar(
        select(Invitation).where(Invitation.id == invitation_id, Invitation.company_id == actor.company_id)
    )
    if invitation is None or invitation.accepted_at is not None:
        raise AccountError(_("Diese Einladung gibt es nicht (mehr)."))
    invitation.revoked_at = utcnow()
    record_audit("invitation_revoked", actor=actor, company_id=actor.company_id, email=invitation.email)
    db.session.flush()
    return invitation

"""Verbund links: a partner company granted access to one apprentice's plan and tasks.

Only staff of the apprentice's own company grant or revoke links (the views are in
:mod:`lms.plans.verbund_views`); trainers of the partner company then see the apprentice
through :func:`lms.plans.policy.apprentices_in_scope`. Functions flush, never commit.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from lms.auth.models import User
from lms.db import db, utcnow
from lms.orgs.models import Company
from lms.plans.models import VerbundLink
from lms.plans.services import PlanError


def active_links(apprentice_id: int) -> list[VerbundLink]:
    """The apprentice's links that are not revoked (the partners that currently have access)."""
    query = select(VerbundLink).where(VerbundLink.apprentice_id == apprentice_id, VerbundLink.revoked_at.is_(None))
    return list(db.session.scalars(query))


def get_link_or_none(apprentice_id: int, link_id: int) -> VerbundLink | None:
    """The link ``link_id`` if it belongs to this apprentice (revoked or not), else None."""
    return db.session.scalar(
        select(VerbundLink).where(VerbundLink.id == link_id, VerbundLink.apprentice_id == apprentice_id)
    )


def grant_link(granted_by: User, apprentice: User, partner: Company, note: str = "") -> VerbundLink:
    """Grant ``partner`` access to the apprentice (re-activates a revoked link).

    Raises :class:`PlanError` when the partner is the apprentice's own company.
    """
    if partner.id == apprentice.company_id:
        raise PlanError(_("Der eigene Betrieb braucht keine Verbund-Freigabe."))
    link = db.session.scalar(
        select(VerbundLink).where(
            VerbundLink.apprentice_id == apprentice.id, VerbundLink.partner_company_id == partner.id
        )
    )
    if link is None:
        link = VerbundLink(apprentice_id=apprentice.id, partner_company_id=partner.id)
        db.session.add(link)
    link.granted_by_id, link.granted_at, link.revoked_at = granted_by.id, utcnow(), None
    link.note = note.strip()[:300] or None
    db.session.flush()
    return link


def revoke_link(link: VerbundLink) -> None:
    """End the partner's access; the link row stays as a record and can be granted again."""
    link.revoked_at = utcnow()
    db.session.flush()

"""Verbund links: a partner company granted access to one apprentice's plan and tasks.

Only staff of the apprentice's own company grant or revoke links; trainers of the partner
company then see the apprentice through :func:`lms.plans.policy.apprentices_in_scope`.
"""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from lms.auth.models import Role, User
from lms.auth.policy import role_required
from lms.db import db, utcnow
from lms.orgs.models import Company
from lms.plans.blueprint import bp
from lms.plans.models import VerbundLink
from lms.plans.policy import get_apprentice_in_scope_or_404
from lms.plans.services import PlanError


def active_links(apprentice_id: int) -> list[VerbundLink]:
    query = select(VerbundLink).where(VerbundLink.apprentice_id == apprentice_id, VerbundLink.revoked_at.is_(None))
    return list(db.session.scalars(query))


def grant_link(granted_by: User, apprentice: User, partner: Company, note: str = "") -> VerbundLink:
    """Grant ``partner`` access to the apprentice (re-activates a revoked link)."""
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
    link.revoked_at = utcnow()
    db.session.flush()


def _own_apprentice_or_404(user_id: int) -> User:
    apprentice = get_apprentice_in_scope_or_404(current_user, user_id)
    if apprentice.company_id != current_user.company_id:
        abort(404)
    return apprentice


@bp.post("/a/<int:user_id>/verbund")
@role_required(Role.TRAINER, Role.COMPANY_LEAD)
def grant_verbund(user_id: int):
    """Grant a partner company access to this apprentice's plan and tasks."""
    apprentice = _own_apprentice_or_404(user_id)
    partner = db.session.get(Company, request.form.get("company_id", type=int) or 0)
    if partner is None or not partner.is_active:
        abort(400)
    try:
        grant_link(current_user, apprentice, partner, request.form.get("note", ""))
    except PlanError as error:
        flash(str(error), "error")
        return redirect(url_for("plans.profile", user_id=user_id))
    db.session.commit()
    flash(_("Der Verbundpartner hat jetzt Zugriff."), "success")
    return redirect(url_for("plans.profile", user_id=user_id))


@bp.post("/a/<int:user_id>/verbund/<int:link_id>/revoke")
@role_required(Role.TRAINER, Role.COMPANY_LEAD)
def revoke_verbund(user_id: int, link_id: int):
    """Withdraw a partner company's access."""
    apprentice = _own_apprentice_or_404(user_id)
    link = db.session.scalar(
        select(VerbundLink).where(VerbundLink.id == link_id, VerbundLink.apprentice_id == apprentice.id)
    )
    if link is None:
        abort(404)
    revoke_link(link)
    db.session.commit()
    flash(_("Der Zugriff des Verbundpartners ist beendet."), "success")
    return redirect(url_for("plans.profile", user_id=user_id))

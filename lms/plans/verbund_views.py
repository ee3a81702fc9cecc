"""Verbund views: staff of the apprentice's own company grant or withdraw a partner's access.

Thin views on the ``plans`` blueprint; the rules live in :mod:`lms.plans.verbund`.
"""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.auth.models import Role, User
from lms.auth.policy import role_required
from lms.db import db
from lms.orgs.models import Company
from lms.plans.blueprint import bp
from lms.plans.policy import get_apprentice_in_scope_or_404
from lms.plans.services import PlanError
from lms.plans.verbund import get_link_or_none, grant_link, revoke_link


def _own_apprentice_or_404(user_id: int) -> User:
    """The apprentice if they belong to the signed-in person's own company (partners may not manage links)."""
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
    link = get_link_or_none(apprentice.id, link_id)
    if link is None:
        abort(404)
    revoke_link(link)
    db.session.commit()
    flash(_("Der Zugriff des Verbundpartners ist beendet."), "success")
    return redirect(url_for("plans.profile", user_id=user_id))

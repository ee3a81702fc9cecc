"""The company lead's pages: people of the company, invitations, deactivation."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.auth import services as accounts
from lms.auth.invite_flow import build_invite_form, handle_invite
from lms.auth.models import Role
from lms.auth.policy import get_user_in_scope_or_404, role_required
from lms.company import services
from lms.db import db

bp = Blueprint("company", __name__, url_prefix="/company")


def _page(invite_form, status: int = 200):
    company = current_user.company
    return render_template(
        "company/index.html",
        company=company,
        invite_form=invite_form,
        people=services.company_people(company.id),
        invitations=services.open_invitations(company.id),
    ), status


@bp.get("/")
@role_required(Role.COMPANY_LEAD)
def index():
    """People and open invitations of the lead's company."""
    return _page(build_invite_form(current_user, [current_user.company]))


@bp.post("/invite")
@role_required(Role.COMPANY_LEAD)
def invite():
    """Invite a trainer, an apprentice or another lead into the lead's company."""
    form = build_invite_form(current_user, [current_user.company])
    if handle_invite(form, current_user, current_user.company_id) is not None:
        db.session.commit()
        return redirect(url_for("company.index"))
    return _page(form, 400)


@bp.post("/invitations/<int:invitation_id>/revoke")
@role_required(Role.COMPANY_LEAD)
def revoke(invitation_id: int):
    """Withdraw an open invitation."""
    try:
        services.revoke_invitation(current_user, invitation_id)
    except accounts.AccountError:
        abort(404)
    db.session.commit()
    flash(_("Die Einladung ist zurückgezogen."), "success")
    return redirect(url_for("company.index"))


@bp.post("/people/<int:user_id>/active")
@role_required(Role.COMPANY_LEAD)
def set_active(user_id: int):
    """Deactivate or reactivate a person of the company."""
    person = get_user_in_scope_or_404(current_user, user_id)
    active = request.form.get("active") == "1"
    try:
        accounts.set_active(current_user, person, active, remote_addr=request.remote_addr)
    except accounts.AccountError as error:
        flash(str(error), "error")
        return redirect(url_for("company.index"))
    db.session.commit()
    message = (
        _("%(name)s ist wieder aktiv.", name=person.name)
        if active
        else _("%(name)s ist deaktiviert.", name=person.name)
    )
    flash(message, "success")
    return redirect(url_for("company.index"))

"""The cluster agent's pages: member companies and inviting their leads."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.auth.invite_flow import build_invite_form, handle_invite
from lms.auth.models import Role
from lms.auth.policy import role_required
from lms.auth.services import AccountError
from lms.db import db
from lms.orgs import services
from lms.orgs.forms import CompanyForm

bp = Blueprint("orgs", __name__, url_prefix="/cluster")
CLUSTER_ROLES = (Role.CLUSTER_AGENT, Role.ADMIN)


@bp.route("/companies", methods=["GET", "POST"])
@role_required(*CLUSTER_ROLES)
def companies():
    """List member companies; create a new one."""
    form = CompanyForm(joined_on=dt.date.today())
    if form.validate_on_submit():
        try:
            company = services.create_company(current_user, **form.company_fields())
        except AccountError as error:
            form.occupation_codes.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Der Betrieb %(name)s ist angelegt.", name=company.name), "success")
            return redirect(url_for("orgs.company", company_id=company.id))
    status = 400 if form.is_submitted() else 200
    return render_template("orgs/companies.html", companies=services.list_companies(), form=form), status


@bp.route("/companies/<int:company_id>", methods=["GET", "POST"])
@role_required(*CLUSTER_ROLES)
def company(company_id: int):
    """Edit a company and invite its lead."""
    company = services.get_company_or_404(company_id)
    form = CompanyForm(obj=company, prefix="company")
    if not form.is_submitted():
        form.occupation_codes.data = company.occupation_codes
    invite_form = build_invite_form(current_user, [company])
    invite_form.company_id.data = company.id
    if form.validate_on_submit():
        try:
            services.update_company(current_user, company, **form.company_fields())
        except AccountError as error:
            form.occupation_codes.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Die Angaben sind gespeichert."), "success")
            return redirect(url_for("orgs.company", company_id=company.id))
    status = 400 if form.is_submitted() else 200
    return render_template("orgs/company.html", company=company, form=form, invite_form=invite_form), status


@bp.post("/companies/<int:company_id>/invite")
@role_required(*CLUSTER_ROLES)
def invite(company_id: int):
    """Invite a company lead (cluster agent) or anyone (admin) into this company."""
    company = services.get_company_or_404(company_id)
    invite_form = build_invite_form(current_user, [company])
    if handle_invite(invite_form, current_user, company.id) is not None:
        db.session.commit()
        return redirect(url_for("orgs.company", company_id=company.id))
    form = CompanyForm(obj=company, prefix="company")
    form.occupation_codes.data = company.occupation_codes
    return render_template("orgs/company.html", company=company, form=form, invite_form=invite_form), 400

"""The administrator's pages: people, roles, deactivation, audit log."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.admin import services
from lms.auth import services as accounts
from lms.auth.invite_flow import ROLE_LABELS
from lms.auth.models import Role
from lms.auth.policy import get_user_in_scope_or_404, role_required
from lms.db import db
from lms.orgs.services import list_companies

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _page_arg() -> int:
    page = request.args.get("page", "1")
    return max(int(page), 1) if page.isdigit() else 1


@bp.get("/")
@role_required(Role.ADMIN)
def index():
    """Search people; links to their detail pages."""
    term = request.args.get("q", "")[:100]
    page = _page_arg()
    people, total = services.search_people(term, page)
    return render_template(
        "admin/index.html",
        people=people,
        total=total,
        term=term,
        page=page,
        page_size=services.PAGE_SIZE,
        role_labels=ROLE_LABELS,
    )


@bp.route("/people/<int:user_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def person(user_id: int):
    """Change a person's role or (de)activate them."""
    person = get_user_in_scope_or_404(current_user, user_id)
    if request.method == "POST":
        try:
            _apply_person_change(person)
        except accounts.AccountError as error:
            db.session.rollback()
            flash(str(error), "error")
            return redirect(url_for("admin.person", user_id=person.id))
        db.session.commit()
        flash(_("Gespeichert."), "success")
        return redirect(url_for("admin.person", user_id=person.id))
    companies = [c for c, _n in list_companies()]
    return render_template("admin/person.html", person=person, companies=companies, role_labels=ROLE_LABELS)


def _apply_person_change(person) -> None:
    action = request.form.get("action")
    if action == "active":
        accounts.set_active(current_user, person, request.form.get("active") == "1", remote_addr=request.remote_addr)
    elif action == "role":
        company = request.form.get("company_id", "")
        role = request.form.get("role", "")
        if role not in {r.value for r in Role}:
            raise accounts.AccountError(_("Bitte wählen Sie eine Rolle."))
        accounts.change_role(current_user, person, Role(role), int(company) if company.isdigit() else None)
    else:
        abort(400)


@bp.get("/audit")
@role_required(Role.ADMIN)
def audit():
    """The security audit log, newest first, filterable by action."""
    action = request.args.get("action", "")[:60]
    page = _page_arg()
    events, total = services.audit_log(page, action)
    return render_template(
        "admin/audit.html",
        events=events,
        total=total,
        page=page,
        action=action,
        actions=services.audit_actions(),
        action_label=services.audit_action_label,
        page_size=services.PAGE_SIZE,
    )

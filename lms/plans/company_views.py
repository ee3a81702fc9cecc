"""The company training plan (betrieblicher Ausbildungsplan): view, generate, edit lines."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lms.auth.models import Role, User
from lms.auth.policy import role_required
from lms.db import db
from lms.orgs.occupations import OCCUPATIONS
from lms.plans.blueprint import bp
from lms.plans.company_plan import (
    THROUGHOUT,
    ensure_company_plan,
    find_company_plan,
    get_entry_in_company_or_none,
    update_entry,
)
from lms.plans.loader import plan_by_code
from lms.plans.models import CompanyTrainingPlan, LearningSite, PlanEntry
from lms.plans.policy import STAFF_ROLES
from lms.plans.services import PlanError


def _selection() -> tuple[str, str | None]:
    codes = current_user.company.occupation_codes or list(OCCUPATIONS)
    occupation = request.values.get("occupation") or codes[0]
    if occupation not in OCCUPATIONS:
        abort(404)
    specialism = request.values.get("specialism") or None
    if "specialism" not in request.values:  # first visit: show the plan that exists, if any
        specialism = db.session.scalar(
            select(CompanyTrainingPlan.specialism).where(
                CompanyTrainingPlan.company_id == current_user.company_id,
                CompanyTrainingPlan.occupation_code == occupation,
            )
        )
    if specialism is not None and specialism not in OCCUPATIONS[occupation].specialisms:
        specialism = None
    return occupation, specialism


def _company_trainers() -> list[User]:
    query = select(User).where(
        User.company_id == current_user.company_id, User.role.in_([Role.TRAINER, Role.COMPANY_LEAD]), User.active
    )
    return list(db.session.scalars(query.order_by(User.name)))


@bp.get("/company-plan/")
@role_required(*STAFF_ROLES)
def company_plan():
    """The company's schedule for one occupation (and specialism)."""
    return _plan_page(*_selection())


def _plan_page(occupation: str, specialism: str | None, status: int = 200, error: str | None = None):
    plan = find_company_plan(current_user.company_id, occupation, specialism)
    entries = []
    if plan is not None:
        query = select(PlanEntry).where(PlanEntry.plan_id == plan.id).options(selectinload(PlanEntry.position))
        entries = list(db.session.scalars(query.order_by(PlanEntry.sort_order)))
    framework = plan_by_code(occupation)
    periods = [(p["code"], p["label"]) for p in framework.periods] + [(THROUGHOUT, _("gesamte Ausbildung"))]
    return render_template(
        "plans/company_plan.html",
        occupations=OCCUPATIONS,
        occupation=occupation,
        specialism=specialism,
        plan=plan,
        entries=entries,
        periods=periods,
        period_labels=dict(periods),
        sites=list(LearningSite),
        trainers=_company_trainers(),
        error=error,
    ), status


@bp.post("/company-plan/generate")
@role_required(*STAFF_ROLES)
def generate_company_plan():
    """Create the default schedule from the guide values (no-op if it exists)."""
    occupation, specialism = _selection()
    ensure_company_plan(current_user.company_id, occupation, specialism)
    db.session.commit()
    flash(
        _("Der betriebliche Ausbildungsplan ist angelegt. Passe Zeiträume, Lernorte und Verantwortliche an."), "success"
    )
    return redirect(url_for("plans.company_plan", occupation=occupation, specialism=specialism or ""))


@bp.post("/company-plan/entries/<int:entry_id>")
@role_required(*STAFF_ROLES)
def update_company_plan_entry(entry_id: int):
    """Change one line: period, weeks, learning site, partner, responsible trainer."""
    entry = get_entry_in_company_or_none(current_user.company_id, entry_id)
    if entry is None:
        abort(404)
    weeks_raw = (request.form.get("weeks") or "").replace(",", ".").strip()
    trainer_id = request.form.get("trainer_id", type=int)
    try:
        weeks = float(weeks_raw) if weeks_raw else None
    except ValueError:
        weeks = -1.0
    try:
        update_entry(
            entry,
            period_code=request.form.get("period_code", ""),
            weeks=weeks,
            site=request.form.get("site", ""),
            trainer_id=trainer_id,
            partner_name=request.form.get("partner_name", ""),
            note=request.form.get("note", ""),
            allowed_trainer_ids={u.id for u in _company_trainers()},
        )
    except PlanError as error:
        db.session.rollback()
        return _plan_page(entry.plan.occupation_code, entry.plan.specialism, 400, str(error))
    db.session.commit()
    flash(_("Zeile gespeichert."), "success")
    plan = entry.plan
    return redirect(
        url_for("plans.company_plan", occupation=plan.occupation_code, specialism=plan.specialism or "")
        + f"#entry-{entry.id}"
    )

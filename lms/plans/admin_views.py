"""Administration: the loaded framework plans with ordinance, year, provenance and warnings."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from sqlalchemy import select

from lms.auth.models import Role
from lms.auth.policy import role_required
from lms.db import db
from lms.plans.models import FrameworkPlan

bp = Blueprint("plans_admin", __name__, url_prefix="/admin/framework-plans")


@bp.get("/")
@role_required(Role.ADMIN)
def framework_plans():
    """All framework plans: ordinance, year, periods, column sums, the Dachdecker weeks warning."""
    plans = list(
        db.session.scalars(select(FrameworkPlan).order_by(FrameworkPlan.is_recommendation, FrameworkPlan.code))
    )
    sums = {}
    for plan in plans:
        totals: dict[str, float] = {}
        for position in plan.positions:
            if position.specialism is None:
                for code, weeks in position.weeks.items():
                    totals[code] = totals.get(code, 0) + weeks
        sums[plan.id] = totals
    return render_template("plans_admin/framework_plans.html", plans=plans, sums=sums)


@bp.get("/<code>")
@role_required(Role.ADMIN)
def framework_plan(code: str):
    """One framework plan with every position, its guide values and provenance notes."""
    plan = db.session.scalar(select(FrameworkPlan).where(FrameworkPlan.code == code))
    if plan is None:
        abort(404)
    return render_template("plans_admin/framework_plan.html", plan=plan)

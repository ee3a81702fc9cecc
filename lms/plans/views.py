"""The apprentice's plan: overview, self and trainer assessments, notes, goals, coverage, profile.

Thin views: parse the form, call a service, commit, redirect. Permission checks come from
:mod:`lms.plans.policy`; every lookup is scoped in the query (foreign ids answer 404).
"""

from __future__ import annotations

import datetime as dt

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from lms.auth.models import Role, User
from lms.auth.policy import role_required
from lms.db import db
from lms.orgs.models import Company
from lms.orgs.occupations import OCCUPATIONS
from lms.plans import company_views, services, task_views, verbund_views  # noqa: F401  (register routes)
from lms.plans.blueprint import bp
from lms.plans.coverage import coverage_for
from lms.plans.policy import PLAN_ROLES, apprentices_in_scope, get_apprentice_in_scope_or_404, may_act_as_trainer
from lms.plans.task_models import Task, TaskState
from lms.plans.workflow import DONE

__all__ = ["bp"]


def _item_or_404(apprentice: User, item_id: int):
    item = services.item_for_apprentice(apprentice.apprentice_profile, item_id)
    if item is None:
        abort(404)
    return item


def _parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise services.PlanError(_("Bitte gib ein gültiges Datum an.")) from None


@bp.get("/")
@role_required(*PLAN_ROLES)
def index():
    """Apprentices see their own plan; trainers and company leads the list of their apprentices."""
    if current_user.role is Role.APPRENTICE:
        return plan(current_user.id)
    apprentices = list(db.session.scalars(apprentices_in_scope(current_user).order_by(User.name)))
    open_counts = dict(
        db.session.execute(
            select(Task.apprentice_id, func.count())
            .join(TaskState, TaskState.task_id == Task.id)
            .where(Task.apprentice_id.in_([a.id for a in apprentices]), TaskState.state != DONE)
            .group_by(Task.apprentice_id)
        ).all()
    )
    return render_template("plans/index.html", apprentices=apprentices, open_counts=open_counts)


POSITIONS_PER_PAGE = 6


@bp.get("/a/<int:user_id>/")
@role_required(*PLAN_ROLES)
def plan(user_id: int):
    """Positions with their items and assessments, a few positions per page (light on a phone)."""
    apprentice = get_apprentice_in_scope_or_404(current_user, user_id)
    profile = apprentice.apprentice_profile
    positions = services.positions_for(profile)
    everything = positions + services.recommended_positions()
    pages = (len(everything) + POSITIONS_PER_PAGE - 1) // POSITIONS_PER_PAGE or 1
    open_position = request.args.get("open", type=int)
    index = next((i for i, p in enumerate(everything) if p.id == open_position), None)
    page = index // POSITIONS_PER_PAGE + 1 if index is not None else request.args.get("page", 1, type=int)
    page = min(max(page, 1), pages)
    shown = everything[(page - 1) * POSITIONS_PER_PAGE : page * POSITIONS_PER_PAGE]
    return render_template(
        "plans/plan.html",
        apprentice=apprentice,
        profile=profile,
        shown=shown,
        first_recommended=len(positions),
        offset=(page - 1) * POSITIONS_PER_PAGE,
        jump=[(p, i // POSITIONS_PER_PAGE + 1) for i, p in enumerate(everything)],
        page=page,
        pages=pages,
        progress=services.progress_by_item(apprentice.id),
        coverage=coverage_for(apprentice),
        is_own=apprentice.id == current_user.id,
        is_trainer=may_act_as_trainer(current_user, apprentice),
        open_position=open_position,
    )


@bp.post("/a/<int:user_id>/items/<int:item_id>/assess")
@role_required(*PLAN_ROLES)
def assess(user_id: int, item_id: int):
    """Self-assessment (the apprentice) or trainer assessment (their trainers) of one item."""
    apprentice = get_apprentice_in_scope_or_404(current_user, user_id)
    item = _item_or_404(apprentice, item_id)
    try:
        if apprentice.id == current_user.id:
            services.self_assess(apprentice, item, request.form.get("level"))
        elif may_act_as_trainer(current_user, apprentice):
            services.trainer_assess(current_user, apprentice, item, request.form.get("level"))
        else:
            abort(403)
    except services.PlanError as error:
        return str(error), 400
    db.session.commit()
    if request.accept_mimetypes.best == "application/json":
        return {"ok": True, "level": int(request.form["level"])}
    back = request.form.get("back")
    if back == "position":
        return redirect(url_for("plans.position", user_id=user_id, position_id=item.position_id) + f"#item-{item.id}")
    return redirect(url_for("plans.plan", user_id=user_id, open=item.position_id) + f"#item-{item.id}")


@bp.get("/a/<int:user_id>/positions/<int:position_id>")
@role_required(*PLAN_ROLES)
def position(user_id: int, position_id: int):
    """One position: items, assessments, notes as evidence."""
    apprentice = get_apprentice_in_scope_or_404(current_user, user_id)
    allowed = {
        p.id: p for p in services.positions_for(apprentice.apprentice_profile) + services.recommended_positions()
    }
    found = allowed.get(position_id)
    if found is None:
        abort(404)
    return render_template(
        "plans/position.html",
        apprentice=apprentice,
        position=found,
        progress=services.progress_by_item(apprentice.id),
        notes=services.notes_by_item(apprentice.id),
        is_own=apprentice.id == current_user.id,
        is_trainer=may_act_as_trainer(current_user, apprentice),
        trainers={u.id: u for u in db.session.scalars(select(User).where(User.company_id == apprentice.company_id))},
    )


@bp.post("/a/<int:user_id>/items/<int:item_id>/notes")
@role_required(Role.APPRENTICE)
def add_note(user_id: int, item_id: int):
    """The apprentice adds a note as evidence for an item."""
    apprentice = get_apprentice_in_scope_or_404(current_user, user_id)
    item = _item_or_404(apprentice, item_id)
    try:
        services.add_note(apprentice, item, request.form.get("text", ""))
    except services.PlanError as error:
        flash(str(error), "error")
        return redirect(url_for("plans.position", user_id=user_id, position_id=item.position_id)), 303
    db.session.commit()
    flash(_("Notiz gespeichert."), "success")
    return redirect(url_for("plans.position", user_id=user_id, position_id=item.position_id) + f"#item-{item.id}")


def _goal_page(apprentice: User, status: int = 200, error: str | None = None):
    positions = services.positions_for(apprentice.apprentice_profile)
    return render_template(
        "plans/goals.html",
        apprentice=apprentice,
        goals=services.goals_of(apprentice.id),
        positions=positions,
        item_codes={i.id: f"{p.number} {i.letter})" for p in positions for i in p.items},
        is_own=apprentice.id == current_user.id,
        error=error,
        form=request.form,
    ), status


@bp.get("/a/<int:user_id>/goals")
@role_required(*PLAN_ROLES)
def goals(user_id: int):
    """The apprentice's own learning goals."""
    return _goal_page(get_apprentice_in_scope_or_404(current_user, user_id))


@bp.post("/a/<int:user_id>/goals")
@role_required(Role.APPRENTICE)
def add_goal(user_id: int):
    """Add a learning goal (what, by when, how, evidence, linked items)."""
    apprentice = get_apprentice_in_scope_or_404(current_user, user_id)
    profile = apprentice.apprentice_profile
    try:
        item_ids = [i for i in request.form.getlist("item_ids", type=int) if services.item_for_apprentice(profile, i)]
        services.add_goal(
            apprentice,
            request.form.get("what", ""),
            _parse_date(request.form.get("due_on")),
            request.form.get("how", ""),
            request.form.get("evidence", ""),
            item_ids,
        )
    except services.PlanError as error:
        return _goal_page(apprentice, 400, str(error))
    db.session.commit()
    flash(_("Lernziel gespeichert."), "success")
    return redirect(url_for("plans.goals", user_id=user_id))


@bp.post("/a/<int:user_id>/goals/<int:goal_id>/achieved")
@role_required(Role.APPRENTICE)
def goal_achieved(user_id: int, goal_id: int):
    """Mark a goal as reached or open again."""
    from lms.plans.models import LearningGoal

    apprentice = get_apprentice_in_scope_or_404(current_user, user_id)
    goal = db.session.scalar(
        select(LearningGoal).where(LearningGoal.id == goal_id, LearningGoal.apprentice_id == apprentice.id)
    )
    if goal is None:
        abort(404)
    services.set_goal_achieved(goal, request.form.get("achieved") == "1")
    db.session.commit()
    return redirect(url_for("plans.goals", user_id=user_id))


@bp.get("/a/<int:user_id>/coverage")
@role_required(*PLAN_ROLES)
def coverage(user_id: int):
    """Coverage per position (printable)."""
    apprentice = get_apprentice_in_scope_or_404(current_user, user_id)
    return render_template("plans/coverage.html", apprentice=apprentice, coverage=coverage_for(apprentice))


def _profile_page(apprentice: User, status: int = 200, error: str | None = None):
    from lms.plans.loader import plan_by_code
    from lms.plans.verbund import active_links

    profile = apprentice.apprentice_profile
    months = (profile.training_end.year - profile.training_start.year) * 12 + (
        profile.training_end.month - profile.training_start.month
    )
    months += 1 if profile.training_end.day >= profile.training_start.day - 1 else 0
    can_manage = (
        current_user.role in (Role.TRAINER, Role.COMPANY_LEAD) and apprentice.company_id == current_user.company_id
    )
    others = select(Company).where(Company.id != apprentice.company_id, Company.is_active).order_by(Company.name)
    return render_template(
        "plans/profile.html",
        apprentice=apprentice,
        profile=profile,
        framework=plan_by_code(profile.occupation_code),
        months=months,
        links=active_links(apprentice.id),
        can_manage=can_manage,
        companies=list(db.session.scalars(others)) if can_manage else [],
        specialisms=OCCUPATIONS[profile.occupation_code].specialisms if profile.occupation_code in OCCUPATIONS else (),
        error=error,
    ), status


@bp.get("/a/<int:user_id>/profile")
@role_required(*PLAN_ROLES)
def profile(user_id: int):
    """Occupation, specialism, start, duration (shortened/extended), exam dates, Verbund partners."""
    return _profile_page(get_apprentice_in_scope_or_404(current_user, user_id))


@bp.post("/a/<int:user_id>/profile")
@role_required(Role.TRAINER, Role.COMPANY_LEAD)
def update_profile(user_id: int):
    """Staff of the apprentice's own company set specialism, end date and exam dates (400 on bad input)."""
    apprentice = get_apprentice_in_scope_or_404(current_user, user_id)
    if apprentice.company_id != current_user.company_id:
        abort(404)
    try:
        services.update_profile(
            apprentice.apprentice_profile,
            specialism=request.form.get("specialism") or None,
            training_end=_parse_date(request.form.get("training_end")) or apprentice.apprentice_profile.training_end,
            exam_part1_date=_parse_date(request.form.get("exam_part1_date")),
            exam_part2_date=_parse_date(request.form.get("exam_part2_date")),
        )
    except services.PlanError as error:
        db.session.rollback()
        return _profile_page(apprentice, 400, str(error))
    db.session.commit()
    flash(_("Profil gespeichert."), "success")
    return redirect(url_for("plans.profile", user_id=user_id))

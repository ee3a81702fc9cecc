"""Pages of trainers and company leads: apprentices' records, review, queue, settings, PDF."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.auth.policy import role_required
from lms.db import db, utcnow
from lms.records import services, workflow
from lms.records.policy import (
    RECORD_ROLES,
    RECORD_STAFF,
    get_record_apprentice_or_404,
    get_week_in_scope_or_404,
    may_review,
    may_set_mode,
)
from lms.records.views import bp, parse_period, pdf_response
from lms.records.workflow import InputError, WorkflowError

WAITING_DAYS = 30


def staff_index():
    """The company's apprentices with their week counts, and the size of the review queue."""
    apprentices = services.company_apprentices(current_user.company_id)
    queue = services.review_queue(current_user.company_id, utcnow())
    return render_template(
        "records/staff_index.html",
        apprentices=apprentices,
        counts=services.status_counts([a.id for a in apprentices]),
        queue=queue,
        overdue=sum(1 for r in queue if r.age_days > WAITING_DAYS),
        daily=services.daily_mode(current_user.company_id),
        may_set_mode=may_set_mode(current_user),
    )


@bp.get("/review")
@role_required(*RECORD_STAFF)
def review_queue():
    """Submitted weeks waiting for review, oldest first, with counts and ages."""
    queue = services.review_queue(current_user.company_id, utcnow())
    return render_template(
        "records/queue.html",
        queue=queue,
        overdue=sum(1 for r in queue if r.age_days > WAITING_DAYS),
        waiting_days=WAITING_DAYS,
    )


@bp.get("/apprentices/<int:user_id>/")
@role_required(*RECORD_STAFF)
def apprentice_record(user_id: int):
    """One apprentice's weeks as their trainer sees them."""
    apprentice = get_record_apprentice_or_404(current_user, user_id)
    rows = services.week_overview(apprentice, services.today())
    return render_template("records/apprentice.html", apprentice=apprentice, rows=rows)


@bp.get("/apprentices/<int:user_id>/export.pdf")
@role_required(*RECORD_STAFF)
def apprentice_pdf(user_id: int):
    """The apprentice's record as PDF for the chamber (optionally ``?from=…&to=…``)."""
    apprentice = get_record_apprentice_or_404(current_user, user_id)
    start, end = parse_period()
    return pdf_response(apprentice, start, end)


@bp.get("/weeks/<int:week_id>")
@role_required(*RECORD_ROLES)
def show_week(week_id: int):
    """A week with its full history; trainers review or return it here."""
    week = get_week_in_scope_or_404(current_user, week_id)
    return render_template(
        "records/week.html", week=week, names=services.reviewer_names([week]), may_review=may_review(current_user)
    )


def _review_step(week_id: int, step):
    week = get_week_in_scope_or_404(current_user, week_id)
    if not may_review(current_user):
        abort(403)
    try:
        step(week)
    except WorkflowError as error:
        abort(409, description=str(error))
    except InputError as error:
        flash(str(error), "error")
        return render_template(
            "records/week.html", week=week, names=services.reviewer_names([week]), may_review=True
        ), 400
    db.session.commit()
    return None


@bp.post("/weeks/<int:week_id>/review")
@role_required(*RECORD_STAFF)
def review_week(week_id: int):
    """Confirm the week as reviewed (dated, optional comment); it is locked afterwards."""
    failed = _review_step(week_id, lambda w: workflow.review_week(w, current_user, request.form.get("comment", "")))
    if failed:
        return failed
    flash(_("Die Woche ist als geprüft bestätigt."), "success")
    return redirect(url_for("records.review_queue"))


@bp.post("/weeks/<int:week_id>/return")
@role_required(*RECORD_STAFF)
def return_week(week_id: int):
    """Send the week back to the apprentice with a reason."""
    failed = _review_step(week_id, lambda w: workflow.return_week(w, current_user, request.form.get("reason", "")))
    if failed:
        return failed
    flash(_("Die Woche ist zurückgegeben."), "success")
    return redirect(url_for("records.review_queue"))


@bp.post("/settings")
@role_required(*RECORD_STAFF)
def settings():
    """Choose weekly or daily records for the company."""
    if not may_set_mode(current_user):
        abort(403)
    services.set_daily_mode(current_user.company_id, request.form.get("daily_mode") == "1")
    db.session.commit()
    flash(_("Die Einstellung ist gespeichert."), "success")
    return redirect(url_for("records.index"))

"""The apprentice's pages of the training record: week list, writing, autosave, corrections, exports.

Thin views: parse → service → commit → redirect/render. Staff pages (review, queue, settings)
are in :mod:`lms.records.staff_views`, on the same blueprint.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.auth.models import Role
from lms.auth.policy import role_required
from lms.db import db
from lms.records import forms, links, services, workflow
from lms.records import projection as _projection  # noqa: F401  (registers the records projection)
from lms.records.export import export_csv, export_json
from lms.records.models import TrainingRecordWeek
from lms.records.pdf import record_pdf
from lms.records.policy import RECORD_ROLES
from lms.records.workflow import InputError, WorkflowError

bp = Blueprint("records", __name__, url_prefix="/records")


@bp.get("/")
@role_required(*RECORD_ROLES)
def index():
    """Apprentices: their weeks (current first, missing flagged). Staff: apprentices and queue."""
    if current_user.role is not Role.APPRENTICE:
        from lms.records.staff_views import staff_index

        return staff_index()
    rows = services.week_overview(current_user, services.today())
    missing = sum(1 for r in rows if r.needs_attention)
    return render_template("records/index.html", rows=rows, missing=missing)


def _week_or_404(year: int, number: int, create: bool = False) -> TrainingRecordWeek | None:
    try:
        if create:
            return services.get_or_create_week(current_user, year, number, services.today())
        services.check_week_allowed(current_user, year, number, services.today())
    except InputError:
        abort(404)
    return services.find_week(current_user.id, year, number)


def _edit_page(year: int, number: int, week: TrainingRecordWeek | None, rows=None, errors=None, status: int = 200):
    days = services.week_days(year, number)
    if week is not None and week.status not in workflow.EDITABLE and rows is None:
        return render_template(
            "records/week.html", week=week, names=services.reviewer_names([week]), may_review=False
        ), status
    return render_template(
        "records/edit.html",
        week=week,
        year=year,
        number=number,
        days=days,
        rows=rows or forms.rows_from_entries(week.revision.entries if week else []),
        errors=errors or {},
        department=week.department if week else services.default_department(current_user.id),
        training_year=week.training_year
        if week
        else services.training_year_for(current_user.apprentice_profile, days[0]),
        daily=services.daily_mode(current_user.company_id),
        item_groups=links.item_choices(current_user),
        tasks=links.task_choices(current_user),
        completed=links.completed_tasks_to_add(current_user),
        forms=forms,
    ), status


@bp.get("/week/<int:year>/<int:number>")
@role_required(Role.APPRENTICE)
def edit_week(year: int, number: int):
    """The form of one week (or the read-only week once it is submitted or reviewed)."""
    return _edit_page(year, number, _week_or_404(year, number))


@bp.post("/week/<int:year>/<int:number>")
@role_required(Role.APPRENTICE)
def save_week(year: int, number: int):
    """Save the week (normal form submit, works without JavaScript); ``action=submit`` also submits.

    Bad input is answered before anything is written: 400 with the form and the text as posted.
    """
    _week_or_404(year, number)
    parsed = forms.parse_week_form(request.form, services.week_days(year, number))
    if parsed.errors:
        flash(_("Bitte prüfen Sie die markierten Felder."), "error")
        week = services.find_week(current_user.id, year, number)
        return _edit_page(year, number, week, forms.rows_from_form(request.form), parsed.errors, 400)
    submitted = request.form.get("action") == "submit"
    week = _week_or_404(year, number, create=True)
    try:
        services.save_week(week, current_user, parsed)
        if submitted:
            workflow.submit_week(week, current_user)
    except WorkflowError as error:
        abort(409, description=str(error))
    except InputError as error:  # e.g. submitting an empty week: the (empty) save stands
        db.session.commit()
        flash(str(error), "error")
        return redirect(url_for("records.edit_week", year=year, number=number))
    db.session.commit()
    flash(_("Die Woche ist eingereicht.") if submitted else _("Gespeichert."), "success")
    if submitted:
        return redirect(url_for("records.index"))
    return redirect(url_for("records.edit_week", year=year, number=number))


@bp.post("/week/<int:year>/<int:number>/autosave")
@role_required(Role.APPRENTICE)
def autosave(year: int, number: int):
    """Save a draft from the page's script (JSON answer; CSRF token in the X-CSRFToken header)."""
    _week_or_404(year, number)
    parsed = forms.parse_week_form(request.form, services.week_days(year, number))
    if parsed.errors:
        return jsonify(ok=False, message=_("Bitte prüfen Sie die markierten Felder."), errors=parsed.errors), 400
    week = _week_or_404(year, number, create=True)
    try:
        revision = services.save_week(week, current_user, parsed)
    except WorkflowError as error:
        return jsonify(ok=False, message=str(error)), 409
    db.session.commit()
    return jsonify(ok=True, saved_at=revision.saved_at.isoformat(), message=_("Gespeichert"))


@bp.post("/week/<int:year>/<int:number>/correct")
@role_required(Role.APPRENTICE)
def correct_week(year: int, number: int):
    """Start a correction of a reviewed week: a new revision with a reason; the old stays visible."""
    week = _week_or_404(year, number)
    if week is None:
        abort(404)
    try:
        workflow.revise_week(week, current_user, request.form.get("reason", ""))
    except WorkflowError as error:
        abort(409, description=str(error))
    except InputError as error:
        flash(str(error), "error")
        return redirect(url_for("records.edit_week", year=year, number=number)), 303
    db.session.commit()
    flash(_("Die Korrektur ist angelegt. Bitte ändern Sie die Woche und reichen Sie sie erneut ein."), "success")
    return redirect(url_for("records.edit_week", year=year, number=number))


@bp.post("/week/<int:year>/<int:number>/add-task")
@role_required(Role.APPRENTICE)
def add_task(year: int, number: int):
    """Add a completed company task to the week with one action."""
    week = _week_or_404(year, number, create=True)
    try:
        links.add_task_to_week(week, current_user, int(request.form.get("task_id", "0") or 0))
    except LookupError:
        abort(404)
    except WorkflowError as error:
        abort(409, description=str(error))
    except InputError as error:
        abort(400, description=str(error))
    db.session.commit()
    flash(_("Die Aufgabe ist in die Woche übernommen."), "success")
    return redirect(url_for("records.edit_week", year=year, number=number))


def parse_period() -> tuple[dt.date | None, dt.date | None]:
    """``from`` and ``to`` query parameters (YYYY-MM-DD); bad values answer 400."""
    try:
        start = dt.date.fromisoformat(request.args["from"]) if request.args.get("from") else None
        end = dt.date.fromisoformat(request.args["to"]) if request.args.get("to") else None
    except ValueError:
        abort(400, description=_("Bitte geben Sie Daten im Format JJJJ-MM-TT an."))
    return start, end


def pdf_response(apprentice, start, end) -> Response:
    body = record_pdf(apprentice, start, end)
    name = f"ausbildungsnachweis-{apprentice.public_id}.pdf"
    return Response(body, mimetype="application/pdf", headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/export.pdf")
@role_required(Role.APPRENTICE)
def export_pdf():
    """The apprentice's own record as PDF (optionally ``?from=…&to=…``)."""
    start, end = parse_period()
    return pdf_response(current_user, start, end)


@bp.get("/export.json")
@role_required(Role.APPRENTICE)
def export_own_json():
    """The apprentice's whole record as JSON (portability)."""
    return Response(
        export_json(current_user),
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="ausbildungsnachweis.json"'},
    )


@bp.get("/export.csv")
@role_required(Role.APPRENTICE)
def export_own_csv():
    """The apprentice's whole record as CSV (portability)."""
    return Response(
        "\ufeff" + export_csv(current_user),
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="ausbildungsnachweis.csv"'},
    )


from lms.records import staff_views as _staff_views  # noqa: E402,F401  (adds the staff routes)

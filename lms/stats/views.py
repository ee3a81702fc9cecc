"""The statistics pages: the dashboard (/stats/) and its CSV/XLSX exports.

Thin views: parse the filter form → scope it by the policy → build the tables → render/export.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, abort, render_template, request
from flask_login import current_user
from sqlalchemy import select

from lms.auth.models import Role
from lms.auth.policy import role_required
from lms.db import db
from lms.orgs.models import Company
from lms.stats import charts, exports, page, privacy
from lms.stats.dashboard import Dashboard, build_dashboard
from lms.stats.forms import build_filter_form, filter_from_form
from lms.stats.policy import STATS_ROLES, scoped_filter

bp = Blueprint("stats", __name__, url_prefix="/stats")

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _dashboard() -> tuple[Dashboard | None, object]:
    """The filter form and, if it is valid, the dashboard for the viewer's scope."""
    form = build_filter_form(request.args, with_companies=current_user.role is Role.CLUSTER_AGENT)
    if request.args and not form.validate():
        return None, form
    flt = scoped_filter(current_user, filter_from_form(form))
    return build_dashboard(flt, privacy.threshold()), form


def _company_names(dashboard: Dashboard) -> list[str] | None:
    ids = dashboard.filter.company_ids
    if ids is None:
        return None
    return list(db.session.scalars(select(Company.name).where(Company.id.in_(ids)).order_by(Company.name)))


def _filename(dashboard: Dashboard, suffix: str) -> str:
    flt = dashboard.filter
    return f"statistik_{flt.start.isoformat()}_{flt.end.isoformat()}{suffix}"


@bp.get("/")
@role_required(*STATS_ROLES)
def dashboard():
    """The dashboard with every section for the chosen filter (400 with the form on bad input)."""
    board, form = _dashboard()
    status = 200 if board is not None else 400
    return render_template(
        "stats/dashboard.html",
        board=board,
        form=form,
        company_names=_company_names(board) if board else None,
        format_cell=page.format_cell,
        table_rows=page.table_rows,
        chart_for=charts.chart_for,
        query=request.query_string.decode(),
        today=dt.date.today(),
    ), status


def _export(body: str | bytes, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/export.xlsx")
@role_required(*STATS_ROLES)
def export_xlsx():
    """Every table of the dashboard as one workbook."""
    board, _form = _dashboard()
    if board is None:
        abort(400)
    body = exports.dashboard_xlsx(board, _company_names(board))
    return _export(body, XLSX_MIME, _filename(board, ".xlsx"))


@bp.get("/export.csv")
@role_required(*STATS_ROLES)
def export_csv():
    """Every table of the dashboard in one CSV file."""
    board, _form = _dashboard()
    if board is None:
        abort(400)
    body = "\ufeff" + exports.dashboard_csv(board, _company_names(board))
    return _export(body, "text/csv; charset=utf-8", _filename(board, ".csv"))


@bp.get("/tables/<key>.csv")
@role_required(*STATS_ROLES)
def table_csv(key: str):
    """One table of the dashboard as CSV."""
    board, _form = _dashboard()
    if board is None:
        abort(400)
    table = board.table(key)
    if table is None:
        abort(404)
    return _export("\ufeff" + exports.table_csv(table), "text/csv; charset=utf-8", _filename(board, f"_{key}.csv"))

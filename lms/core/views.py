"""Start page by role, health check, and the language switch for visitors."""

from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from lms.core.i18n import SUPPORTED_LOCALES
from lms.core.start import summary_for
from lms.db import db

bp = Blueprint("core", __name__)


@bp.get("/")
@login_required
def start():
    """Each role lands on its own start page."""
    role = current_user.role.value
    return render_template(f"core/start_{role}.html", summary=summary_for(current_user))


@bp.get("/healthz")
def healthz():
    """JSON health check: 200 when the database answers, 503 otherwise."""
    try:
        db.session.execute(text("SELECT 1"))
        database = "ok"
    except SQLAlchemyError as error:  # pragma: no cover - exercised by operations, not tests
        db.session.rollback()
        return jsonify(status="error", database="unavailable", detail=type(error).__name__), 503
    return jsonify(status="ok", database=database, dialect=db.engine.dialect.name if db.engine else None)


@bp.post("/language")
def choose_language():
    """Visitors (not signed in) choose German or English for the pages before login."""
    locale = request.form.get("locale", "de")
    if locale in SUPPORTED_LOCALES:
        session["locale"] = locale
    target = request.form.get("next", "")
    return redirect(target if target.startswith("/") and not target.startswith("//") else url_for("auth.login"))

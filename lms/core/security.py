"""Security baseline every page inherits: headers, session loading, error pages."""

from __future__ import annotations

import logging

import flask_babel
from flask import Flask, g, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy import bindparam, select
from werkzeug.exceptions import HTTPException

from lms.auth.models import User
from lms.db import db
from lms.extensions import login_manager
from lms.notifications.services import unread_count_of

log = logging.getLogger(__name__)

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "media-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
ERROR_PAGES = (400, 401, 403, 404, 405, 409, 413, 429, 500)
# Key on ``g`` of the signed-in person's unread-notification count (the menu shows it on every page).
UNREAD_KEY = "lms_unread_notifications"
# Built once: the person and their unread count in one query (every signed-in request runs it).
_SIGNED_IN_PERSON = select(User, unread_count_of(User.id)).where(User.id == bindparam("user_id"))


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """Load the signed-in person; a changed session version (password, deactivation) logs out.

    The same query brings the unread-notification count, kept on ``g`` for the page frame.
    """
    user_id, _sep, version = session_id.partition(":")
    if not user_id.isdigit():
        return None
    row = db.session.execute(_SIGNED_IN_PERSON, {"user_id": int(user_id)}).first()
    if row is None:
        return None
    user, unread = row
    if not user.active or str(user.session_version) != version:
        return None
    setattr(g, UNREAD_KEY, unread or 0)
    return user


def add_security_headers(response):
    """Headers on every response; the LRS API sets its own CSP-free JSON responses too."""
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    return response


def wants_json() -> bool:
    return request.path.startswith(("/xapi", "/healthz", "/api")) or request.accept_mimetypes.best == "application/json"


def render_error(error: HTTPException):
    """Errors in the site's layout (German), or JSON for API paths."""
    db.session.rollback()
    code = error.code or 500
    if wants_json():
        return jsonify(error=error.name, message=error.description), code
    # A view that aborts with its own (German) description gets it shown; defaults are replaced.
    # Flask-Limiter's 429 carries the limit ("10 per 15 minute") as description: never show that.
    custom = error.description if error.description != type(error).description and code != 429 else None
    return render_template("errors/error.html", code=code, error=error, message=custom), code


def render_csrf_error(error: CSRFError):
    db.session.rollback()
    message = _(
        "Das Formular ist abgelaufen oder ungültig. Bitte laden Sie die Seite neu und versuchen Sie es noch einmal."
    )
    return render_template("errors/error.html", code=400, error=error, message=message), 400


def render_internal_error(error: Exception):
    db.session.rollback()
    log.exception("unhandled error on %s %s", request.method, request.path)
    if wants_json():
        return jsonify(error="Internal Server Error", message="unexpected error"), 500
    try:
        return render_template("errors/error.html", code=500, error=None), 500
    except Exception:  # the layout itself failed: answer plainly rather than not at all
        log.exception("error page could not be rendered")
        return "Ein Fehler ist aufgetreten. Es wurde nichts gespeichert.", 500


def forget_request_caches() -> None:
    """Load the signed-in person and their language afresh for every request.

    Flask-Login and Flask-Babel cache the user and the locale on ``g``, which lives on the app
    context; when an app context outlives one request (tests, scripts driving several clients)
    a cached user would leak into the next request and skip the session-version check.
    """
    g.pop("_login_user", None)
    g.pop(UNREAD_KEY, None)
    flask_babel.refresh()


def init_app(app: Flask) -> None:
    app.before_request(forget_request_caches)
    app.after_request(add_security_headers)
    app.register_error_handler(CSRFError, render_csrf_error)
    for code in ERROR_PAGES:
        app.register_error_handler(code, render_error)
    app.register_error_handler(Exception, _dispatch_exception)


def _dispatch_exception(error: Exception):
    if isinstance(error, HTTPException):
        return render_error(error)
    return render_internal_error(error)

"""Security baseline every page inherits: headers, session loading, error pages."""

from __future__ import annotations

import logging
from typing import Any

import flask_babel
from flask import Flask, g, jsonify, render_template, request
from flask.sessions import SecureCookieSessionInterface
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from itsdangerous import URLSafeTimedSerializer
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
# Flask-WTF keeps the request's signed token on ``g`` under the form field name (WTF_CSRF_FIELD_NAME).
CSRF_FIELD = "csrf_token"
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


SECURITY_HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
)


def add_security_headers(response):
    """Headers on every response, unless the view set its own value (as ``setdefault`` would).

    The present names are read once: ``Headers.setdefault`` raises and catches an exception for
    every missing header, which cost each page more than all other header work together.
    """
    headers = response.headers
    present = {name.lower() for name, _value in headers}
    for name, value in SECURITY_HEADERS:
        if name.lower() not in present:
            headers.add(name, value)
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
    """Load the signed-in person, their language and CSRF token afresh for every request.

    Flask-Login, Flask-Babel and Flask-WTF cache the user, the locale and the signed CSRF token
    on ``g``, which lives on the app context; when an app context outlives one request (tests,
    scripts driving several clients) a cached user would leak into the next request and skip the
    session-version check, and one person's token would be put into another person's forms.
    """
    g.pop("_login_user", None)
    g.pop(UNREAD_KEY, None)
    g.pop(CSRF_FIELD, None)
    flask_babel.refresh()


class SignedCookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with the signing serializer built once per secret key.

    Flask builds the serializer anew for every request that reads or writes the session; the
    result depends only on the secret keys and the interface's fixed settings.
    """

    def __init__(self) -> None:
        self._serializer: tuple[tuple[Any, ...], URLSafeTimedSerializer | None] | None = None

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        cached = self._serializer
        if cached is None or cached[0] != keys:
            cached = self._serializer = (keys, super().get_signing_serializer(app))
        return cached[1]


def init_app(app: Flask) -> None:
    app.session_interface = SignedCookieSessions()
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

"""The security baseline every page inherits: CSRF, cookies, headers, settings, error pages, CLI."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from lms import create_app
from lms.auth.models import Role
from lms.config import DEV_SECRET_KEY, ConfigurationError, check_production_safety, flask_config, load_settings
from lms.db import db
from tests.factories import DEFAULT_PASSWORD, make_user

# Endpoints that take POSTs from machines, not from our forms (own authentication, no cookies).
CSRF_EXEMPT_PREFIXES = ("/xapi/",)


def _sample_url(rule) -> str:
    values = {}
    for name, converter in rule._converters.items():
        values[name] = 1 if type(converter).__name__ in {"IntegerConverter", "NumberConverter"} else "x"
    return rule.build(values, append_unknown=False)[1]


def _token(client, path: str) -> str:
    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, f"no CSRF token in the form on {path}"
    return match.group(1)


def test_every_post_route_requires_a_csrf_token(app: Flask):
    """Does every POST endpoint (outside the token-authenticated LRS API) answer 400 without a CSRF token?"""
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    checked = []
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.rule.startswith(CSRF_EXEMPT_PREFIXES):
            continue
        url = _sample_url(rule)
        response = client.post(url, data={"email": "x@test.example", "password": "x"})
        assert response.status_code == 400, f"{rule.endpoint} ({url}) accepted a POST without CSRF token"
        checked.append(rule.endpoint)
    assert {"auth.login", "auth.logout", "company.set_active", "admin.person", "auth.profile"} <= set(checked)


def test_csrf_failure_changes_nothing(app: Flask):
    """Does a forged deactivation or login (no token) change nothing, while the same POST with a token works?"""
    lead = make_user(Role.COMPANY_LEAD)
    trainer = make_user(Role.TRAINER, lead.company)
    db.session.commit()
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    response = client.post("/login", data={"email": lead.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 400 and "Das Formular ist abgelaufen" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302, "not signed in"
    token = _token(client, "/login")
    assert (
        client.post("/login", data={"email": lead.email, "password": DEFAULT_PASSWORD, "csrf_token": token}).status_code
        == 302
    )
    assert client.post(f"/company/people/{trainer.id}/active", data={"active": "0"}).status_code == 400
    db.session.refresh(trainer)
    assert trainer.active
    token = _token(client, "/company/")
    response = client.post(f"/company/people/{trainer.id}/active", data={"active": "0", "csrf_token": token})
    assert response.status_code == 302
    db.session.refresh(trainer)
    assert not trainer.active


def test_session_cookie_flags(client):
    """Is the session cookie HttpOnly and SameSite=Lax (and not Secure on plain http)?"""
    user = make_user(Role.TRAINER)
    response = client.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD})
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_cookies_are_secure_when_base_url_is_https():
    """Does an https base URL make the session and remember cookies Secure?"""
    https = flask_config(load_settings({"LMS_BASE_URL": "https://lms.zukunftsmacher.example/"}))
    assert https["SESSION_COOKIE_SECURE"] is True and https["REMEMBER_COOKIE_SECURE"] is True
    assert https["SESSION_COOKIE_HTTPONLY"] is True and https["SESSION_COOKIE_SAMESITE"] == "Lax"
    plain = flask_config(load_settings({"LMS_BASE_URL": "http://127.0.0.1:5000"}))
    assert plain["SESSION_COOKIE_SECURE"] is False


def test_secure_flag_reaches_the_cookie(app: Flask, client):
    """With SESSION_COOKIE_SECURE (https deployments), does the Set-Cookie header carry Secure?"""
    user = make_user(Role.TRAINER)
    app.config["SESSION_COOKIE_SECURE"] = True
    try:
        response = client.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD})
    finally:
        app.config["SESSION_COOKIE_SECURE"] = False
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))
    assert "Secure" in cookie


@pytest.mark.parametrize("path", ["/login", "/healthz", "/gibt-es-nicht"])
def test_security_headers(client, path):
    """Does every response carry a strict CSP (no unsafe-inline, frame-ancestors 'none') and the other headers?"""
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "style-src 'self'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] in {"same-origin", "strict-origin-when-cross-origin", "no-referrer"}
    assert headers["X-Frame-Options"] == "DENY"


def test_pages_load_nothing_from_other_hosts(client, login_as):
    """Do the layout and start page reference only this host (no CDN, no external fonts)?"""
    login_as(make_user(Role.COMPANY_LEAD))
    for path in ("/", "/login", "/profile"):
        html = client.get(path).get_data(as_text=True)
        assert not re.search(r'(src|href)="(https?:)?//', html), path


def test_production_refuses_the_development_secret_key():
    """Does production mode refuse to start with the development (or a short) secret key?"""
    with pytest.raises(ConfigurationError):
        check_production_safety(load_settings({"LMS_ENV": "production"}))
    with pytest.raises(ConfigurationError):
        check_production_safety(load_settings({"LMS_ENV": "production", "LMS_SECRET_KEY": "kurz"}))
    with pytest.raises(ConfigurationError):
        create_app({"ENV": "production", "SECRET_KEY": DEV_SECRET_KEY})
    check_production_safety(load_settings({"LMS_ENV": "production", "LMS_SECRET_KEY": "x" * 64}))
    check_production_safety(load_settings({}))  # development may use the default


def test_settings_come_from_lms_environment_variables():
    """Are the LMS_* variables read and parsed (numbers, booleans, trailing slashes)?"""
    settings = load_settings(
        {"LMS_MAIL_PORT": "2525", "LMS_MAIL_USE_TLS": "yes", "LMS_BASE_URL": "https://x.example/", "LMS_ENV": ""}
    )
    assert settings["MAIL_PORT"] == 2525 and settings["MAIL_USE_TLS"] is True
    assert settings["BASE_URL"] == "https://x.example" and settings["ENV"] == "development"


def test_cli_lists_the_commands(app: Flask):
    """Does `flask --app wsgi lms --help` list the platform's commands?"""
    result = app.test_cli_runner().invoke(args=["lms", "--help"])
    assert result.exit_code == 0, result.output
    for command in ("init", "demo", "create-user"):
        assert re.search(rf"^\s+{command}\s", result.output, re.MULTILINE), result.output


def test_healthz_is_json_with_database_status(client):
    """Does /healthz answer JSON with status and database fields, without a login?"""
    response = client.get("/healthz")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.json["database"] == "ok" and response.json["dialect"] in {"sqlite", "postgresql"}


def test_error_pages_are_german_and_in_the_layout(client, login_as, app, monkeypatch):
    """Are 403, 404 and 500 answered with German pages in the site's layout?"""
    login_as(make_user(Role.APPRENTICE))
    cases = {"/admin/": (403, "Kein Zugriff"), "/gibt-es-nicht": (404, "Seite nicht gefunden")}
    for path, (status, title) in cases.items():
        response = client.get(path)
        html = response.get_data(as_text=True)
        assert response.status_code == status
        assert title in html and "Zum Inhalt springen" in html and '<html lang="de">' in html

    def boom():
        raise RuntimeError("kaputt")

    monkeypatch.setitem(app.view_functions, "notifications.index", boom)
    response = client.get("/notifications/")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Ein Fehler ist aufgetreten" in html and "Es wurde nichts gespeichert" in html
    assert "kaputt" not in html and "Traceback" not in html

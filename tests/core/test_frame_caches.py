"""What keeps the signed-in page frame cheap: fragment cache, session serializer, trimmed hooks."""

from __future__ import annotations

import pytest
from flask import Flask, Response, render_template_string
from flask_babel import force_locale
from itsdangerous import BadSignature

from lms.core.security import add_security_headers
from lms.extensions import limiter

FRAGMENT = '{% call cached("test-fragment", part) %}{{ render() }} {{ _("Profil") }}{% endcall %}'


def test_fragment_renders_once_per_key_language_and_url_prefix(app: Flask):
    """Is a cached block rendered once per key, and again for another key part, language or prefix?"""
    renders = []

    def render() -> int:
        renders.append(1)
        return len(renders)

    with app.test_request_context():
        assert render_template_string(FRAGMENT, part=1, render=render) == "1 Profil"
        assert render_template_string(FRAGMENT, part=1, render=render) == "1 Profil"
        assert render_template_string(FRAGMENT, part=2, render=render) == "2 Profil"
        with force_locale("en"):
            assert render_template_string(FRAGMENT, part=1, render=render) == "3 Profile"
    with app.test_request_context("/", base_url="http://localhost/prefix"):
        assert render_template_string(FRAGMENT, part=1, render=render) == "4 Profil"


def test_limiter_checks_only_in_the_views_that_declare_limits(app: Flask):
    """Is Flask-Limiter's before-request hook dropped only because no limit needs it? (The login
    throttling tests in tests/auth prove that the limits on the views still answer 429.)"""
    assert all(getattr(hook, "__self__", None) is not limiter for hook in app.before_request_funcs[None])
    manager = limiter.limit_manager
    assert not manager.default_limits and not manager.application_limits
    assert not manager._blueprint_limits, "a blueprint-wide limit needs the before-request hook back"


def test_security_headers_keep_a_value_the_view_set():
    """Does the header hook add each missing header once and leave a view's own value alone?"""
    response = add_security_headers(Response("x", headers={"x-frame-options": "SAMEORIGIN"}))
    assert response.headers.getlist("X-Frame-Options") == ["SAMEORIGIN"]
    assert response.headers.getlist("X-Content-Type-Options") == ["nosniff"]
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_session_serializer_follows_the_secret_key(app: Flask):
    """Is the signing serializer built once, and anew when the secret key changes?"""
    interface = app.session_interface
    first = interface.get_signing_serializer(app)
    assert interface.get_signing_serializer(app) is first
    previous = app.secret_key
    app.secret_key = "another-test-secret-key-that-is-long-enough"
    try:
        rotated = interface.get_signing_serializer(app)
        with pytest.raises(BadSignature):
            rotated.loads(first.dumps({"_user_id": "1:1"}))
    finally:
        app.secret_key = previous
    assert interface.get_signing_serializer(app).loads(first.dumps({"a": 1})) == {"a": 1}

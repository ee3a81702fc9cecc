"""Fixtures of the account tests: a clean login limiter and a CSRF-protected client."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from lms.extensions import limiter


@pytest.fixture(autouse=True)
def clean_limiter() -> Iterator[None]:
    """Failed logins of one test must not throttle the next one."""
    limiter.reset()
    yield
    limiter.reset()


@pytest.fixture()
def csrf_client(app: Flask) -> FlaskClient:
    """A client of the app with CSRF protection switched on (reset after the test)."""
    app.config["WTF_CSRF_ENABLED"] = True
    return app.test_client()


def csrf_token(client: FlaskClient, path: str) -> str:
    """The CSRF token of the form on ``path``."""
    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, f"no CSRF token on {path}"
    return match.group(1)

"""Shared fixtures: one migrated test database per run, one rolled-back transaction per test.

The database is SQLite in a temporary folder, or the one named by ``LMS_TEST_DATABASE_URL``
(e.g. a fresh PostgreSQL database created by ``.ci/run``). Migrations run once per session;
each test then runs inside an outer transaction that is rolled back, while views and services
commit to a SAVEPOINT (``join_transaction_mode="create_savepoint"``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from lms import create_app
from lms.auth.models import User
from lms.db import db
from tests.factories import DEFAULT_PASSWORD


class CommittingClient(FlaskClient):
    """A test client that commits the test's setup data before every request.

    Test data built by factories is only flushed. Without this, a request that fails and rolls
    back (every error page does) would also roll back the test's own setup, and a check such as
    "a foreign id answers 404 and nothing changed" could pass for the wrong reason. Committing
    here only releases the test's SAVEPOINT; the outer transaction still rolls everything back
    after the test.
    """

    def open(self, *args, **kwargs):
        db.session.commit()
        return super().open(*args, **kwargs)


def _database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("LMS_TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The application on a freshly migrated database, with content loaded once."""
    mail_dir = tmp_path_factory.mktemp("mail")
    app = create_app(
        {
            "DATABASE_URL": _database_url(tmp_path_factory),
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-that-is-long-enough-for-tests",
            "BASE_URL": "http://localhost",
            "MAIL_DIR": str(mail_dir),
            "MAIL_SERVER": "",
            "RATELIMIT_STORAGE_URL": "memory://",
            "WTF_CSRF_ENABLED": False,
        }
    )
    app.test_client_class = CommittingClient
    with app.app_context():
        from lms.cli import migrate, run_init_steps

        migrate()
        run_init_steps()
    yield app
    db.engine.dispose()


@pytest.fixture(autouse=True)
def db_session(app: Flask) -> Iterator[None]:
    """Run the test inside a transaction that is rolled back afterwards."""
    connection = db.engine.connect()
    outer = connection.begin()
    db.session.configure(bind=connection, join_transaction_mode="create_savepoint")
    ctx = app.app_context()
    ctx.push()
    try:
        yield
    finally:
        db.session.remove()
        ctx.pop()
        outer.rollback()
        connection.close()
        db.session.configure(bind=db.engine)
        app.config["WTF_CSRF_ENABLED"] = False


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture()
def mail_dir(app: Flask) -> Path:
    """The folder where mails land without SMTP settings (emptied for each test)."""
    folder = Path(app.config["MAIL_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.eml"):
        old.unlink()
    return folder


def login(client: FlaskClient, user: User, password: str = DEFAULT_PASSWORD) -> FlaskClient:
    """Sign ``user`` in through the login form; fails the test if that does not work."""
    response = client.post("/login", data={"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


@pytest.fixture()
def login_as(client: FlaskClient):
    """``login_as(user)`` signs the person in on the test client and returns the client."""
    return lambda user, password=DEFAULT_PASSWORD: login(client, user, password)

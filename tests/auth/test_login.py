"""Login and logout: one generic error, throttling, argon2id hashing and the password rules."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest
from argon2 import PasswordHasher, Type, extract_parameters

from lms.auth.models import Role
from lms.auth.passwords import MIN_LENGTH, hash_password, password_problems, verify_password
from lms.auth.services import authenticate
from lms.config import flask_config, load_settings
from lms.db import db
from tests.factories import DEFAULT_PASSWORD, make_user, without_csrf_token

ROOT = Path(__file__).resolve().parents[2]
GENERIC_ERROR = "E-Mail-Adresse oder Passwort ist falsch."


def _post_login(client, email: str, password: str, addr: str = "127.0.0.1"):
    return client.post("/login", data={"email": email, "password": password}, environ_base={"REMOTE_ADDR": addr})


def test_login_lands_on_start_page_and_logout_ends_session(client):
    """Does a correct login open the start page, and does logout (POST) end the session?"""
    user = make_user(Role.TRAINER)
    response = _post_login(client, user.email, DEFAULT_PASSWORD)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get("/").status_code == 200
    assert user.last_login_at is not None
    response = client.post("/logout")
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    assert client.get("/").status_code == 302


def test_login_is_case_insensitive_for_the_email(client):
    """Can people type their e-mail address with capitals and spaces?"""
    user = make_user(Role.TRAINER)
    assert _post_login(client, f"  {user.email.upper()} ", DEFAULT_PASSWORD).status_code == 302


def test_logout_by_get_is_not_allowed(client, login_as):
    """Is logout POST-only, so a link or image cannot sign anybody out?"""
    login_as(make_user(Role.TRAINER))
    assert client.get("/logout").status_code == 405
    assert client.get("/").status_code == 200


def test_login_error_is_generic(client):
    """Do a wrong password, an unknown address and a deactivated account get the same answer?"""
    user = make_user(Role.TRAINER)
    inactive = make_user(Role.TRAINER)
    inactive.active = False
    db.session.flush()
    answers = [
        _post_login(client, user.email, "falsches-Passwort-123"),
        _post_login(client, "niemand@nirgends.example", "falsches-Passwort-123"),
        _post_login(client, inactive.email, DEFAULT_PASSWORD),
    ]
    for response in answers:
        assert response.status_code == 401
        assert GENERIC_ERROR in response.get_data(as_text=True)
    bodies = {r.get_data(as_text=True).replace(user.email, "X").replace(inactive.email, "X") for r in answers}
    bodies = {without_csrf_token(b.replace("niemand@nirgends.example", "X")) for b in bodies}
    assert len(bodies) == 1, "the pages differ, so they reveal which accounts exist"


def test_next_parameter_only_follows_local_paths(client):
    """Is the ``next`` target after login limited to local paths (no open redirect)?"""
    user = make_user(Role.TRAINER)
    response = client.post(
        "/login?next=https://evil.example/", data={"email": user.email, "password": DEFAULT_PASSWORD}
    )
    assert response.headers["Location"] == "/"
    client.post("/logout")
    response = client.post("/login?next=/profile", data={"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.headers["Location"] == "/profile"


def test_ten_failures_per_account_then_429_in_german(client):
    """After 10 failed attempts on one account (from any addresses), is it throttled with a German 429?"""
    user = make_user(Role.TRAINER)
    other = make_user(Role.TRAINER)
    db.session.commit()  # error pages roll the session back; the accounts must survive that
    for n in range(10):
        assert _post_login(client, user.email, "falsch-falsch-falsch", addr=f"10.0.0.{n + 1}").status_code == 401
    blocked = _post_login(client, user.email, DEFAULT_PASSWORD, addr="10.0.1.1")
    assert blocked.status_code == 429
    page = blocked.get_data(as_text=True)
    assert "Zu viele Versuche" in page and "15 Minuten" in page
    assert "per 15 minute" not in page
    assert _post_login(client, other.email, DEFAULT_PASSWORD, addr="10.0.1.1").status_code == 302


def test_ten_failures_per_address_then_429(client):
    """After 10 failed attempts from one address (on different accounts), is that address throttled?"""
    user = make_user(Role.TRAINER)
    db.session.commit()  # error pages roll the session back; the account must survive that
    for n in range(10):
        assert _post_login(client, f"unbekannt{n}@test.example", "falsch-falsch-falsch").status_code == 401
    assert _post_login(client, user.email, DEFAULT_PASSWORD).status_code == 429
    assert _post_login(client, user.email, DEFAULT_PASSWORD, addr="10.9.9.9").status_code == 302


def test_successful_logins_do_not_count_towards_the_limit(client):
    """Are only failed attempts counted (a busy shared computer may sign in often)?"""
    user = make_user(Role.TRAINER)
    for _ in range(11):
        assert _post_login(client, user.email, DEFAULT_PASSWORD).status_code == 302
        client.post("/logout")


def test_limiter_storage_comes_from_the_settings():
    """Is the limiter storage configurable through LMS_RATELIMIT_STORAGE_URL?"""
    settings = load_settings({"LMS_RATELIMIT_STORAGE_URL": "redis://127.0.0.1:6379/15"})
    assert flask_config(settings)["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/15"
    assert flask_config(load_settings({}))["RATELIMIT_STORAGE_URI"] == "memory://"


REDIS_SCRIPT = textwrap.dedent(
    """
    from lms import create_app
    from lms.auth.models import Role
    from lms.auth.services import create_user
    from lms.cli import migrate
    from lms.db import db
    from lms.extensions import limiter

    import os
    email = os.environ["REDIS_TEST_EMAIL"]
    app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False})
    with app.app_context():
        migrate()
        with db.transaction():
            create_user(email=email, name="Redis Test", role=Role.ADMIN, password="Lausitz-Test-2026!")
        print("storage", type(limiter.storage).__name__)
    client = app.test_client()
    net = os.environ["REDIS_TEST_NET"]
    codes = [client.post("/login", data={"email": email, "password": "falsch-falsch-x"},
                         environ_base={"REMOTE_ADDR": net + "%x" % n}).status_code for n in range(11)]
    print("codes", *codes)
    """
)


def test_login_throttling_with_redis_storage(tmp_path):
    """With Redis as limiter storage (own app in its own process), is the 11th failed login answered with 429?"""
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/15"
    try:
        connection = redis.Redis.from_url(url)
        connection.ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("LMS_REQUIRE_REDIS") == "1":
            raise
        pytest.skip("no Redis on 127.0.0.1:6379")
    # unique account and addresses: parallel and repeated runs share the Redis database
    email = f"redis-{uuid.uuid4().hex[:12]}@test.example"
    net = "fd00:{}:{}::".format(*(uuid.uuid4().hex[i : i + 4] for i in (0, 4)))
    env = {k: v for k, v in os.environ.items() if not k.startswith("LMS_")}
    env.update(
        {
            "LMS_DATABASE_URL": f"sqlite:///{tmp_path / 'redis.sqlite3'}",
            "LMS_RATELIMIT_STORAGE_URL": url,
            "LMS_MAIL_DIR": str(tmp_path / "mail"),
            "LMS_SECRET_KEY": uuid.uuid4().hex * 2,
            "REDIS_TEST_EMAIL": email,
            "REDIS_TEST_NET": net,
        }
    )
    done = subprocess.run(
        [sys.executable, "-c", REDIS_SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=240
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines() if " " in line)
    assert lines["storage"] == "RedisStorage"
    assert lines["codes"].split() == ["401"] * 10 + ["429"]
    keys = connection.keys(f"*login-account:{email}*")
    assert keys, "the counter was not kept in Redis"
    connection.delete(*keys, *connection.keys(f"*{net}*"))


def test_passwords_are_hashed_with_argon2id():
    """Are passwords stored as argon2id hashes (memory-hard), never in clear?"""
    stored = hash_password("Ein langer Satz als Passwort")
    assert stored.startswith("$argon2id$")
    params = extract_parameters(stored)
    assert params.type is Type.ID and params.memory_cost >= 19 * 1024
    assert verify_password(stored, "Ein langer Satz als Passwort")
    assert not verify_password(stored, "Ein anderer Satz als Passwort")
    assert not verify_password(None, "x") and not verify_password("kaputt", "x")
    assert PasswordHasher().check_needs_rehash(stored) is False


def test_authenticate_refuses_wrong_password_and_inactive_accounts():
    """Does authenticate() only return active people with the right password?"""
    user = make_user(Role.APPRENTICE)
    assert authenticate(user.email, DEFAULT_PASSWORD) is user
    assert authenticate(user.email, "nicht-das-passwort") is None
    assert authenticate("fehlt@test.example", DEFAULT_PASSWORD) is None
    user.active = False
    assert authenticate(user.email, DEFAULT_PASSWORD) is None


@pytest.mark.parametrize(
    ("password", "accepted"),
    [
        ("kurz123!", False),
        ("a" * (MIN_LENGTH - 1), False),
        ("passwort123", False),
        ("Passwort1234!", False),
        ("1234567890", False),
        ("aaaaaaaaaaaa", False),
        ("Lausitz-Test-2026!", True),
        ("Vier Wörter für Görlitz", True),
    ],
)
def test_password_rules(password, accepted):
    """Are passwords shorter than 10 characters, common or trivial refused, and good ones accepted?"""
    assert (password_problems(password) == []) is accepted, password_problems(password)


def test_password_must_not_be_the_email_or_name():
    """Is a password made from one's own e-mail address or name refused?"""
    assert password_problems("lena.hoffmann2026", email="lena.hoffmann@demo.example")
    assert password_problems("Lena Hoffmann", name="Lena Hoffmann")

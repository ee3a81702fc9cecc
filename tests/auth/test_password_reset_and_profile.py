"""Password reset by e-mail, and the profile page: change password, change language."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from lms.auth import services
from lms.auth.models import AuditEvent, PasswordResetToken, Role
from lms.auth.tokens import hash_token
from lms.db import db, utcnow
from tests.auth.mailbox import body, link_path, mails
from tests.factories import DEFAULT_PASSWORD, make_user, without_csrf_token

NEW_PASSWORD = "Neisse-Ufer-Spaziergang"


def _reset(client, path: str, password: str = NEW_PASSWORD):
    return client.post(path, data={"password": password, "confirm": password})


def test_password_reset_by_mail(client, mail_dir, app):
    """Does "Passwort vergessen" mail a link that sets a new password, after which the old one fails?"""
    user = make_user(Role.TRAINER)
    db.session.commit()
    response = client.post("/password/forgot", data={"email": user.email})
    assert response.status_code == 302
    [message] = mails(mail_dir, user.email)
    assert message["Subject"] == "Passwort zurücksetzen"
    assert f"gültig {app.config['PASSWORD_RESET_HOURS']} Stunden" in body(message)
    path = link_path(message)
    assert client.get(path).status_code == 200
    response = _reset(client, path)
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    assert services.authenticate(user.email, NEW_PASSWORD) is user
    assert services.authenticate(user.email, DEFAULT_PASSWORD) is None
    assert any(
        e.action == "password_reset" and e.target_user_id == user.id for e in db.session.scalars(select(AuditEvent))
    )


def test_forgot_password_does_not_reveal_accounts(client, mail_dir):
    """Is the answer for an unknown address the same as for a known one, with no mail sent?"""
    user = make_user(Role.TRAINER)
    db.session.commit()
    known = client.post("/password/forgot", data={"email": user.email}, follow_redirects=True)
    unknown = client.post("/password/forgot", data={"email": "wer@nirgends.example"}, follow_redirects=True)
    assert known.status_code == unknown.status_code == 200
    assert without_csrf_token(known.get_data(as_text=True)) == without_csrf_token(unknown.get_data(as_text=True))
    assert len(mails(mail_dir)) == 1


def test_reset_link_is_single_use_and_hashed(client):
    """Does a used reset link stop working, and is only its hash stored?"""
    user = make_user(Role.APPRENTICE)
    token = services.request_password_reset(user.email)
    reset = db.session.scalar(select(PasswordResetToken).where(PasswordResetToken.user_id == user.id))
    assert reset.token_hash == hash_token(token) != token
    db.session.commit()
    assert _reset(client, f"/password/reset/{token}").status_code == 302
    assert reset.used_at is not None
    again = _reset(client, f"/password/reset/{token}", "Noch-ein-neues-Passwort")
    assert again.status_code == 404 and "nicht mehr gültig" in again.get_data(as_text=True)
    assert services.authenticate(user.email, NEW_PASSWORD) is user


def test_reset_link_expires(client, app):
    """Does a reset link older than PASSWORD_RESET_HOURS answer 404 and change nothing?"""
    user = make_user(Role.APPRENTICE)
    token = services.request_password_reset(user.email)
    reset = db.session.scalar(select(PasswordResetToken).where(PasswordResetToken.user_id == user.id))
    hours = app.config["PASSWORD_RESET_HOURS"]
    assert dt.timedelta(hours=hours - 1) < reset.expires_at - utcnow() <= dt.timedelta(hours=hours)
    reset.expires_at = utcnow() - dt.timedelta(seconds=1)
    db.session.commit()
    assert _reset(client, f"/password/reset/{token}").status_code == 404
    assert services.authenticate(user.email, DEFAULT_PASSWORD) is user


def test_no_reset_for_deactivated_accounts(mail_dir):
    """Do deactivated people get no reset link?"""
    user = make_user(Role.TRAINER)
    user.active = False
    assert services.request_password_reset(user.email) is None
    assert mails(mail_dir) == []


def test_reset_checks_password_rules(client):
    """Is a common password refused on the reset page (400) and the link still usable afterwards?"""
    user = make_user(Role.TRAINER)
    token = services.request_password_reset(user.email)
    response = _reset(client, f"/password/reset/{token}", "password123")
    assert response.status_code == 400
    assert "zu verbreitet" in response.get_data(as_text=True)
    assert _reset(client, f"/password/reset/{token}").status_code == 302


def test_reset_ends_other_sessions(app, client):
    """After a password reset, is a session opened before with the old password signed out?"""
    user = make_user(Role.TRAINER)
    db.session.commit()
    other = app.test_client()
    assert other.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD}).status_code == 302
    token = services.request_password_reset(user.email)
    db.session.commit()
    assert _reset(client, f"/password/reset/{token}").status_code == 302
    assert other.get("/").status_code == 302


def test_change_password_on_profile(app, client, login_as):
    """Does the profile change the password after checking the current one, keep this session and end others?"""
    user = make_user(Role.APPRENTICE)
    db.session.commit()
    other = app.test_client()
    other.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD})
    login_as(user)
    assert client.get("/profile").status_code == 200
    wrong = client.post(
        "/profile", data={"pw-current": "falsch-falsch", "pw-password": NEW_PASSWORD, "pw-confirm": NEW_PASSWORD}
    )
    assert wrong.status_code == 400 and "Das aktuelle Passwort stimmt nicht." in wrong.get_data(as_text=True)
    weak = client.post("/profile", data={"pw-current": DEFAULT_PASSWORD, "pw-password": "kurz", "pw-confirm": "kurz"})
    assert weak.status_code == 400
    assert services.authenticate(user.email, DEFAULT_PASSWORD) is user
    ok = client.post(
        "/profile", data={"pw-current": DEFAULT_PASSWORD, "pw-password": NEW_PASSWORD, "pw-confirm": NEW_PASSWORD}
    )
    assert ok.status_code == 302
    assert services.authenticate(user.email, NEW_PASSWORD) is user
    assert client.get("/profile").status_code == 200, "this session stays signed in"
    assert other.get("/").status_code == 302, "other sessions end"
    assert any(e.action == "password_changed" for e in db.session.scalars(select(AuditEvent)))


def test_change_language_on_profile(client, login_as):
    """Does the profile store English as the interface language, and refuse unknown ones?"""
    user = make_user(Role.TRAINER)
    login_as(user)
    response = client.post("/profile", data={"lang-locale": "en"})
    assert response.status_code == 302
    assert user.locale == "en"
    assert client.post("/profile", data={"lang-locale": "fr"}).status_code == 400
    assert user.locale == "en"

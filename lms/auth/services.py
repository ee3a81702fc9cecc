"""Accounts: authentication, password reset and change, deactivation, roles, audit.

Functions take the acting person explicitly, add and flush, and never commit. Rule
violations raise :class:`AccountError` with a German, user-presentable message.
Invitations, which build on :func:`create_user`, are in :mod:`lms.auth.invitations`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from lms.auth.models import ApprenticeProfile, AuditEvent, PasswordResetToken, Role, User
from lms.auth.passwords import DUMMY_HASH, hash_password, password_problems, verify_password
from lms.auth.policy import may_deactivate
from lms.auth.tokens import hash_token, new_token
from lms.db import db, utcnow
from lms.mail import send_mail
from lms.orgs.models import Company


class AccountError(ValueError):
    """A request about an account broke a rule; ``str(error)`` is shown to the user."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def record_audit(
    action: str,
    *,
    actor: User | None,
    target: User | None = None,
    company_id: int | None = None,
    remote_addr: str | None = None,
    **details: Any,
) -> AuditEvent:
    """Append one entry to the security audit log."""
    if company_id is None and target is not None:
        company_id = target.company_id
    event = AuditEvent(
        action=action,
        actor_id=actor.id if actor else None,
        target_user_id=target.id if target else None,
        company_id=company_id,
        remote_addr=remote_addr,
        details=details,
    )
    db.session.add(event)
    db.session.flush()
    return event


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None. Takes the same time either way."""
    user = find_user_by_email(email)
    if user is None:
        verify_password(DUMMY_HASH, password)
        return None
    if not verify_password(user.password_hash, password) or not user.active:
        return None
    user.last_login_at = utcnow()
    return user


def check_new_password(password: str, user_email: str, user_name: str) -> None:
    """Raise AccountError with every reason the password is not acceptable."""
    problems = password_problems(password, email=user_email, name=user_name)
    if problems:
        raise AccountError(" ".join(problems))


def create_user(
    *,
    email: str,
    name: str,
    role: Role,
    password: str | None,
    company_id: int | None = None,
    is_without_aevo: bool = False,
    apprentice: dict[str, Any] | None = None,
    locale: str = "de",
) -> User:
    """Create an account (used by invitations, the CLI and demo data)."""
    email = normalise_email(email)
    if find_user_by_email(email) is not None:
        raise AccountError(_("Für diese E-Mail-Adresse gibt es bereits ein Konto."))
    if role.belongs_to_company and company_id is None:
        raise AccountError(_("Diese Rolle braucht einen Betrieb."))
    if not role.belongs_to_company:
        company_id = None
    user = User(
        email=email,
        name=name.strip(),
        role=role,
        company_id=company_id,
        is_without_aevo=is_without_aevo and role is Role.TRAINER,
        locale=locale,
        password_hash=hash_password(password) if password else None,
    )
    db.session.add(user)
    db.session.flush()
    if role is Role.APPRENTICE:
        db.session.add(ApprenticeProfile(user_id=user.id, **apprentice_profile_fields(apprentice or {})))
        db.session.flush()
    return user


def apprentice_profile_fields(details: dict[str, Any]) -> dict[str, Any]:
    """The apprentice profile's columns from form or invitation details (ISO dates or dates).

    Fills defaults (start today, end three years later); raises :class:`AccountError` if the
    end is not after the start.
    """

    def as_date(value: Any) -> dt.date | None:
        if value in (None, ""):
            return None
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))

    start = as_date(details.get("training_start")) or dt.date.today()
    end = as_date(details.get("training_end")) or start.replace(year=start.year + 3)
    if end <= start:
        raise AccountError(_("Das Ausbildungsende muss nach dem Ausbildungsbeginn liegen."))
    return {
        "occupation_code": details.get("occupation_code") or "mechatroniker_2018",
        "specialism": details.get("specialism") or None,
        "training_start": start,
        "training_end": end,
        "exam_part1_date": as_date(details.get("exam_part1_date")),
        "exam_part2_date": as_date(details.get("exam_part2_date")),
    }


def request_password_reset(email: str, *, remote_addr: str | None = None) -> str | None:
    """Mail a reset link if an active account exists; returns the token (None otherwise).

    The caller shows the same message either way, so nobody learns which addresses exist.
    """
    user = find_user_by_email(email)
    if user is None or not user.active:
        return None
    token, token_hash = new_token()
    hours = current_app.config["PASSWORD_RESET_HOURS"]
    db.session.add(
        PasswordResetToken(token_hash=token_hash, user_id=user.id, expires_at=utcnow() + dt.timedelta(hours=hours))
    )
    db.session.flush()
    record_audit("password_reset_requested", actor=None, target=user, remote_addr=remote_addr)
    link = f"{current_app.config['BASE_URL']}/password/reset/{token}"
    send_mail(
        user.email,
        _("Passwort zurücksetzen"),
        _(
            "Hallo %(name)s,\n\nüber diesen Link setzen Sie ein neues Passwort (gültig %(hours)d Stunden, "
            "nur einmal nutzbar):\n\n%(link)s\n\nWenn Sie das nicht angefordert haben, ignorieren Sie "
            "diese E-Mail.",
            name=user.name,
            hours=hours,
            link=link,
        ),
        fail_silently=True,
    )
    return token


def find_open_reset(token: str) -> PasswordResetToken | None:
    """The reset for this token if unused and unexpired, for an active account."""
    reset = db.session.scalar(select(PasswordResetToken).where(PasswordResetToken.token_hash == hash_token(token)))
    if reset is None or reset.used_at or reset.expires_at <= utcnow() or not reset.user.active:
        return None
    return reset


def reset_password(reset: PasswordResetToken, password: str, *, remote_addr: str | None = None) -> User:
    """Set a new password through a reset token and use the token up."""
    user = reset.user
    check_new_password(password, user.email, user.name)
    _set_password(user, password)
    reset.used_at = utcnow()
    record_audit("password_reset", actor=user, target=user, remote_addr=remote_addr)
    return user


def change_password(user: User, current: str, new: str) -> None:
    """Change one's own password after confirming the current one."""
    if not verify_password(user.password_hash, current):
        raise AccountError(_("Das aktuelle Passwort stimmt nicht."))
    check_new_password(new, user.email, user.name)
    _set_password(user, new)
    record_audit("password_changed", actor=user, target=user)


def _set_password(user: User, password: str) -> None:
    user.password_hash = hash_password(password)
    user.session_version += 1  # signs out other sessions
    db.session.flush()


def set_active(actor: User, target: User, active: bool, *, remote_addr: str | None = None) -> None:
    """Deactivate (or reactivate) a person; deactivation ends their sessions."""
    if not may_deactivate(actor, target):
        raise AccountError(_("Sie dürfen diese Person nicht deaktivieren."))
    if target.active == active:
        return
    target.active = active
    target.session_version += 1
    record_audit("deactivate" if not active else "reactivate", actor=actor, target=target, remote_addr=remote_addr)
    db.session.flush()


def change_role(actor: User, target: User, role: Role, company_id: int | None) -> None:
    """Admins change a person's role (and company where the role needs one)."""
    if actor.role is not Role.ADMIN or actor.id == target.id:
        raise AccountError(_("Sie dürfen diese Rolle nicht ändern."))
    if role.belongs_to_company and company_id is None:
        raise AccountError(_("Diese Rolle braucht einen Betrieb."))
    if role is Role.APPRENTICE and target.apprentice_profile is None:
        raise AccountError(_("Azubis werden über eine Einladung mit Ausbildungsdaten angelegt."))
    if role.belongs_to_company and db.session.get(Company, company_id) is None:
        raise AccountError(_("Diesen Betrieb gibt es nicht."))
    old = target.role
    target.role = role
    target.company_id = company_id if role.belongs_to_company else None
    target.session_version += 1
    record_audit("role_change", actor=actor, target=target, old=old.value, new=role.value)
    db.session.flush()


def set_locale(user: User, locale: str) -> None:
    """Store the person's interface language (de or en)."""
    if locale not in {"de", "en"}:
        raise AccountError(_("Unbekannte Sprache."))
    user.locale = locale
    db.session.flush()


def count_active_users() -> int:
    return db.session.scalar(select(func.count()).select_from(User).where(User.active.is_(True))) or 0

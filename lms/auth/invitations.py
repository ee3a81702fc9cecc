"""Invitations: send one by e-mail, find an open one by its token, accept it.

Service functions in the style of :mod:`lms.auth.services` (explicit arguments, flush, never
commit; rule violations raise :class:`AccountError`). The form handling shared by the company
lead's and the cluster agent's pages is in :mod:`lms.auth.invite_flow`. Tokens are stored
only as SHA-256 hashes, expire after ``INVITATION_DAYS`` and are single-use.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from lms.auth.models import Invitation, Role, User
from lms.auth.policy import may_invite
from lms.auth.services import (
    AccountError,
    apprentice_profile_fields,
    check_new_password,
    create_user,
    find_user_by_email,
    normalise_email,
    record_audit,
)
from lms.auth.tokens import hash_token, new_token
from lms.db import db, utcnow
from lms.mail import send_mail


def invitation_link(token: str) -> str:
    """The absolute URL on which the invited person sets their password."""
    return f"{current_app.config['BASE_URL']}/invite/{token}"


def invite(
    inviter: User,
    *,
    email: str,
    name: str,
    role: Role,
    company_id: int | None,
    details: dict[str, Any] | None = None,
    remote_addr: str | None = None,
) -> tuple[Invitation, str]:
    """Invite a person by e-mail; returns the invitation and its one-time token.

    Company leads invite into their own company; the cluster agent invites company leads.
    Raises :class:`AccountError` if the inviter may not invite the role, the role needs a
    company, the address already has an account or the apprentice details are invalid.
    """
    if not may_invite(inviter, role):
        raise AccountError(_("Sie dürfen diese Rolle nicht einladen."))
    if inviter.role is Role.COMPANY_LEAD:
        company_id = inviter.company_id
    if role.belongs_to_company and company_id is None:
        raise AccountError(_("Bitte wählen Sie einen Betrieb."))
    email = normalise_email(email)
    if find_user_by_email(email) is not None:
        raise AccountError(_("Für diese E-Mail-Adresse gibt es bereits ein Konto."))
    if role is Role.APPRENTICE:
        apprentice_profile_fields(details or {})  # validate now, not at acceptance time
    token, token_hash = new_token()
    days = current_app.config["INVITATION_DAYS"]
    invitation = Invitation(
        token_hash=token_hash,
        email=email,
        name=name.strip(),
        role=role,
        company_id=company_id if role.belongs_to_company else None,
        invited_by_id=inviter.id,
        details=_jsonable(details or {}),
        expires_at=utcnow() + dt.timedelta(days=days),
    )
    db.session.add(invitation)
    db.session.flush()
    record_audit(
        "invite", actor=inviter, company_id=invitation.company_id, remote_addr=remote_addr, email=email, role=role.value
    )
    _send_invitation_mail(invitation, inviter, token, days)
    return invitation, token


def _send_invitation_mail(invitation: Invitation, inviter: User, token: str, days: int) -> None:
    """Mail the one-time link; a delivery failure is logged, not raised."""
    send_mail(
        invitation.email,
        _("Einladung zur Zukunftsmacher Lernplattform"),
        _(
            "Hallo %(name)s,\n\n%(inviter)s lädt Sie zur Lernplattform des Ausbildungsclusters ein. "
            "Über diesen Link legen Sie Ihr Passwort fest (gültig %(days)d Tage, nur einmal nutzbar):\n\n%(link)s",
            name=invitation.name,
            inviter=inviter.name,
            days=days,
            link=invitation_link(token),
        ),
        fail_silently=True,
    )


def _jsonable(details: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in details.items()}


def find_open_invitation(token: str) -> Invitation | None:
    """The invitation for this token if it is unused, not revoked and not expired."""
    invitation = db.session.scalar(select(Invitation).where(Invitation.token_hash == hash_token(token)))
    if invitation is None or invitation.accepted_at or invitation.revoked_at:
        return None
    if invitation.expires_at <= utcnow():
        return None
    return invitation


def accept_invitation(invitation: Invitation, password: str, *, remote_addr: str | None = None) -> User:
    """Create the invited account with the chosen password and use up the invitation.

    Raises :class:`AccountError` if the password is not acceptable or the address has
    meanwhile got an account.
    """
    check_new_password(password, invitation.email, invitation.name)
    details = dict(invitation.details or {})
    user = create_user(
        email=invitation.email,
        name=invitation.name,
        role=invitation.role,
        password=password,
        company_id=invitation.company_id,
        is_without_aevo=bool(details.pop("is_without_aevo", False)),
        apprentice=details,
    )
    invitation.accepted_at = utcnow()
    record_audit("invitation_accepted", actor=user, target=user, remote_addr=remote_addr)
    return user

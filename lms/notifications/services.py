"""Notify people in the app and, where wanted, by e-mail."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import ColumnElement, ScalarSelect, func, select, update

from lms.auth.models import User
from lms.db import db, utcnow
from lms.mail import send_mail
from lms.notifications.models import Notification


def notify(user: User, kind: str, message: str, link: str | None = None, *, email: bool = True) -> Notification:
    """Add an in-app notification for ``user`` and send the same text by e-mail.

    The mail goes out immediately (or to ``instance/mail/`` without SMTP settings); a mail
    failure is logged by :func:`lms.mail.send_mail` and never undoes the notification.
    """
    notification = Notification(user_id=user.id, kind=kind, message=message, link=link)
    db.session.add(notification)
    db.session.flush()
    if email and user.active:
        url = f"{current_app.config['BASE_URL']}{link}" if link and link.startswith("/") else link
        body = message if not url else f"{message}\n\n{url}"
        send_mail(user.email, f"Zukunftsmacher: {message[:80]}", body, fail_silently=True)
    return notification


def unread_count(user_id: int) -> int:
    """How many notifications the person has not read yet."""
    return db.session.scalar(select(unread_count_of(user_id))) or 0


def unread_count_of(user_id: int | ColumnElement[int]) -> ScalarSelect[int]:
    """The unread count as a scalar subquery, so the user loader can fetch it with the person
    (``user_id`` may be a column: one query instead of two on every signed-in page)."""
    query = select(func.count()).where(Notification.user_id == user_id, Notification.read_at.is_(None))
    return query.scalar_subquery()


def recent_notifications(user_id: int, limit: int = 50) -> list[Notification]:
    """The person's newest notifications, newest first."""
    query = (
        select(Notification)
        .where(Notification.user_id == user_id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def mark_all_read(user_id: int) -> int:
    """Mark every unread notification of the person as read; returns how many changed."""
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    return result.rowcount or 0

"""Outgoing e-mail (SMTP or the mail folder) and in-app notifications."""

from __future__ import annotations

import logging
import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from lms.auth.models import Role
from lms.mail import send_mail
from lms.notifications.services import mark_all_read, notify, recent_notifications, unread_count
from tests.auth.mailbox import body, mails
from tests.factories import make_user


def test_without_smtp_mail_lands_in_the_mail_folder_and_is_logged(mail_dir, caplog):
    """Without LMS_MAIL_SERVER, is a mail written as .eml to MAIL_DIR and the fact logged?"""
    with caplog.at_level(logging.INFO, logger="lms.mail"):
        send_mail("lena@test.example", "Grüße aus Görlitz", "Hallo Lena,\n\nÄrger? Nö.")
    [message] = mails(mail_dir)
    assert message["To"] == "lena@test.example" and message["Subject"] == "Grüße aus Görlitz"
    assert "Ärger? Nö." in body(message)
    assert "Zukunftsmacher" in message["From"]
    assert any("lena@test.example" in r.getMessage() and str(mail_dir) in r.getMessage() for r in caplog.records)


class _Collect(Message):
    """An aiosmtpd handler that keeps every received message."""

    def __init__(self) -> None:
        super().__init__()
        self.received = []

    def handle_message(self, message) -> None:
        self.received.append(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_mail_through_a_real_smtp_server(app, mail_dir):
    """With SMTP settings, does a mail reach a real local SMTP server (aiosmtpd) intact, and not the folder?"""
    handler = _Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    saved = {key: app.config[key] for key in ("MAIL_SERVER", "MAIL_PORT")}
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
    try:
        send_mail("ausbilder@test.example", "Neue Einladung – Cottbus", "Hallo,\n\nbitte prüfen: äöüß.")
    finally:
        app.config.update(saved)
        controller.stop()
    [message] = handler.received
    assert message["To"] == "ausbilder@test.example"
    assert "Cottbus" in str(message["Subject"])
    text = message.get_payload(decode=True).decode(message.get_content_charset() or "utf-8")
    assert "bitte prüfen: äöüß." in text
    assert mails(mail_dir) == []


def test_smtp_failure_raises_unless_silent(app, caplog):
    """Does an unreachable SMTP server raise (or only log with fail_silently)?"""
    saved = {key: app.config[key] for key in ("MAIL_SERVER", "MAIL_PORT")}
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=_free_port())
    try:
        with pytest.raises(OSError):
            send_mail("x@test.example", "Betreff", "Text")
        send_mail("x@test.example", "Betreff", "Text", fail_silently=True)
    finally:
        app.config.update(saved)
    assert any("could not send mail" in r.getMessage() for r in caplog.records)


def test_notify_adds_in_app_notification_and_mails(mail_dir):
    """Does notify() add an unread notification and send the same text with the full link by e-mail?"""
    user = make_user(Role.APPRENTICE)
    notify(user, "test", "Deine Woche 47 wurde abgezeichnet.", "/records/")
    assert unread_count(user.id) == 1
    [message] = mails(mail_dir, user.email)
    assert "Deine Woche 47 wurde abgezeichnet." in body(message)
    assert "http://localhost/records/" in body(message)
    assert mark_all_read(user.id) == 1 and unread_count(user.id) == 0


def test_notifications_page_lists_only_own_and_marks_read(client, login_as):
    """Does the notifications page show the person's own notifications only, and mark them read?"""
    user = make_user(Role.TRAINER)
    other = make_user(Role.TRAINER)
    notify(user, "test", "Für dich bestimmt", "/", email=False)
    notify(other, "test", "Nicht für dich", "/", email=False)
    login_as(user)
    html = client.get("/notifications/").get_data(as_text=True)
    assert "Für dich bestimmt" in html and "Nicht für dich" not in html
    assert client.post("/notifications/read").status_code == 302
    assert unread_count(user.id) == 0 and unread_count(other.id) == 1
    assert [n.message for n in recent_notifications(user.id)] == ["Für dich bestimmt"]

"""Outgoing e-mail: SMTP when ``LMS_MAIL_SERVER`` is set, otherwise files in ``instance/mail/``."""

from __future__ import annotations

import logging
import smtplib
import uuid
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from flask import current_app

from lms.db import utcnow

log = logging.getLogger(__name__)


def build_message(to: str, subject: str, body: str) -> EmailMessage:
    """A plain-text UTF-8 message from the configured sender."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = make_msgid(domain="zukunftsmacher.example")
    message.set_content(body)
    return message


def send_mail(to: str, subject: str, body: str, *, fail_silently: bool = False) -> EmailMessage:
    """Send one message. Without SMTP settings it is written to the mail folder and logged.

    Raises ``OSError``/``smtplib.SMTPException`` on delivery failure unless ``fail_silently``.
    """
    message = build_message(to, subject, body)
    config = current_app.config
    try:
        if config["MAIL_SERVER"]:
            _send_smtp(message, config)
        else:
            _write_file(message, Path(config["MAIL_DIR"]))
    except (OSError, smtplib.SMTPException):
        log.exception("could not send mail to %s", to)
        if not fail_silently:
            raise
    return message


def _send_smtp(message: EmailMessage, config: dict) -> None:
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=15) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)
    log.info("mail sent to %s: %s", message["To"], message["Subject"])


def _write_file(message: EmailMessage, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{utcnow():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}.eml"
    path.write_bytes(bytes(message))
    log.info("mail to %s written to %s (no LMS_MAIL_SERVER set): %s", message["To"], path, message["Subject"])

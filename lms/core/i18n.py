"""Language and time zone of each request, and German date formatting helpers."""

from __future__ import annotations

from flask import request, session
from flask_login import current_user

SUPPORTED_LOCALES = ("de", "en")


def select_locale() -> str:
    """The signed-in person's language, else a chosen one in the session, else German."""
    if current_user and current_user.is_authenticated:
        return current_user.locale
    chosen = session.get("locale") if request else None
    return chosen if chosen in SUPPORTED_LOCALES else "de"


def select_timezone() -> str:
    return "Europe/Berlin"

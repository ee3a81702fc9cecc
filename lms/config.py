"""Settings read from ``LMS_*`` environment variables, with safe development defaults.

Every setting the platform knows is listed in :data:`SETTINGS`; ``load_settings`` turns the
environment into a plain dict that ``create_app`` puts into ``app.config``. Production mode
(``LMS_ENV=production``) refuses to start with the development secret key.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

DEV_SECRET_KEY = "dev-only-not-secret-change-me"  # noqa: S105 (refused in production)
PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"


def _bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


# name -> (default, parser). Names are given without the LMS_ prefix.
SETTINGS: dict[str, tuple[Any, Any]] = {
    "ENV": ("development", str),
    "DATABASE_URL": (f"sqlite:///{INSTANCE_DIR / 'lms.sqlite3'}", str),
    "SECRET_KEY": (DEV_SECRET_KEY, str),
    "BASE_URL": ("http://127.0.0.1:5000", str),
    "XAPI_IRI_BASE": ("https://lms.zukunftsmacher.example/", str),
    "LRS_FORWARD_URL": ("", str),
    "LRS_FORWARD_USERNAME": ("", str),
    "LRS_FORWARD_PASSWORD": ("", str),
    "LRS_FORWARD_TIMEOUT": (10.0, float),
    "MAIL_SERVER": ("", str),
    "MAIL_PORT": (25, int),
    "MAIL_USERNAME": ("", str),
    "MAIL_PASSWORD": ("", str),
    "MAIL_USE_TLS": (False, _bool),
    "MAIL_SENDER": ("Zukunftsmacher Lernplattform <noreply@zukunftsmacher.example>", str),
    "MAIL_DIR": (str(INSTANCE_DIR / "mail"), str),
    "RATELIMIT_STORAGE_URL": ("memory://", str),
    "PRIVACY_THRESHOLD": (5, int),
    "INVITATION_DAYS": (7, int),
    "PASSWORD_RESET_HOURS": (2, int),
    "COURSES_DIR": (str(PROJECT_ROOT / "courses"), str),
    "FRAMEWORK_PLANS_FILE": (str(PROJECT_ROOT / "data" / "framework_plans.yaml"), str),
    "LOG_LEVEL": ("INFO", str),
}


class ConfigurationError(RuntimeError):
    """Raised when the settings would make the platform unsafe or unusable."""


def load_settings(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Read every known setting from ``environ`` (default: ``os.environ``) into a dict."""
    environ = os.environ if environ is None else environ
    settings: dict[str, Any] = {}
    for name, (default, parse) in SETTINGS.items():
        raw = environ.get(f"LMS_{name}")
        settings[name] = default if raw is None or raw == "" else parse(raw)
    settings["XAPI_IRI_BASE"] = settings["XAPI_IRI_BASE"].rstrip("/") + "/"
    settings["BASE_URL"] = settings["BASE_URL"].rstrip("/")
    return settings


def flask_config(settings: Mapping[str, Any]) -> dict[str, Any]:
    """Derive Flask's own configuration keys from the platform settings."""
    secure = str(settings["BASE_URL"]).startswith("https://")
    return {
        "SECRET_KEY": settings["SECRET_KEY"],
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": secure,
        "WTF_CSRF_TIME_LIMIT": None,
        "RATELIMIT_STORAGE_URI": settings["RATELIMIT_STORAGE_URL"],
        "RATELIMIT_HEADERS_ENABLED": False,
        "BABEL_DEFAULT_LOCALE": "de",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Berlin",
        "MAX_CONTENT_LENGTH": 32 * 1024 * 1024,
    }


def check_production_safety(settings: Mapping[str, Any]) -> None:
    """Refuse to run in production with the development secret key or a short key."""
    if settings["ENV"] != "production":
        return
    key = str(settings["SECRET_KEY"])
    if key == DEV_SECRET_KEY or len(key) < 32:
        raise ConfigurationError(
            "LMS_SECRET_KEY must be set to a random value of at least 32 characters in "
            "production (e.g. python -c 'import secrets; print(secrets.token_hex(32))')."
        )

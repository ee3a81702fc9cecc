"""Zukunftsmacher Lernplattform: the application factory."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask

from lms import config as settings_module
from lms.extensions import babel, csrf, limiter, login_manager


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app: settings from ``LMS_*`` (overridden by ``config``), extensions, features."""
    app = Flask(
        __name__,
        template_folder="../templates",
        static_folder="../static",
        instance_path=str(settings_module.INSTANCE_DIR),
    )
    settings = settings_module.load_settings()
    settings.update(config or {})
    settings_module.check_production_safety(settings)
    app.config.update(settings)
    app.config.update(settings_module.flask_config(settings))
    app.config.update({k: v for k, v in (config or {}).items() if k.isupper()})
    logging.basicConfig(level=app.config["LOG_LEVEL"], format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)

    from lms.db import db  # imported here: a package-level name `db` would shadow lms.db

    db.init_app(app)
    _init_extensions(app)
    _register_features(app)
    return app


def _init_extensions(app: Flask) -> None:
    from lms.core.i18n import select_locale, select_timezone

    babel.init_app(
        app,
        locale_selector=select_locale,
        timezone_selector=select_timezone,
        default_translation_directories="translations",
    )
    csrf.init_app(app)
    limiter.init_app(app)
    _check_limits_in_views_only(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"


def _check_limits_in_views_only(app: Flask) -> None:
    """Skip Flask-Limiter's check before every request when it has nothing to check.

    Every limit of this app sits on a view (``@limiter.limit`` on login and password reset),
    and those decorators check their limits themselves when the view runs. The before-request
    hook serves default, application-wide and blueprint limits only; with none configured it
    still cost each page ~40 µs, so it is dropped then (its after-request and teardown hooks,
    which record failed logins, stay).
    """
    manager = limiter.limit_manager
    if manager.default_limits or manager.application_limits or app.config.get("RATELIMIT_META"):
        return
    hooks = app.before_request_funcs[None]
    hooks[:] = [hook for hook in hooks if getattr(hook, "__self__", None) is not limiter]


def _register_features(app: Flask) -> None:
    """Register every feature's blueprint, CLI commands and template helpers."""
    from lms import cli
    from lms.core import security, web

    for blueprint in web.feature_blueprints():
        app.register_blueprint(blueprint)
    web.init_app(app)
    security.init_app(app)
    cli.init_app(app)

"""The ``flask lms …`` command group.

Features hook into ``init`` and ``demo`` through :func:`on_init` and :func:`on_demo`, and add
their own sub-groups (``courses``, ``lrs``, ``xapi``, ``stats``) in their ``cli`` modules.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from lms.config import PROJECT_ROOT
from lms.db import db

lms_cli = AppGroup("lms", help="Zukunftsmacher Lernplattform: set-up, content, LRS and reports.")

# Ordered steps run by `flask lms init` after migrating, and by `flask lms demo`.
_INIT_STEPS: list[tuple[int, Callable[[], None]]] = []
_DEMO_STEPS: list[tuple[int, Callable[[], None]]] = []
# Feature modules that define CLI commands or init/demo steps (imported by init_app).
FEATURE_CLI_MODULES = (
    "lms.demo",
    "lms.xapi.cli",
    "lms.plans.cli",
    "lms.learning.cli",
    "lms.stats.cli",
    "lms.records.cli",
)


def on_init(order: int) -> Callable[[Callable[[], None]], Callable[[], None]]:
    """Register a step of ``flask lms init`` (lower ``order`` runs first)."""

    def register(step: Callable[[], None]) -> Callable[[], None]:
        _INIT_STEPS.append((order, step))
        return step

    return register


def on_demo(order: int) -> Callable[[Callable[[], None]], Callable[[], None]]:
    """Register a step of ``flask lms demo`` (lower ``order`` runs first)."""

    def register(step: Callable[[], None]) -> Callable[[], None]:
        _DEMO_STEPS.append((order, step))
        return step

    return register


def alembic_config():
    from alembic.config import Config

    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.attributes["database_url"] = current_app.config["DATABASE_URL"]
    return config


def migrate() -> None:
    """Upgrade the configured database to the newest revision of every branch."""
    from alembic import command

    url = current_app.config["DATABASE_URL"]
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(), "heads")


def _run_steps(steps: list[tuple[int, Callable[[], None]]]) -> None:
    for _order, step in sorted(steps, key=lambda s: s[0]):
        with db.transaction():
            step()


def run_init_steps() -> None:
    """Load framework plans, course content and other reference data (idempotent)."""
    _run_steps(_INIT_STEPS)


def run_demo_steps() -> None:
    """Seed the demo data (idempotent)."""
    _run_steps(_DEMO_STEPS)


@lms_cli.command("init")
def init_command() -> None:
    """Migrate the database and load framework plans and course content."""
    migrate()
    click.echo("database migrated")
    run_init_steps()
    click.echo("init done")


@lms_cli.command("demo")
def demo_command() -> None:
    """Seed the demo cluster, companies and people (safe to run again)."""
    run_demo_steps()
    from lms.demo import print_demo_logins

    print_demo_logins()


@lms_cli.command("create-user")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option(
    "--role", type=click.Choice(["apprentice", "trainer", "company_lead", "cluster_agent", "admin"]), required=True
)
@click.option("--company-id", type=int, default=None)
@click.password_option()
def create_user_command(email: str, name: str, role: str, company_id: int | None, password: str) -> None:
    """Create an account directly (for the first administrator)."""
    from lms.auth.models import Role
    from lms.auth.services import AccountError, check_new_password, create_user

    try:
        check_new_password(password, email, name)
        with db.transaction():
            user = create_user(email=email, name=name, role=Role(role), password=password, company_id=company_id)
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"created {user.role.value} {user.email} (id {user.id})")


def init_app(app: Flask) -> None:
    for module in FEATURE_CLI_MODULES:
        importlib.import_module(module)
    app.cli.add_command(lms_cli)

"""``flask lms courses check`` / ``courses sync`` and the init step that loads the courses."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from lms.cli import lms_cli, on_init
from lms.db import db
from lms.learning.content import read_all
from lms.learning.sync import SyncReport, sync_courses

log = logging.getLogger(__name__)
courses_cli = AppGroup("courses", help="Course content in courses/: check and load.")
lms_cli.add_command(courses_cli)


def _courses_dir(path: str | None) -> Path:
    return Path(path or current_app.config["COURSES_DIR"])


@courses_cli.command("check")
@click.option("--dir", "path", default=None, help="Courses folder (default: the COURSES_DIR setting).")
def check_command(path: str | None) -> None:
    """Validate every module; print each problem as file:line: message; exit 1 on any problem."""
    problems = 0
    results = read_all(_courses_dir(path))
    for folder, _source, found in results:
        for problem in found:
            click.echo(str(problem))
        problems += len(found)
        if not found:
            click.echo(f"{folder.name}: ok", err=True)
    if problems:
        click.echo(f"{problems} problem(s) in {len(results)} module(s)", err=True)
        sys.exit(1)


@courses_cli.command("sync")
@click.option("--dir", "path", default=None, help="Courses folder (default: the COURSES_DIR setting).")
def sync_command(path: str | None) -> None:
    """Load all valid modules into the database (idempotent); exit 1 if a module was skipped."""
    with db.transaction():
        report = sync_courses(_courses_dir(path))
    _echo_report(report)
    if report.skipped:
        sys.exit(1)


def _echo_report(report: SyncReport) -> None:
    for label, slugs in (("new", report.created), ("new version", report.updated), ("unchanged", report.unchanged)):
        for slug in slugs:
            click.echo(f"{slug}: {label}")
    for slug, problems in report.skipped.items():
        click.echo(f"{slug}: skipped, {len(problems)} problem(s); see `flask lms courses check`", err=True)


@on_init(20)
def load_courses() -> None:
    """Init step: load the course content (modules with problems are skipped with a warning)."""
    report = sync_courses(_courses_dir(None))
    for slug, problems in report.skipped.items():
        log.warning("course %s not loaded: %s", slug, "; ".join(map(str, problems[:5])))

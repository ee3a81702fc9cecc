"""``flask lms records …`` commands and the demo step of the training record."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from lms.cli import lms_cli, on_demo
from lms.db import db, utcnow

records_cli = AppGroup("records", help="Ausbildungsnachweis: reminders.")
lms_cli.add_command(records_cli)


@records_cli.command("remind")
def remind_command() -> None:
    """Remind apprentices of missing weeks and trainers of weeks waiting over a month (once a day)."""
    from lms.records.reminders import send_reminders

    with db.transaction():
        result = send_reminders(utcnow())
    click.echo(f"reminded {result.apprentices} apprentices and {result.trainers} trainers")


@on_demo(40)
def seed_demo_records() -> None:
    """Give the demo apprentice weeks in every state, created through the services."""
    from lms.records.demo import seed

    seed()

"""``flask lms xapi …`` and ``flask lms lrs …`` commands."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from lms.cli import lms_cli
from lms.db import db
from lms.xapi import projection

xapi_cli = AppGroup("xapi", help="The xAPI funnel and its progress projection.")
lrs_cli = AppGroup("lrs", help="The embedded LRS: clients and forwarding.")
lms_cli.add_command(xapi_cli)
lms_cli.add_command(lrs_cli)


@xapi_cli.command("rebuild-progress")
def rebuild_progress_command() -> None:
    """Empty the progress projection and rebuild it from the stored statements."""
    with db.transaction():
        count = projection.rebuild()
    names = ", ".join(p.name for p in projection.projections()) or "none"
    click.echo(f"replayed {count} statements into projections: {names}")

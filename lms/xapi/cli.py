"""``flask lms xapi …`` and ``flask lms lrs …`` commands, and the demo LRS client."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from lms.cli import lms_cli, on_demo
from lms.db import db
from lms.xapi import clients, forward, projection

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


@lrs_cli.command("create-client")
@click.option("--key", required=True, help="The client's user name for HTTP Basic.")
@click.option("--name", default="", help="A description shown on the admin page.")
@click.option(
    "--scope",
    "scopes",
    multiple=True,
    default=["statements/write"],
    show_default=True,
    type=click.Choice(clients.SCOPES),
)
def create_client_command(key: str, name: str, scopes: tuple[str, ...]) -> None:
    """Create an LRS client and print its secret (shown only this once)."""
    try:
        with db.transaction():
            client, secret = clients.create_client(key, name, list(scopes))
    except clients.ClientError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"created LRS client {client.key} with scopes {client.scopes}")
    click.echo(f"secret (shown once): {secret}")


@lrs_cli.command("forward")
@click.option("--loop", is_flag=True, help="Keep running as a worker.")
@click.option("--batch-size", default=100, show_default=True)
def forward_command(loop: bool, batch_size: int) -> None:
    """Send pending statements to LMS_LRS_FORWARD_URL in stored order."""
    from flask import current_app

    if not current_app.config["LRS_FORWARD_URL"]:
        raise click.ClickException("LMS_LRS_FORWARD_URL is not set")
    if loop:
        forward.run_loop()
        return
    result = forward.forward_once(batch_size=batch_size)
    click.echo(
        f"sent {result.sent}, dead-lettered {result.dead}" + (f", error: {result.error}" if result.error else "")
    )
    if result.error:
        raise SystemExit(1)


@on_demo(50)
def demo_lrs_client() -> None:
    """The demo LRS client demo-lrs / demo-lrs-secret (all scopes)."""
    clients.ensure_demo_client()

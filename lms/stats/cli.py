"""``flask lms stats export``: the dashboard tables as XLSX or CSV for the funding report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
from flask.cli import AppGroup

from lms.cli import lms_cli
from lms.stats import exports, privacy
from lms.stats.dashboard import build_dashboard
from lms.stats.filters import StatsFilter, default_filter

stats_cli = AppGroup("stats", help="Cluster statistics and reports.")
lms_cli.add_command(stats_cli)


@stats_cli.command("export")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv"]), default="xlsx", show_default=True)
@click.option("--out", "out", type=click.Path(dir_okay=False, writable=True, path_type=Path), required=True)
@click.option("--start", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Anfang (JJJJ-MM-TT).")
@click.option("--end", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Ende (JJJJ-MM-TT).")
@click.option("--occupation", default=None, help="Berufscode, z. B. mechatroniker_2018.")
@click.option("--company-id", "company_ids", type=int, multiple=True, help="Nur diese Betriebe (mehrfach).")
def export_command(
    fmt: str,
    out: Path,
    start: dt.datetime | None,
    end: dt.datetime | None,
    occupation: str | None,
    company_ids: tuple[int, ...],
) -> None:
    """Write every dashboard table (cluster view, with privacy suppression) to OUT."""
    default = default_filter()
    flt = StatsFilter(
        start=start.date() if start else default.start,
        end=end.date() if end else default.end,
        occupation=occupation,
        company_ids=company_ids or None,
    )
    if flt.end < flt.start:
        raise click.BadParameter("--end liegt vor --start")
    board = build_dashboard(flt, privacy.threshold())
    if fmt == "xlsx":
        out.write_bytes(exports.dashboard_xlsx(board))
    else:
        out.write_text(exports.dashboard_csv(board), encoding="utf-8-sig")
    click.echo(f"{len(board.tables)} Tabellen geschrieben: {out}")

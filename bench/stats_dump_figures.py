"""Dump every figure of the dashboard as JSON, to prove that a change leaves the figures alone.

Usage (once per commit, then compare the files)::

    .venv/bin/python bench/stats_dump_figures.py --database-url sqlite:////tmp/stats_scale.db --out /tmp/after.json
    cmp /tmp/before.json /tmp/after.json

Four filters (the default twelve months, two years, one occupation, the first company in a past
period) at privacy thresholds 5 and 1; every cell of every table as (value, suppressed), floats
rounded to 6 places. The same database on SQLite and PostgreSQL gives the same file. For the
"before" side, check the older commit out in a git worktree and run this file from its bench/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select

from lms import create_app
from lms.db import db


def _filters():
    from lms.orgs.models import Company
    from lms.stats.filters import StatsFilter, default_filter

    today = dt.date.today()
    first_company = db.session.scalar(select(Company.id).order_by(Company.id))
    return [
        default_filter(),
        StatsFilter(today.replace(year=today.year - 2, month=1, day=1), today),
        StatsFilter(today.replace(year=today.year - 2, month=1, day=1), today, occupation="mechatroniker_2018"),
        StatsFilter(dt.date(today.year - 2, 6, 1), dt.date(today.year - 1, 9, 30), company_ids=(first_company,)),
    ]


def _cell(cell) -> list:
    value = round(cell.value, 6) if isinstance(cell.value, float) else cell.value
    return [value, cell.suppressed]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--out", required=True, type=Path)
    args = parser.parse_args(argv)
    app = create_app({"DATABASE_URL": args.database_url, "LOG_LEVEL": "WARNING"})
    with app.test_request_context():
        from lms.stats.dashboard import build_dashboard

        dump = []
        for flt in _filters():
            for threshold in (5, 1):
                board = build_dashboard(flt, threshold)
                tables = {t.key: [[_cell(c) for c in row] for row in t.rows] for t in board.tables}
                dump.append({"filter": repr(flt), "threshold": threshold, "tables": tables})
    args.out.write_text(json.dumps(dump, default=str, indent=1))
    print(f"{args.out}: {sum(len(rows) for d in dump for rows in d['tables'].values())} rows")


if __name__ == "__main__":
    main()

"""Every verb's first page, in-process, on an existing database: does any value cost more?

A filter's cost can depend on its value: a verb whose statements are all old once took
PostgreSQL 335 ms, while every other verb took under 1 ms (docs/PERFORMANCE.md). This bench
times the first page (``lms.xapi.query.find``) of each verb in the database, and of the
registrations with the most and the fewest statements, without HTTP:

    .venv/bin/python bench/lrs_filter_values.py --database-url sqlite:////tmp/stats_scale.db
    .venv/bin/python bench/lrs_filter_values.py --database-url postgresql+psycopg://postgres@127.0.0.1/stats_scale

Prints one row per value: statements, the newest statement's row id (a low one means the value
fell out of use), median and maximum ms of ``--rounds`` runs after one warm-up run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select

from lms import create_app
from lms.db import db
from lms.xapi.models import Statement
from lms.xapi.query import StatementQuery, ceiling, find


def values(column, how_many: int | None) -> list[tuple[object, int, int]]:
    """(value, statements, newest row id) of ``column``, most statements first (all, or the
    ``how_many`` most and fewest)."""
    rows = db.session.execute(
        select(column, func.count(), func.max(Statement.id))
        .where(column.is_not(None))
        .group_by(column)
        .order_by(func.count().desc())
    ).all()
    if how_many is None or len(rows) <= 2 * how_many:
        return [tuple(row) for row in rows]
    return [tuple(row) for row in rows[:how_many] + rows[-how_many:]]


def timed(query: StatementQuery, rounds: int) -> tuple[float, float]:
    """(median, max) ms of ``find(query)`` over ``rounds`` runs after a warm-up."""
    find(query)
    spent = []
    for _ in range(rounds):
        started = time.perf_counter()
        find(query)
        spent.append((time.perf_counter() - started) * 1000)
    return statistics.median(spent), max(spent)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--limit", type=int, default=25)
    args = parser.parse_args()
    app = create_app({"DATABASE_URL": args.database_url})
    with app.app_context():
        top = ceiling()
        print(f"{db.engine.dialect.name}, {top:,} statements; first page of {args.limit}, {args.rounds} rounds")
        print(f"{'filter':<72} {'statements':>10} {'newest id':>10} {'median ms':>10} {'max ms':>8}")
        for name, column, how_many in (("verb", Statement.verb_id, None), ("registration", Statement.registration, 2)):
            for value, count, newest in values(column, how_many):
                query = StatementQuery(**{name: value}, limit=args.limit, ceiling=top)
                median, slowest = timed(query, args.rounds)
                print(f"{name + ' ' + str(value):<72} {count:>10,} {newest:>10,} {median:>10.2f} {slowest:>8.2f}")
            db.session.rollback()


if __name__ == "__main__":
    main()

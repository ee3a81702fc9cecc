"""Copy a generated scale database row for row into another (empty) database, e.g. SQLite → PostgreSQL.

Usage::

    .venv/bin/python bench/stats_copy_db.py --source sqlite:////tmp/stats_scale.db \\
        --target postgresql+psycopg://postgres@127.0.0.1:5432/stats_scale

Generating the scale data through the services takes hours on a small machine; the dashboards
only need the same rows on the other database. The target is migrated to the newest revision
(Alembic), then every table of the models' metadata is copied in dependency order, in chunks,
through SQLAlchemy (so the column types convert values), and PostgreSQL sequences are moved past
the copied ids. Run ``ANALYZE`` on PostgreSQL afterwards.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, insert, select, text

from lms import create_app
from lms.db import Base, make_engine

CHUNK = 5000


def copy_table(source, target, table) -> int:
    """Copy one table's rows in primary-key order; returns the number of rows."""
    order = list(table.primary_key.columns) or list(table.columns)
    copied = 0
    with source.connect() as read, target.begin() as write:
        result = read.execution_options(yield_per=CHUNK).execute(select(table).order_by(*order))
        for rows in result.partitions(CHUNK):
            write.execute(insert(table), [row._asdict() for row in rows])
            copied += len(rows)
    return copied


def reset_sequences(target, table) -> None:
    """Move a PostgreSQL identity/serial sequence past the copied ids."""
    if target.dialect.name != "postgresql":
        return
    for column in table.primary_key.columns:
        if column.autoincrement is True or (column.autoincrement == "auto" and column.type.python_type is int):
            with target.begin() as write:
                sequence = write.scalar(
                    text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": column.name}
                )
                if sequence:
                    top = write.scalar(select(func.max(column)))
                    write.execute(text("SELECT setval(:s, :v)"), {"s": sequence, "v": max(top or 0, 1)})


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", required=True)
    parser.add_argument("--target", required=True)
    args = parser.parse_args(argv)
    app = create_app({"DATABASE_URL": args.target, "LOG_LEVEL": "WARNING"})
    with app.app_context():
        import lms.models  # noqa: F401 (fills the metadata)
        from lms.cli import migrate

        migrate()
    source, target = make_engine(args.source), make_engine(args.target)
    started = time.perf_counter()
    for table in Base.metadata.sorted_tables:
        with target.begin() as write:
            if write.scalar(select(func.count()).select_from(table)):
                raise SystemExit(f"target table {table.name} is not empty")
    for table in Base.metadata.sorted_tables:
        rows = copy_table(source, target, table)
        reset_sequences(target, table)
        print(f"[{time.perf_counter() - started:7.1f}s] {table.name}: {rows}", flush=True)


if __name__ == "__main__":
    main()

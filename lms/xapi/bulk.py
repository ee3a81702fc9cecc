"""Plain multi-row inserts for the write-heavy LRS tables.

SQLAlchemy Core spends several microseconds of Python per row on parameter handling in an
``executemany``; the link and outbox tables take about five rows per stored statement, so
that overhead was a large share of ingest time. ``insert_rows`` hands tuples straight to the
driver's ``executemany`` and converts only the columns whose type needs it, with that
type's own bind processor, so the stored values are exactly those an ORM write would store.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Table
from sqlalchemy.engine import Dialect

from lms.db import db

Processor = Callable[[Any], Any]
MAX_PARAMETERS = 30_000
"""Bound values per statement: below SQLite's 32,766 and PostgreSQL's 65,535."""


def insert_rows(table: Table, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """INSERT ``rows`` (tuples in ``columns`` order) into ``table`` in the session's transaction."""
    if not rows:
        return
    connection = db.session.connection()
    rows = _converted(table, tuple(columns), rows, connection.dialect)
    connection.exec_driver_sql(_insert_sql(table, tuple(columns), (), 1, connection.dialect), rows)


def insert_returning(
    table: Table, columns: Sequence[str], rows: list[tuple[Any, ...]], returning: Sequence[str]
) -> list[tuple[Any, ...]]:
    """Multi-row ``INSERT … VALUES (…), (…) RETURNING`` of ``rows``.

    The returned tuples (the driver's raw values) come in no promised order: match them by a
    key column.
    """
    connection = db.session.connection()
    rows = _converted(table, tuple(columns), rows, connection.dialect)
    per_chunk = max(1, MAX_PARAMETERS // len(columns))
    returned: list[tuple[Any, ...]] = []
    for start in range(0, len(rows), per_chunk):
        chunk = rows[start : start + per_chunk]
        sql = _insert_sql(table, tuple(columns), tuple(returning), len(chunk), connection.dialect)
        returned += [tuple(row) for row in connection.exec_driver_sql(sql, tuple(v for row in chunk for v in row))]
    return returned


def _converted(
    table: Table, columns: tuple[str, ...], rows: list[tuple[Any, ...]], dialect: Dialect
) -> list[tuple[Any, ...]]:
    """``rows`` with every value whose column type converts it passed through the bind processor."""
    conversions = _conversions(table, columns, dialect)
    if not conversions:
        return rows
    converted = []
    for row in rows:
        values = list(row)
        for index, process in conversions:
            values[index] = process(values[index])
        converted.append(tuple(values))
    return converted


@lru_cache(maxsize=32)
def _conversions(table: Table, columns: tuple[str, ...], dialect: Dialect) -> tuple[tuple[int, Processor], ...]:
    processors = [table.c[name].type.bind_processor(dialect) for name in columns]
    return tuple((index, p) for index, p in enumerate(processors) if p is not None)


@lru_cache(maxsize=64)
def _insert_sql(
    table: Table, columns: tuple[str, ...], returning: tuple[str, ...], count: int, dialect: Dialect
) -> str:
    """``INSERT`` of ``count`` rows in the driver's parameter style, with an optional RETURNING."""
    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    quote = dialect.identifier_preparer.quote
    group = "(" + ", ".join([marker] * len(columns)) + ")"
    sql = f"INSERT INTO {dialect.identifier_preparer.format_table(table)} ({', '.join(map(quote, columns))})"
    sql += " VALUES " + ", ".join([group] * count)  # identifiers from the metadata; values are bound
    if returning:
        sql += " RETURNING " + ", ".join(map(quote, returning))
    return sql

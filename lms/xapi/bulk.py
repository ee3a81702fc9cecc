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
    sql, conversions = _plan(table, tuple(columns), connection.dialect)
    if conversions:
        rows = [_converted(row, conversions) for row in rows]
    connection.exec_driver_sql(sql, rows)


def insert_returning(
    table: Table, columns: Sequence[str], rows: list[tuple[Any, ...]], returning: Sequence[str]
) -> list[tuple[Any, ...]]:
    """Multi-row ``INSERT … VALUES (…), (…) RETURNING`` of ``rows``; the returned tuples come in
    no promised order (match them by a key column). Returned values are the driver's raw ones."""
    if not rows:
        return []
    connection = db.session.connection()
    _sql, conversions = _plan(table, tuple(columns), connection.dialect)
    if conversions:
        rows = [_converted(row, conversions) for row in rows]
    per_chunk = max(1, MAX_PARAMETERS // len(columns))
    returned: list[tuple[Any, ...]] = []
    for start in range(0, len(rows), per_chunk):
        chunk = rows[start : start + per_chunk]
        sql = _multi_row_sql(table, tuple(columns), tuple(returning), len(chunk), connection.dialect)
        flat = tuple(value for row in chunk for value in row)
        returned += [tuple(row) for row in connection.exec_driver_sql(sql, flat)]
    return returned


def _multi_row_sql(
    table: Table, columns: tuple[str, ...], returning: tuple[str, ...], count: int, dialect: Dialect
) -> str:
    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    preparer = dialect.identifier_preparer
    names = ", ".join(preparer.quote(name) for name in columns)
    group = "(" + ", ".join([marker] * len(columns)) + ")"
    back = ", ".join(preparer.quote(name) for name in returning)
    # Identifiers come from the table metadata (quoted by the dialect); values are bound.
    return f"INSERT INTO {preparer.format_table(table)} ({names}) VALUES {', '.join([group] * count)} RETURNING {back}"  # noqa: S608


def _converted(row: tuple[Any, ...], conversions: tuple[tuple[int, Processor], ...]) -> tuple[Any, ...]:
    values = list(row)
    for index, process in conversions:
        values[index] = process(values[index])
    return tuple(values)


@lru_cache(maxsize=32)
def _plan(table: Table, columns: tuple[str, ...], dialect: Dialect) -> tuple[str, tuple[tuple[int, Processor], ...]]:
    """The INSERT text in the driver's parameter style and (index, bind processor) per converted column."""
    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    preparer = dialect.identifier_preparer
    names = ", ".join(preparer.quote(name) for name in columns)
    values = ", ".join([marker] * len(columns))
    # Identifiers come from the table metadata (quoted by the dialect); values are bound.
    sql = f"INSERT INTO {preparer.format_table(table)} ({names}) VALUES ({values})"  # noqa: S608
    processors = [table.c[name].type.bind_processor(dialect) for name in columns]
    return sql, tuple((index, p) for index, p in enumerate(processors) if p is not None)

"""Database plumbing: the declarative ``Base``, the engine and one session per request.

Services use ``db.session`` to add and flush; the request (a view or a CLI command) commits.
The scoped session is removed when the application context ends, which rolls back anything
left uncommitted, so a failed request never half-writes data.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask
from sqlalchemy import CursorResult, DateTime, Engine, MetaData, Select, String, create_engine, event
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Session, scoped_session, sessionmaker
from sqlalchemy.types import TypeDecorator

# The WAL file is kept up to this size between checkpoints; a log longer than the restart size
# means its checkpoints are starved (:func:`restart_long_wal`). The autocheckpoint comes at ~40 MiB.
WAL_KEEP_BYTES = 64 * 1024 * 1024
WAL_RESTART_BYTES = 128 * 1024 * 1024

log = logging.getLogger(__name__)
_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    """The current time, timezone-aware in UTC (the only kind of datetime we store)."""
    return dt.datetime.now(dt.UTC)


class UtcDateTime(TypeDecorator[dt.datetime]):
    """A timestamp stored in UTC and always returned timezone-aware.

    SQLite keeps no zone, PostgreSQL does; this type makes both behave the same.
    Naive datetimes are rejected rather than guessed at.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use timezone-aware UTC datetimes")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class Uuid(TypeDecorator[uuid.UUID]):
    """A UUID kept as its 36-character text form on every backend (portable and indexable)."""

    impl = String(36)
    cache_ok = True

    def process_bind_param(self, value: uuid.UUID | str | None, dialect: Dialect) -> Any:
        if value is None or isinstance(value, uuid.UUID):
            return None if value is None else str(value)
        return value if _CANONICAL_UUID.fullmatch(value) else str(uuid.UUID(value))

    def process_result_value(self, value: Any, dialect: Dialect) -> uuid.UUID | None:
        return None if value is None else uuid.UUID(value)


class Base(DeclarativeBase):
    """The one declarative base of every model; constraint names follow the convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine; SQLite gets WAL, enforced foreign keys and a busy timeout."""
    if url.startswith("sqlite"):
        kwargs.setdefault("connect_args", {"check_same_thread": False, "timeout": 30})
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Take transaction control away from the sqlite3 module (it would otherwise open and
    # commit transactions on its own and break SAVEPOINTs); SQLAlchemy emits BEGIN itself.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    # 64 MiB page cache per connection (default 2 MiB): the statement indexes of a large LRS
    # stay in memory instead of being re-read on every insert.
    cursor.execute("PRAGMA cache_size=-65536")
    # Checkpoint the WAL every ~40 MiB rather than every 4 MiB: a page that many commits touch
    # (index pages of a busy LRS) is copied back to the database file once, not every time.
    cursor.execute("PRAGMA wal_autocheckpoint=10000")
    # When the log starts again from the beginning, a file that grew past 64 MiB is cut back
    # (see :func:`restart_long_wal`); below that it is reused as it is.
    cursor.execute(f"PRAGMA journal_size_limit={WAL_KEEP_BYTES}")
    # Read database pages through a memory map (address space, not memory: the pages stay in the
    # OS page cache, shared by all workers) instead of a read() and copy per page-cache miss.
    # 200k-statement LRS fill: +15-55 % inserts/s, half the block reads. SQLite clamps the value
    # to its compile-time maximum (2 GiB - 64 KiB in the usual builds).
    cursor.execute("PRAGMA mmap_size=2147483648")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    # Writers that read first (e.g. the LRS store) ask for IMMEDIATE so two of them never
    # deadlock on the lock upgrade: ``connection.execution_options(sqlite_immediate=True)``.
    immediate = connection.get_execution_options().get("sqlite_immediate")
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


class Database:
    """Holds the engine and the request-scoped session of the running application."""

    def __init__(self) -> None:
        self.session: scoped_session[Session] = scoped_session(sessionmaker())
        self.engine: Engine | None = None

    def init_app(self, app: Flask) -> None:
        """Bind the session to the app's database and end it with every app context."""
        self.engine = make_engine(app.config["DATABASE_URL"])
        self.session.configure(bind=self.engine)
        app.extensions["lms.db"] = self
        app.teardown_appcontext(self._end_session)

    def _end_session(self, _exc: BaseException | None) -> None:
        self.session.remove()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """Run a block in one transaction: commit on success, roll back on any error."""
        try:
            yield self.session
            self.session.commit()
        except BaseException:
            self.session.rollback()
            raise


db = Database()


def restart_long_wal(engine: Engine | None = None, *, limit: int = WAL_RESTART_BYTES) -> bool:
    """Bring a starved SQLite write-ahead log back to its start; call it after a batch write.

    SQLite's automatic checkpoints are passive: they copy back to the database what no reader
    still needs, and the log starts again from the beginning only when a writer finds it wholly
    copied. While several workers write without pause that never happens: LRS ingest at
    concurrency 8 grew the WAL from 44 MB to 874 MB in 12 s, and every page read searches the
    longer log (docs/PERFORMANCE.md). A log longer than ``limit`` bytes gets a RESTART
    checkpoint: it waits (busy timeout) for the other writers and readers, copies the rest back,
    and the next writer starts the log anew. Returns whether it ran. A no-op on PostgreSQL; a
    checkpoint that fails is logged and left to the next call (the batch is committed already).
    """
    engine = engine or db.engine
    if engine is None or engine.dialect.name != "sqlite" or not engine.url.database:
        return False
    try:
        if os.stat(engine.url.database + "-wal").st_size <= limit:
            return False
    except OSError:  # no log file (in-memory database, or none written yet)
        return False
    connection = engine.raw_connection()
    try:
        connection.execute("PRAGMA wal_checkpoint(RESTART)").fetchall()
    except sqlite3.Error as error:
        log.warning("WAL checkpoint (RESTART) did not complete: %s", error)
    finally:
        connection.close()
    return True


def read_columns(statement: Select[Any], params: dict[str, Any]) -> CursorResult[Any]:
    """Run a prebuilt column query on the session's connection, skipping the ORM's per-query
    machinery (no entities are loaded); pending changes are flushed first, as ``Session.execute``
    would do."""
    session = db.session()
    if session.autoflush:
        session.flush()
    return session.connection().execute(statement, params)


def read_plain_rows(statement: Select[Any], params: dict[str, Any]) -> list[tuple[Any, ...]]:
    """All rows of a column query as the database driver returns them: plain tuples, without
    SQLAlchemy's row objects and result processing (which cost more than the query for tens of
    thousands of rows). Only for columns whose driver values are already right: integers, floats,
    plain text — not timestamps, UUIDs or JSON."""
    result = read_columns(statement, params)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()

"""The SQLite write-ahead log starts again once it has grown too long (checkpoint starvation)."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from lms.db import make_engine, restart_long_wal


@pytest.fixture
def wal_database(tmp_path: Path):
    """A file database of its own (the test database runs inside a transaction that a RESTART
    checkpoint would wait for), with the app's connection settings."""
    path = tmp_path / "wal.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE note (text TEXT)")
    yield engine, Path(f"{path}-wal")
    engine.dispose()


def _write(engine, rows: int = 100) -> None:
    with engine.begin() as connection:
        connection.exec_driver_sql("INSERT INTO note VALUES (?)", [("x" * 400,)] * rows)


def _log_restarts(wal: Path) -> int:
    """The WAL header's checkpoint sequence number, which grows by one each time a writer
    starts the log again from the beginning (big-endian at offset 12, SQLite file format 4.1)."""
    with wal.open("rb") as file:
        return struct.unpack(">I", file.read(16)[12:16])[0]


def test_a_log_past_the_limit_starts_again_with_the_next_write(wal_database):
    """Does a log longer than the limit get a checkpoint after which the next writer starts it
    anew — and does a log within the limit stay as it is?"""
    engine, wal = wal_database
    for _ in range(5):
        _write(engine)
    size, restarts = wal.stat().st_size, _log_restarts(wal)
    assert size > 64 * 1024

    assert restart_long_wal(engine, limit=size) is False
    _write(engine)
    assert _log_restarts(wal) == restarts, "a log within the limit is left alone"

    assert restart_long_wal(engine, limit=size // 2) is True
    _write(engine, rows=1)
    assert _log_restarts(wal) == restarts + 1, "the next writer started the log again"
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM note").scalar() == 601, "nothing lost"


def test_nothing_to_restart_without_a_log_file():
    """In-memory SQLite and PostgreSQL have no WAL file to watch: no checkpoint, no error."""
    assert restart_long_wal(make_engine("sqlite://")) is False
    assert restart_long_wal(make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")) is False

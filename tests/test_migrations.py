"""Alembic migrations: an empty database upgrades to every head and then matches the models exactly."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

import lms.models  # noqa: F401  (fills Base.metadata with every feature's tables)
from lms.config import PROJECT_ROOT
from lms.db import Base, make_engine


def _alembic_config(url: str) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.attributes["database_url"] = url
    return config


def _upgrade_and_compare(url: str) -> list:
    """Upgrade the (empty) database at ``url`` to all heads; the differences models ↔ schema."""
    config = _alembic_config(url)
    command.upgrade(config, "heads")
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert set(context.get_current_heads()) == set(ScriptDirectory.from_config(config).get_heads())
            diffs = compare_metadata(context, Base.metadata)
            tables = set(inspect(connection).get_table_names())
    finally:
        engine.dispose()
    assert set(Base.metadata.tables) <= tables, f"tables missing: {set(Base.metadata.tables) - tables}"
    return diffs


def test_sqlite_upgrades_from_empty_and_matches_models(tmp_path):
    """Does an empty SQLite database migrate to heads with a schema identical to the models?"""
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    diffs = _upgrade_and_compare(url)
    assert diffs == [], "models and migrations disagree (write a migration):\n" + "\n".join(map(str, diffs))


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path):
    """Does every SQLite connection use WAL journaling and enforce foreign keys?"""
    engine = make_engine(f"sqlite:///{tmp_path / 'pragmas.sqlite3'}")
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            connection.exec_driver_sql("CREATE TABLE parent (id INTEGER PRIMARY KEY)")
            connection.exec_driver_sql("CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id REFERENCES parent(id))")
            with pytest.raises(Exception, match="FOREIGN KEY"):
                connection.exec_driver_sql("INSERT INTO child (id, parent_id) VALUES (1, 42)")
    finally:
        engine.dispose()


@pytest.fixture()
def empty_postgres_database() -> Iterator[str]:
    """A new, empty PostgreSQL database next to LMS_TEST_DATABASE_URL (dropped afterwards)."""
    base = os.environ.get("LMS_TEST_DATABASE_URL", "")
    if not base.startswith("postgresql"):
        pytest.skip("PostgreSQL migration test needs LMS_TEST_DATABASE_URL=postgresql+psycopg://…")
    name = f"lms_migrations_{uuid.uuid4().hex[:10]}"
    admin = create_engine(make_url(base).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_postgresql_upgrades_from_empty_and_matches_models(empty_postgres_database):
    """Does an empty PostgreSQL database migrate to heads with a schema identical to the models?"""
    diffs = _upgrade_and_compare(empty_postgres_database)
    assert diffs == [], "models and migrations disagree (write a migration):\n" + "\n".join(map(str, diffs))

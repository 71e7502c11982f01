"""Store tests run on SQLite, and on PostgreSQL too when PUPIL_TRACKER_TEST_PG_URL names a server.

`.ci/run` starts a throwaway PostgreSQL server and sets that variable; each test gets a database
of its own on it, dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from store.core.db import Database, open_database
from store.core.migrate import alembic_config
from store.core.schema_revision import BASELINE, HEAD

PG_ENV = "PUPIL_TRACKER_TEST_PG_URL"


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, db_path: Path) -> Iterator[Database]:
    """A fresh database with the schema: an SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        db = open_database(f"sqlite:///{db_path}")
        yield db
        db.dispose()
        return
    with throwaway_postgres() as url:
        db = open_database(url)
        try:
            yield db
        finally:
            db.dispose()


@contextmanager
def throwaway_postgres() -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database, dropped afterwards (skips without one)."""
    admin_url = os.environ.get(PG_ENV)
    if not admin_url:
        pytest.skip(f"PostgreSQL: set {PG_ENV} (scripts/with-postgres does)")
    name = f"pt_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def downgrade_to(database: Database, revision: str, *, forget: bool = False) -> None:
    """Take the database's schema back to `revision` (and with `forget`, record no revision
    at all, as a version before migrations left it)."""
    with database.engine.connect() as connection:
        driver: Any = connection.connection.driver_connection
        if database.is_sqlite:  # batch mode makes tables again: no cascades meanwhile
            driver.execute("PRAGMA foreign_keys=OFF")
        try:
            command.downgrade(alembic_config(connection), revision)
            if forget:
                connection.execute(text("DROP TABLE alembic_version"))
            connection.commit()
        finally:
            if database.is_sqlite:
                connection.rollback()
                driver.execute("PRAGMA foreign_keys=ON")


@contextmanager
def upgraded_from(database: Database, revision: str, gone_table: str) -> Iterator[Database]:
    """`database` taken back to `revision` (so that `gone_table` is not there) and opened again,
    which upgrades it to the program's revision: the reopened database, disposed after."""
    downgrade_to(database, revision)
    assert gone_table not in inspect(database.engine).get_table_names()
    url = database.url
    database.dispose()
    reopened = open_database(url)
    try:
        done = reopened.schema_upgrade
        assert done is not None and (done.before, done.after) == (revision, HEAD)
        yield reopened
    finally:
        reopened.dispose()


def as_made_before_migrations(database: Database) -> None:
    """Make the database look as a version before migrations left it: the baseline's schema
    and no schema revision recorded (the test then takes away what that version lacked)."""
    downgrade_to(database, BASELINE, forget=True)


def sqlite_only(database: Database) -> None:
    if not database.is_sqlite:
        pytest.skip("about SQLite's own locking")

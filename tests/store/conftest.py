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

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from store.core.db import Database, open_database

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


def as_made_before_migrations(database: Database) -> None:
    """Make the database look as a version before migrations left it: no schema revision
    recorded (the test then takes away what that version lacked)."""
    with database.engine.begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))


def sqlite_only(database: Database) -> None:
    if not database.is_sqlite:
        pytest.skip("about SQLite's own locking")

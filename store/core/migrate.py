"""Bringing a database to this program's schema with Alembic: make it, upgrade it, or refuse it.

Imported only when a database is not at this program's revision (store.core.db reads that first,
without Alembic). Everything happens in one transaction holding the write lock: the checks,
an SQLite file's backup copy, the legacy steps, the stamp and the migrations; a failure
anywhere leaves the database as it was.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, MetaData, inspect, text

from store.core.db_file import DatabaseUnavailable, mark_as_ours
from store.core.errors import DatabaseTooNew
from store.core.legacy_schema import bring_level_with_baseline
from store.core.schema_revision import BASELINE, VERSION_TABLE, stored_revision
from store.core.sqlite_backup import backup_beside

MIGRATIONS = Path(__file__).with_name("migrations")
# Two programs opening one PostgreSQL database at once: the second waits for the first's upgrade.
_POSTGRES_LOCK = int.from_bytes(b"PupT", "big")


def alembic_config(connection: Connection | Engine | None = None) -> Config:
    """Alembic's configuration, made here rather than read from an alembic.ini: it works the
    same from a checkout and from an installed package. `connection` reaches env.py."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # Revisions are numbered: 0002_what_it_changes.py (scripts/new-migration numbers them).
    config.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def baseline_metadata(script: ScriptDirectory) -> MetaData:
    """The baseline revision's tables (written out in its module, frozen)."""
    baseline = script.get_revision(BASELINE)
    assert baseline is not None
    metadata: MetaData = baseline.module.baseline_metadata()
    return metadata


@dataclass(frozen=True)
class SchemaStatus:
    """Where a database's schema stands against this program's migrations."""

    revision: str | None
    """The revision it records; None when it records none."""
    head: str
    """The newest revision this program has."""
    empty: bool
    """It holds no table: a new database."""
    known: bool
    """This program has its revision (or it has none)."""

    @property
    def up_to_date(self) -> bool:
        return self.revision == self.head


def schema_status(connection: Connection, script: ScriptDirectory | None = None) -> SchemaStatus:
    script = script or script_directory()
    head = script.get_current_head()
    assert head is not None
    revision = stored_revision(connection)
    tables = set(inspect(connection).get_table_names()) - {VERSION_TABLE}
    known = revision is None or revision in {step.revision for step in script.walk_revisions()}
    return SchemaStatus(revision, head, not tables, known)


@dataclass(frozen=True)
class SchemaUpgrade:
    """What bringing a database up to date did."""

    before: str | None
    """The revision it recorded before; None: made before migrations, or new."""
    after: str
    created: bool
    """It was empty: its tables were made."""
    backup: Path | None
    """The copy made before (SQLite files only)."""

    def sentence(self, where: str) -> str:
        """One line for the person who opened it."""
        if self.created:
            return f"The database {where} was new: its tables were made at revision {self.after}."
        was = (
            "made before schema revisions"
            if self.before is None
            else f"at schema revision {self.before}"
        )
        said = f"The database {where} was {was}; it is now at revision {self.after}."
        if self.backup is not None:
            said += f" A copy from before the upgrade is {self.backup}."
        return said


def upgrade_to_head(engine: Engine, now: datetime | None = None) -> SchemaUpgrade | None:
    """Bring the database to the newest revision; None if it was there already.

    A new database gets its tables from the migrations. One made before migrations (it has
    tables but records no revision) is brought level with the baseline, stamped with it, then
    upgraded. An SQLite file with tables is first copied beside itself (store.core.sqlite_backup).

    Raises:
        DatabaseTooNew: it records a revision this program does not have; nothing was changed.
        DatabaseUnavailable: the backup copy could not be made, or the upgrade would leave rows
            referring to rows that do not exist; nothing was changed.
        sqlalchemy.exc.DBAPIError: the database refused; nothing was changed.
    """
    script = script_directory()
    with _one_transaction(engine) as connection:
        status = schema_status(connection, script)
        if status.up_to_date:
            return None  # another program upgraded it while this one waited for the lock
        if not status.known:
            assert status.revision is not None
            raise DatabaseTooNew(status.revision)
        backup = None
        if not status.empty:
            backup = _backup(engine, status.head, now or datetime.now())
        broken_before = _broken_references(connection)
        config = alembic_config(connection)
        if status.revision is None and not status.empty:
            bring_level_with_baseline(connection, baseline_metadata(script))
            command.stamp(config, BASELINE)
        command.upgrade(config, "head")
        mark_as_ours(connection)
        broken = _broken_references(connection) - broken_before
        if broken:
            raise DatabaseUnavailable(
                f"Upgrading the database would leave {len(broken)} rows referring to rows that "
                "do not exist (first in table " + sorted(broken)[0][0] + "); nothing was changed: "
                "tell the support team."
            )
    return SchemaUpgrade(status.revision, status.head, status.empty, backup)


@contextmanager
def _one_transaction(engine: Engine) -> Iterator[Connection]:
    """A connection in one transaction that holds the write lock from its start."""
    with engine.connect() as connection:
        if engine.dialect.name != "sqlite":
            with connection.begin():
                if engine.dialect.name == "postgresql":
                    connection.execute(
                        text("SELECT pg_advisory_xact_lock(:key)"), {"key": _POSTGRES_LOCK}
                    )
                yield connection
            return
        # SQLite makes a table again to change it (Alembic's batch operations): with foreign
        # keys on, dropping the old table would delete the rows that refer to it. The pragma
        # is ignored inside a transaction, so it is set first, on the driver's connection.
        driver: Any = connection.connection.driver_connection
        driver.execute("PRAGMA foreign_keys=OFF")
        try:
            connection.execution_options(sqlite_begin="IMMEDIATE")
            with connection.begin():
                yield connection
        finally:
            driver.execute("PRAGMA foreign_keys=ON")


def _backup(engine: Engine, head: str, now: datetime) -> Path | None:
    path = engine.url.database
    if engine.dialect.name != "sqlite" or not path or path == ":memory:":
        return None  # a server database is backed up with its own tools (README: pg_dump)
    try:
        return backup_beside(Path(path), f"before-{head}", now)
    except OSError as error:
        reason = error.strerror or str(error)
    except sqlite3.Error as error:
        reason = str(error)
    raise DatabaseUnavailable(
        f"Cannot copy the database {path} beside itself before upgrading it ({reason}); "
        "nothing was changed: free some space, or make its folder writable."
    )


def _broken_references(connection: Connection) -> set[tuple[str, int, str]]:
    """Rows whose foreign keys point at nothing (SQLite, whose checks were off meanwhile)."""
    if connection.dialect.name != "sqlite":
        return set()  # PostgreSQL checks every foreign key as each change is made
    rows = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    return {(str(table), int(rowid or 0), str(parent)) for table, rowid, parent, _ in rows}

"""Backing up a database, and restoring a backup into an empty database.

A backup of an SQLite database is made with SQLite's online backup API: a consistent copy of
one moment, safe while clerks go on typing. A PostgreSQL database is backed up with the
server's own `pg_dump` (`pg_dump_command` says how). Restoring reads a backup file made here
(this program's SQLite file, of this or an older version) and copies every row into an empty
database, SQLite or PostgreSQL, in one transaction: a restore that fails leaves the target empty.
That is also how a local authority moves from one SQLite file to PostgreSQL.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Table, func, insert, select, text
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

import store.core.all_tables  # noqa: F401  (a backup copies every table)
from store.core.db import Database, DatabaseUnavailable, describe_url, open_database
from store.core.db_file import create_private, prepare_sqlite_file, refuse_unless_ours
from store.core.sqlite_backup import copy_database

BATCH_ROWS = 2000
"""Rows copied per INSERT while restoring."""


class BackupRefused(DatabaseUnavailable):
    """A backup or restore that was not made; nothing was written (its text says why)."""


@dataclass(frozen=True)
class RowCounts:
    """How many rows each table of a backup or a restored database holds."""

    tables: dict[str, int]

    @property
    def rows(self) -> int:
        return sum(self.tables.values())

    def sentence(self) -> str:
        return f"{self.rows:,} rows in {len(self.tables)} tables"


def tables() -> list[Table]:
    """This program's tables, each after the tables it refers to."""
    return list(SQLModel.metadata.sorted_tables)


def sqlite_path(url: str) -> Path | None:
    """The file of an SQLite URL; None for a server."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    return Path(parsed.database) if parsed.database not in (None, "", ":memory:") else None


def pg_dump_command(url: str, destination: Path) -> str:
    """The command that backs up a PostgreSQL database (the password stays out of it: pg_dump
    reads it from ~/.pgpass or PGPASSWORD)."""
    parsed = make_url(url).set(drivername="postgresql", password=None)
    return f"pg_dump --format=custom --file '{destination}' '{parsed.render_as_string()}'"


def backup_sqlite(url: str, destination: Path) -> RowCounts:
    """Copy the SQLite database at `url` to `destination`, a new file readable by this account
    only, and check the copy.

    Raises:
        BackupRefused: `url` is not an SQLite file, `destination` exists or cannot be made,
            or the copy failed its check (it is removed).
    """
    source = sqlite_path(url)
    if source is None:
        raise BackupRefused(
            f"{describe_url(url)} is a database server: back it up with its own tool, e.g. "
            f"{pg_dump_command(url, destination)}"
        )
    if not source.is_file():
        raise BackupRefused(f"There is no database at {source} to back up.")
    prepare_sqlite_file(source)  # ours, and readable by this account alone
    if not create_private(destination):
        raise BackupRefused(f"{destination} exists already: give a new file name.")
    try:
        copy_database(source, destination)
        checked = sqlite3.connect(destination)
        try:
            healthy = checked.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        finally:
            checked.close()
        if not healthy:
            raise BackupRefused(f"The copy at {destination} failed SQLite's integrity check.")
        return _counted(f"sqlite:///{destination}")
    except (OSError, sqlite3.Error) as error:
        destination.unlink(missing_ok=True)
        reason = getattr(error, "strerror", None) or str(error)
        raise BackupRefused(f"Cannot copy {source} to {destination} ({reason}).") from error
    except BaseException:
        destination.unlink(missing_ok=True)
        raise


def restore_backup(backup: Path, target_url: str) -> RowCounts:
    """Copy every row of the backup file `backup` into the empty database at `target_url`.

    An older backup is upgraded on a copy first; the backup file itself is only read.

    Raises:
        BackupRefused: the backup is not this program's database, or the target holds data.
        DatabaseUnavailable, DatabaseTooNew: a database cannot be opened.
    """
    if not backup.is_file():
        raise BackupRefused(f"There is no backup file at {backup}.")
    refuse_unless_ours(backup)
    with tempfile.TemporaryDirectory(prefix="pupil-tracker-restore-") as folder:
        copy = Path(folder) / "backup.db"
        shutil.copyfile(backup, copy)
        copy.chmod(0o600)
        source = open_database(f"sqlite:///{copy}")
        try:
            target = open_database(target_url)
            try:
                _require_empty(target)
                with source.engine.connect() as reading, target.engine.begin() as writing:
                    for table in tables():
                        _copy_table(reading, writing, table)
                    if not target.is_sqlite:
                        _continue_sequences(writing)
            finally:
                target.dispose()
        finally:
            source.dispose()
    return _counted(target_url)


def _counted(url: str) -> RowCounts:
    database = Database(url)
    try:
        with database.engine.connect() as connection:
            return RowCounts({table.name: _count(connection, table) for table in tables()})
    finally:
        database.dispose()


def _count(connection: Connection, table: Table) -> int:
    return int(connection.scalar(select(func.count()).select_from(table)) or 0)


def _require_empty(target: Database) -> None:
    with target.engine.connect() as connection:
        for table in tables():
            if rows := _count(connection, table):
                raise BackupRefused(
                    f"The database {describe_url(target.url)} holds data already ({rows:,} rows "
                    f"in {table.name}): a backup is restored into an empty database only."
                )


def _copy_table(reading: Connection, writing: Connection, table: Table) -> None:
    ordered = select(table).order_by(*table.primary_key.columns)
    for batch in _batches(reading, ordered):
        writing.execute(insert(table), batch)


def _batches(reading: Connection, statement: object) -> Iterator[list[dict[str, object]]]:
    result = reading.execute(statement)  # type: ignore[call-overload]
    while rows := result.mappings().fetchmany(BATCH_ROWS):
        yield [dict(row) for row in rows]


def _continue_sequences(writing: Connection) -> None:
    """PostgreSQL's id sequences go on after the ids copied (SQLite takes the largest + 1)."""
    for table in tables():
        columns = table.primary_key.columns
        if len(columns) != 1 or not columns[0].autoincrement or columns[0].name != "id":
            continue
        writing.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {table.name}"
            )
        )

"""Guarding the database before it is used: an SQLite file is made private, recognised as this
program's own, and anything else is refused untouched; PostgreSQL is checked for our tables.

Every check here runs before the first connection of the engine, whose connect event switches
SQLite to WAL, and before create_all adds a table: a file that is not ours is never changed.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Connection, Engine, inspect

from store.core.errors import StoreError

APPLICATION_ID = int.from_bytes(b"PupT", "big")
"""SQLite's application_id (bytes 68-71 of the file) in every database this program makes."""
ORIGINAL_TABLES = frozenset(
    {
        "establishment",
        "schoolclass",
        "pupil",
        "assessmentperiod",
        "periodyeargroup",
        "judgement",
        "periodnote",
        "elgsection",
        "elgresult",
        "auditentry",
    }
)
"""The tables of the first version: a database made by any version holds all of them (earlier
versions set no application_id, so these are how their databases are known)."""
FILE_MODE = 0o600
FOLDER_MODE = 0o700
_HEADER = b"SQLite format 3\x00"
_HEADER_BYTES = 100
_NOT_OURS_ADVICE = (
    "it was left as it was: give the path of a Pupil Tracker database, or of a new file"
)


class DatabaseUnavailable(StoreError):
    """The database cannot be opened; the message is one plain sentence for the user."""


def prepare_sqlite_file(path: Path) -> None:
    """Make `path` ready to open as this program's SQLite database, or refuse it untouched.

    A missing file is created empty with mode 0600 (its folder 0700 if that is new), so that
    SQLite, which gives its -wal and -shm files the database's own mode, keeps all three
    private. An existing file must be a regular file that is empty or an SQLite database of
    ours (our application_id, or none and our tables), readable by this account alone, and
    writable with its folder.

    Raises:
        DatabaseUnavailable: with the reason, and what to do, in one sentence.
    """
    folder = path.parent
    try:
        folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    except OSError as error:
        raise DatabaseUnavailable(
            f"Cannot create the folder {folder} for the database: {error.strerror}."
        ) from error
    if create_private(path):
        return
    try:
        status = path.stat()
    except OSError as error:
        raise DatabaseUnavailable(f"Cannot open the database {path}: {error.strerror}.") from error
    if not stat.S_ISREG(status.st_mode):
        raise DatabaseUnavailable(
            f"{path} is not a database file (it is a folder, a device or a pipe); "
            f"{_NOT_OURS_ADVICE}."
        )
    if status.st_size:
        refuse_unless_ours(path)
    _refuse_if_others_can_read(path)
    if not (os.access(path, os.W_OK) and os.access(folder, os.W_OK)):
        raise DatabaseUnavailable(
            f"The database {path} is read-only (this account cannot write the file or its "
            f"folder {folder}): make both writable by it, or give another database."
        )


def create_private(path: Path) -> bool:
    """Create `path` empty and 0600; False if it exists already."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(path, flags, FILE_MODE)
    except FileExistsError:
        return False
    except OSError as error:
        raise DatabaseUnavailable(
            f"Cannot create the database {path}: {error.strerror}."
        ) from error
    os.close(descriptor)
    return True


def refuse_unless_ours(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            header = handle.read(_HEADER_BYTES)
    except OSError as error:
        raise DatabaseUnavailable(f"Cannot open the database {path}: {error.strerror}.") from error
    if len(header) < _HEADER_BYTES or not header.startswith(_HEADER):
        raise DatabaseUnavailable(
            f"{path} is not a Pupil Tracker database (it is not an SQLite database at all); "
            f"{_NOT_OURS_ADVICE}."
        )
    application_id = int.from_bytes(header[68:72], "big", signed=True)
    if application_id == APPLICATION_ID:
        return
    if application_id:
        raise DatabaseUnavailable(
            f"{path} is another program's SQLite database (application id {application_id}), "
            f"not Pupil Tracker's; {_NOT_OURS_ADVICE}."
        )
    refuse_foreign_tables(str(path), _sqlite_tables(path))


def _sqlite_tables(path: Path) -> set[str]:
    """The tables in the file, read without changing it or its -wal file."""
    wal = Path(f"{path}-wal")
    # Immutable: the file alone, no locks, no -shm made. Unless a -wal file holds changes the
    # file does not have yet (a program running, or killed): then a read-only connection,
    # which reads them too through the -shm index (made beside them if missing).
    mode = "mode=ro" if wal.exists() and wal.stat().st_size else "immutable=1"
    try:
        connection = sqlite3.connect(f"file:{quote(str(path))}?{mode}", uri=True)
    except sqlite3.Error as error:
        raise DatabaseUnavailable(f"Cannot open the database {path}: {error}.") from error
    try:
        rows = connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
    except sqlite3.Error as error:
        raise DatabaseUnavailable(f"Cannot read the database {path}: {error}.") from error
    finally:
        connection.close()
    return {str(name) for (name,) in rows}


def refuse_foreign_tables(where: str, tables: Iterable[str]) -> None:
    """Refuse a database that holds tables but not this program's (it is another's).

    An empty database is a new one; ours holds at least the first version's tables.

    Raises:
        DatabaseUnavailable: naming a few of the tables found.
    """
    found = set(tables)
    if not found or found >= ORIGINAL_TABLES:
        return
    listed = sorted(found - ORIGINAL_TABLES)
    shown = ", ".join(listed[:5]) + (f" and {len(listed) - 5} more" if len(listed) > 5 else "")
    raise DatabaseUnavailable(
        f"{where} is not a Pupil Tracker database: it holds other tables ({shown}) and not "
        f"Pupil Tracker's; {_NOT_OURS_ADVICE}."
    )


def _refuse_if_others_can_read(path: Path) -> None:
    if os.name != "posix":
        return  # Windows has no such mode bits: its folders' permissions apply
    exposed = []
    for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            mode = stat.S_IMODE(file.stat().st_mode)
        except FileNotFoundError:
            continue
        if mode & 0o077:
            exposed.append((file, mode))
    if exposed:
        names = " ".join(str(file) for file, _ in exposed)
        raise DatabaseUnavailable(
            f"The database {path} can be read or changed by other users (mode "
            f"{exposed[0][1]:04o}): run chmod 600 {names}."
        )


def refuse_foreign_schema(engine: Engine) -> None:
    """Refuse a server database (PostgreSQL) that holds tables but not ours, before any
    table is created in it."""
    where = engine.url.render_as_string(hide_password=True)
    refuse_foreign_tables(f"The database {where}", inspect(engine).get_table_names())


def mark_as_ours(connection: Connection) -> None:
    """Set SQLite's application_id, so the file is known as ours from its first 100 bytes."""
    if connection.dialect.name != "sqlite":
        return
    current = connection.exec_driver_sql("PRAGMA application_id").scalar()
    if current != APPLICATION_ID:
        connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")

"""`pupil-tracker db upgrade`, `current`, `backup` and `restore`: for whoever runs the server.

Opening a database upgrades it anyway; these let a local authority upgrade at a time of its
choosing (after its own backup) and see where a database stands without changing it.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from store.core.db import Database, DatabaseUnavailable, describe_url, open_database
from store.core.db_file import refuse_foreign_schema
from store.core.errors import DatabaseTooNew

UP_TO_DATE, NEEDS_UPGRADE, REFUSED = 0, 1, 2


def add_db_command(commands: Any, in_command: argparse.ArgumentParser) -> None:
    db = commands.add_parser(
        "db",
        parents=[in_command],
        help="the database's schema (which revision, upgrade now), backup and restore",
        description="Opening a database upgrades it to this program's schema (an SQLite file is "
        "first copied beside itself, and the copy is named). `db upgrade` does it now; `db "
        "current` says where the database stands and changes nothing (exit code 0: up to date, "
        "1: it needs upgrading or does not exist yet, 2: it cannot be opened or is newer than "
        "this program).",
    )
    actions = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    actions.add_parser(
        "upgrade",
        parents=[in_command],
        help="upgrade the database to this program's schema revision now",
    )
    actions.add_parser(
        "current",
        parents=[in_command],
        help="say which schema revision the database is at (changes nothing)",
    )
    backup = actions.add_parser(
        "backup",
        parents=[in_command],
        help="copy the SQLite database to DEST, safely while people work (PostgreSQL: pg_dump)",
        description="Copy the database to DEST, a new file readable by this account only, with "
        "SQLite's online backup API (safe while people type), and check the copy. For a "
        "PostgreSQL database it says the pg_dump command to use instead.",
    )
    backup.add_argument("destination", metavar="DEST", type=Path, help="the new backup file")
    restore = actions.add_parser(
        "restore",
        parents=[in_command],
        help="copy every row of a backup file into the database, which must be empty",
        description="Copy every row of BACKUP (a file made by `db backup`, of this version or "
        "an older one, which is only read) into the database chosen by --db or --db-url, which "
        "must hold no data: an SQLite file or an empty PostgreSQL database. One transaction: "
        "if it fails, the database stays empty. This also moves an SQLite database to "
        "PostgreSQL.",
    )
    restore.add_argument("backup", metavar="BACKUP", type=Path, help="the backup file")


def db_command(url: str, arguments: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Run `db upgrade`, `current`, `backup` or `restore` on the database at `url`; the exit
    code."""
    action = arguments.db_command
    # Here, not with the CLI: a backup registers every table, which the app's start leaves out.
    from store.core.backup import backup_sqlite, restore_backup

    try:
        if action == "upgrade":
            return _upgrade(url)
        if action == "backup":
            counted = backup_sqlite(url, arguments.destination)
            print(
                f"Backed up {describe_url(url)} to {arguments.destination}: {counted.sentence()}."
            )
            return 0
        if action == "restore":
            counted = restore_backup(arguments.backup, url)
            print(f"Restored {arguments.backup} into {describe_url(url)}: {counted.sentence()}.")
            return 0
        return _current(url)
    except (DatabaseUnavailable, DatabaseTooNew) as error:
        parser.exit(REFUSED, f"pupil-tracker: {error}\n")
    except DBAPIError as error:
        reason = " ".join(str(error.orig if error.orig is not None else error).split())
        parser.exit(
            REFUSED, f"pupil-tracker: The database {describe_url(url)} refused: {reason}.\n"
        )


def _upgrade(url: str) -> int:
    database = open_database(url)
    try:
        done = database.schema_upgrade
        if done is not None:
            print(done.sentence(describe_url(url)))
        else:
            from store.core.schema_revision import HEAD

            print(
                f"The database {describe_url(url)} is at schema revision {HEAD}, the newest "
                "this program has: nothing to upgrade."
            )
    finally:
        database.dispose()
    return UP_TO_DATE


def _current(url: str) -> int:
    from store.core.migrate import schema_status

    where = describe_url(url)
    parsed = make_url(url)
    is_file = parsed.get_backend_name() == "sqlite" and parsed.database not in (
        None,
        "",
        ":memory:",
    )
    if is_file and not Path(str(parsed.database)).exists():  # looking must not create it
        print(f"There is no database at {where} yet: opening it makes one.")
        return NEEDS_UPGRADE
    database = Database(url)  # an SQLite file not ours is refused here, untouched
    try:
        if not database.is_sqlite:
            refuse_foreign_schema(database.engine)
        with database.engine.connect() as connection:
            status = schema_status(connection)
    finally:
        database.dispose()
    if not status.known:
        assert status.revision is not None
        raise DatabaseTooNew(status.revision)
    if status.up_to_date:
        print(f"{where}: schema revision {status.head}, the newest this program has.")
        return UP_TO_DATE
    if status.empty:
        print(f"{where}: empty; opening it (or db upgrade) makes its tables at {status.head}.")
    elif status.revision is None:
        print(
            f"{where}: made before schema revisions; opening it (or db upgrade) brings it to "
            f"revision {status.head}."
        )
    else:
        print(
            f"{where}: schema revision {status.revision}; opening it (or db upgrade) upgrades "
            f"it to {status.head}."
        )
    return NEEDS_UPGRADE

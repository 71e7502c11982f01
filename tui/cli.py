"""The `pupil-tracker` command: start the app, or prepare the demo school."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version

from store.access import local_actor
from store.db import (
    Database,
    DatabaseUnavailable,
    describe_url,
    open_database,
    resolve_database_url,
)


def package_version() -> str:
    try:
        return version("pupil-tracker")
    except PackageNotFoundError:
        return "0+unknown"


def _database_options(in_command: bool = False) -> argparse.ArgumentParser:
    # Given after a command the options must not reset what was given before it.
    options = argparse.ArgumentParser(
        add_help=False, argument_default=argparse.SUPPRESS if in_command else None
    )
    where = options.add_mutually_exclusive_group()
    where.add_argument(
        "--db",
        metavar="PATH",
        help="an SQLite database file (created if missing)",
    )
    where.add_argument(
        "--db-url",
        metavar="URL",
        help="a database URL, e.g. postgresql+psycopg://user@host/tracker "
        "(or set PUPIL_TRACKER_DB_URL)",
    )
    return options


def build_parser() -> argparse.ArgumentParser:
    database = _database_options()
    in_command = _database_options(in_command=True)
    parser = argparse.ArgumentParser(
        prog="pupil-tracker",
        description="Record and analyse Early Years (EYFS) assessment from the terminal. "
        "With no command, starts the app; the default database is an SQLite file in your "
        "user data folder.",
        parents=[database],
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {package_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("run", parents=[in_command], help="start the app (the default)")
    commands.add_parser(
        "demo",
        parents=[in_command],
        help="create or refresh the demo school 99901 - TRAINING SCHOOL 1",
    )
    return parser


def _open(arguments: argparse.Namespace, parser: argparse.ArgumentParser) -> Database:
    url = resolve_database_url(arguments.db, arguments.db_url)
    try:
        return open_database(url)
    except DatabaseUnavailable as error:
        parser.exit(2, f"pupil-tracker: {error}\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    arguments = parser.parse_args(argv)
    database = _open(arguments, parser)
    if arguments.command == "demo":
        from store.demo import ensure_demo

        demo = ensure_demo(database, local_actor(None))
        print(f"The demo school {demo.title} is ready in {describe_url(database.url)}.")
        return 0
    return run_app(database)


def run_app(database: Database) -> int:
    from tui.app import PupilTrackerApp

    app = PupilTrackerApp(database, end_on_hangup=True)
    app.run()
    database.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The `pupil-tracker` command: start the app, prepare the demo school, import pupils, accounts."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import DBAPIError

from store.core.access import Actor, Role, connection_source, local_actor
from store.core.db import (
    Database,
    DatabaseUnavailable,
    describe_url,
    open_database,
    resolve_database_url,
)
from store.core.errors import DatabaseTooNew
from tui.cli_db import add_db_command, db_command
from tui.cli_export import add_export_command, export_command
from tui.cli_files import add_tidy_files_command, tidy_files_command
from tui.cli_pupils import (
    add_retention_command,
    add_subject_access_command,
    import_file,
    retention_command,
    subject_access_command,
    write_template,
)
from tui.cli_wording import add_wording_command, wording_command
from tui.version import package_version

if TYPE_CHECKING:
    from store.accounts.accounts import AccountSummary


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
        "user data folder. Every other command is for the server's administrator: it acts "
        "without a sign-in, so people who use the app over SSH must not be able to run it "
        "(see the README's sudoers line).",
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
    importing = commands.add_parser(
        "import-pupils",
        parents=[in_command],
        help="import pupils from an upload template saved as CSV, or from a CTF (all or none)",
        description="Import the pupils of FILE into an establishment: the upload template saved "
        "as CSV, or a Common Transfer File (.xml) from the school's MIS, whose KS1 teacher "
        "assessment and EYFS profile results are imported too. A file with any bad row "
        "imports nothing; every problem is listed with its line and column (in a CTF: the "
        "pupil and the element). Pupils already on the roll are matched by UPN and updated.",
    )
    importing.add_argument(
        "--establishment", metavar="NUMBER", required=True, help="the establishment, e.g. 99901"
    )
    importing.add_argument(
        "file", metavar="FILE", type=Path, help="the CSV file or the CTF (.xml) to import"
    )
    template = commands.add_parser(
        "pupil-template",
        parents=[in_command],
        help="write the pupil upload template (CSV) to fill in",
        description="Write the pupil upload template. Without OUT it goes to the exports folder "
        "($PUPIL_TRACKER_EXPORTS_DIR, or 'Pupil Tracker' in your documents folder); the full "
        "path written is printed.",
    )
    template.add_argument(
        "out",
        metavar="OUT.csv",
        type=Path,
        nargs="?",
        help="the file to write, or a folder for it (default: the exports folder)",
    )
    template.add_argument("--force", action="store_true", help="replace OUT.csv if it exists")
    unarchive = commands.add_parser(
        "unarchive",
        parents=[in_command],
        help="bring archived pupils back (as the support team)",
    )
    unarchive.add_argument(
        "--upn",
        metavar="UPN",
        action="append",
        required=True,
        help="the UPN of an archived pupil (repeat for more)",
    )
    _add_user_commands(commands, in_command)
    add_retention_command(commands, in_command)
    add_subject_access_command(commands, in_command)
    add_tidy_files_command(commands, in_command)
    add_export_command(commands, in_command)
    add_db_command(commands, in_command)
    add_wording_command(commands, in_command)
    return parser


def _add_user_commands(commands: Any, in_command: argparse.ArgumentParser) -> None:
    users = commands.add_parser(
        "user",
        parents=[in_command],
        help="add, reset, unlock and list accounts (as the server's administrator)",
        description="Manage sign-in accounts. These commands act as the server's administrator "
        "(an operating-system right), so they ask for no sign-in. Security codes are encrypted "
        "with the key file in $PUPIL_TRACKER_KEY_FILE, or one in your user config folder.",
    )
    actions = users.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = actions.add_parser(
        "add",
        parents=[in_command],
        help="add an account; prints its temporary password once",
        description="Add an account with a temporary password, printed once: it expires after "
        "72 hours and must be changed at the first sign-in.",
    )
    add.add_argument(
        "--establishment",
        metavar="NUMBER",
        help="the establishment, e.g. 99901 (not for support accounts)",
    )
    add.add_argument("--username", metavar="NAME", required=True, help="e.g. j.smith")
    add.add_argument("--role", choices=[role.value for role in Role], required=True)
    add.add_argument("--name", metavar="FULL_NAME", default="", help="the person's name")
    reset = actions.add_parser(
        "reset-password",
        parents=[in_command],
        help="issue a new temporary password (printed once); ends the user's sessions",
    )
    reset.add_argument("username", metavar="NAME")
    unlock = actions.add_parser(
        "unlock", parents=[in_command], help="lift a lock after too many failed sign-ins"
    )
    unlock.add_argument("username", metavar="NAME")
    listing = actions.add_parser(
        "list", parents=[in_command], help="list accounts: username, establishment, role, state"
    )
    listing.add_argument("--establishment", metavar="NUMBER", help="only this establishment's")


def _url(arguments: argparse.Namespace, parser: argparse.ArgumentParser) -> str:
    try:
        return resolve_database_url(arguments.db, arguments.db_url)
    except DatabaseUnavailable as error:
        parser.exit(2, f"pupil-tracker: {error}\n")


def _open(arguments: argparse.Namespace, parser: argparse.ArgumentParser) -> Database:
    """The database, upgraded if it was older: saying so (and naming the backup copy) on stderr,
    which stays on the terminal after the app has ended."""
    try:
        database = open_database(_url(arguments, parser))
    except (DatabaseUnavailable, DatabaseTooNew) as error:
        parser.exit(2, f"pupil-tracker: {error}\n")
    if database.upgrade_notice:
        print(f"pupil-tracker: {database.upgrade_notice}", file=sys.stderr)
    return database


NEEDS_A_TERMINAL = "The app needs a terminal: connect with ssh -t, or PuTTY."


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    arguments = parser.parse_args(argv)
    if arguments.command == "pupil-template":
        return write_template(arguments.out, arguments.force, parser)
    if arguments.command == "tidy-files":  # files only: no database is opened
        return tidy_files_command(arguments, parser)
    if arguments.command == "db":
        return db_command(_url(arguments, parser), arguments, parser)
    if arguments.command in (None, "run"):
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            # Without one (`ssh host id`, a pipe) it would draw to nobody and outlive the
            # connection that started it.
            parser.exit(1, f"pupil-tracker: {NEEDS_A_TERMINAL}\n")
        return run_app(_open(arguments, parser))
    database = _open(arguments, parser)
    try:
        return _command(database, arguments, parser)
    except DBAPIError as error:
        # The database refused mid-command (made read-only, a server gone): one line, not a
        # traceback; the refused transaction was rolled back.
        reason = " ".join(str(error.orig if error.orig is not None else error).split())
        parser.exit(
            2, f"pupil-tracker: The database {describe_url(database.url)} refused: {reason}.\n"
        )


def _command(
    database: Database, arguments: argparse.Namespace, parser: argparse.ArgumentParser
) -> int:
    if arguments.command == "demo":
        return make_demo(database, parser)
    if arguments.command == "user":
        return user_command(database, arguments, parser)
    if arguments.command == "import-pupils":
        return import_file(
            database, server_actor(), arguments.establishment, arguments.file, parser
        )
    if arguments.command == "unarchive":
        return unarchive(database, arguments.upn)
    if arguments.command == "pupil-export":
        return subject_access_command(database, server_actor(), arguments)
    if arguments.command == "wording":
        return wording_command(database, arguments, server_actor())
    if arguments.command == "retention":
        return retention_command(database, server_actor(), arguments, date.today())
    return export_command(database, arguments, server_actor())


def make_demo(database: Database, parser: argparse.ArgumentParser) -> int:
    """The demo school, then its demo accounts, whose credentials are printed."""
    from store.accounts.demo_accounts import DEMO_SUPPORT, ensure_demo_accounts
    from store.accounts.settings import SecuritySettings, utc_now
    from store.core.errors import StoreError
    from store.demo import ensure_demo

    demo = ensure_demo(database, local_actor(None))
    print(f"The demo school {demo.title} is ready in {describe_url(database.url)}.")
    try:
        credentials = ensure_demo_accounts(
            database, server_actor(), demo.id, now=utc_now(), settings=SecuritySettings()
        )
    except StoreError as error:
        parser.exit(2, f"pupil-tracker: {error}\n")
    print("Demo accounts (their passwords are not temporary, so no change is asked for):")
    for credential in credentials:
        print(
            f"  {credential.username:<13} {credential.role.value:<8} "
            f"password {credential.password:<19} security code {credential.security_code}"
        )
    print(
        f"{DEMO_SUPPORT} sees every establishment, so its password and code are new each time "
        "demo runs; it enrols an authenticator app at its first sign-in."
    )
    return 0


def user_command(
    database: Database, arguments: argparse.Namespace, parser: argparse.ArgumentParser
) -> int:
    """`pupil-tracker user ...`: 1 with the reason on stderr if the store refuses."""
    from store.accounts.secret_box import KeyFileProblem
    from store.core.errors import StoreError

    try:
        return _user_action(database, arguments)
    except KeyFileProblem as error:
        parser.exit(2, f"pupil-tracker: {error}\n")
    except StoreError as error:
        print(f"pupil-tracker: {error}", file=sys.stderr)
        return 1


def _user_action(database: Database, arguments: argparse.Namespace) -> int:
    from store.accounts.accounts import IssuedPassword, create_account, list_accounts
    from store.accounts.actions import issue_temporary_password, unlock_account
    from store.accounts.reauth import SERVER_ADMINISTRATOR
    from store.accounts.settings import clock_time, utc_now

    actor = server_actor()
    now = utc_now()
    action = arguments.user_command
    issued: IssuedPassword
    if action == "add":
        establishment_id = _establishment_id(database, arguments.establishment)
        issued = create_account(
            database,
            actor,
            username=arguments.username,
            role=Role(arguments.role),
            establishment_id=establishment_id,
            display_name=arguments.name,
            now=now,
        )
        where = issued.account.establishment_number or "every establishment"
        print(f"Added {issued.account.username} ({issued.account.role.value}, {where}).")
    elif action == "reset-password":
        issued = issue_temporary_password(
            database, actor, SERVER_ADMINISTRATOR, arguments.username, now=now
        )
        print(f"{issued.account.username} has a new temporary password; their sessions ended.")
    elif action == "unlock":
        name = arguments.username.strip().lower()
        was_locked = unlock_account(database, actor, SERVER_ADMINISTRATOR, name, now=now)
        print(f"{name} is unlocked." if was_locked else f"{name} was not locked.")
        return 0
    else:
        establishment_id = _establishment_id(database, arguments.establishment)
        print_accounts(list_accounts(database, actor, establishment_id, now=now))
        return 0
    print(f"Temporary password: {issued.temporary_password}")
    if issued.expires_at is not None:
        print(
            f"It is shown only this once, expires at {clock_time(issued.expires_at)} and must "
            "be changed at the first sign-in."
        )
    return 0


def _establishment_id(database: Database, number: str | None) -> int | None:
    from store.core.errors import NotFound
    from store.establishments.establishments import find_establishment_by_number

    if number is None:
        return None
    establishment = find_establishment_by_number(database, number)
    if establishment is None:
        raise NotFound(f"There is no establishment numbered {number.strip()}.")
    return establishment.id


def print_accounts(accounts: Sequence[AccountSummary]) -> None:
    rows = [("USERNAME", "ESTABLISHMENT", "ROLE", "STATE")]
    rows += [
        (
            account.username + (" (demo)" if account.is_demo else ""),
            account.establishment_number or "-",
            account.role.value,
            account.state,
        )
        for account in accounts
    ]
    widths = [max(len(row[index]) for row in rows) for index in range(3)]
    for row in rows:
        cells = zip(row[:3], widths, strict=True)
        print("  ".join(cell.ljust(width) for cell, width in cells) + "  " + row[3])
    if not accounts:
        print("(no accounts)")


def server_actor() -> Actor:
    """Whoever runs the command on the server: its administrator, acting as the support team."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = "local"
    return Actor(name, Role.SUPPORT, None, connection_source())


def unarchive(database: Database, upns: Sequence[str]) -> int:
    """Bring archived pupils back by UPN, saying what happened to each; 1 if any was not found."""
    from store.accounts.reauth import SERVER_ADMINISTRATOR
    from store.curriculum.upn import normalise_upn
    from store.pupils.editing import unarchive_pupils
    from store.pupils.pupils import find_pupil_by_upn

    actor = server_actor()
    missing = False
    for upn in dict.fromkeys(normalise_upn(upn) for upn in upns):
        found = find_pupil_by_upn(database, actor, upn)
        if found is None:
            print(f"{upn}: not found.")
            missing = True
        elif not found[2]:
            print(f"{upn}: not archived; nothing to do.")
        else:
            unarchive_pupils(database, actor, [found[0]], SERVER_ADMINISTRATOR)
            print(f"{upn}: brought back.")
    return 1 if missing else 0


def run_app(database: Database) -> int:
    from tui.app import PupilTrackerApp
    from tui.session_guard import APP_STOPPED

    app = PupilTrackerApp(database, end_on_hangup=True, accounts_hint=True)
    try:
        app.run()
    finally:
        # The app ends its session as it closes; this ends one left open by whatever escaped.
        app.end_signed_in_session(APP_STOPPED)
        database.dispose()
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())

"""Engines and sessions: SQLite in the user data directory by default, PostgreSQL from a URL."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError
from sqlalchemy.pool import ConnectionPoolEntry
from sqlmodel import Session

# The core tables only; the others come with the code that uses them (store.core.all_tables).
from store.core import models  # noqa: F401
from store.core.db_file import DatabaseUnavailable as DatabaseUnavailable  # raised from here too
from store.core.db_file import prepare_sqlite_file, refuse_foreign_schema
from store.core.errors import SessionEnded
from store.core.schema_revision import HEAD, stored_revision

if TYPE_CHECKING:
    from store.core.migrate import SchemaUpgrade

APP_NAME = "pupil-tracker"
ENV_DB_URL = "PUPIL_TRACKER_DB_URL"


def default_database_path() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "pupil-tracker.db"


def resolve_database_url(
    db_path: str | None = None,
    db_url: str | None = None,
    environ: dict[str, str] | None = None,
) -> str:
    """The database: --db PATH, else --db-url URL, else $PUPIL_TRACKER_DB_URL, else the default.

    Raises:
        DatabaseUnavailable: --db or --db-url was given empty (never read as "the default").
    """
    env = os.environ if environ is None else environ
    _refuse_empty(db_path, db_url)
    if db_path:
        return f"sqlite:///{Path(db_path).expanduser().resolve()}"
    if db_url:
        return db_url.strip()
    if env.get(ENV_DB_URL, "").strip():
        return env[ENV_DB_URL].strip()
    return f"sqlite:///{default_database_path()}"


def _refuse_empty(db_path: str | None, db_url: str | None) -> None:
    if db_path is not None and not db_path.strip():
        raise DatabaseUnavailable(
            "--db was given no file: name the database file (it is created if missing), or "
            "leave --db out to use the default database."
        )
    if db_url is not None and not db_url.strip():
        raise DatabaseUnavailable(
            "--db-url was given no URL: give one such as postgresql+psycopg://user@host/tracker, "
            "or leave --db-url out to use the default database."
        )


CONNECT_TIMEOUT = 10
"""Seconds a database server has to answer a new connection."""


def describe_url(url: str) -> str:
    """The URL as a person may see it: a path for SQLite, no password for a server."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or ":memory:"
    return parsed.render_as_string(hide_password=True)


def _sqlite_on_connect(dbapi_connection: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself, so writes can ask for IMMEDIATE.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    # NORMAL in WAL mode survives a killed process or a dropped SSH session; only a power
    # cut can lose the last transactions, and it keeps a keystroke's commit off the fsync path.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_on_begin(connection: Any) -> None:
    # A write takes the write lock at its start: a deferred read-then-write transaction in WAL
    # fails at once with "database is locked" when another writer got in first.
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str) -> Engine:
    """Create an engine for `url`, with SQLite's PRAGMAs applied on every connection.

    Raises:
        DatabaseUnavailable: the URL is malformed, or an SQLite file cannot be made, is not
            ours, is readable by others or is read-only (store.core.db_file).
    """
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise DatabaseUnavailable(f"Not a database URL: {url!r} ({error}).") from error
    if parsed.get_backend_name() != "sqlite":
        # A server that does not answer (a firewall dropping packets, a host gone) is given up
        # after this long, with one line, instead of the system's minutes; the URL's own
        # connect_timeout wins.
        waits = {} if "connect_timeout" in parsed.query else {"connect_timeout": CONNECT_TIMEOUT}
        try:
            return create_engine(url, pool_pre_ping=True, connect_args=waits)
        except NoSuchModuleError as error:
            raise DatabaseUnavailable(
                f"Unknown kind of database {parsed.drivername!r}: use sqlite:///PATH or "
                "postgresql+psycopg://USER@HOST/NAME."
            ) from error
        except ImportError as error:
            raise DatabaseUnavailable(
                f"The driver for {parsed.drivername} is not installed ({error.name}): "
                "install it with pip install 'pupil-tracker[postgres]'."
            ) from error
    if parsed.database and parsed.database != ":memory:":
        prepare_sqlite_file(Path(parsed.database))  # before the first connection changes it
    engine = create_engine(url, connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


class Database:
    """One database: short read and write sessions over one engine."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        # Told of every write refused because its session had ended, after the rollback, in
        # the writing thread: the app signs the person out at once, whichever screen wrote.
        self.session_ended_listeners: list[Callable[[SessionEnded], None]] = []
        self.schema_upgrade: SchemaUpgrade | None = None

    def create_schema(self) -> SchemaUpgrade | None:
        """Bring the database to this program's schema: make a new one's tables, upgrade an
        older one (an SQLite file after a backup copy beside it); None if it was up to date.

        Also kept in `schema_upgrade`, whose sentence the command line and the app show.

        Raises:
            DatabaseUnavailable: it cannot be opened, is not ours, or cannot be upgraded.
            DatabaseTooNew: a newer version of the program upgraded it.
        """
        try:
            if not self.is_sqlite:  # an SQLite file was checked before its first connection
                refuse_foreign_schema(self.engine)
            with self.engine.connect() as connection:
                if stored_revision(connection) == HEAD:
                    return None
            from store.core.migrate import upgrade_to_head  # Alembic only when there is work

            self.schema_upgrade = upgrade_to_head(self.engine)
            return self.schema_upgrade
        except (OperationalError, DBAPIError) as error:
            reason = str(error.orig) if error.orig is not None else str(error)
            if "timeout expired" in reason:
                waited = make_url(self.url).query.get("connect_timeout", CONNECT_TIMEOUT)
                reason = f"the server did not answer within {waited} seconds"
            raise DatabaseUnavailable(
                f"Cannot open the database {describe_url(self.url)}: {reason}."
            ) from error

    @property
    def upgrade_notice(self) -> str | None:
        """What opening did to the schema, in one sentence; None if nothing worth saying."""
        done = self.schema_upgrade
        if done is None or done.created:
            return None
        return done.sentence(describe_url(self.url))

    def has_schema(self) -> bool:
        return inspect(self.engine).has_table("establishment")

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; it never holds the write lock."""
        with Session(self.engine) as session:
            try:
                yield session
            except SessionEnded as refused:
                self._tell_session_ended(refused)
                raise

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session that takes the write lock at once and commits at the end (or rolls back)."""
        with Session(self.engine) as session:
            if self.is_sqlite:
                session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
            try:
                yield session
                session.commit()
            except SessionEnded as refused:
                session.rollback()
                self._tell_session_ended(refused)
                raise
            except BaseException:
                session.rollback()
                raise

    def _tell_session_ended(self, refused: SessionEnded) -> None:
        for listener in list(self.session_ended_listeners):
            listener(refused)

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(url: str) -> Database:
    """Open (creating if need be) the database at `url`, ready to use: at this program's schema
    revision, upgraded if it was older (`upgrade_notice` says so), refused if it is newer."""
    database = Database(url)
    try:
        database.create_schema()
    except BaseException:
        database.dispose()  # a refused database is left as it was: no connection kept open
        raise
    return database


def dialect_insert(session: Session) -> Any:
    """The `insert` of the session's dialect, which has `on_conflict_do_update/nothing`.

    Imported here when first needed: `sqlalchemy.dialects.postgresql` costs an SQLite app
    about 40 ms and 2 MiB (it was loaded as the grid opened), and PostgreSQL has it loaded
    already by its engine.
    """
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert

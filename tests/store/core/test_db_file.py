"""Opening a database: ours is private and known; anything else is refused and left untouched."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

import store.core.all_tables  # noqa: F401  (every table on SQLModel.metadata)
from store.core.access import Actor, Role
from store.core.db import DatabaseUnavailable, open_database, resolve_database_url
from store.core.db_file import APPLICATION_ID, ORIGINAL_TABLES
from store.core.schema_revision import BASELINE
from store.establishments.establishments import create_establishment, find_establishment_by_number
from tests.store.conftest import PG_ENV, downgrade_to

SUPPORT = Actor("support", Role.SUPPORT, None)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file in `folder` and a hash of its bytes."""
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.iterdir())
        if path.is_file()
    }


def application_id(path: Path) -> int:
    return int.from_bytes(path.read_bytes()[68:72], "big")


def test_a_new_database_its_wal_and_shm_are_private_in_a_private_folder(tmp_path: Path) -> None:
    path = tmp_path / "new" / "school.db"
    previous = os.umask(0)  # SQLite alone would make all three 0666 under this umask
    try:
        database = open_database(f"sqlite:///{path}")
        create_establishment(database, SUPPORT, "2041", "ST MARY'S")
        with database.read() as session:  # a reader keeps -wal and -shm while it is open
            session.execute(text("SELECT 1"))
            files = {p.name: mode(p) for p in path.parent.iterdir()}
    finally:
        os.umask(previous)
    database.dispose()
    assert files == {"school.db": 0o600, "school.db-wal": 0o600, "school.db-shm": 0o600}
    assert mode(path.parent) == 0o700
    assert application_id(path) == APPLICATION_ID


def test_a_database_others_can_read_is_refused_saying_what_to_run(tmp_path: Path) -> None:
    path = tmp_path / "school.db"
    open_database(f"sqlite:///{path}").dispose()
    path.chmod(0o644)
    with pytest.raises(DatabaseUnavailable) as refused:
        open_database(f"sqlite:///{path}")
    assert str(refused.value) == (
        f"The database {path} can be read or changed by other users (mode 0644): "
        f"run chmod 600 {path}."
    )
    path.chmod(0o600)
    wal = Path(f"{path}-wal")  # left by an earlier version that made it 0644
    wal.write_bytes(b"")
    wal.chmod(0o640)
    with pytest.raises(DatabaseUnavailable, match=f"run chmod 600 {wal}.$"):
        open_database(f"sqlite:///{path}")
    wal.chmod(0o600)
    open_database(f"sqlite:///{path}").dispose()


def foreign_tables(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    connection.execute("INSERT INTO moz_places (url) VALUES ('https://example.org')")
    connection.commit()
    connection.close()


def foreign_application(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA application_id = 1196444237")  # a GeoPackage's
    connection.execute(
        f"CREATE TABLE {' TEXT, '.join(sorted(ORIGINAL_TABLES))} TEXT)".replace(
            "CREATE TABLE ", "CREATE TABLE establishment (", 1
        ).replace("establishment (assessmentperiod", "establishment (assessmentperiod")
    )
    connection.commit()
    connection.close()


def foreign_wal(path: Path) -> None:
    """Another program's WAL-mode database with its latest change still in its -wal file."""
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA wal_autocheckpoint=0")
    connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    connection.commit()
    copy = path.with_name("copy")
    copy.mkdir()
    for name in (path.name, f"{path.name}-wal"):  # as it was while that program ran
        (copy / name).write_bytes((path.parent / name).read_bytes())
    connection.close()
    for name in (path.name, f"{path.name}-wal"):
        (path.parent / name).write_bytes((copy / name).read_bytes())
    for item in copy.iterdir():
        item.unlink()
    copy.rmdir()
    Path(f"{path}-shm").unlink(missing_ok=True)


def text_file(path: Path) -> None:
    path.write_bytes(b"This is a Word document, honest." * 100)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (foreign_tables, "is not a Pupil Tracker database: it holds other tables (moz_places)"),
        (foreign_application, "is another program's SQLite database (application id 1196444237)"),
        (foreign_wal, "is not a Pupil Tracker database: it holds other tables (invoices)"),
        (text_file, "is not a Pupil Tracker database (it is not an SQLite database at all)"),
    ],
)
def test_another_programs_file_is_refused_and_left_byte_for_byte(
    tmp_path: Path, make: object, message: str
) -> None:
    folder = tmp_path / "theirs"
    folder.mkdir()
    path = folder / "data.db"
    make(path)  # type: ignore[operator]
    for file in folder.iterdir():
        file.chmod(0o600)
    before = fingerprint(folder)
    with pytest.raises(DatabaseUnavailable) as refused:
        open_database(f"sqlite:///{path}")
    assert str(refused.value).startswith(f"{path} {message}")
    assert str(refused.value).endswith(
        "it was left as it was: give the path of a Pupil Tracker database, or of a new file."
    )
    after = fingerprint(folder)
    if make is foreign_wal:
        # Its latest tables are read from its -wal file, through the -shm index SQLite keeps
        # beside it (made if missing, as any reader would); neither data file changes.
        after.pop("data.db-shm")
    assert after == before  # not a byte changed: no table added, no switch to WAL


def test_a_folder_or_a_pipe_is_not_a_database(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.db"
    os.mkfifo(pipe)
    for path in (tmp_path, pipe):
        with pytest.raises(DatabaseUnavailable, match="is not a database file"):
            open_database(f"sqlite:///{path}")


def test_an_empty_file_or_empty_sqlite_database_becomes_ours(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.touch(mode=0o600)
    blank = tmp_path / "blank.db"
    connection = sqlite3.connect(blank)
    connection.execute("PRAGMA user_version = 1")  # a valid file with no tables
    connection.commit()
    connection.close()
    blank.chmod(0o600)
    for path in (empty, blank):
        database = open_database(f"sqlite:///{path}")
        create_establishment(database, SUPPORT, "2041", "ST MARY'S")
        database.dispose()
        assert application_id(path) == APPLICATION_ID


def test_a_database_of_an_earlier_version_is_known_by_its_tables_and_marked(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    database = open_database(f"sqlite:///{path}")
    create_establishment(database, SUPPORT, "2041", "ST MARY'S")
    downgrade_to(database, BASELINE)  # the columns of later revisions go too
    later = set(SQLModel.metadata.tables) - ORIGINAL_TABLES | {"alembic_version"}
    with database.engine.begin() as connection:
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        for table in later:
            connection.exec_driver_sql(f"DROP TABLE IF EXISTS {table}")  # some went down
        connection.exec_driver_sql("PRAGMA application_id = 0")  # as earlier versions left it
    database.dispose()
    assert application_id(path) == 0
    database = open_database(f"sqlite:///{path}")
    try:
        assert find_establishment_by_number(database, "2041") is not None
        assert set(inspect(database.engine).get_table_names()) >= set(SQLModel.metadata.tables)
    finally:
        database.dispose()
    assert application_id(path) == APPLICATION_ID
    assert set(SQLModel.metadata.tables) >= ORIGINAL_TABLES  # still a subset of today's tables


@pytest.mark.parametrize("given", ["", "  "])
def test_an_empty_path_or_url_is_refused_not_read_as_the_default(given: str) -> None:
    with pytest.raises(DatabaseUnavailable, match=r"^--db was given no file"):
        resolve_database_url(db_path=given)
    with pytest.raises(DatabaseUnavailable, match=r"^--db-url was given no URL"):
        resolve_database_url(db_url=given)
    assert resolve_database_url(environ={"PUPIL_TRACKER_DB_URL": given}).endswith(
        "pupil-tracker.db"
    )  # an empty variable is an unset one, as shells treat it


# --- PostgreSQL -------------------------------------------------------------------------------


@pytest.fixture
def server_database() -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database."""
    admin_url = os.environ.get(PG_ENV)
    if not admin_url:
        pytest.skip(f"PostgreSQL: set {PG_ENV} (bash .ci/run does)")
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


def server_tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_a_server_database_holding_other_tables_but_not_ours_is_refused(
    server_database: str,
) -> None:
    engine = create_engine(server_database)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE invoices (id INTEGER PRIMARY KEY)"))
    engine.dispose()
    with pytest.raises(DatabaseUnavailable) as refused:
        open_database(server_database)
    assert "is not a Pupil Tracker database: it holds other tables (invoices)" in str(refused.value)
    assert "password" not in str(refused.value).lower()
    assert server_tables(server_database) == {"invoices"}  # nothing was created


def test_a_server_database_holding_ours_and_others_is_accepted(server_database: str) -> None:
    open_database(server_database).dispose()  # ours, made on an empty database
    engine = create_engine(server_database)
    with engine.begin() as connection:  # e.g. PostGIS's table, beside ours
        connection.execute(text("CREATE TABLE spatial_ref_sys (srid INTEGER PRIMARY KEY)"))
    engine.dispose()
    database = open_database(server_database)
    try:
        create_establishment(database, SUPPORT, "2041", "ST MARY'S")
    finally:
        database.dispose()

"""A database made by the last version before migrations (tests/fixtures/pre-alembic.db: the
demo, accounts, a signed-in session, submitted ELGs, a meeting, news, a transfer, a deleted
assessment) upgrades on SQLite and on PostgreSQL with every row intact; a database a newer
version upgraded is refused, untouched."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import stat
from collections.abc import Iterable
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import DateTime, Engine, MetaData, create_engine, func, select, text
from sqlmodel import SQLModel

import store.core.all_tables  # noqa: F401  (every table on SQLModel.metadata)
from store.core.access import Actor, Role
from store.core.db import Database, DatabaseUnavailable, make_engine, open_database
from store.core.db_file import APPLICATION_ID
from store.core.errors import DatabaseTooNew
from store.core.migrate import baseline_metadata, script_directory
from store.core.schema_revision import BASELINE, HEAD, stored_revision
from store.establishments.establishments import create_establishment, list_establishments
from store.establishments.return_identity import set_return_identity
from tests.store.conftest import downgrade_to, throwaway_postgres

FIXTURE = Path(__file__).parents[2] / "fixtures" / "pre-alembic.db"
SUPPORT = Actor("support.tester", Role.SUPPORT, None)


def _baseline() -> MetaData:
    return baseline_metadata(script_directory())


def _plain(value: Any) -> str:
    """A value as text, the same whichever database gave it (aware times are stored as UTC)."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return repr(value)


def table_digests(engine: Engine) -> dict[str, tuple[int, str]]:
    """{table: (rows, SHA-256 of its rows)} over the baseline's tables and columns, the rows
    sorted as text so that the two databases' orders of text keys do not matter."""
    digests = {}
    with engine.connect() as connection:
        for table in _baseline().sorted_tables:
            rows = sorted(
                "|".join(_plain(value) for value in row)
                for row in connection.execute(select(table))
            )
            digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
            digests[table.name] = (len(rows), digest)
    return digests


def _read_only(path: Path) -> Engine:
    # Immutable: read as it stands, with no lock and no -shm file made beside it (the fixture
    # stays as committed, in WAL mode as the app left it).
    return create_engine(f"sqlite:///file:{path}?immutable=1&uri=true")


@pytest.fixture(scope="module")
def fixture_digests() -> dict[str, tuple[int, str]]:
    engine = _read_only(FIXTURE)
    try:
        return table_digests(engine)
    finally:
        engine.dispose()


def test_the_fixture_is_a_database_of_the_last_version_before_migrations(
    fixture_digests: dict[str, tuple[int, str]],
) -> None:
    """Every table has rows, so that every table's upgrade is checked against real rows."""
    assert [name for name, (rows, _) in fixture_digests.items() if rows == 0] == []
    assert FIXTURE.stat().st_size < 2_000_000
    engine = _read_only(FIXTURE)
    try:
        with engine.connect() as connection:
            assert stored_revision(connection) is None
            sessions = connection.execute(
                text("SELECT count(*) FROM auditentry WHERE session_id IS NOT NULL")
            ).scalar()
            submitted = connection.execute(
                text("SELECT count(*) FROM elgsection WHERE submitted_at IS NOT NULL")
            ).scalar()
    finally:
        engine.dispose()
    assert sessions and submitted


def _copy_fixture(folder: Path) -> Path:
    path = folder / "school.db"
    shutil.copyfile(FIXTURE, path)
    path.chmod(0o600)
    return path


def _application_id(path: Path) -> int:
    return int.from_bytes(path.read_bytes()[68:72], "big")


def _agrees_with_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        assert stored_revision(connection) == HEAD
        assert compare_metadata(MigrationContext.configure(connection), SQLModel.metadata) == []


def _everything_is_eyfs(engine: Engine, digests: dict[str, tuple[int, str]]) -> None:
    """Revision 0002: every period and section made before frameworks is of its EYFS
    framework, and no judgement holds a number."""
    with engine.connect() as connection:
        periods = connection.execute(
            text("SELECT framework, count(*) FROM assessmentperiod GROUP BY framework")
        ).all()
        sections = connection.execute(
            text("SELECT framework, count(*) FROM elgsection GROUP BY framework")
        ).all()
        numbers = connection.execute(
            text("SELECT count(*) FROM judgement WHERE number IS NOT NULL")
        ).scalar_one()
    assert [tuple(row) for row in periods] == [("eyfs-in-year", digests["assessmentperiod"][0])]
    assert [tuple(row) for row in sections] == [("eyfs-elg", digests["elgsection"][0])]
    assert numbers == 0


def _no_return_identity_yet(engine: Engine, digests: dict[str, tuple[int, str]]) -> None:
    """Revision 0004: every establishment made before has no LA number, DfE number or URN
    until support sets them."""
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT la_number, dfe_number, urn FROM establishment")
        ).all()
    assert [tuple(row) for row in rows] == [(None, None, None)] * digests["establishment"][0]


def _still_works(database: Database) -> None:
    """The upgraded database takes new rows (its keys go on from the old ones)."""
    made = create_establishment(database, SUPPORT, "4004", "DAMSON NURSERY")
    set_return_identity(
        database, SUPPORT, made.id, la_number="873", dfe_number="1004", urn="110004"
    )
    names = {e.number: e.name for e in list_establishments(database, SUPPORT)}
    assert names == {"99901": "TRAINING SCHOOL 1", "3003": "CEDAR PRIMARY", "4004": made.name}


def test_the_fixture_upgrades_on_sqlite_with_every_row_intact_after_a_backup_copy(
    tmp_path: Path, fixture_digests: dict[str, tuple[int, str]]
) -> None:
    path = _copy_fixture(tmp_path)
    database = open_database(f"sqlite:///{path}")
    try:
        done = database.schema_upgrade
        assert done is not None and not done.created
        assert (done.before, done.after) == (None, HEAD)
        assert table_digests(database.engine) == fixture_digests
        _everything_is_eyfs(database.engine, fixture_digests)
        _no_return_identity_yet(database.engine, fixture_digests)
        _agrees_with_the_models(database.engine)
        # The copy from before: beside it, private, named in the one line the person sees.
        backup = done.backup
        assert backup is not None and backup.parent == tmp_path
        assert backup.name.startswith(f"school.db.before-{HEAD}-")
        assert stat.S_IMODE(backup.stat().st_mode) == 0o600
        notice = database.upgrade_notice
        assert notice is not None and str(backup) in notice and "\n" not in notice
        assert "made before schema revisions" in notice
        _still_works(database)
    finally:
        database.dispose()
    assert _application_id(path) == APPLICATION_ID
    # The copy opens on its own, holds every row, and is the database as it was: no revision.
    copy = _read_only(backup)
    try:
        assert table_digests(copy) == fixture_digests
        with copy.connect() as connection:
            assert stored_revision(connection) is None
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "delete"
    finally:
        copy.dispose()
    # Opening it again finds nothing to do, and makes no second copy.
    again = open_database(f"sqlite:///{path}")
    again.dispose()
    assert again.schema_upgrade is None
    assert [p.name for p in tmp_path.iterdir() if ".before-" in p.name] == [backup.name]


def _timezone_columns(metadata: MetaData) -> dict[str, list[str]]:
    return {
        table.name: [
            column.name
            for column in table.columns
            if isinstance(column.type, DateTime) and column.type.timezone
        ]
        for table in metadata.sorted_tables
    }


def _load_into_postgres(source: Engine, url: str) -> None:
    """Make the database as the last version before migrations did (its create_all: the
    baseline's tables, no revision recorded), then copy every row of the fixture into it."""
    baseline = _baseline()
    target = make_engine(url)
    aware = _timezone_columns(baseline)
    try:
        baseline.create_all(target)
        with source.connect() as reading, target.begin() as writing:
            for table in baseline.sorted_tables:
                rows = [dict(row._mapping) for row in reading.execute(select(table))]
                for row in rows:  # SQLite kept these UTC times without their zone
                    for name in aware[table.name]:
                        if row[name] is not None:
                            row[name] = row[name].replace(tzinfo=timezone.utc)
                writing.execute(table.insert(), rows)
                if "id" in table.columns and table.columns["id"].autoincrement is not False:
                    _move_sequence_on(writing, table.name, len(rows))
    finally:
        target.dispose()


def _move_sequence_on(writing: Any, table: str, count: int) -> None:
    # Rows copied with their ids leave the id sequence behind; the old version's own rows
    # had moved it on.
    if count:
        writing.execute(
            text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}")
        )


def test_the_fixture_upgrades_on_postgresql_with_every_row_intact(
    fixture_digests: dict[str, tuple[int, str]],
) -> None:
    source = _read_only(FIXTURE)
    try:
        with throwaway_postgres() as url:
            _load_into_postgres(source, url)
            plain = make_engine(url)
            try:
                assert table_digests(plain) == fixture_digests  # the copy is faithful
                with plain.connect() as connection:
                    assert stored_revision(connection) is None
            finally:
                plain.dispose()
            database = open_database(url)
            try:
                done = database.schema_upgrade
                assert done is not None and (done.before, done.after) == (None, HEAD)
                assert done.backup is None  # a server database is backed up with pg_dump
                notice = database.upgrade_notice
                assert notice is not None and "copy" not in notice
                assert table_digests(database.engine) == fixture_digests
                _everything_is_eyfs(database.engine, fixture_digests)
                _no_return_identity_yet(database.engine, fixture_digests)
                _agrees_with_the_models(database.engine)
                _still_works(database)
            finally:
                database.dispose()
    finally:
        source.dispose()


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _set_revision(engine: Engine, revision: str) -> None:
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})


def test_a_database_a_newer_version_upgraded_is_refused_untouched(database: Database) -> None:
    create_establishment(database, SUPPORT, "4004", "DAMSON NURSERY")
    _set_revision(database.engine, "0042_from_the_future")
    url = database.url
    database.dispose()
    path = Path(database.engine.url.database or "")
    files_before = sorted(os.listdir(path.parent)) if database.is_sqlite else []
    digest_before = _sha256(path) if database.is_sqlite else ""
    with pytest.raises(DatabaseTooNew) as refused:
        open_database(url)
    assert str(refused.value) == (
        "This database was upgraded by a newer Pupil Tracker (schema revision "
        "0042_from_the_future); install that version or newer."
    )
    if database.is_sqlite:  # not a byte changed, and no copy made
        assert _sha256(path) == digest_before
        assert sorted(os.listdir(path.parent)) == files_before
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            assert stored_revision(connection) == "0042_from_the_future"
            count = connection.execute(text("SELECT count(*) FROM establishment")).scalar()
        assert count == 1
    finally:
        engine.dispose()


def test_a_database_at_an_older_revision_is_upgraded_from_it(database: Database) -> None:
    """Recorded at the baseline (as every database made before migrations is, once brought
    level), opening runs the revisions after it."""
    downgrade_to(database, BASELINE)
    url = database.url
    database.dispose()
    reopened = open_database(url)
    try:
        _agrees_with_the_models(reopened.engine)
        done = reopened.schema_upgrade
        assert done is not None and (done.before, done.after) == (BASELINE, HEAD)
    finally:
        reopened.dispose()


def test_an_upgrade_that_fails_leaves_the_database_as_it_was(tmp_path: Path) -> None:
    """Everything is one transaction: a failure half-way (here, a later index that cannot be
    made because a table holds rows against it) changes nothing, and no revision is recorded."""
    path = _copy_fixture(tmp_path)
    connection = sqlite3.connect(path)
    connection.execute("DROP INDEX ix_account_username")  # unique: two rows now clash
    connection.execute(
        "INSERT INTO account (username, display_name, role, password_hash, "
        "password_is_temporary, disabled, is_demo, failed_sign_ins) "
        "SELECT username, display_name, role, password_hash, password_is_temporary, disabled, "
        "is_demo, failed_sign_ins FROM account WHERE id = 1"
    )
    connection.commit()
    connection.close()
    before = _count_rows(path, ("account", "auditentry"))
    with pytest.raises(DatabaseUnavailable, match=r"UNIQUE constraint failed: account\.username"):
        open_database(f"sqlite:///{path}")
    engine = _read_only(path)
    try:
        with engine.connect() as reading:
            assert stored_revision(reading) is None
            indexes = reading.execute(
                text("SELECT name FROM sqlite_master WHERE tbl_name = 'account'")
            ).scalars()
            assert "ix_account_username" not in set(indexes)
    finally:
        engine.dispose()
    assert _count_rows(path, ("account", "auditentry")) == before


def _count_rows(path: Path, tables: Iterable[str]) -> dict[str, int]:
    engine = _read_only(path)
    try:
        with engine.connect() as connection:
            return {
                table: connection.execute(
                    select(func.count()).select_from(text(table))
                ).scalar_one()
                for table in tables
            }
    finally:
        engine.dispose()

"""`db backup` and `db restore` (store/core/backup.py): a backup made while a clerk types is a
whole, checked copy; a restore into an empty SQLite or PostgreSQL database holds every row."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from store.accounts.demo_accounts import ensure_demo_accounts
from store.accounts.settings import utc_now
from store.assessments import periods
from store.assessments.changes import judgement_edit
from store.assessments.cohort import Cell, load_cohort
from store.assessments.judgements import write_changes
from store.core.access import Actor, Role, local_actor
from store.core.backup import BackupRefused, backup_sqlite, restore_backup, tables
from store.core.db import Database, DatabaseUnavailable, open_database
from store.curriculum.eyfs import AREA_CODES, Judgement, YearGroup
from store.demo import ensure_demo
from store.establishments.establishments import EstablishmentInfo
from tests.store.conftest import sqlite_only, throwaway_postgres

TODAY = date(2026, 12, 6)


@pytest.fixture
def demo(database: Database, support: Actor) -> EstablishmentInfo:
    """The demo school, with its accounts (hashes, encrypted codes): rows in most tables; in
    an SQLite file, which is what `db backup` copies (and restores from)."""
    sqlite_only(database)
    school = ensure_demo(database, local_actor(None), TODAY)
    ensure_demo_accounts(database, support, school.id, now=utc_now())
    return school


def every_row(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    with database.engine.connect() as connection:
        return {
            table.name: [
                tuple(row)
                for row in connection.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in tables()
        }


def test_a_backup_is_a_private_checked_copy_of_every_row(
    database: Database, demo: EstablishmentInfo, tmp_path: Path
) -> None:
    copy = tmp_path / "backups" / "monday.db"
    copy.parent.mkdir()
    counted = backup_sqlite(database.url, copy)
    assert copy.stat().st_mode & 0o777 == 0o600
    backed_up = open_database(f"sqlite:///{copy}")
    try:
        assert every_row(backed_up) == every_row(database)
    finally:
        backed_up.dispose()
    assert counted.rows == sum(len(rows) for rows in every_row(database).values())
    assert counted.tables["judgement"] > 1000


def test_a_backup_while_a_clerk_types_is_a_whole_moment(
    database: Database, demo: EstablishmentInfo, tmp_path: Path
) -> None:
    clerk = Actor("clerk", Role.MANAGER, demo.id)
    cohort = load_cohort(database, clerk, demo.id, 2026, YearGroup.RECEPTION)
    period = cohort.periods[0].id
    stop, errors = threading.Event(), []

    def types() -> None:
        values = [Judgement.BELOW, Judgement.ON_TRACK]
        try:
            for index in range(10_000):
                if stop.is_set():
                    return
                pupil = cohort.pupils[index % len(cohort.pupils)].id
                edit = judgement_edit(
                    pupil, period, AREA_CODES[index % 17], Cell(values[index % 2])
                )
                write_changes(database, clerk, demo.id, [edit])
        except BaseException as error:  # any error fails the test
            errors.append(error)

    typing = threading.Thread(target=types)
    typing.start()
    try:
        copies = [tmp_path / f"copy{number}.db" for number in range(3)]
        for copy in copies:
            backup_sqlite(database.url, copy)
    finally:
        stop.set()
        typing.join()
    assert errors == []
    for copy in copies:  # each copy opens, passed its check, and its audit matches its cells
        backed_up = open_database(f"sqlite:///{copy}")
        try:
            rows = every_row(backed_up)
            assert rows["judgement"] and rows["auditentry"]
        finally:
            backed_up.dispose()


def test_a_backup_is_refused_over_an_existing_file_and_for_a_server(
    database: Database, demo: EstablishmentInfo, tmp_path: Path
) -> None:
    taken = tmp_path / "taken.db"
    taken.write_bytes(b"someone's file")
    with pytest.raises(BackupRefused, match="exists already"):
        backup_sqlite(database.url, taken)
    assert taken.read_bytes() == b"someone's file"
    with pytest.raises(BackupRefused, match="pg_dump --format=custom --file"):
        backup_sqlite("postgresql+psycopg://tracker:secret@db.example/tracker", taken)


@pytest.mark.parametrize("target", ["sqlite", "postgresql"])
def test_a_restore_into_an_empty_database_holds_every_row_and_goes_on(
    database: Database, demo: EstablishmentInfo, tmp_path: Path, target: str
) -> None:
    copy = tmp_path / "backup.db"
    backup_sqlite(database.url, copy)
    expected = every_row(database)

    def check(url: str) -> None:
        counted = restore_backup(copy, url)
        restored = open_database(url)
        try:
            assert every_row(restored) == expected
            assert counted.rows == sum(len(rows) for rows in expected.values())
            # New rows take new ids after the restored ones (PostgreSQL's sequences moved on).
            manager = Actor("clerk", Role.MANAGER, demo.id)
            made = periods.create_period(
                restored, manager, demo.id, "After the restore", TODAY, [YearGroup.RECEPTION]
            )
            assert made.id > max(row[0] for row in expected["assessmentperiod"])
            with pytest.raises(BackupRefused, match="holds data already"):
                restore_backup(copy, url)
        finally:
            restored.dispose()

    if target == "sqlite":
        check(f"sqlite:///{tmp_path / 'restored.db'}")
    else:
        with throwaway_postgres() as url:
            check(url)


def test_a_restore_from_a_file_that_is_no_backup_names_it_and_writes_nothing(
    tmp_path: Path,
) -> None:
    spreadsheet = tmp_path / "pupils.xlsx"
    spreadsheet.write_bytes(b"PK\x03\x04 not a database")
    target = f"sqlite:///{tmp_path / 'restored.db'}"
    with pytest.raises(DatabaseUnavailable, match=f"{spreadsheet} is not a Pupil Tracker"):
        restore_backup(spreadsheet, target)
    assert not (tmp_path / "restored.db").exists()

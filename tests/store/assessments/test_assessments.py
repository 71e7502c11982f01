"""Store tests for periods, ELG sections and changes, on a real SQLite file."""

from __future__ import annotations

import sqlite3
import threading
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from store.assessments import periods as assessments
from store.assessments.changes import elg_edit, include_edit, inverse, judgement_edit, note_edit
from store.assessments.cohort import Cell, load_cohort
from store.assessments.judgements import write_changes
from store.core.access import Actor, PermissionDenied, Role
from store.core.db import Database, open_database
from store.core.errors import InvalidInput, Locked, NotFound
from store.core.models import AuditEntry, Pupil
from store.core.models import Judgement as JudgementRow
from store.curriculum.eyfs import AREA_CODES, ElgOutcome, GoneBeyond, Judgement, YearGroup
from store.curriculum.year_groups import birth_date_range
from store.establishments.establishments import EstablishmentInfo, create_establishment
from tests.store.conftest import sqlite_only

YEAR = 2025
R = YearGroup.RECEPTION


@pytest.fixture
def school(database: Database, support: Actor) -> EstablishmentInfo:
    return create_establishment(database, support, "2041", "ST MARY'S C OF E PRIMARY")


@pytest.fixture
def clerk(school: EstablishmentInfo) -> Actor:
    return Actor("clerk", Role.USER, school.id)


def add_pupils(database: Database, school: EstablishmentInfo, names: list[str]) -> list[int]:
    first, _ = birth_date_range(R, YEAR)
    ids = []
    with database.write() as session:
        for index, name in enumerate(names):
            surname, forenames = name.split(",")
            pupil = Pupil(
                establishment_id=school.id,
                upn=f"A{school.number}{index:08d}"[:13],
                surname=surname.strip(),
                forenames=forenames.strip(),
                date_of_birth=date(first.year, first.month, first.day + index % 27),
            )
            session.add(pupil)
            session.flush()
            assert pupil.id is not None
            ids.append(pupil.id)
    return ids


def audit_count(database: Database) -> int:
    with database.read() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


def test_a_judgement_is_stored_audited_and_loaded(
    database: Database, school: EstablishmentInfo, clerk: Actor
) -> None:
    (pupil,) = add_pupils(database, school, ["O'Brien, Siobhán"])
    period = assessments.create_period(
        database, clerk, school.id, "Autumn 1", date(2025, 10, 17), [R]
    )
    before = audit_count(database)
    applied = write_changes(
        database, clerk, school.id, [judgement_edit(pupil, period.id, "LAU", Cell(Judgement.BELOW))]
    )
    assert len(applied) == 1 and applied[0].before == Cell()
    assert audit_count(database) == before + 1
    cohort = load_cohort(database, clerk, school.id, YEAR, R)
    assert cohort.cell(pupil, period.id, "LAU") == Cell(Judgement.BELOW)
    assert [p.display_name for p in cohort.pupils] == ["O'BRIEN, Siobhán"]


def test_writing_the_same_value_again_changes_nothing(
    database: Database, school: EstablishmentInfo, clerk: Actor
) -> None:
    (pupil,) = add_pupils(database, school, ["Smith, Jo"])
    period = assessments.create_period(
        database, clerk, school.id, "Autumn 1", date(2025, 10, 1), [R]
    )
    edit = judgement_edit(pupil, period.id, "SP", Cell(Judgement.ON_TRACK))
    write_changes(database, clerk, school.id, [edit])
    before = audit_count(database)
    assert write_changes(database, clerk, school.id, [edit]) == []
    assert audit_count(database) == before


def test_gone_beyond_only_marks_on_track_and_blank_cells_are_deleted(
    database: Database, school: EstablishmentInfo, clerk: Actor
) -> None:
    (pupil,) = add_pupils(database, school, ["Smith, Jo"])
    period = assessments.create_period(
        database, clerk, school.id, "Autumn 1", date(2025, 10, 1), [R]
    )
    write_changes(
        database,
        clerk,
        school.id,
        [judgement_edit(pupil, period.id, "N", Cell(Judgement.BELOW, GoneBeyond.BLUE, " note "))],
    )
    cohort = load_cohort(database, clerk, school.id, YEAR, R)
    assert cohort.cell(pupil, period.id, "N") == Cell(Judgement.BELOW, None, "note")
    write_changes(database, clerk, school.id, [judgement_edit(pupil, period.id, "N", Cell())])
    with database.read() as session:
        assert session.scalar(select(func.count()).select_from(JudgementRow)) == 0


def test_a_flood_fill_is_one_transaction_and_undoes_exactly(
    database: Database, school: EstablishmentInfo, clerk: Actor
) -> None:
    pupils = add_pupils(database, school, [f"Pupil{i}, Child" for i in range(30)])
    period = assessments.create_period(
        database, clerk, school.id, "Autumn 1", date(2025, 10, 1), [R]
    )
    write_changes(
        database,
        clerk,
        school.id,
        [judgement_edit(pupils[0], period.id, "W", Cell(Judgement.BELOW, None, "keep"))],
    )
    fill = [judgement_edit(p, period.id, "W", Cell(Judgement.ON_TRACK)) for p in pupils]
    applied = write_changes(database, clerk, school.id, fill, "fill column")
    assert len(applied) == 30
    undo = write_changes(
        database, clerk, school.id, [inverse(c) for c in reversed(applied)], "undo"
    )
    assert len(undo) == 30
    cohort = load_cohort(database, clerk, school.id, YEAR, R)
    assert cohort.cell(pupils[0], period.id, "W") == Cell(Judgement.BELOW, None, "keep")
    assert all(cohort.cell(p, period.id, "W") == Cell() for p in pupils[1:])


def test_a_refused_change_writes_nothing(
    database: Database, school: EstablishmentInfo, clerk: Actor
) -> None:
    pupils = add_pupils(database, school, ["Smith, Jo", "Jones, Al"])
    period = assessments.create_period(
        database, clerk, school.id, "Autumn 1", date(2025, 10, 1), [R]
    )
    before = audit_count(database)
    with pytest.raises(InvalidInput):
        write_changes(
            database,
            clerk,
            school.id,
            [
                judgement_edit(pupils[0], period.id, "LAU", Cell(Judgement.BELOW)),
                judgement_edit(pupils[1], period.id, "XYZ", Cell(Judgement.BELOW)),
            ],
        )
    with pytest.raises(NotFound):
        write_changes(
            database,
            clerk,
            school.id,
            [judgement_edit(9999, period.id, "LAU", Cell(Judgement.BELOW))],
        )
    assert audit_count(database) == before
    assert load_cohort(database, clerk, school.id, YEAR, R).cells == {}


def test_another_establishment_is_refused(
    database: Database, school: EstablishmentInfo, clerk: Actor, support: Actor
) -> None:
    (pupil,) = add_pupils(database, school, ["Smith, Jo"])
    period = assessments.create_period(
        database, clerk, school.id, "Autumn 1", date(2025, 10, 1), [R]
    )
    other = create_establishment(database, support, "2042", "OTHER SCHOOL")
    outsider = Actor("outsider", Role.USER, other.id)
    edit = judgement_edit(pupil, period.id, "LAU", Cell(Judgement.BELOW))
    with pytest.raises(PermissionDenied):
        write_changes(database, outsider, school.id, [edit])
    with pytest.raises(PermissionDenied):
        load_cohort(database, outsider, school.id, YEAR, R)
    # Naming their own establishment does not reach our pupils either.
    with pytest.raises(NotFound):
        write_changes(database, outsider, other.id, [edit])


def test_absent_sets_the_whole_row_and_another_outcome_clears_it(
    database: Database, school: EstablishmentInfo, clerk: Actor
) -> None:
    (pupil,) = add_pupils(database, school, ["Smith, Jo"])
    section = assessments.create_elg_section(database, clerk, school.id, YEAR, date(2026, 6, 5))
    applied = write_changes(
        database, clerk, school.id, [elg_edit(section.id, pupil, "N", ElgOutcome.ABSENT)]
    )
    assert len(applied) == 17
    cohort = load_cohort(database, clerk, school.id, YEAR, R)
    assert set(cohort.elg_row(pupil).values()) == {ElgOutcome.ABSENT}
    write_changes(
        database, clerk, school.id, [elg_edit(section.id, pupil, "SP", ElgOutcome.EXPECTED)]
    )
    row = load_cohort(database, clerk, school.id, YEAR, R).elg_row(pupil)
    assert row["SP"] is ElgOutcome.EXPECTED
    assert [code for code, value in row.items() if value is not None] == ["SP"]


def test_undoing_absent_restores_the_row(
    database: Database, school: EstablishmentInfo, clerk: Actor
) -> None:
    (pupil,) = add_pupils(database, school, ["Smith, Jo"])
    section = assessments.create_elg_section(database, clerk, school.id, YEAR, date(2026, 6, 5))
    first = [elg_edit(section.id, pupil, code, ElgOutcome.EXPECTED) for code in AREA_CODES[:5]]
    write_changes(database, clerk, school.id, first)
    absent = write_changes(
        database, clerk, school.id, [elg_edit(section.id, pupil, "LAU", ElgOutcome.ABSENT)]
    )
    write_changes(database, clerk, school.id, [inverse(c) for c in reversed(absent)])
    row = load_cohort(database, clerk, school.id, YEAR, R).elg_row(pupil)
    assert [row[code] for code in AREA_CODES[:6]] == [ElgOutcome.EXPECTED] * 5 + [None]


def test_submitted_goals_are_locked_in_the_store(
    database: Database, school: EstablishmentInfo, clerk: Actor
) -> None:
    (pupil,) = add_pupils(database, school, ["Smith, Jo"])
    section = assessments.create_elg_section(database, clerk, school.id, YEAR, date(2026, 6, 5))
    absent = [elg_edit(section.id, pupil, "LAU", ElgOutcome.ABSENT)]
    write_changes(database, clerk, school.id, absent)
    head = Actor("head", Role.MANAGER, school.id)
    assessments.submit_elg_section(database, head, school.id, section.id, authority_confirmed=True)
    with pytest.raises(Locked, match="support team"):
        write_changes(
            database, clerk, school.id, [elg_edit(section.id, pupil, "N", ElgOutcome.EXPECTED)]
        )


def test_period_notes_and_include_in_data(
    database: Database, school: EstablishmentInfo, clerk: Actor
) -> None:
    (pupil,) = add_pupils(database, school, ["Smith, Jo"])
    period = assessments.create_period(
        database, clerk, school.id, "Autumn 1", date(2025, 10, 1), [R]
    )
    applied = write_changes(
        database,
        clerk,
        school.id,
        [note_edit(pupil, period.id, "Settling in well"), include_edit(pupil, False)],
    )
    assert len(applied) == 2
    cohort = load_cohort(database, clerk, school.id, YEAR, R)
    assert cohort.period_notes[(pupil, period.id)] == "Settling in well"
    assert cohort.pupils[0].include_in_data is False
    write_changes(database, clerk, school.id, [note_edit(pupil, period.id, "  ")])
    assert load_cohort(database, clerk, school.id, YEAR, R).period_notes == {}


@pytest.mark.parametrize(
    ("name", "groups", "message"),
    [
        ("", [R], "Give the assessment a name"),
        ("x" * 61, [R], "at most 60"),
        ("Autumn 2", [], "Tick at least one year group"),
        ("Autumn 2", [YearGroup.YEAR_1], "not Year 1"),
        ("autumn 1", [R, YearGroup.NURSERY_2], "already an assessment called Autumn 1"),
    ],
)
def test_period_creation_says_what_is_wrong(
    database: Database,
    school: EstablishmentInfo,
    clerk: Actor,
    name: str,
    groups: list[YearGroup],
    message: str,
) -> None:
    assessments.create_period(database, clerk, school.id, "Autumn 1", date(2025, 10, 1), [R])
    with pytest.raises(InvalidInput, match=message):
        assessments.create_period(database, clerk, school.id, name, date(2025, 11, 1), groups)


def test_a_period_belongs_to_the_academic_year_of_its_date(
    database: Database, school: EstablishmentInfo, clerk: Actor
) -> None:
    add_pupils(database, school, ["Smith, Jo"])
    assessments.create_period(database, clerk, school.id, "Summer 2", date(2026, 8, 31), [R])
    assessments.create_period(database, clerk, school.id, "Autumn 1", date(2026, 9, 1), [R])
    assert [p.name for p in load_cohort(database, clerk, school.id, YEAR, R).periods] == [
        "Summer 2"
    ]


def test_elg_section_date_must_be_in_its_year_and_unique(
    database: Database, school: EstablishmentInfo, clerk: Actor
) -> None:
    with pytest.raises(InvalidInput, match="must fall in 2025/2026"):
        assessments.create_elg_section(database, clerk, school.id, YEAR, date(2026, 9, 2))
    assessments.create_elg_section(database, clerk, school.id, YEAR, date(2026, 6, 5))
    with pytest.raises(InvalidInput, match="already exist"):
        assessments.create_elg_section(database, clerk, school.id, YEAR, date(2026, 6, 6))


def test_year_override_moves_a_pupil_between_grids(
    database: Database, school: EstablishmentInfo, clerk: Actor
) -> None:
    (pupil,) = add_pupils(database, school, ["Smith, Jo"])
    with database.write() as session:
        row = session.get(Pupil, pupil)
        assert row is not None
        row.year_override = YearGroup.NURSERY_2.value
    assert load_cohort(database, clerk, school.id, YEAR, R).pupils == []
    assert len(load_cohort(database, clerk, school.id, YEAR, YearGroup.NURSERY_2).pupils) == 1


def test_sqlite_pragmas_are_applied_on_every_connection(database: Database) -> None:
    sqlite_only(database)
    with database.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_two_clerks_writing_at_once_never_see_database_is_locked(
    db_path: Path, school: EstablishmentInfo, clerk: Actor, database: Database
) -> None:
    """Read-then-write transactions in two processes' worth of connections all succeed."""
    pupils = add_pupils(database, school, [f"Pupil{i}, Child" for i in range(20)])
    period = assessments.create_period(
        database, clerk, school.id, "Autumn 1", date(2025, 10, 1), [R]
    )
    second = open_database(database.url)
    errors: list[BaseException] = []

    def clerk_types(db: Database, value: Judgement) -> None:
        try:
            for round_ in range(15):
                for code in AREA_CODES[:4]:
                    edits = [
                        judgement_edit(p, period.id, code, Cell(value))
                        for p in pupils[round_ % 3 :: 3]
                    ]
                    write_changes(db, clerk, school.id, edits)
        except BaseException as error:  # any error at all fails the test
            errors.append(error)

    threads = [
        threading.Thread(target=clerk_types, args=(database, Judgement.BELOW)),
        threading.Thread(target=clerk_types, args=(second, Judgement.ON_TRACK)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    second.dispose()
    assert errors == []


def test_a_deferred_read_then_write_would_fail_where_immediate_succeeds(
    db_path: Path, database: Database
) -> None:
    """Why writes BEGIN IMMEDIATE: in WAL a reader that then writes loses at once to a writer."""
    sqlite_only(database)
    with database.write() as session:
        session.connection().exec_driver_sql("CREATE TABLE t (x)")
    first = sqlite3.connect(db_path, isolation_level=None, timeout=5)
    second = sqlite3.connect(db_path, isolation_level=None, timeout=5)
    first.execute("BEGIN")
    first.execute("SELECT count(*) FROM t").fetchone()
    second.execute("BEGIN IMMEDIATE")
    second.execute("INSERT INTO t VALUES (1)")
    second.execute("COMMIT")
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        first.execute("INSERT INTO t VALUES (2)")
    first.execute("ROLLBACK")
    first.close()
    second.close()

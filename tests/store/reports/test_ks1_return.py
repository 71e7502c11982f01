"""Store tests of the local authority's KS1 return: only submitted KS1 teacher assessment of
Year 2, each school's latest, one establishment at a time with progress and a stop, each school's
figures, the export's audit, and support only."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlmodel import col

from store.assessments import periods as assessments
from store.assessments.period_submission import submit_period
from store.core.access import Actor, PermissionDenied, Role
from store.core.db import Database
from store.core.models import AuditEntry
from store.curriculum.eyfs import YearGroup
from store.curriculum.ks1 import KS1_TA_ID
from store.reports.ks1_return import (
    EXPORT_ACTION,
    Ks1Tally,
    SubjectFigures,
    ks1_return_rows,
    record_ks1_return_export,
    submitted_ks1_periods,
    submitted_ks1_years,
)
from store.reports.la_return import SubmittedYear
from store.reports.many import Cancelled
from tests.store.ks1_school import SUPPORT, YEAR, YEAR_2, Ks1School, build_ks1_school, upn


def submitted(school: Ks1School) -> Ks1School:
    """As the head submits it: every included Year 2 pupil has every result."""
    submit_period(
        school.database, school.head, school.school.id, school.period_id, authority_confirmed=True
    )
    return school


@pytest.fixture
def schools(database: Database) -> tuple[Ks1School, Ks1School, Ks1School]:
    """2001 submitted; 2002 not submitted; 2003 submitted without its numbers for returns."""
    first = submitted(build_ks1_school(database))
    second = build_ks1_school(database, number="2002", name="NOT YET", urn="100002")
    third = build_ks1_school(database, number="2003", name="NO NUMBERS", identity=False)
    return first, second, submitted(third)


def test_only_submitted_periods_are_in_the_return(
    database: Database, schools: tuple[Ks1School, Ks1School, Ks1School]
) -> None:
    first, _, third = schools
    periods = submitted_ks1_periods(database, SUPPORT, YEAR)
    assert [(p.number, p.name, p.la_number, p.dfe_number, p.urn) for p in periods] == [
        ("2001", "ST MARY'S C OF E PRIMARY", "873", "2001", "100001"),
        ("2003", "NO NUMBERS", None, None, None),
    ]
    assert [p.period_id for p in periods] == [first.period_id, third.period_id]
    assert submitted_ks1_years(database, SUPPORT) == [SubmittedYear(YEAR, 2)]
    assert submitted_ks1_periods(database, SUPPORT, YEAR + 1) == []


def test_rows_school_by_school_with_each_pupils_results(
    database: Database, schools: tuple[Ks1School, Ks1School, Ks1School]
) -> None:
    heard: list[tuple[int, int]] = []
    rows = list(ks1_return_rows(database, SUPPORT, YEAR, lambda d, t: heard.append((d, t))))
    assert heard == [(0, 2), (1, 2), (2, 2)]
    assert [row.school.number for row in rows] == ["2001"] * 3 + ["2003"] * 3
    by_name = {(row.school.number, row.surname): row for row in rows}
    for number in ("2001", "2003"):
        for serial, (surname, forenames, sex, codes) in enumerate(YEAR_2, start=1):
            row = by_name[(number, surname)]
            assert (row.upn, row.forenames, row.sex, row.results) == (
                upn(serial, number),
                forenames,
                sex,
                codes,
            )
            assert isinstance(row.date_of_birth, date)
    # Alphabetical within a school; Leftout (not included in data) is never in it.
    assert [row.surname for row in rows[:3]] == ["[bold]Rich[/bold]", "Núñez", "O'Brien"]


def test_a_stop_before_an_establishment_ends_the_rows(
    database: Database, schools: tuple[Ks1School, Ks1School, Ks1School]
) -> None:
    asked = 0

    def cancelled() -> bool:
        nonlocal asked
        asked += 1
        return asked > 1

    rows = ks1_return_rows(database, SUPPORT, YEAR, cancelled=cancelled)
    assert len([next(rows) for _ in range(3)]) == 3
    with pytest.raises(Cancelled, match="Stopped after 1 of 2 establishments"):
        next(rows)


def test_the_latest_submitted_period_of_a_school_is_returned(database: Database) -> None:
    school = submitted(build_ks1_school(database))
    later = assessments.create_period(
        database, school.clerk, school.school.id, "KS1 resubmitted", date(YEAR + 1, 6, 30),
        [YearGroup.YEAR_2], framework=KS1_TA_ID,
    )  # fmt: skip
    # Not submitted yet: the submitted one is returned.
    (period,) = submitted_ks1_periods(database, SUPPORT, YEAR)
    assert period.period_id == school.period_id
    school.period_id = later.id
    for surname, _, _, codes in YEAR_2:
        school.judge(surname, codes)
    submitted(school)
    (period,) = submitted_ks1_periods(database, SUPPORT, YEAR)
    assert period.period_id == later.id
    assert submitted_ks1_years(database, SUPPORT) == [SubmittedYear(YEAR, 1)]


def test_each_schools_figures_and_the_las(
    database: Database, schools: tuple[Ks1School, Ks1School, Ks1School]
) -> None:
    tally = Ks1Tally()
    assert len(list(tally.counted(ks1_return_rows(database, SUPPORT, YEAR)))) == 6
    assert [(s.school.number, s.pupils) for s in tally.schools] == [("2001", 3), ("2003", 3)]
    # Reading GDS EXS A; Writing EXS WTS A; Maths EXS PK3 A; Science EXS HNM A.
    expected = [
        SubjectFigures(pupils=3, expected_or_above=2, greater_depth=1, below=0),
        SubjectFigures(pupils=3, expected_or_above=1, greater_depth=0, below=1),
        SubjectFigures(pupils=3, expected_or_above=1, greater_depth=0, below=1),
        SubjectFigures(pupils=3, expected_or_above=1, greater_depth=0, below=1),
    ]
    assert tally.schools[0].subjects == expected
    assert tally.schools[1].subjects == expected
    assert tally.total() == [
        SubjectFigures(f.pupils * 2, f.expected_or_above * 2, f.greater_depth * 2, f.below * 2)
        for f in expected
    ]


@pytest.mark.parametrize("role", [Role.USER, Role.MANAGER])
def test_only_support_reads_or_records_the_return(
    database: Database, schools: tuple[Ks1School, Ks1School, Ks1School], role: Role
) -> None:
    actor = Actor("head", role, schools[0].school.id)
    with pytest.raises(PermissionDenied):
        submitted_ks1_periods(database, actor, YEAR)
    with pytest.raises(PermissionDenied):
        submitted_ks1_years(database, actor)
    with pytest.raises(PermissionDenied):
        next(ks1_return_rows(database, actor, YEAR))
    with pytest.raises(PermissionDenied):
        record_ks1_return_export(database, actor, YEAR, 2, 6)


def test_the_export_is_recorded_without_any_pupils_details(database: Database) -> None:
    record_ks1_return_export(database, SUPPORT, YEAR, 2, 6)
    with database.read() as session:
        (entry,) = session.scalars(
            select(AuditEntry).where(col(AuditEntry.action) == EXPORT_ACTION)
        ).all()
    assert (entry.actor, entry.target, entry.new_value) == (
        SUPPORT.username,
        "2025/2026",
        "2 establishments, 6 pupils",
    )

"""The local authority's return: only submitted sections, only support, one school at a time."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select
from sqlmodel import col

from store.assessments import periods as assessments
from store.core.access import Actor, PermissionDenied, Role
from store.core.db import Database
from store.core.models import AuditEntry, ElgSection
from store.curriculum.eyfs import AREA_CODES, ElgOutcome
from store.reports.la_return import (
    SubmittedYear,
    record_return_export,
    return_rows,
    section_rows,
    submitted_sections,
    submitted_years,
)
from store.reports.many import Cancelled
from tests.exports.grid_school import HYPERLINK, YEAR, build_school

SUPPORT = Actor("la.officer", Role.SUPPORT, None)


def test_only_submitted_sections_of_the_year_in_number_order(database: Database) -> None:
    late = build_school(database, "5000", "LATE SCHOOL")
    early = build_school(database, "3050", "EARLY SCHOOL")
    build_school(database, "4000", "NOT SUBMITTED")
    late.submit_elg()
    early.submit_elg(datetime(YEAR + 1, 6, 1, tzinfo=timezone.utc))
    sections = submitted_sections(database, SUPPORT, YEAR)
    assert [(s.number, s.name) for s in sections] == [
        ("3050", "EARLY SCHOOL"),
        ("5000", "LATE SCHOOL"),
    ]
    assert submitted_sections(database, SUPPORT, YEAR + 1) == []


def test_rows_hold_each_included_pupil_with_17_goals_gld_and_score(database: Database) -> None:
    school = build_school(database)
    school.submit_elg()
    (section,) = submitted_sections(database, SUPPORT, YEAR)
    rows = section_rows(database, SUPPORT, section)
    # Only pupils with results: Adeyemi (all Expected) and HYPERLINK (all Emerging), by surname.
    assert [row.surname for row in rows] == [HYPERLINK, "Adeyemi"]
    adeyemi = rows[1]
    assert (adeyemi.number, adeyemi.establishment) == ("2041", "ST MARY'S")
    assert adeyemi.forenames == "Olamide" and adeyemi.sex == "M"
    assert adeyemi.outcomes == (ElgOutcome.EXPECTED,) * len(AREA_CODES)
    assert (adeyemi.gld, adeyemi.total_score) == (True, 34)
    assert (rows[0].gld, rows[0].total_score) == (False, 17)


def test_a_pupil_not_included_in_data_is_left_out(database: Database) -> None:
    from store.assessments.changes import include_edit
    from store.assessments.judgements import write_changes

    school = build_school(database)
    write_changes(
        database,
        school.actor,
        school.establishment.id,
        [include_edit(school.pupils["Adeyemi"], False)],
        "test",
    )
    school.submit_elg()
    rows = list(return_rows(database, SUPPORT, YEAR))
    assert [row.surname for row in rows] == [HYPERLINK]


def test_rows_stream_establishment_by_establishment_with_progress(database: Database) -> None:
    for number in ("3001", "3002", "3003"):
        build_school(database, number, f"SCHOOL {number}").submit_elg()
    events: list[str] = []
    for row in return_rows(
        database, SUPPORT, YEAR, lambda done, total: events.append(f"{done}/{total}")
    ):
        events.append(row.number)
    # Progress is told after each school's rows: it never runs ahead of what was written.
    assert events == [
        "0/3",
        "3001",
        "3001",
        "1/3",
        "3002",
        "3002",
        "2/3",
        "3003",
        "3003",
        "3/3",
    ]


@pytest.mark.parametrize("role", [Role.USER, Role.MANAGER])
def test_only_support_may_read_the_return(database: Database, role: Role) -> None:
    school = build_school(database)
    school.submit_elg()
    actor = Actor("head", role, school.establishment.id)
    with pytest.raises(PermissionDenied):
        submitted_sections(database, actor, YEAR)
    with pytest.raises(PermissionDenied):
        list(return_rows(database, actor, YEAR))
    (section,) = submitted_sections(database, SUPPORT, YEAR)
    with pytest.raises(PermissionDenied):
        section_rows(database, actor, section)
    with pytest.raises(PermissionDenied):
        record_return_export(database, actor, YEAR, 1, 2)


def test_the_export_is_in_the_audit_trail(database: Database) -> None:
    record_return_export(database, SUPPORT, YEAR, 600, 18000)
    with database.read() as session:
        entry = session.scalars(
            select(AuditEntry).where(col(AuditEntry.action) == "export LA return")
        ).one()
    assert entry.actor == "la.officer"
    assert entry.target == "2025/2026"
    assert entry.new_value == "600 establishments, 18,000 pupils"


def test_submitted_years_newest_first_with_establishments_counted(database: Database) -> None:
    assert submitted_years(database, SUPPORT) == []
    first = build_school(database, "3001", "ONE")
    second = build_school(database, "3002", "TWO")
    build_school(database, "3003", "THREE")  # never submitted: in no count
    first.submit_elg()
    second.submit_elg()
    # An earlier year at the first school, submitted too.
    older = assessments.create_elg_section(
        database, first.actor, first.establishment.id, YEAR - 1, date(YEAR, 6, 1)
    )
    with database.write() as session:
        section = session.get(ElgSection, older.id)
        assert section is not None
        section.submitted_at = datetime(YEAR, 6, 20, tzinfo=timezone.utc)
        session.add(section)
    assert submitted_years(database, SUPPORT) == [
        SubmittedYear(YEAR, 2),
        SubmittedYear(YEAR - 1, 1),
    ]
    with pytest.raises(PermissionDenied):
        submitted_years(database, first.actor)


def test_rows_stop_between_establishments_when_asked(database: Database) -> None:
    for number in ("3001", "3002"):
        build_school(database, number, f"SCHOOL {number}").submit_elg()
    seen: list[str] = []
    stop = False

    def told(done: int, total: int) -> None:
        nonlocal stop
        stop = done == 1

    with pytest.raises(Cancelled, match="Stopped after 1 of 2 establishments"):
        for row in return_rows(database, SUPPORT, YEAR, told, cancelled=lambda: stop):
            seen.append(row.number)
    assert seen == ["3001", "3001"]

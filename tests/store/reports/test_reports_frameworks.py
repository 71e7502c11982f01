"""The Full Report reads the period's framework: a Year 1 period of the test-only three-letter
framework, counted by band against the hand-worked table of tests/store/three_letter_school.py,
beside a Reception cohort whose EYFS report reads as before."""

from __future__ import annotations

from decimal import Decimal

import pytest

from store.core.db import Database
from store.core.errors import InvalidInput, NotFound
from store.curriculum.framework import Framework
from store.reports.reports import (
    Figure,
    FullReport,
    ReportScope,
    full_report,
    full_report_names,
    open_reports,
)
from tests.store.reports.test_reports import (
    GUIDE_TABLE,
    R,
    ReportSchool,
    build_school,
    guide_children,
    printed,
)
from tests.store.three_letter_school import Y1, YEAR, YearOne, add_year_1

COUNTED = ["Adams", "Brook", "Cross", "Drake", "Evans", "Frost"]  # Grant is left out


def school_with_year_1(database: Database) -> tuple[ReportSchool, YearOne]:
    school = build_school(database, guide_children())
    return school, add_year_1(database, school.actor, school.establishment.id)


def year_1_full_report(database: Database) -> FullReport:
    """The Full Report of the Year 1 period, as the Reports screen opens it."""
    school, year_1 = school_with_year_1(database)
    data = open_reports(database, school.actor, school.establishment.id, YEAR, Y1)
    return full_report(data, ReportScope(year_1.period_id))


def surnames(pupils: object) -> list[str]:
    return [pupil.surname for pupil in pupils]  # type: ignore[attr-defined]


def test_the_full_report_has_a_line_per_subject_of_the_periods_framework(
    database: Database, three_letter_framework: Framework
) -> None:
    report = year_1_full_report(database)
    assert report.framework is three_letter_framework
    assert report.band_words == ("Working towards", "Expected or above")
    assert [line.area.name for line in report.lines] == [
        "Reading",
        "Writing",
        "Mathematics",
        "Phonics mark",
    ]
    assert report.heading.left_out == 1
    assert all(surnames(line.pupils) == COUNTED for line in report.lines)


def test_wts_is_the_first_group_exs_and_gds_the_second_abs_and_dis_neither(
    database: Database, three_letter_framework: Framework
) -> None:
    report = year_1_full_report(database)
    reading = report.line("RDG")
    assert surnames(reading.below) == ["Adams"]  # WTS (Grant's WTS is left out)
    assert surnames(reading.on_track) == ["Brook", "Cross"]  # EXS, GDS
    assert surnames(reading.neither) == ["Drake", "Evans"]  # ABS, DIS
    assert (reading.below_count, reading.on_track_count, reading.pupil_count) == (1, 2, 6)
    assert reading.blank_count == 1  # Frost
    assert reading.percent_below == Decimal("16.67")
    assert reading.percent_on_track == Decimal("33.33")
    writing = report.line("WRI")
    assert (surnames(writing.below), surnames(writing.on_track)) == (
        ["Cross"],
        ["Adams", "Brook", "Evans"],
    )
    maths = report.line("MAT")
    assert (surnames(maths.below), surnames(maths.on_track), surnames(maths.neither)) == (
        ["Brook"],
        ["Adams", "Evans"],
        ["Cross"],
    )


def test_a_number_subject_counts_its_marks_and_averages_them(
    database: Database, three_letter_framework: Framework
) -> None:
    report = year_1_full_report(database)
    assert report.has_numbers
    phonics = report.line("PHO")
    assert phonics.is_number and not phonics.below and not phonics.on_track
    # Adams 12, Brook 30, Evans 35; Cross is ABS (no mark); Grant's 40 is left out.
    assert [(item.pupil.surname, item.mark) for item in phonics.marks] == [
        ("Adams", 12),
        ("Brook", 30),
        ("Evans", 35),
    ]
    assert phonics.average_mark == Decimal("25.67")
    assert (phonics.marked_count, phonics.pupil_count) == (3, 6)


def test_every_figure_of_the_three_letter_report_opens_its_pupils(
    database: Database, three_letter_framework: Framework
) -> None:
    report = year_1_full_report(database)
    below = full_report_names(report, "RDG", Figure.BELOW)
    assert below.title == "Reading: Working towards" and surnames(below.pupils) == ["Adams"]
    above = full_report_names(report, "WRI", Figure.ON_TRACK)
    assert above.title == "Writing: Expected or above"
    assert surnames(above.pupils) == ["Adams", "Brook", "Evans"]
    everyone = full_report_names(report, "MAT", Figure.PUPILS)
    assert everyone.title == "Mathematics: Num pupils" and surnames(everyone.pupils) == COUNTED
    marked = full_report_names(report, "PHO", Figure.MARKED)
    assert marked.title == "Phonics mark: With a mark"
    assert surnames(marked.pupils) == ["Adams", "Brook", "Evans"]
    assert (marked.detail_title, marked.details) == ("Mark", ("12", "30", "35"))
    with pytest.raises(InvalidInput, match="Phonics mark is marked"):
        full_report_names(report, "PHO", Figure.BELOW)
    with pytest.raises(InvalidInput, match="Reading takes codes"):
        full_report_names(report, "RDG", Figure.MARKED)
    with pytest.raises(NotFound):
        full_report_names(report, "LAU", Figure.BELOW)


def test_the_latest_year_1_assessment_loads_its_codes_and_marks(
    database: Database, three_letter_framework: Framework
) -> None:
    school, year_1 = school_with_year_1(database)
    data = open_reports(database, school.actor, school.establishment.id, YEAR, Y1, "latest")
    assert data.cells_loaded == frozenset({year_1.period_id})
    latest = data.latest_period_with_data()
    assert latest is not None and latest.id == year_1.period_id
    cells = data.cohort.cells
    adams, grant = year_1.ids["Adams"], year_1.ids["Grant"]
    assert cells[(adams, year_1.period_id, "RDG")].value == "WTS"
    assert cells[(adams, year_1.period_id, "PHO")].number == 12
    # One shared cell per code: a cohort holds thousands of the same few.
    assert cells[(adams, year_1.period_id, "RDG")] is cells[(grant, year_1.period_id, "RDG")]
    assert full_report(data, ReportScope(year_1.period_id)).line("RDG").below_count == 1


def test_the_reception_report_of_the_same_school_reads_as_before(
    database: Database, three_letter_framework: Framework
) -> None:
    school, _ = school_with_year_1(database)
    data = open_reports(database, school.actor, school.establishment.id, YEAR, R)
    assert [period.id for period in data.periods] == [school.period_id]
    report = full_report(data, ReportScope(school.period_id))
    assert report.band_words == ("Below", "On track")
    assert printed(report.lines) == GUIDE_TABLE
    assert full_report_names(report, "MS", Figure.BELOW).title == "Managing Self: Below"
    assert not report.has_numbers

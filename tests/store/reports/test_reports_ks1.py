"""The Full Report of KS1 periods, from the framework: a KS1 teacher assessment counts its own
groups (EXS+, GDS, below EXS, the rest), the phonics check its outcome among pupils with a
mark, at the year's threshold. The school is tests/store/eyfs_to_ks1_school.py's."""

from __future__ import annotations

from decimal import Decimal

import pytest

from store.assessments.phonics_threshold import set_phonics_threshold
from store.core.db import Database
from store.core.errors import InvalidInput
from store.curriculum.eyfs import YearGroup
from store.curriculum.ks1 import KS1_GROUPS
from store.reports.reports import (
    FullReport,
    ReportScope,
    full_report,
    full_report_names,
    open_reports,
)
from store.reports.subject_lines import Figure
from tests.store.eyfs_to_ks1_school import (
    SUPPORT,
    Y1,
    Y2,
    YEAR,
    Ks1ReportSchool,
    build_ks1_report_school,
)

EXS_PLUS, GDS, BELOW, OTHER = range(4)
# By subject: EXS+, GDS, below EXS and the rest (A, Q or blank), as the school's table says.
GROUPS = {
    "RD": (
        ["Adams", "Brook", "Evans", "Hughes"],
        ["Adams"],
        ["Cross"],
        ["Drake", "Frost"],
    ),
    "WR": (
        ["Adams", "Cross", "Frost", "Hughes"],
        ["Frost"],
        ["Brook"],
        ["Drake", "Evans"],
    ),
    "MA": (
        ["Adams", "Frost"],
        ["Frost"],
        ["Brook", "Cross", "Hughes"],  # PK3, EM, WTS
        ["Drake", "Evans"],  # A, Q
    ),
    "SC": (
        ["Adams", "Cross", "Frost"],
        [],
        ["Brook", "Hughes"],  # HNM
        ["Drake", "Evans"],
    ),
}


@pytest.fixture
def school(database: Database) -> Ks1ReportSchool:
    return build_ks1_report_school(database)


def surnames(pupils: object) -> list[str]:
    return [pupil.surname for pupil in pupils]  # type: ignore[attr-defined]


def report_of(school: Ks1ReportSchool, group: YearGroup, period_id: int) -> FullReport:
    data = open_reports(school.database, school.actor, school.establishment.id, YEAR, group)
    return full_report(data, ReportScope(period_id))


def test_a_ks1_period_counts_the_frameworks_groups(school: Ks1ReportSchool) -> None:
    report = report_of(school, Y2, school.ks1_period)
    assert report.groups == KS1_GROUPS
    assert [group.words for group in report.groups] == ["EXS+", "GDS", "Below EXS", "Other"]
    for line in report.lines:
        found = tuple(surnames(pupils) for pupils in line.groups)
        assert found == GROUPS[line.area.code], line.area.code
        assert line.pupil_count == 7  # Grant is left out
        # The two band groups still read as before (workbooks and breakdowns use them).
        assert surnames(line.on_track) == GROUPS[line.area.code][EXS_PLUS]
        assert surnames(line.below) == GROUPS[line.area.code][BELOW]
    reading = report.line("RD")
    assert reading.blank_count == 1  # Frost


def test_every_group_figure_opens_its_pupils(school: Ks1ReportSchool) -> None:
    report = report_of(school, Y2, school.ks1_period)
    gds = full_report_names(report, "RD", Figure.GROUP, GDS)
    assert gds.title == "Reading: GDS" and surnames(gds.pupils) == ["Adams"]
    other = full_report_names(report, "MA", Figure.GROUP, OTHER)
    assert other.title == "Mathematics: Other" and surnames(other.pupils) == ["Drake", "Evans"]
    below = full_report_names(report, "SC", Figure.GROUP, BELOW)
    assert surnames(below.pupils) == ["Brook", "Hughes"]
    with pytest.raises(InvalidInput, match="no such group"):
        full_report_names(report, "RD", Figure.GROUP, 4)


def test_the_phonics_outcome_is_counted_among_pupils_with_a_mark(
    school: Ks1ReportSchool,
) -> None:
    report = report_of(school, Y1, school.phonics_period)
    assert [line.area.name for line in report.lines] == ["Phonics check mark", "Outcome"]
    mark, outcome = report.lines
    assert mark.is_number and mark.average_mark == Decimal("27.50")
    assert (mark.marked_count, mark.pupil_count) == (2, 3)  # Khan is absent
    assert outcome.derived and not outcome.is_number
    assert report.band_words == ("Wt", "Wa")
    assert surnames(outcome.below) == ["Jones"]  # 20: below the usual 32
    assert surnames(outcome.on_track) == ["Ives"]  # 35
    assert surnames(outcome.pupils) == ["Ives", "Jones"]  # of the pupils with a mark
    assert outcome.percent_on_track == Decimal("50.00")
    wa = full_report_names(report, "PSO", Figure.ON_TRACK)
    assert wa.title == "Outcome: Wa" and surnames(wa.pupils) == ["Ives"]
    with pytest.raises(InvalidInput, match="no such group"):
        full_report_names(report, "PSO", Figure.GROUP, 0)


def test_the_outcome_follows_the_years_threshold(school: Ks1ReportSchool) -> None:
    set_phonics_threshold(school.database, SUPPORT, YEAR, 36)
    outcome = report_of(school, Y1, school.phonics_period).line("PSO")
    assert surnames(outcome.below) == ["Ives", "Jones"] and outcome.on_track == ()

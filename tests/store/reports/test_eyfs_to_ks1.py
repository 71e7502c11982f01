"""The EYFS to KS1 table against the hand-worked school of tests/store/eyfs_to_ks1_school.py:
each area's goals at Expected at the end of Reception against EXS+ at KS1, crossed, with the
pupils behind every figure; Year 2 reads the ELGs of two years before, Year 1 of one."""

from __future__ import annotations

import pytest

from store.core.access import Actor, PermissionDenied, Role
from store.core.db import Database
from store.core.errors import InvalidInput, NotFound
from store.curriculum.eyfs import ElgOutcome
from store.curriculum.eyfs_to_ks1 import PAIRS
from store.pupils.filters import PupilFilter
from store.reports.eyfs_to_ks1 import Cross, EyfsToKs1, eyfs_to_ks1, eyfs_to_ks1_names
from store.reports.reports import ReportScope, open_reports
from tests.store.eyfs_to_ks1_school import Y1, Y2, YEAR, Ks1ReportSchool, build_ks1_report_school

C = Cross
# By subject: the pupils behind each figure (Grant is left out: Include in Data = No).
EXPECTED_TABLE = {
    "RD": {
        C.EXPECTED: ["Adams", "Hughes"],
        C.KS1: ["Adams", "Brook", "Evans", "Hughes"],
        C.BOTH: ["Adams", "Hughes"],
        C.EXPECTED_ONLY: [],
        C.KS1_ONLY: ["Brook"],
        C.NEITHER: ["Cross", "Drake"],
        C.NO_EYFS: ["Evans", "Frost"],  # Evans: Comprehension blank; Frost: no ELGs
    },
    "WR": {
        C.EXPECTED: ["Adams", "Brook", "Evans", "Hughes"],
        C.KS1: ["Adams", "Cross", "Frost", "Hughes"],
        C.BOTH: ["Adams", "Hughes"],
        C.EXPECTED_ONLY: ["Brook", "Evans"],
        C.KS1_ONLY: ["Cross"],
        C.NEITHER: ["Drake"],
        C.NO_EYFS: ["Frost"],
    },
    "MA": {
        C.EXPECTED: ["Adams", "Cross", "Evans"],
        C.KS1: ["Adams", "Frost"],
        C.BOTH: ["Adams"],
        C.EXPECTED_ONLY: ["Cross", "Evans"],  # EM; Q
        C.KS1_ONLY: [],
        C.NEITHER: ["Brook", "Drake", "Hughes"],  # Number Emerging (Brook, Hughes), Absent
        C.NO_EYFS: ["Frost"],
    },
    "SC": {
        C.EXPECTED: ["Adams", "Cross", "Hughes"],
        C.KS1: ["Adams", "Cross", "Frost"],
        C.BOTH: ["Adams", "Cross"],
        C.EXPECTED_ONLY: ["Hughes"],
        C.KS1_ONLY: [],
        C.NEITHER: ["Brook", "Drake"],
        C.NO_EYFS: ["Evans", "Frost"],
    },
}
COUNTED = ["Adams", "Brook", "Cross", "Drake", "Evans", "Frost", "Hughes"]


@pytest.fixture
def school(database: Database) -> Ks1ReportSchool:
    return build_ks1_report_school(database)


def table(school: Ks1ReportSchool, scope: ReportScope | None = None) -> EyfsToKs1:
    data = open_reports(
        school.database, school.actor, school.establishment.id, YEAR, Y2, with_reception=True
    )
    return eyfs_to_ks1(data, scope or ReportScope(school.ks1_period))


def surnames(pupils: object) -> list[str]:
    return [pupil.surname for pupil in pupils]  # type: ignore[attr-defined]


def test_each_area_is_crossed_with_its_ks1_subject(school: Ks1ReportSchool) -> None:
    report = table(school)
    assert [line.pair for line in report.lines] == list(PAIRS)
    assert [line.pair.subject_name for line in report.lines] == [
        "Reading",
        "Writing",
        "Mathematics",
        "Science",
    ]
    for line in report.lines:
        assert surnames(line.pupils) == COUNTED
        found = {
            figure: surnames(line.names(figure)) for figure in EXPECTED_TABLE[line.pair.subject]
        }
        assert found == EXPECTED_TABLE[line.pair.subject], line.pair.subject
        shared = sum(
            line.count(figure)
            for figure in (C.BOTH, C.EXPECTED_ONLY, C.KS1_ONLY, C.NEITHER, C.NO_EYFS)
        )
        assert shared == line.count(C.PUPILS) == 7
    assert report.heading.left_out == 1 and report.heading.report == "EYFS to KS1"
    assert report.without_elgs == 1  # Frost
    reading = report.line("RD")
    assert str(reading.percent(C.BOTH)) == "28.57"


def test_the_latest_reception_year_is_read_and_the_names_say_each_result(
    school: Ks1ReportSchool,
) -> None:
    data = open_reports(
        school.database, school.actor, school.establishment.id, YEAR, Y2, with_reception=True
    )
    assert data.reception is not None
    hughes = school.ids["Hughes"]
    assert data.reception.years[hughes] == YEAR - 2  # not his first Reception year's
    assert data.reception.outcomes[hughes]["N"] is ElgOutcome.EMERGING
    assert school.ids["Frost"] not in data.reception.outcomes
    report = eyfs_to_ks1(data, ReportScope(school.ks1_period))
    names = eyfs_to_ks1_names(report, "MA", C.NEITHER)
    assert names.title == "Mathematics: Neither Expected nor EXS+"
    assert names.detail_title == "N NP → MA"
    assert dict(zip(surnames(names.pupils), names.details, strict=True)) == {
        "Brook": "Emerg Exp → PK3",
        "Drake": "Absent Absent → A",
        "Hughes": "Emerg Exp → WTS",
    }
    evans = eyfs_to_ks1_names(report, "SC", C.NO_EYFS)
    assert evans.details == ("· → ·", "· → EXS")  # Evans, Frost
    with pytest.raises(NotFound):
        eyfs_to_ks1_names(report, "PSC", C.BOTH)


def test_year_1_reads_the_elgs_of_the_year_before(school: Ks1ReportSchool) -> None:
    data = open_reports(
        school.database, school.actor, school.establishment.id, YEAR, Y1, with_reception=True
    )
    assert data.reception is not None
    assert set(data.reception.years.values()) == {YEAR - 1}
    report = eyfs_to_ks1(data, ReportScope(school.year_1_period))
    reading = report.line("RD")
    assert surnames(reading.names(C.BOTH)) == ["Ives"]
    assert surnames(reading.names(C.NEITHER)) == ["Jones"]  # Word Reading Emerging, WTS
    assert surnames(reading.names(C.EXPECTED_ONLY)) == ["Khan"]  # no KS1 result yet
    assert report.without_elgs == 0


def test_the_filter_narrows_every_figure(school: Ks1ReportSchool) -> None:
    report = table(school, ReportScope(school.ks1_period, None, PupilFilter(search="Brook")))
    assert [line.count(C.PUPILS) for line in report.lines] == [1, 1, 1, 1]
    assert [surnames(line.names(C.KS1_ONLY)) for line in report.lines] == [["Brook"], [], [], []]
    assert str(report.lines[0].percent(C.KS1_ONLY)) == "100.00"
    nobody = table(school, ReportScope(school.ks1_period, None, PupilFilter(gender="M")))
    assert all(line.count(C.PUPILS) == 0 for line in nobody.lines)  # every pupil here is F
    assert str(nobody.lines[0].percent(C.BOTH)) == "0.00"


def test_refused_without_a_ks1_period_or_the_reception_elgs(school: Ks1ReportSchool) -> None:
    data = open_reports(school.database, school.actor, school.establishment.id, YEAR, Y1)
    assert data.reception is None
    with pytest.raises(InvalidInput, match="were not loaded"):
        eyfs_to_ks1(data, ReportScope(school.year_1_period))
    with pytest.raises(InvalidInput, match="drawn at KS1 teacher assessment"):
        eyfs_to_ks1(data, ReportScope(school.phonics_period))
    with pytest.raises(InvalidInput, match="Choose an assessment period"):
        eyfs_to_ks1(data, ReportScope(None))


def test_another_establishments_manager_cannot_load_the_elgs(school: Ks1ReportSchool) -> None:
    outsider = Actor("other", Role.MANAGER, school.establishment.id + 1)
    with pytest.raises(PermissionDenied):
        open_reports(
            school.database, outsider, school.establishment.id, YEAR, Y2, with_reception=True
        )

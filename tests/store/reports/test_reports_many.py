"""Reports over many establishments (support) against four hand-worked schools.

Ash (2061) and Birch (2062) assessed Autumn 1; Cedar (2063) assessed Autumn 1 and then Spring 1;
Dove (2064) has no Reception pupils. Every figure below is counted by hand from this table:

    school  pupil  Autumn 1        Spring 1   End of Year ELGs
    Ash     Able   LAU B, N O                 all Expected (GLD, 34, 17 at Expected)
    Ash     Baker  LAU O, SP O, N O           all Emerging (no GLD, 17, 0)
    Ash     Cole   nothing                    nothing
    Ash     Dane   LAU O (Include in Data = No: in no figure)
    Birch   Evans  LAU O, N B                 all Expected (GLD, 34, 17)
    Birch   Ford   LAU O                      nothing
    Cedar   Gray   LAU B           LAU O      (section, no results)
    Cedar   Hill   nothing         LAU O
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from store.assessments import changes, judgements
from store.assessments import periods as assessments
from store.assessments.cohort import Cell
from store.core.access import Actor, PermissionDenied, Role
from store.core.db import Database
from store.curriculum.eyfs import (
    AREA_CODES,
    COMMUNICATION_AND_LANGUAGE,
    ElgOutcome,
    Judgement,
    YearGroup,
)
from store.establishments.establishments import create_establishment
from store.pupils.filters import PupilFilter
from store.reports.breakdown import breakdown, elg_by_school, full_report_by_school, school_names
from store.reports.elg_summary import ElgFigure, elg_names
from store.reports.many import Cancelled, choose_establishments, many_reports, period_names
from store.reports.reports import Figure, ReportScope, full_report, full_report_names, open_reports
from store.reports.venn import venn_names
from tests.store.reports.test_reports import YEAR, Child, R, ReportSchool, build_school

B, O = Judgement.BELOW, Judgement.ON_TRACK  # noqa: E741
ALL_EXPECTED = dict.fromkeys(AREA_CODES, ElgOutcome.EXPECTED)
ALL_EMERGING = dict.fromkeys(AREA_CODES, ElgOutcome.EMERGING)
SUPPORT = Actor("helpdesk", Role.SUPPORT, None)


@dataclass
class ThreeSchools:
    database: Database
    ash: ReportSchool
    birch: ReportSchool
    cedar: ReportSchool
    spring_id: int


def build_three(database: Database) -> ThreeSchools:
    """The table in the module's docstring (Dove is an establishment with nobody in it)."""
    ash = build_school(
        database,
        [
            Child("Able", judgements={"LAU": B, "N": O}, elg=ALL_EXPECTED),
            Child("Baker", judgements={"LAU": O, "SP": O, "N": O}, elg=ALL_EMERGING),
            Child("Cole"),
            Child("Dane", include=False, judgements={"LAU": O}),
        ],
        "2061",
        "ASH PRIMARY",
    )
    birch = build_school(
        database,
        [
            Child("Evans", judgements={"LAU": O, "N": B}, elg=ALL_EXPECTED),
            Child("Ford", judgements={"LAU": O}),
        ],
        "2062",
        "BIRCH INFANTS",
    )
    cedar = build_school(
        database, [Child("Gray", judgements={"LAU": B}), Child("Hill")], "2063", "CEDAR PRIMARY"
    )
    spring = assessments.create_period(
        database, cedar.actor, cedar.establishment.id, "Spring 1", date(YEAR + 1, 2, 6), [R]
    )
    judgements.write_changes(
        database,
        cedar.actor,
        cedar.establishment.id,
        [
            changes.judgement_edit(cedar.ids[name], spring.id, "LAU", Cell(O))
            for name in ("Gray", "Hill")
        ],
    )
    create_establishment(database, SUPPORT, "2064", "DOVE NURSERY")
    return ThreeSchools(database, ash, birch, cedar, spring.id)


def surnames_and_schools(pupils: object, heading: object) -> list[tuple[str, str]]:
    return [
        (pupil.surname, heading.school(pupil).number)  # type: ignore[attr-defined]
        for pupil in pupils  # type: ignore[attr-defined]
    ]


def test_full_report_sums_each_schools_latest_assessment(database: Database) -> None:
    three = build_three(database)
    many = many_reports(database, SUPPORT, YEAR, R)
    assert many.title == "All establishments (4)"
    report = many.full
    assert report is not None
    heading = report.heading
    assert heading.period == "Latest assessment at each establishment"
    assert heading.establishment == "All establishments (4)" and heading.left_out == 1
    assert (
        heading.line() == "All establishments (4) · 2025/2026 · Reception · Latest assessment at "
        "each establishment · All classes · Full Report"
    )
    # Listening, Attention and Understanding: Ash 1 Below, 1 On track of 3; Birch 2 On track of
    # 2; Cedar (Spring 1) 2 On track of 2.
    lau = report.line("LAU")
    assert (lau.below_count, lau.on_track_count, lau.pupil_count) == (1, 5, 7)
    assert lau.percent_on_track == Decimal("71.43")
    # Number: Ash Able and Baker On track, Birch Evans Below, Cedar nothing at Spring 1.
    number = report.line("N")
    assert (number.below_count, number.on_track_count, number.pupil_count) == (1, 2, 7)
    # Each school as its own report would count it, at the assessment it was counted at.
    for school, period_id in (
        (three.ash, three.ash.period_id),
        (three.birch, three.birch.period_id),
        (three.cedar, three.spring_id),
    ):
        own = open_reports(database, SUPPORT, school.establishment.id, YEAR, R)
        own_lau = full_report(own, ReportScope(period_id)).line("LAU")
        assert own_lau.on_track_count == sum(
            1 for pupil in lau.on_track if pupil.id in school.ids.values()
        )
    assert [(s.number, s.counted, s.note, s.included) for s in heading.schools] == [
        ("2061", 3, "Autumn 1 17/10/2025", True),
        ("2062", 2, "Autumn 1 17/10/2025", True),
        ("2063", 2, "Spring 1 06/02/2026", True),
        ("2064", 0, "no Reception pupils", False),
    ]


def test_drill_down_lists_pupils_with_their_establishment(database: Database) -> None:
    build_three(database)
    report = many_reports(database, SUPPORT, YEAR, R).full
    assert report is not None
    on_track = full_report_names(report, "LAU", Figure.ON_TRACK)
    assert surnames_and_schools(on_track.pupils, on_track.heading) == [
        ("Baker", "2061"),
        ("Evans", "2062"),
        ("Ford", "2062"),
        ("Gray", "2063"),
        ("Hill", "2063"),
    ]
    # By establishment: Ash 1 of 3, Birch 2 of 2, Cedar 2 of 2, Dove in no figure.
    parts = breakdown(on_track)
    assert [(p.school.number, p.count, p.percent) for p in parts] == [
        ("2061", 1, Decimal("33.33")),
        ("2062", 2, Decimal("100.00")),
        ("2063", 2, Decimal("100.00")),
        ("2064", 0, None),
    ]
    birch = school_names(on_track, parts[1])
    assert birch.title == "Listening, Attention and Understanding: On track at 2062 - BIRCH INFANTS"
    assert [p.surname for p in birch.pupils] == ["Evans", "Ford"]
    areas, rows = full_report_by_school(report)
    assert len(areas) == 17 and areas[0].code == "LAU"
    assert [row.on_track[0] for row in rows] == [
        Decimal("33.33"),
        Decimal("100.00"),
        Decimal("100.00"),
        None,
    ]
    assert on_track.heading.class_of(on_track.pupils[0]) == "Robins"


def test_a_named_assessment_counts_only_schools_with_it(database: Database) -> None:
    build_three(database)
    assert period_names(database, SUPPORT, YEAR, R) == ["Autumn 1", "Spring 1"]
    autumn = many_reports(database, SUPPORT, YEAR, R, "autumn  1").full
    assert autumn is not None and autumn.heading.period == "autumn 1 at each establishment"
    lau = autumn.line("LAU")
    assert [p.surname for p in lau.below] == ["Able", "Gray"]
    assert (lau.below_count, lau.on_track_count, lau.pupil_count) == (2, 3, 7)
    spring = many_reports(database, SUPPORT, YEAR, R, "Spring 1").full
    assert spring is not None
    assert [(s.number, s.counted, s.note) for s in spring.heading.schools] == [
        ("2061", 0, "no Spring 1 assessment"),
        ("2062", 0, "no Spring 1 assessment"),
        ("2063", 2, "Spring 1 06/02/2026"),
        ("2064", 0, "no Reception pupils"),
    ]
    assert spring.line("LAU").pupil_count == 2 and spring.line("LAU").on_track_count == 2


def test_venn_over_many_schools(database: Database) -> None:
    build_three(database)
    many = many_reports(database, SUPPORT, YEAR, R)
    venn = many.venn(COMMUNICATION_AND_LANGUAGE)
    counts = {region.label: region.count for region in venn.regions}
    assert counts == {"LAU only": 4, "SP only": 0, "LAU + SP": 1, "None": 2}
    assert sum(counts.values()) == len(venn.pupils) == 7
    neither = venn_names(venn, frozenset())
    assert surnames_and_schools(neither.pupils, neither.heading) == [
        ("Able", "2061"),
        ("Cole", "2061"),
    ]
    assert venn.heading.report == "Venn: Communication and Language"


def test_elg_summary_over_many_schools(database: Database) -> None:
    build_three(database)
    summary = many_reports(database, SUPPORT, YEAR, R).elg
    assert summary is not None and summary.section is not None
    assert len(summary.pupils) == 7  # Ash 3, Birch 2, Cedar 2; Dove has no Reception pupils
    assert [p.surname for p in summary.gld] == ["Able", "Evans"]
    assert summary.gld_percent == Decimal("28.57")
    assert summary.average_score == Decimal("28.33")  # (34 + 17 + 34) / 3
    assert summary.average_at_expected == Decimal("11.33")  # (17 + 0 + 17) / 3
    assert summary.goal("LAU").percent_expected == Decimal("28.57")
    gld = elg_names(summary, ElgFigure.GLD)
    assert surnames_and_schools(gld.pupils, gld.heading) == [("Able", "2061"), ("Evans", "2062")]
    lines = elg_by_school(summary)
    assert [(line.school.number, line.gld, line.gld_percent) for line in lines] == [
        ("2061", 1, Decimal("33.33")),
        ("2062", 1, Decimal("50.00")),
        ("2063", 0, Decimal("0.00")),
        ("2064", 0, None),
    ]
    assert lines[0].average_score == Decimal("25.50") and lines[2].average_score is None
    assert [s.note for s in summary.heading.schools] == [
        "End of Year ELGs not submitted",
        "End of Year ELGs not submitted",
        "End of Year ELGs not submitted",
        "no End of Year ELGs",
    ]


def test_a_search_and_a_filter_narrow_the_report(database: Database) -> None:
    build_three(database)
    assert [e.number for e in choose_establishments(database, SUPPORT, "primary")] == [
        "2061",
        "2063",
    ]
    many = many_reports(database, SUPPORT, YEAR, R, search="birch")
    assert many.title == "Establishments matching 'birch' (1)"
    assert many.full is not None and many.full.line("LAU").pupil_count == 2
    baker = many_reports(database, SUPPORT, YEAR, R, pupil_filter=PupilFilter(search="baker"))
    assert baker.full is not None and baker.full.line("LAU").pupil_count == 1
    assert baker.full.heading.filter_text == "Filter: 'baker'"
    nursery = many_reports(database, SUPPORT, YEAR, YearGroup.NURSERY_2)
    assert nursery.elg is None and nursery.full is not None
    assert nursery.full.line("LAU").pupil_count == 0


def test_progress_is_told_after_each_establishment(database: Database) -> None:
    build_three(database)
    heard: list[tuple[int, int]] = []
    many_reports(
        database, SUPPORT, YEAR, R, kinds={"full"}, progress=lambda d, n: heard.append((d, n))
    )
    assert heard == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_cancelling_stops_between_establishments(database: Database) -> None:
    build_three(database)
    heard: list[int] = []
    with pytest.raises(Cancelled) as stopped:
        many_reports(
            database,
            SUPPORT,
            YEAR,
            R,
            progress=lambda done, _: heard.append(done),
            cancelled=lambda: len(heard) >= 1,
        )
    assert heard == [1]
    assert (stopped.value.done, stopped.value.total) == (1, 4)
    assert str(stopped.value) == "Stopped after 1 of 4 establishments."


def test_only_support_reports_over_many_establishments(database: Database) -> None:
    three = build_three(database)
    ash = three.ash.establishment.id
    for outsider in (Actor("head", Role.MANAGER, ash), Actor("teacher", Role.USER, ash)):
        with pytest.raises(PermissionDenied, match="Only the support team"):
            many_reports(database, outsider, YEAR, R)
        with pytest.raises(PermissionDenied):
            choose_establishments(database, outsider)
        with pytest.raises(PermissionDenied):
            period_names(database, outsider, YEAR, R)
    # A support account looking at one school may still report over all of them.
    assert many_reports(database, Actor("s", Role.SUPPORT, ash), YEAR, R).title.startswith("All")


def test_a_school_is_counted_at_its_latest_assessment_dated_by_today(
    database: Database,
) -> None:
    """On 15/01/2026 Cedar's Spring 1 (06/02/2026) is still to come: Cedar is counted at
    Autumn 1 (Gray Below in LAU, Hill blank); from 06/02/2026 at Spring 1 (both On track).
    Before 17/10/2025 no school has an assessment yet."""
    build_three(database)

    def lau_and_notes(today: date) -> tuple[tuple[int, int, int], list[str]]:
        report = many_reports(database, SUPPORT, YEAR, R, today=today, kinds=["full"]).full
        assert report is not None
        line = report.line("LAU")
        notes = [school.note for school in report.heading.schools]
        return (line.below_count, line.on_track_count, line.pupil_count), notes

    autumn = "Autumn 1 17/10/2025"
    assert lau_and_notes(date(2026, 1, 15)) == (
        (2, 3, 7),
        [autumn, autumn, autumn, "no Reception pupils"],
    )
    assert lau_and_notes(date(2026, 2, 6)) == (
        (1, 5, 7),
        [autumn, autumn, "Spring 1 06/02/2026", "no Reception pupils"],
    )
    counts, notes = lau_and_notes(date(2025, 10, 16))
    assert counts == (0, 0, 0)
    assert notes == ["no judgements yet"] * 3 + ["no Reception pupils"]

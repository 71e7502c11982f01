"""The Progress report over many establishments (support) against three hand-worked schools
and an empty one, on SQLite and PostgreSQL. Every figure below is counted by hand:

    school  pupil            Autumn 1     Spring 1     LAU          N
    Ash     Able             LAU B, N O   LAU O, N O   up           same
    Ash     Baker            LAU O, N O   LAU B, N O   down         same
    Ash     Cole             nothing      LAU O        not compared not compared
    Ash     Dane (Include in Data = No) LAU B  LAU O   in no figure
    Birch   Evans (a boy)    LAU O        LAU O        same         not compared
    Birch   Ford             LAU B        LAU O        up           not compared
    Cedar   Gray             LAU B        (no Spring 1: Cedar is left out and says why)
    Dove    (no Reception pupils)

Birch calls its second assessment "spring 1", on a later day than Ash's "Spring 1".
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
from store.curriculum.eyfs import Judgement
from store.curriculum.eyfs_frameworks import EYFS_IN_YEAR_ID
from store.establishments.establishments import create_establishment
from store.progress.progress import load_progress
from store.progress.transitions import Movement
from store.pupils.filters import PupilFilter
from store.reports.breakdown import breakdown
from store.reports.many import Cancelled
from store.reports.progress_many import (
    ManyPair,
    NamedPeriod,
    many_progress,
    progress_period_names,
)
from store.reports.progress_report import cell_names, meeting_names, movement_names
from tests.store.reports.test_reports import YEAR, Child, R, ReportSchool, build_school

B, O = Judgement.BELOW, Judgement.ON_TRACK  # noqa: E741
SUPPORT = Actor("helpdesk", Role.SUPPORT, None)
LATEST = ManyPair(EYFS_IN_YEAR_ID)
NAMED = ManyPair(EYFS_IN_YEAR_ID, NamedPeriod("autumn  1"), NamedPeriod("SPRING 1"))


@dataclass
class Schools:
    database: Database
    ash: ReportSchool
    birch: ReportSchool
    cedar: ReportSchool
    springs: dict[str, int]

    def id(self, surname: str) -> int:
        for school in (self.ash, self.birch, self.cedar):
            if surname in school.ids:
                return school.ids[surname]
        raise KeyError(surname)


def _spring(
    database: Database,
    school: ReportSchool,
    name: str,
    day: date,
    values: dict[str, dict[str, Judgement]],
) -> int:
    spring = assessments.create_period(
        database, school.actor, school.establishment.id, name, day, [R]
    )
    judgements.write_changes(
        database,
        school.actor,
        school.establishment.id,
        [
            changes.judgement_edit(school.ids[surname], spring.id, code, Cell(value))
            for surname, cells in values.items()
            for code, value in cells.items()
        ],
    )
    return spring.id


def build_schools(database: Database) -> Schools:
    """The table in the module's docstring."""
    ash = build_school(
        database,
        [
            Child("Able", judgements={"LAU": B, "N": O}),
            Child("Baker", judgements={"LAU": O, "N": O}),
            Child("Cole"),
            Child("Dane", include=False, judgements={"LAU": B}),
        ],
        "2061",
        "ASH PRIMARY",
    )
    birch = build_school(
        database,
        [Child("Evans", gender="M", judgements={"LAU": O}), Child("Ford", judgements={"LAU": B})],
        "2062",
        "BIRCH INFANTS",
    )
    cedar = build_school(database, [Child("Gray", judgements={"LAU": B})], "2063", "CEDAR")
    springs = {
        "ash": _spring(
            database,
            ash,
            "Spring 1",
            date(YEAR + 1, 2, 6),
            {
                "Able": {"LAU": O, "N": O},
                "Baker": {"LAU": B, "N": O},
                "Cole": {"LAU": O},
                "Dane": {"LAU": O},
            },
        ),
        "birch": _spring(
            database,
            birch,
            "spring 1",
            date(YEAR + 1, 2, 13),
            {"Evans": {"LAU": O}, "Ford": {"LAU": O}},
        ),
    }
    create_establishment(database, SUPPORT, "2064", "DOVE NURSERY")
    return Schools(database, ash, birch, cedar, springs)


def _surnames(schools: Schools, ids: list[int]) -> list[str]:
    by_id = {
        pupil_id: surname
        for school in (schools.ash, schools.birch, schools.cedar)
        for surname, pupil_id in school.ids.items()
    }
    return sorted(by_id[pupil_id] for pupil_id in ids)


@pytest.mark.parametrize("pair", [LATEST, NAMED], ids=["latest", "named"])
def test_each_subject_is_summed_over_the_schools_with_both(
    database: Database, pair: ManyPair
) -> None:
    schools = build_schools(database)
    told: list[tuple[int, int]] = []
    many = many_progress(
        database, SUPPORT, YEAR, R, pair, progress=lambda done, total: told.append((done, total))
    )
    assert told == [(1, 4), (2, 4), (3, 4), (4, 4)]
    report = many.report
    heading = report.heading
    assert heading.establishment == "All establishments (4)" and heading.many
    assert heading.left_out == 1  # Dane, Include in Data = No
    lau = report.progress.subject("LAU")
    assert _surnames(schools, lau.moved(Movement.UP)) == ["Able", "Ford"]
    assert _surnames(schools, lau.moved(Movement.SAME)) == ["Evans"]
    assert _surnames(schools, lau.moved(Movement.DOWN)) == ["Baker"]
    assert _surnames(schools, lau.moved(Movement.NOT_COMPARED)) == ["Cole"]
    assert _surnames(schools, lau.cell("B", "O")) == ["Able", "Ford"]
    assert _surnames(schools, lau.cell("blank", "O")) == ["Cole"]
    number = report.progress.subject("N")
    assert (len(number.moved(Movement.SAME)), number.compared, len(number.changes)) == (2, 2, 5)
    assert [pupil.surname for pupil in report.pupils] == ["Able", "Baker", "Cole", "Evans", "Ford"]
    # Every pupil of every cohort, counted or not, for the filter's live count.
    assert sorted(pupil.surname for pupil in many.pupils) == [
        "Able", "Baker", "Cole", "Dane", "Evans", "Ford", "Gray",
    ]  # fmt: skip
    notes = [(school.number, school.counted, school.included) for school in heading.schools]
    assert notes == [("2061", 3, True), ("2062", 2, True), ("2063", 0, False), ("2064", 0, False)]
    ash, birch, cedar, dove = (school.note for school in heading.schools)
    assert ash == "Autumn 1 (17/10/2025) to Spring 1 (06/02/2026)"
    assert birch == "Autumn 1 (17/10/2025) to spring 1 (13/02/2026)"
    if pair.named:
        assert heading.period == "autumn 1 to SPRING 1 at each establishment"
        assert cedar == "no SPRING 1 assessment"
    else:
        assert heading.period == "Latest two assessments at each establishment"
        assert cedar == "judgements only at Autumn 1 (17/10/2025)"
    assert dove == "no Reception pupils"


def test_the_sums_are_the_schools_own_reports(database: Database) -> None:
    schools = build_schools(database)
    report = many_progress(database, SUPPORT, YEAR, R, LATEST).report
    for school, spring in ((schools.ash, "ash"), (schools.birch, "birch")):
        own = load_progress(
            database,
            school.actor,
            school.establishment.id,
            YEAR,
            R,
            school.period_id,
            schools.springs[spring],
        )
        mine = set(own.pupils)
        for subject in own.subjects:
            summed = report.progress.subject(subject.subject.code)
            for movement in Movement:
                assert subject.moved(movement) == [
                    pupil for pupil in summed.moved(movement) if pupil in mine
                ]


def test_names_carry_their_school_and_each_pupil_says_why(database: Database) -> None:
    schools = build_schools(database)
    report = many_progress(database, SUPPORT, YEAR, R, LATEST).report
    up = movement_names(report, "LAU", Movement.UP)
    assert [(p.surname, up.heading.school(p).number) for p in up.pupils] == [  # type: ignore[union-attr]
        ("Able", "2061"),
        ("Ford", "2062"),
    ]
    assert up.details == ("Below → On track", "Below → On track")
    assert up.detail_title == "Earlier → Latest"
    # Each pupil's reason names their own school's assessments.
    assert up.why(schools.id("Ford"))[0] == (
        "Listening, Attention and Understanding: Below in Autumn 1, On track in spring 1: moved up."
    )
    table = cell_names(report, "LAU", "O", "B")
    assert [pupil.surname for pupil in table.pupils] == ["Baker"]
    meeting = meeting_names(report)
    assert [pupil.surname for pupil in meeting.pupils] == ["Baker", "Able", "Cole", "Evans", "Ford"]
    assert meeting.details[0] == "1: LAU"
    parts = breakdown(up)
    assert [(part.school.number, part.count, part.percent) for part in parts][:2] == [
        ("2061", 1, Decimal("33.33")),
        ("2062", 1, Decimal("50.00")),
    ]
    assert parts[2].percent is None  # Cedar is in no figure


def test_the_filter_and_a_search_narrow_it(database: Database) -> None:
    schools = build_schools(database)
    boys = many_progress(database, SUPPORT, YEAR, R, LATEST, pupil_filter=PupilFilter(gender="M"))
    assert [pupil.surname for pupil in boys.report.pupils] == ["Evans"]
    assert boys.report.heading.left_out == 0  # Dane is no boy
    assert boys.report.progress.subject("LAU").moved(Movement.SAME) == [schools.id("Evans")]
    birch = many_progress(database, SUPPORT, YEAR, R, LATEST, search="birch")
    assert birch.report.heading.establishment == "Establishments matching 'birch' (1)"
    assert [pupil.surname for pupil in birch.report.pupils] == ["Evans", "Ford"]


def test_the_names_to_choose_from(database: Database) -> None:
    build_schools(database)
    names = progress_period_names(database, SUPPORT, YEAR, R, EYFS_IN_YEAR_ID)
    assert names == [NamedPeriod("Autumn 1"), NamedPeriod("Spring 1")]
    assert progress_period_names(database, SUPPORT, YEAR, R, EYFS_IN_YEAR_ID, "cedar") == [
        NamedPeriod("Autumn 1")
    ]


def test_cancelling_stops_between_establishments(database: Database) -> None:
    build_schools(database)
    asked: list[int] = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 2

    with pytest.raises(Cancelled, match="Stopped after 2 of 4 establishments"):
        many_progress(database, SUPPORT, YEAR, R, LATEST, cancelled=cancelled)


def test_only_support_reports_progress_over_many(database: Database) -> None:
    schools = build_schools(database)
    head = schools.ash.actor
    with pytest.raises(PermissionDenied):
        many_progress(database, head, YEAR, R, LATEST)
    with pytest.raises(PermissionDenied):
        progress_period_names(database, head, YEAR, R, EYFS_IN_YEAR_ID)
    manager = Actor("other", Role.MANAGER, schools.birch.establishment.id)
    with pytest.raises(PermissionDenied):
        many_progress(database, manager, YEAR, R, NAMED)

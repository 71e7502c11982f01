"""The Full Report, its drill-down and who every report counts, against hand-worked cohorts.

The first test is the user guide's own Full Report table of 6 pupils, copied as printed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import pytest

from store.assessments import changes, judgements
from store.assessments import periods as assessments
from store.assessments.cohort import Cell
from store.core.access import Actor, PermissionDenied, Role
from store.core.db import Database
from store.core.errors import InvalidInput, NotFound
from store.core.models import Pupil
from store.curriculum.eyfs import AREA_CODES, AREAS, ElgOutcome, Judgement, YearGroup
from store.curriculum.percentages import format_percent
from store.curriculum.year_groups import birth_date_range
from store.establishments.establishments import EstablishmentInfo, create_establishment
from store.pupils.filters import PupilFilter
from store.pupils.profile import Profile, default_profile, update_profile
from store.reports.reports import (
    ALL_CLASSES,
    Figure,
    ReportScope,
    full_report,
    full_report_names,
    open_reports,
)

YEAR = 2025
R = YearGroup.RECEPTION
B, O = Judgement.BELOW, Judgement.ON_TRACK  # noqa: E741  (the letters on screen)


@dataclass
class Child:
    """One pupil of a hand-worked cohort: who they are and what is recorded for them."""

    surname: str
    forenames: str = "Child"
    class_slot: int = 1
    include: bool = True
    gender: str = "F"
    judgements: dict[str, Judgement] = field(default_factory=dict)
    elg: dict[str, ElgOutcome] = field(default_factory=dict)


@dataclass
class ReportSchool:
    database: Database
    establishment: EstablishmentInfo
    actor: Actor
    period_id: int
    section_id: int
    ids: dict[str, int]


def build_school(
    database: Database,
    children: Sequence[Child],
    number: str = "2051",
    name: str = "HAND WORKED PRIMARY",
) -> ReportSchool:
    """A Reception cohort of `children` with one assessment (Autumn 1) and the ELG section."""
    support = Actor("support", Role.SUPPORT, None)
    establishment = create_establishment(database, support, number, name)
    actor = Actor("head", Role.MANAGER, establishment.id)
    defaults = default_profile()
    update_profile(
        database,
        actor,
        establishment.id,
        Profile(defaults.custom_names, ("Robins", "Wrens", *defaults.class_names[2:])),
    )
    first, _ = birth_date_range(R, YEAR)
    with database.write() as session:
        for index, child in enumerate(children):
            session.add(
                Pupil(
                    establishment_id=establishment.id,
                    upn=f"A{number}{index:08d}",
                    surname=child.surname,
                    forenames=child.forenames,
                    date_of_birth=first + timedelta(days=index),
                    class_slot=child.class_slot,
                    include_in_data=child.include,
                    gender=child.gender,
                )
            )
    period = assessments.create_period(
        database, actor, establishment.id, "Autumn 1", date(YEAR, 10, 17), [R]
    )
    section = assessments.create_elg_section(
        database, actor, establishment.id, YEAR, date(YEAR + 1, 6, 5)
    )
    data = open_reports(database, actor, establishment.id, YEAR, R)
    ids = {pupil.surname: pupil.id for pupil in data.cohort.pupils}
    edits: list[changes.Change] = []
    for child in children:
        pupil_id = ids[child.surname]
        edits += [
            changes.judgement_edit(pupil_id, period.id, code, Cell(value))
            for code, value in child.judgements.items()
        ]
        edits += [
            changes.elg_edit(section.id, pupil_id, code, value) for code, value in child.elg.items()
        ]
    if edits:
        judgements.write_changes(database, actor, establishment.id, edits)
    return ReportSchool(database, establishment, actor, period.id, section.id, ids)


# --- The guide's table ----------------------------------------------------------------------

GUIDE_TABLE = """\
Listening, Attention and Understanding	3	50.00%	3	50.00%	6
Speaking	3	50.00%	3	50.00%	6
Self-Regulation	2	33.33%	4	66.67%	6
Managing Self	4	66.67%	2	33.33%	6
Building Relationships	2	33.33%	4	66.67%	6
Gross Motor Skills	3	50.00%	3	50.00%	6
Fine Motor Skills	2	33.33%	4	66.67%	6
Word Reading	3	50.00%	3	50.00%	6
Comprehension	2	33.33%	4	66.67%	6
Writing	3	50.00%	3	50.00%	6
Number	2	33.33%	4	66.67%	6
Numerical Patterns	2	33.33%	4	66.67%	6
Past and Present	3	50.00%	3	50.00%	6
People, Culture and Communities	3	50.00%	3	50.00%	6
The Natural World	2	33.33%	4	66.67%	6
Creating with Materials	3	50.00%	3	50.00%	6
Being Imaginative and Expressive	3	50.00%	3	50.00%	6
"""
GUIDE_NAMES = ["Hadisa", "Harriett", "Harrison", "Harry", "Hattie", "Hector"]


def guide_children() -> list[Child]:
    """The six HIGH children; in each area the first `Below` of them are Below, the rest On
    track, which gives the guide's counts. Lee (Include in Data = No, all Below) is extra."""
    below = {line.split("\t")[0]: int(line.split("\t")[1]) for line in GUIDE_TABLE.splitlines()}
    children = []
    for index, name in enumerate(GUIDE_NAMES):
        marks = {area.code: (B if index < below[area.name] else O) for area in AREAS}
        children.append(Child(f"High {name}", name, judgements=marks))
    children.append(Child("Lee", include=False, judgements=dict.fromkeys(AREA_CODES, B)))
    return children


def printed(report_lines: Sequence[object]) -> str:
    rows = []
    for line in report_lines:
        rows.append(
            "\t".join(
                [
                    line.area.name,  # type: ignore[attr-defined]
                    str(line.below_count),  # type: ignore[attr-defined]
                    format_percent(line.percent_below) + "%",  # type: ignore[attr-defined]
                    str(line.on_track_count),  # type: ignore[attr-defined]
                    format_percent(line.percent_on_track) + "%",  # type: ignore[attr-defined]
                    str(line.pupil_count),  # type: ignore[attr-defined]
                ]
            )
        )
    return "\n".join(rows) + "\n"


def test_the_guides_full_report_of_six_pupils(database: Database) -> None:
    school = build_school(database, guide_children())
    data = open_reports(database, school.actor, school.establishment.id, YEAR, R)
    report = full_report(data, ReportScope(school.period_id))
    assert printed(report.lines) == GUIDE_TABLE
    # Lee has Include in Data = No: in no figure, and the report says one pupil is left out.
    assert report.heading.left_out == 1
    assert all("Lee" not in [p.surname for p in line.pupils] for line in report.lines)
    assert (
        report.heading.line()
        == "2025/2026 · Reception · Autumn 1 17/10/2025 · All classes · Full Report"
    )


def test_every_figure_opens_its_pupils_in_alphabetical_order(database: Database) -> None:
    school = build_school(database, guide_children())
    data = open_reports(database, school.actor, school.establishment.id, YEAR, R)
    report = full_report(data, ReportScope(school.period_id))
    managing_self_below = full_report_names(report, "MS", Figure.BELOW)
    assert managing_self_below.title == "Managing Self: Below"
    assert [p.forenames for p in managing_self_below.pupils] == GUIDE_NAMES[:4]
    on_track = full_report_names(report, "MS", Figure.ON_TRACK)
    assert [p.forenames for p in on_track.pupils] == ["Hattie", "Hector"]
    everyone = full_report_names(report, "LAU", Figure.PUPILS)
    assert [p.forenames for p in everyone.pupils] == GUIDE_NAMES
    with pytest.raises(NotFound):
        full_report_names(report, "XX", Figure.BELOW)


def test_blanks_count_in_num_pupils_as_at_the_foot_of_the_grid(database: Database) -> None:
    children = [
        Child("Able", judgements={"LAU": B}),
        Child("Baker", judgements={"LAU": O}),
        Child("Cole"),  # nothing recorded yet
    ]
    school = build_school(database, children)
    data = open_reports(database, school.actor, school.establishment.id, YEAR, R)
    line = full_report(data, ReportScope(school.period_id)).line("LAU")
    assert (line.below_count, line.on_track_count, line.pupil_count) == (1, 1, 3)
    assert line.percent_below == Decimal("33.33") and line.percent_on_track == Decimal("33.33")
    speaking = full_report(data, ReportScope(school.period_id)).line("SP")
    assert (speaking.below_count, speaking.on_track_count, speaking.pupil_count) == (0, 0, 3)
    assert speaking.percent_below == Decimal("0.00")


def test_class_and_filter_are_honoured(database: Database) -> None:
    children = [
        Child("Able", class_slot=1, gender="M", judgements={"N": B}),
        Child("Baker", class_slot=1, gender="F", judgements={"N": O}),
        Child("Cole", class_slot=2, gender="M", judgements={"N": O}),
        Child("Drew", class_slot=2, gender="F", judgements={"N": O}),
        Child("Evans", class_slot=2, gender="M", include=False, judgements={"N": B}),
    ]
    school = build_school(database, children)
    data = open_reports(database, school.actor, school.establishment.id, YEAR, R)

    def number(scope: ReportScope) -> tuple[int, int, int, list[str]]:
        line = full_report(data, scope).line("N")
        names = [p.surname for p in line.pupils]
        return line.below_count, line.on_track_count, line.pupil_count, names

    assert number(ReportScope(school.period_id)) == (1, 3, 4, ["Able", "Baker", "Cole", "Drew"])
    assert number(ReportScope(school.period_id, class_slot=2)) == (0, 2, 2, ["Cole", "Drew"])
    boys = PupilFilter(gender="M")
    assert number(ReportScope(school.period_id, pupil_filter=boys)) == (1, 1, 2, ["Able", "Cole"])
    assert number(ReportScope(school.period_id, 2, boys)) == (0, 1, 1, ["Cole"])
    heading = full_report(data, ReportScope(school.period_id, 2, boys)).heading
    assert heading.class_label == "Wrens" and heading.filter_text == "Filter: Male"
    assert heading.left_out == 1  # Evans: a boy in Wrens, Include in Data = No
    assert full_report(data, ReportScope(school.period_id)).heading.class_label == ALL_CLASSES


def test_another_establishments_user_is_refused(database: Database) -> None:
    school = build_school(database, guide_children())
    other = create_establishment(database, Actor("s", Role.SUPPORT, None), "2052", "OTHER SCHOOL")
    stranger = Actor("nosy", Role.MANAGER, other.id)
    with pytest.raises(PermissionDenied):
        open_reports(database, stranger, school.establishment.id, YEAR, R)
    support = Actor("helpdesk", Role.SUPPORT, None)
    data = open_reports(database, support, school.establishment.id, YEAR, R)
    assert full_report(data, ReportScope(school.period_id)).line("LAU").pupil_count == 6


def test_a_report_needs_a_period_of_its_cohort(database: Database) -> None:
    school = build_school(database, guide_children())
    data = open_reports(database, school.actor, school.establishment.id, YEAR, R)
    with pytest.raises(InvalidInput):
        full_report(data, ReportScope(None))
    with pytest.raises(NotFound):
        full_report(data, ReportScope(school.period_id + 100))
    assert data.latest_period_with_data() is not None
    assert data.latest_period_with_data().id == school.period_id  # type: ignore[union-attr]


def test_a_cohort_with_no_pupils_reports_zeros(database: Database) -> None:
    school = build_school(database, [])
    data = open_reports(database, school.actor, school.establishment.id, YEAR, R)
    report = full_report(data, ReportScope(school.period_id))
    assert {(line.pupil_count, line.percent_below) for line in report.lines} == {
        (0, Decimal("0.00"))
    }


def test_a_report_loads_only_the_judgements_it_reads(database: Database) -> None:
    children = [Child("Able", judgements={"LAU": B}), Child("Baker", judgements={"LAU": O})]
    school = build_school(database, children)
    spring = assessments.create_period(
        database, school.actor, school.establishment.id, "Spring 1", date(YEAR + 1, 2, 6), [R]
    )
    summer = assessments.create_period(
        database, school.actor, school.establishment.id, "Summer 1", date(YEAR + 1, 5, 6), [R]
    )
    judgements.write_changes(
        database,
        school.actor,
        school.establishment.id,
        [changes.judgement_edit(school.ids["Able"], spring.id, "LAU", Cell(O))],
    )
    everything = open_reports(database, school.actor, school.establishment.id, YEAR, R)
    assert everything.cells_loaded is None
    assert everything.periods_with_data == frozenset({school.period_id, spring.id})
    # The latest period with judgements is Spring 1 (Summer 1 is still empty).
    latest = open_reports(database, school.actor, school.establishment.id, YEAR, R, "latest")
    assert latest.cells_loaded == frozenset({spring.id})
    assert latest.latest_period_with_data() == latest.period(spring.id)
    line = full_report(latest, ReportScope(spring.id)).line("LAU")
    assert (line.below_count, line.on_track_count, line.pupil_count) == (0, 1, 2)
    with pytest.raises(InvalidInput):
        full_report(latest, ReportScope(school.period_id))  # not loaded: refused, never zeros
    autumn = open_reports(
        database, school.actor, school.establishment.id, YEAR, R, school.period_id
    )
    assert full_report(autumn, ReportScope(school.period_id)).line("LAU").below_count == 1
    no_cells = open_reports(database, school.actor, school.establishment.id, YEAR, R, None)
    assert no_cells.cohort.cells == {} and no_cells.cells_loaded == frozenset()
    assert no_cells.latest_period_with_data() == no_cells.period(spring.id)
    assert [p.id for p in no_cells.periods] == [school.period_id, spring.id, summer.id]


def test_the_latest_assessment_is_the_last_dated_by_today_with_judgements(
    database: Database,
) -> None:
    """Autumn 1 (17/10/2025) has Able Below; Spring 1 (06/02/2026) has Able On track entered
    early; Summer 1 (06/05/2026) is empty. The Reports open on the latest dated on or before
    today that holds judgements."""
    school = build_school(database, [Child("Able", judgements={"LAU": B}), Child("Baker")])
    eid = school.establishment.id
    spring = assessments.create_period(
        database, school.actor, eid, "Spring 1", date(YEAR + 1, 2, 6), [R]
    )
    summer = assessments.create_period(
        database, school.actor, eid, "Summer 1", date(YEAR + 1, 5, 6), [R]
    )
    judgements.write_changes(
        database,
        school.actor,
        eid,
        [changes.judgement_edit(school.ids["Able"], spring.id, "LAU", Cell(O))],
    )

    def latest(today: date) -> tuple[str, frozenset[int] | None, int]:
        data = open_reports(database, school.actor, eid, YEAR, R, "latest", today=today)
        period = data.latest_period_with_data(today)
        assert period is not None
        below = full_report(data, ReportScope(period.id)).line("LAU").below_count
        return period.name, data.cells_loaded, below

    # 15/01/2026: Spring 1 is still to come although it holds a judgement.
    assert latest(date(2026, 1, 15)) == ("Autumn 1", frozenset({school.period_id}), 1)
    assert latest(date(2026, 2, 6)) == ("Spring 1", frozenset({spring.id}), 0)
    assert latest(date(2026, 5, 7)) == ("Spring 1", frozenset({spring.id}), 0)  # Summer empty
    everything = open_reports(database, school.actor, eid, YEAR, R)
    assert everything.latest_period_with_data(date(2026, 1, 15)) == everything.period(
        school.period_id
    )
    # Before any assessment's date: nothing is the latest, so nothing is loaded, and the
    # Reports show the first assessment to come.
    early = open_reports(database, school.actor, eid, YEAR, R, "latest", today=date(2025, 10, 1))
    assert early.cells_loaded == frozenset() and early.cohort.cells == {}
    assert early.latest_period_with_data(date(2025, 10, 1)) == early.period(school.period_id)
    assert summer.id in {period.id for period in early.periods}


def test_an_empty_past_assessment_comes_before_one_still_to_come(database: Database) -> None:
    school = build_school(database, [Child("Able")])
    eid = school.establishment.id
    spring = assessments.create_period(
        database, school.actor, eid, "Spring 1", date(YEAR + 1, 2, 6), [R]
    )
    judgements.write_changes(
        database,
        school.actor,
        eid,
        [changes.judgement_edit(school.ids["Able"], spring.id, "LAU", Cell(O))],
    )
    data = open_reports(database, school.actor, eid, YEAR, R, None)
    # 15/01/2026: Autumn 1 (empty) has come, Spring 1 (with a judgement) has not.
    assert data.latest_period_with_data(date(2026, 1, 15)) == data.period(school.period_id)
    assert data.latest_period_with_data(date(2026, 2, 6)) == data.period(spring.id)

"""The Targets report read from a real database (SQLite and PostgreSQL), on the hand-worked
Reception cohort of tests/store/progress_school.py with targets in its Spring 1 targets layer:

    pupil   class  Spring 1 LAU   target LAU    SP now / target
    Adams   1      O              B   above      O / O  met
    Brook   2      B              O   below      .  / .
    Cross   1      . (blank)      O   not compared (no value now)
    Drake   2      O              .   not compared (no target)
    Evans   1      O              O   Include in Data = No: not counted

Autumn 2 has a targets layer too (Adams O), so Spring 1 is the default only as the latest.
Absent (not a step) is worked out without a database, in the test-only framework.
"""

from __future__ import annotations

from datetime import date

import pytest

from store.assessments.changes import judgement_edit
from store.assessments.cohort import Cell, PeriodInfo
from store.assessments.judgements import write_changes
from store.assessments.period_layers import load_layers
from store.core.db import Database
from store.curriculum.eyfs import YearGroup
from store.curriculum.layers import Layer
from store.progress.layers import ensure_layers
from store.progress.progress import progress_periods
from store.progress.target_status import TargetStatus
from store.progress.transitions import Reading
from store.pupils.filters import PupilFilter
from store.reports.targets_report import Targets, load_targets, work_out_targets
from tests.frameworks import THREE_LETTER
from tests.store.progress_school import YEAR, R, Reception


def layer_of(database: Database, period_id: int, layer: Layer) -> int:
    with database.read() as session:
        found = [
            info
            for info in load_layers(
                session, [PeriodInfo(period_id, "", date(YEAR, 9, 1), YEAR, (R,), "eyfs")]
            )
            if info.layer is layer
        ]
    return found[0].id


def give(reception: Reception, period_id: int, values: dict[tuple[str, str], str]) -> None:
    edits = [
        judgement_edit(reception.ids[surname], period_id, code, Cell(value))
        for (surname, code), value in values.items()
    ]
    write_changes(reception.database, reception.head, reception.school.id, edits)


@pytest.fixture
def reception(database: Database) -> Reception:
    return Reception(database)


def with_targets(reception: Reception) -> Reception:
    db, head, school = reception.database, reception.head, reception.school.id
    ensure_layers(db, head, school, [reception.autumn, reception.spring], Layer.TARGETS)
    give(reception, reception.spring, {("Adams", "SP"): "O"})
    spring = layer_of(db, reception.spring, Layer.TARGETS)
    give(
        reception,
        spring,
        {
            ("Adams", "LAU"): "B",
            ("Brook", "LAU"): "O",
            ("Cross", "LAU"): "O",
            ("Evans", "LAU"): "O",
            ("Adams", "SP"): "O",
        },
    )
    give(reception, layer_of(db, reception.autumn, Layer.TARGETS), {("Adams", "LAU"): "O"})
    return reception


def load(reception: Reception, period_id: int | None = None, **kwargs: object) -> Targets:
    found = load_targets(
        reception.database,
        reception.head,
        reception.school.id,
        YEAR,
        R,
        period_id,
        **kwargs,  # type: ignore[arg-type]
    )
    assert found is not None
    return found


def test_no_assessment_with_targets_is_none(reception: Reception) -> None:
    assert load_targets(reception.database, reception.head, reception.school.id, YEAR, R) is None


def test_the_figures_of_the_hand_worked_cohort(reception: Reception) -> None:
    with_targets(reception)
    ids = reception.ids
    targets = load(reception)
    assert targets.period.name == "Spring 1"
    assert [period.name for period in targets.periods] == ["Autumn 2", "Spring 1"]
    assert set(targets.pupils) == {ids[s] for s in ("Adams", "Brook", "Cross", "Drake")}
    lau = targets.subject("LAU")
    assert lau.with_status(TargetStatus.ABOVE) == [ids["Adams"]]
    assert lau.with_status(TargetStatus.BELOW) == [ids["Brook"]]
    assert lau.with_status(TargetStatus.MET) == []
    assert sorted(lau.with_status(TargetStatus.NOT_COMPARED)) == sorted(
        [ids["Cross"], ids["Drake"]]
    )
    assert lau.compared == 2
    assert targets.subject("SP").with_status(TargetStatus.MET) == [ids["Adams"]]
    assert lau.of(ids["Adams"]).why == "On track now, target Below: above target"
    assert lau.of(ids["Brook"]).why == "Below now, target On track: below target"
    assert lau.of(ids["Cross"]).why == "no value now, target On track: not compared"
    assert lau.of(ids["Drake"]).why == "On track now, no target: not compared"
    assert targets.subject("SP").of(ids["Adams"]).why == "On track now, target On track: met"
    assert targets.story(ids["Adams"])[0].startswith("Listening, Attention and Understanding:")


def test_the_assessment_chosen_the_filter_and_the_class(reception: Reception) -> None:
    with_targets(reception)
    ids = reception.ids
    autumn = load(reception, reception.autumn)
    assert autumn.period.name == "Autumn 2"
    # Autumn 2: Adams B against a target of O.
    assert autumn.subject("LAU").with_status(TargetStatus.BELOW) == [ids["Adams"]]
    # An assessment without targets (Summer 1): the latest with them instead.
    assert load(reception, reception.summer).period.name == "Spring 1"
    boys = load(reception, pupil_filter=PupilFilter(gender="M"))
    assert list(boys.pupils) == [ids["Brook"]]
    class_two = load(reception, class_slot=2)
    assert sorted(class_two.pupils) == sorted([ids["Brook"], ids["Drake"]])


def test_a_layer_is_not_an_assessment_of_the_cohort(reception: Reception) -> None:
    with_targets(reception)
    found = progress_periods(reception.database, reception.head, reception.school.id, YEAR, R)
    assert [choice.period.name for choice in found] == [
        "Summer 2",
        "Autumn 2",
        "Spring 1",
        "Summer 1",
    ]


def test_absent_and_marks_without_a_database() -> None:
    """ABS is not a step: not compared, and said so; a mark is ranked by its number."""
    period = PeriodInfo(1, "Summer", date(YEAR + 1, 6, 1), YEAR, (YearGroup.YEAR_1,), "x")
    targets = work_out_targets(
        THREE_LETTER,
        period,
        {1: "Amy", 2: "Ben", 3: "Cal"},
        {(1, "RDG"): Reading("ABS"), (2, "RDG"): Reading("GDS"), (1, "PHO"): Reading(number=32)},
        {(1, "RDG"): Reading("EXS"), (2, "RDG"): Reading("EXS"), (1, "PHO"): Reading(number=32)},
    )
    rdg = targets.subject("RDG")
    assert rdg.of(1).status is TargetStatus.NOT_COMPARED
    assert "ABS" in rdg.of(1).why and "is not a step" in rdg.of(1).why
    assert rdg.of(2).status is TargetStatus.ABOVE
    assert rdg.of(3).why == "no value now, no target: not compared"
    assert targets.subject("PHO").of(1).why == "32 now, target 32: met"

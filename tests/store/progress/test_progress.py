"""Progress read from a real database (SQLite and PostgreSQL): the cohort's assessments to
compare, the default pair, and the figures of a hand-worked Reception cohort where one pupil
joined after Autumn 2, one left, one is not included in data and cells are blank (built in
tests/store/progress_school.py)."""

from __future__ import annotations

from datetime import date

import pytest

from store.assessments import periods
from store.assessments.cohort import Cell
from store.core.db import Database
from store.core.errors import InvalidInput, NotFound
from store.curriculum.eyfs import YearGroup
from store.curriculum.ks1 import KS1_TA_ID
from store.progress.progress import default_pair, load_progress, progress_periods
from store.progress.transitions import Movement
from store.pupils.filters import PupilFilter
from tests.store.assessments.test_period_submission import YearTwo
from tests.store.progress_school import N2, YEAR, R, Reception


@pytest.fixture
def reception(database: Database) -> Reception:
    return Reception(database)


def test_the_choices_and_the_default_pair(reception: Reception) -> None:
    found = progress_periods(reception.database, reception.head, reception.school.id, YEAR, R)
    assert [(p.period.name, p.with_data, p.last_year) for p in found] == [
        ("Summer 2", False, True),
        ("Autumn 2", True, False),
        ("Spring 1", True, False),
        ("Summer 1", False, False),
    ]
    assert found[0].label == "Summer 2 (last year, 01/07/2025)"
    pair = default_pair(found)
    assert pair is not None
    assert (pair[0].period.name, pair[1].period.name) == ("Autumn 2", "Spring 1")


def test_the_figures_of_the_hand_worked_cohort(reception: Reception) -> None:
    school = reception.school.id
    progress = load_progress(
        reception.database, reception.head, school, YEAR, R, reception.autumn, reception.spring
    )
    ids = reception.ids
    assert set(progress.pupils) == {ids[s] for s in ("Adams", "Brook", "Cross", "Drake")}
    lau = progress.subject("LAU")
    assert lau.moved(Movement.UP) == [ids["Adams"]]
    assert lau.moved(Movement.DOWN) == [ids["Brook"]]
    assert sorted(lau.moved(Movement.NOT_COMPARED)) == sorted([ids["Cross"], ids["Drake"]])
    assert lau.cell("O", "blank") == [ids["Cross"]]
    assert progress.pupils_by_subjects_down()[0] == (ids["Brook"], 1)
    assert progress.story(ids["Brook"])[0] == (
        "Listening, Attention and Understanding: On track in Autumn 2, Below in Spring 1: "
        "moved down"
    )
    # Every other area is blank at both: not compared, and said so.
    assert progress.subject("SP").compared == 0
    boys = PupilFilter(gender="M")
    only_boys = load_progress(
        reception.database,
        reception.head,
        school,
        YEAR,
        R,
        reception.autumn,
        reception.spring,
        pupil_filter=boys,
    )
    assert list(only_boys.pupils) == [ids["Brook"]]
    # The class (the Reports screen's c) as the Full Report takes it: beside the filter.
    class_one = load_progress(
        reception.database,
        reception.head,
        school,
        YEAR,
        R,
        reception.autumn,
        reception.spring,
        class_slot=1,
    )
    assert sorted(class_one.pupils) == sorted([ids["Adams"], ids["Cross"]])
    assert class_one.subject("LAU").moved(Movement.UP) == [ids["Adams"]]


def test_refusals(reception: Reception, database: Database) -> None:
    school, head = reception.school.id, reception.head
    with pytest.raises(InvalidInput, match="two different"):
        load_progress(database, head, school, YEAR, R, reception.autumn, reception.autumn)
    with pytest.raises(NotFound):
        load_progress(database, head, school, YEAR, N2, reception.autumn, reception.spring)
    year_two = YearTwo(database)
    with pytest.raises(InvalidInput, match="same framework"):
        load_progress(
            database,
            year_two.head,
            year_two.school.id,
            YEAR,
            YearGroup.YEAR_2,
            year_two.ks1,
            year_two.phonics,
        )


def test_a_last_assessment_without_a_partner_is_passed_over(database: Database) -> None:
    """Year 2: two KS1 teacher assessments, then the phonics recheck (no partner): the default
    pair is the two teacher assessments."""
    year_two = YearTwo(database)
    earlier = periods.create_period(
        database, year_two.head, year_two.school.id, "KS1 spring", date(YEAR + 1, 3, 1),
        [YearGroup.YEAR_2], framework=KS1_TA_ID,
    ).id  # fmt: skip
    year_two.give("Smith", {"RD": Cell("WTS")}, earlier)
    year_two.give("Smith", {"RD": Cell("EXS")})
    year_two.give("Smith", {"PSC": Cell(number=33)}, year_two.phonics)
    found = progress_periods(database, year_two.head, year_two.school.id, YEAR, YearGroup.YEAR_2)
    pair = default_pair(found)
    assert pair is not None
    assert (pair[0].period.id, pair[1].period.id) == (earlier, year_two.ks1)

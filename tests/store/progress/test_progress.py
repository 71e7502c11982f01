"""Progress read from a real database (SQLite and PostgreSQL): the cohort's assessments to
compare, the default pair, and the figures of a hand-worked Reception cohort where one pupil
joined after Autumn 2, one left, one is not included in data and cells are blank."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from store.assessments import periods
from store.assessments.changes import Change, include_edit, judgement_edit
from store.assessments.cohort import Cell
from store.assessments.judgements import write_changes
from store.core.access import Actor, Role
from store.core.db import Database
from store.core.errors import InvalidInput, NotFound
from store.core.models import Pupil
from store.curriculum.eyfs import YearGroup
from store.curriculum.year_groups import birth_date_range
from store.establishments.establishments import create_establishment
from store.progress.progress import default_pair, load_progress, progress_periods
from store.progress.transitions import Movement
from store.pupils.editing import archive_pupils
from store.pupils.filters import PupilFilter
from tests.store.assessments.test_period_submission import YearTwo

YEAR = 2025
R, N2 = YearGroup.RECEPTION, YearGroup.NURSERY_2
SUPPORT = Actor("support.tester", Role.SUPPORT, None)

# pupil     Autumn 2 LAU   Spring 1 LAU
# Adams     B              O      up
# Brook     O              B      down   (a boy: the filter keeps him alone)
# Cross     O              .      blank now: not compared
# Drake     (joins)        O      not compared
# Evans     B              O      not included in data: not counted
# Frost     O              (left, archived): not in the cohort now
TABLE = {
    "Adams": ("B", "O"),
    "Brook": ("O", "B"),
    "Cross": ("O", None),
    "Drake": (None, "O"),
    "Evans": ("B", "O"),
    "Frost": ("O", None),
}


class Reception:
    def __init__(self, database: Database) -> None:
        self.database = database
        self.school = create_establishment(database, SUPPORT, "2042", "BEECH")
        self.head = Actor("head", Role.MANAGER, self.school.id)
        first, _ = birth_date_range(R, YEAR)
        self.ids: dict[str, int] = {}
        with database.write() as session:
            for index, surname in enumerate(TABLE):
                pupil = Pupil(
                    establishment_id=self.school.id,
                    upn=f"K2042000000{index:02d}",
                    surname=surname,
                    forenames="Jo",
                    gender="M" if surname == "Brook" else "F",
                    date_of_birth=first + timedelta(days=20 * index),
                )
                session.add(pupil)
                session.flush()
                assert pupil.id is not None
                self.ids[surname] = pupil.id
        eid = self.school.id
        self.last_year = periods.create_period(
            database, self.head, eid, "Summer 2", date(YEAR, 7, 1), [N2]
        ).id
        self.autumn = periods.create_period(
            database, self.head, eid, "Autumn 2", date(YEAR, 12, 1), [R]
        ).id
        self.spring = periods.create_period(
            database, self.head, eid, "Spring 1", date(YEAR + 1, 2, 1), [R]
        ).id
        periods.create_period(database, self.head, eid, "Summer 1", date(YEAR + 1, 5, 1), [R])
        edits: list[Change] = []
        for surname, values in TABLE.items():
            for period_id, value in zip((self.autumn, self.spring), values, strict=True):
                if value is not None:
                    cell = Cell(value)
                    edits.append(judgement_edit(self.ids[surname], period_id, "LAU", cell))
        edits.append(include_edit(self.ids["Evans"], False))
        write_changes(database, self.head, eid, edits)
        archive_pupils(database, self.head, eid, [self.ids["Frost"]], today=date(YEAR + 1, 1, 5))


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

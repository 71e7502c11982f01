"""A small real school for Pilot tests: 4 Reception pupils, one assessment, an ELG section."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from store.assessments import periods as assessments
from store.assessments.cohort import Cell, load_cohort
from store.core.access import Actor, Role
from store.core.db import Database
from store.core.models import Pupil
from store.curriculum.dates import academic_year_of
from store.curriculum.eyfs import ElgOutcome, YearGroup
from store.curriculum.year_groups import birth_date_range
from store.establishments.establishments import EstablishmentInfo, create_establishment

# The sign-in and account fixtures, for every Pilot test here.
from tests.tui.sign_in_helpers import clerk, clock, helpdesk, quick_hashing, settings, stmarys  # noqa: F401

YEAR = academic_year_of(date.today())
R = YearGroup.RECEPTION
NAMES = [("O'Brien", "Siobhán"), ("Adeyemi", "Olamide"), ("Nowak", "Łukasz"), ("Clarke", "Ivy")]
# The grid lists pupils alphabetically: Adeyemi, Clarke, Nowak, O'Brien.


@dataclass
class School:
    database: Database
    establishment: EstablishmentInfo
    actor: Actor
    pupil_ids: list[int]  # in the grid's (alphabetical) order
    period_id: int

    def cell(self, row: int, code: str, period_id: int | None = None) -> Cell:
        cohort = load_cohort(self.database, self.actor, self.establishment.id, YEAR, R)
        return cohort.cell(self.pupil_ids[row], period_id or self.period_id, code)

    def elg_row(self, row: int) -> dict[str, ElgOutcome | None]:
        cohort = load_cohort(self.database, self.actor, self.establishment.id, YEAR, R)
        return cohort.elg_row(self.pupil_ids[row])

    def include(self, row: int) -> bool:
        with self.database.read() as session:
            pupil = session.get(Pupil, self.pupil_ids[row])
            assert pupil is not None
            return pupil.include_in_data

    def period_notes(self) -> dict[tuple[int, int], str]:
        return load_cohort(self.database, self.actor, self.establishment.id, YEAR, R).period_notes

    def judgements(self) -> dict[tuple[int, int, str], str | None]:
        cohort = load_cohort(self.database, self.actor, self.establishment.id, YEAR, R)
        return {key: cell.value for key, cell in cohort.cells.items()}


@pytest.fixture
def school(database: Database) -> School:
    support = Actor("support", Role.SUPPORT, None)
    establishment = create_establishment(database, support, "2041", "ST MARY'S PRIMARY")
    actor = Actor("clerk", Role.MANAGER, establishment.id)
    first, _ = birth_date_range(R, YEAR)
    with database.write() as session:
        for index, (surname, forenames) in enumerate(NAMES):
            session.add(
                Pupil(
                    establishment_id=establishment.id,
                    upn=f"A20410000000{index}",
                    surname=surname,
                    forenames=forenames,
                    date_of_birth=first + timedelta(days=40 * index),
                )
            )
    period = assessments.create_period(
        database, actor, establishment.id, "Autumn 1", date(YEAR, 10, 17), [R]
    )
    cohort = load_cohort(database, actor, establishment.id, YEAR, R)
    return School(database, establishment, actor, [p.id for p in cohort.pupils], period.id)

"""Another framework's assessments beside EYFS, for the report and meeting tests.

`add_year_1` gives an establishment a Year 1 cohort and a period of the test-only three-letter
framework (tests/frameworks.py), judged as this hand-worked table says (Grant has Include in
Data = No; "." is blank; PHO is a mark, or the code ABS):

    pupil   RDG  WRI  MAT  PHO
    Adams   WTS  EXS  GDS  12
    Brook   EXS  EXS  WTS  30
    Cross   GDS  WTS  ABS  ABS
    Drake   ABS  .    .    .
    Evans   DIS  GDS  EXS  35
    Frost   .    .    .    .
    Grant   WTS  WTS  WTS  40

`add_reception_period` gives the Reception cohort a period of the same framework made for
Reception, with Expected standard in Reading for everyone: what a report that is EYFS by name
must pass over.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from store.assessments import periods as assessments
from store.assessments.changes import Change, include_edit, judgement_edit
from store.assessments.cohort import Cell
from store.assessments.judgements import write_changes
from store.core.access import Actor
from store.core.db import Database
from store.core.models import Pupil
from store.curriculum.dates import academic_year_of
from store.curriculum.eyfs import YearGroup
from store.curriculum.year_groups import birth_date_range
from tests.frameworks import THREE_LETTER_ID, THREE_LETTER_RECEPTION_ID

YEAR = 2025
Y1 = YearGroup.YEAR_1
SUBJECTS = ("RDG", "WRI", "MAT", "PHO")
YEAR_1_TABLE = {
    "Adams": ("WTS", "EXS", "GDS", 12),
    "Brook": ("EXS", "EXS", "WTS", 30),
    "Cross": ("GDS", "WTS", "ABS", "ABS"),
    "Drake": ("ABS", None, None, None),
    "Evans": ("DIS", "GDS", "EXS", 35),
    "Frost": (None, None, None, None),
    "Grant": ("WTS", "WTS", "WTS", 40),
}
LEFT_OUT = "Grant"


@dataclass(frozen=True)
class YearOne:
    period_id: int
    ids: dict[str, int]
    """Pupil ids by surname."""


def _cell(value: str | int) -> Cell:
    if isinstance(value, int):
        return Cell(number=value)
    return Cell(value)  # type: ignore[arg-type]  # another framework's code is a plain str


def add_year_1(
    database: Database,
    actor: Actor,
    establishment_id: int,
    name: str = "Autumn test",
    day: date = date(YEAR, 11, 14),
) -> YearOne:
    """The Year 1 cohort of the module's table and its three-letter period (the
    `three_letter_framework` fixture must be in use)."""
    first, _ = birth_date_range(Y1, academic_year_of(day))
    ids: dict[str, int] = {}
    with database.write() as session:
        for index, surname in enumerate(YEAR_1_TABLE):
            pupil = Pupil(
                establishment_id=establishment_id,
                upn=f"Y{establishment_id:04d}{index:08d}",
                surname=surname,
                forenames="Kid",
                date_of_birth=first + timedelta(days=index),
            )
            session.add(pupil)
            session.flush()
            assert pupil.id is not None
            ids[surname] = pupil.id
    period = assessments.create_period(
        database, actor, establishment_id, name, day, [Y1], framework=THREE_LETTER_ID
    )
    edits: list[Change] = [
        judgement_edit(ids[surname], period.id, code, _cell(value))
        for surname, values in YEAR_1_TABLE.items()
        for code, value in zip(SUBJECTS, values, strict=True)
        if value is not None
    ]
    edits.append(include_edit(ids[LEFT_OUT], False))
    write_changes(database, actor, establishment_id, edits)
    return YearOne(period.id, ids)


def add_reception_period(
    database: Database,
    actor: Actor,
    establishment_id: int,
    pupil_ids: list[int],
    name: str = "Reading test",
    day: date = date(YEAR, 12, 1),
) -> int:
    """A Reception period of the three-letter framework for Reception, Reading EXS for each of
    `pupil_ids` (the `three_letter_reception_framework` fixture must be in use)."""
    period = assessments.create_period(
        database,
        actor,
        establishment_id,
        name,
        day,
        [YearGroup.RECEPTION],
        framework=THREE_LETTER_RECEPTION_ID,
    )
    edits: list[Change] = [
        judgement_edit(pupil_id, period.id, "RDG", _cell("EXS")) for pupil_id in pupil_ids
    ]
    write_changes(database, actor, establishment_id, edits)
    return period.id

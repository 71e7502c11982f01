"""The benchmark database: one establishment with a 90-pupil Reception cohort and 6 periods.

Every judgement of the cohort is filled (90 pupils x 17 areas x 6 periods = 9,180), written
with the store's own API so the rows, the audit trail and the indexes are what the app makes.
With `ks1=True` (the keystroke benchmark) the establishment also has a 90-pupil Year 2 cohort
with one KS1 teacher assessment, every subject judged (a spread of codes, mostly EXS and WTS);
the other benchmarks build without it, so the pupil counts they report stay the Reception's.
With `steps=True` (bench/keystroke_steps.py) it also has a 90-pupil Year 1 cohort, 40 of them
assessed another way (Alternative assessment Yes), and one small-steps period, nothing typed yet.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from store.assessments.changes import judgement_edit
from store.assessments.cohort import Cell, Cohort, PeriodInfo, load_cohort
from store.assessments.grid_model import ColumnKind, GridModel
from store.assessments.judgements import write_changes
from store.assessments.periods import create_period
from store.core.access import Actor, Role
from store.core.db import Database, open_database
from store.core.models import Pupil
from store.curriculum.dates import academic_year_of
from store.curriculum.eyfs import AREA_CODES, Judgement, YearGroup
from store.curriculum.ks1 import KS1_TA, KS1_TA_ID, SCIENCE_CODE
from store.curriculum.small_steps import SMALL_STEPS_ID
from store.curriculum.upn import upn_check_letter
from store.curriculum.year_groups import birth_date_range
from store.establishments.establishments import create_establishment

PUPILS = 90
PERIODS = 6
AREAS = len(AREA_CODES)
JUDGEMENTS = PUPILS * AREAS * PERIODS
ESTABLISHMENT_NUMBER = "98765"
ESTABLISHMENT_NAME = "BENCHMARK PRIMARY"
PERIOD_NAMES = ("Autumn 1", "Autumn 2", "Spring 1", "Spring 2", "Summer 1", "Summer 2")
# (month, day, years after the start of the academic year): all inside one academic year.
PERIOD_DAYS = ((10, 17, 0), (12, 5, 0), (2, 6, 1), (3, 27, 1), (5, 22, 1), (7, 10, 1))
_SURNAMES = (
    "Adeyemi", "Brown", "Chowdhury", "D'Souza", "Evans", "Francis", "Green", "Hussain", "Iqbal",
    "Jones", "Khan", "Lewandowski", "Murphy", "Nguyễn", "O'Brien", "Patel", "Quinn", "Rahman",
)  # fmt: skip
_FORENAMES = ("Amelia", "Zoë", "Mohammed", "Siobhán", "Łukasz")
KS1_PUPILS = 90
"""Year 2 as big as Reception: a three-form entry school."""
KS1_SUBJECTS = tuple(subject.code for subject in KS1_TA.subjects)
KS1_JUDGEMENTS = KS1_PUPILS * len(KS1_SUBJECTS)
KS1_PERIOD_NAME = "KS1 teacher assessment"
KS1_PERIOD_DAY = (6, 12, 1)
"""In June, when Year 2's teacher assessment is made."""
KS1_UPN_OFFSET = 50_000
STEPS_PUPILS = 90
STEPS_ANOTHER_WAY = 40
"""Of the Year 1 cohort, how many are assessed another way (small steps)."""
STEPS_PERIOD_NAME = "Spring steps"
STEPS_PERIOD_DAY = (3, 20, 1)
STEPS_UPN_OFFSET = 60_000


def steps_taker(row: int) -> bool:
    """Whether the pupil in the Year 1 grid's `row` is assessed another way: four rows in
    every nine (0-3, 9-12, ... 81-84), so 40 of the 90 and every kind of neighbour."""
    return row % 9 < 4


@dataclass(frozen=True)
class BenchDatabase:
    """Where the benchmark data is and what it holds."""

    path: Path
    url: str
    establishment_id: int
    academic_year: int
    build_seconds: float

    def open(self) -> Database:
        return open_database(self.url)

    def actor(self) -> Actor:
        return Actor("bench", Role.MANAGER, self.establishment_id)


def _pattern(pupil: int, area: int, period: int) -> Judgement:
    """The judgement the fixture writes: a chequerboard, so flipping cells along a row types
    b and o alternately."""
    return Judgement.BELOW if (pupil + area + period) % 2 else Judgement.ON_TRACK


def ks1_pattern(pupil: int, subject: int) -> str:
    """The KS1 code the fixture writes: EXS and WTS alternately along a row and down a column,
    with GDS for about one cell in five, a pre-key stage standard or EM for one in twenty and
    A or Q for one in twenty; Science takes EXS, HNM (one in five) and A."""
    slot = (pupil * 7 + subject * 3) % 20
    if subject == KS1_SUBJECTS.index(SCIENCE_CODE):
        return "A" if slot == 19 else "HNM" if slot >= 15 else "EXS"
    if slot < 4:
        return "GDS"
    if slot == 4:
        return ("PK4", "PK3", "PK2", "PK1", "EM")[(pupil // 20 + subject) % 5]
    if slot == 5:
        return "Q" if (pupil // 20) % 3 == 1 else "A"
    return "EXS" if (pupil + subject) % 2 else "WTS"


def _pupil(establishment_id: int, year: int, group: YearGroup, index: int, number: int) -> Pupil:
    first, last = birth_date_range(group, year)
    span = (last - first).days + 1
    twelve = f"99988{year % 100:02d}{number:05d}"
    return Pupil(
        establishment_id=establishment_id,
        upn=upn_check_letter(twelve) + twelve,
        surname=f"{_SURNAMES[index % len(_SURNAMES)]} {index:02d}",
        forenames=_FORENAMES[index % len(_FORENAMES)],
        date_of_birth=first + timedelta(days=(index * 37) % span),
        class_slot=1 + index % 2,
        gender="MF"[index % 2],
    )


def _add_cohort(
    database: Database,
    actor: Actor,
    establishment_id: int,
    year: int,
    group: YearGroup,
    pupils: int,
    upn_offset: int,
    period_name: str,
    period_day: tuple[int, int, int],
    framework: str,
) -> tuple[PeriodInfo, Cohort]:
    """Add a year group's pupils and one period of `framework` for it; the period and cohort."""
    with database.write() as session:
        for index in range(pupils):
            session.add(_pupil(establishment_id, year, group, index, upn_offset + index))
    month, day, later = period_day
    period = create_period(
        database, actor, establishment_id, period_name, date(year + later, month, day), [group],
        framework=framework,
    )  # fmt: skip
    return period, load_cohort(database, actor, establishment_id, year, group)


def add_ks1_cohort(database: Database, actor: Actor, establishment_id: int, year: int) -> int:
    """Add the Year 2 cohort and its judged KS1 teacher assessment; returns the period's id."""
    where = (database, actor, establishment_id, year)
    period, cohort = _add_cohort(
        *where, YearGroup.YEAR_2, KS1_PUPILS, KS1_UPN_OFFSET, KS1_PERIOD_NAME, KS1_PERIOD_DAY,
        KS1_TA_ID,
    )  # fmt: skip
    if len(cohort.pupils) != KS1_PUPILS or len(cohort.periods) != 1:
        raise RuntimeError(
            f"The Year 2 cohort has {len(cohort.pupils)} pupils and {len(cohort.periods)} "
            f"periods, not {KS1_PUPILS} and 1."
        )
    edits = [
        judgement_edit(pupil.id, period.id, code, Cell(ks1_pattern(pupil_index, subject_index)))
        for pupil_index, pupil in enumerate(cohort.pupils)
        for subject_index, code in enumerate(KS1_SUBJECTS)
    ]
    applied = write_changes(database, actor, establishment_id, edits, "bench fill")
    if len(applied) != KS1_JUDGEMENTS:
        raise RuntimeError(f"Filled {len(applied)} KS1 judgements, not {KS1_JUDGEMENTS}.")
    return period.id


def add_steps_cohort(database: Database, actor: Actor, establishment_id: int, year: int) -> int:
    """Add the Year 1 cohort, STEPS_ANOTHER_WAY of them assessed another way (by their row in
    the grid: `steps_taker`), and an empty small-steps period; returns the period's id."""
    where = (database, actor, establishment_id, year)
    period, cohort = _add_cohort(
        *where, YearGroup.YEAR_1, STEPS_PUPILS, STEPS_UPN_OFFSET, STEPS_PERIOD_NAME,
        STEPS_PERIOD_DAY, SMALL_STEPS_ID,
    )  # fmt: skip
    another_way = [pupil.id for row, pupil in enumerate(cohort.pupils) if steps_taker(row)]
    if len(cohort.pupils) != STEPS_PUPILS or len(another_way) != STEPS_ANOTHER_WAY:
        raise RuntimeError(
            f"The Year 1 cohort has {len(cohort.pupils)} pupils, {len(another_way)} to assess "
            f"another way, not {STEPS_PUPILS} and {STEPS_ANOTHER_WAY}."
        )
    with database.write() as session:
        for pupil_id in another_way:
            pupil = session.get(Pupil, pupil_id)
            assert pupil is not None
            pupil.alternative_assessment = True
    return period.id


def build_database(
    folder: Path, today: date | None = None, *, ks1: bool = False, steps: bool = False
) -> BenchDatabase:
    """Create the benchmark database in `folder` (which must not hold one yet); with `ks1`,
    the Year 2 cohort and its KS1 teacher assessment too; with `steps`, the Year 1 cohort and
    its small-steps period."""
    started = time.perf_counter()
    path = folder / "bench.db"
    url = f"sqlite:///{path}"
    database = open_database(url)
    try:
        year = academic_year_of(today or date.today())
        creator = Actor("bench", Role.MANAGER, None)
        info = create_establishment(database, creator, ESTABLISHMENT_NUMBER, ESTABLISHMENT_NAME)
        actor = Actor("bench", Role.MANAGER, info.id)
        with database.write() as session:
            for index in range(PUPILS):
                session.add(_pupil(info.id, year, YearGroup.RECEPTION, index, index))
        period_ids: list[int] = []
        for name, (month, day, later) in zip(PERIOD_NAMES, PERIOD_DAYS, strict=True):
            period = create_period(
                database,
                actor,
                info.id,
                name,
                date(year + later, month, day),
                [YearGroup.RECEPTION],
            )
            period_ids.append(period.id)
        cohort = load_cohort(database, actor, info.id, year, YearGroup.RECEPTION)
        if len(cohort.pupils) != PUPILS or len(cohort.periods) != PERIODS:
            raise RuntimeError(
                f"The benchmark cohort has {len(cohort.pupils)} pupils and "
                f"{len(cohort.periods)} periods, not {PUPILS} and {PERIODS}."
            )
        edits = [
            judgement_edit(
                pupil.id, period_id, code, Cell(_pattern(pupil_index, area_index, period_index))
            )
            for pupil_index, pupil in enumerate(cohort.pupils)
            for period_index, period_id in enumerate(period_ids)
            for area_index, code in enumerate(AREA_CODES)
        ]
        applied = write_changes(database, actor, info.id, edits, "bench fill")
        if len(applied) != JUDGEMENTS:
            raise RuntimeError(f"Filled {len(applied)} judgements, not {JUDGEMENTS}.")
        if ks1:
            add_ks1_cohort(database, actor, info.id, year)
        if steps:
            add_steps_cohort(database, actor, info.id, year)
    finally:
        database.dispose()
    return BenchDatabase(path, url, info.id, year, time.perf_counter() - started)


def load_grid(
    bench: BenchDatabase, year_group: YearGroup = YearGroup.RECEPTION
) -> tuple[Cohort, GridModel]:
    """The cohort and grid model exactly as the Assessments screen first shows them."""
    database = bench.open()
    try:
        cohort = load_cohort(
            database, bench.actor(), bench.establishment_id, bench.academic_year, year_group
        )
    finally:
        database.dispose()
    return cohort, GridModel(cohort)


def judgement_values(path: Path) -> dict[tuple[int, int, str], str | None]:
    """Every judgement row's value, read with sqlite3 (not through the store)."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = connection.execute(
            "SELECT pupil_id, period_id, area_code, value FROM judgement"
        ).fetchall()
    finally:
        connection.close()
    return {(int(p), int(q), str(a)): (None if v is None else str(v)) for p, q, a, v in rows}


def audit_count(path: Path, action: str) -> int:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = connection.execute(
            "SELECT count(*) FROM auditentry WHERE action = ?", (action,)
        ).fetchone()
    finally:
        connection.close()
    return int(row[0])


def judgement_column_count(model: GridModel) -> int:
    return sum(1 for column in model.columns if column.kind is ColumnKind.JUDGEMENT)

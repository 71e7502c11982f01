"""The benchmark database: one establishment with a 90-pupil Reception cohort and 6 periods.

Every judgement of the cohort is filled (90 pupils x 17 areas x 6 periods = 9,180), written
with the store's own API so the rows, the audit trail and the indexes are what the app makes.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from store.assessments.changes import judgement_edit
from store.assessments.cohort import Cell, Cohort, load_cohort
from store.assessments.grid_model import ColumnKind, GridModel
from store.assessments.judgements import write_changes
from store.assessments.periods import create_period
from store.core.access import Actor, Role
from store.core.db import Database, open_database
from store.core.models import Pupil
from store.curriculum.dates import academic_year_of
from store.curriculum.eyfs import AREA_CODES, Judgement, YearGroup
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


def build_database(folder: Path, today: date | None = None) -> BenchDatabase:
    """Create the benchmark database in `folder` (which must not hold one yet)."""
    started = time.perf_counter()
    path = folder / "bench.db"
    url = f"sqlite:///{path}"
    database = open_database(url)
    try:
        year = academic_year_of(today or date.today())
        creator = Actor("bench", Role.MANAGER, None)
        info = create_establishment(database, creator, ESTABLISHMENT_NUMBER, ESTABLISHMENT_NAME)
        actor = Actor("bench", Role.MANAGER, info.id)
        first, last = birth_date_range(YearGroup.RECEPTION, year)
        span = (last - first).days + 1
        with database.write() as session:
            for index in range(PUPILS):
                twelve = f"99988{year % 100:02d}{index:05d}"
                session.add(
                    Pupil(
                        establishment_id=info.id,
                        upn=upn_check_letter(twelve) + twelve,
                        surname=f"{_SURNAMES[index % len(_SURNAMES)]} {index:02d}",
                        forenames=_FORENAMES[index % len(_FORENAMES)],
                        date_of_birth=first + timedelta(days=(index * 37) % span),
                        class_slot=1 + index % 2,
                        gender="MF"[index % 2],
                    )
                )
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
    finally:
        database.dispose()
    return BenchDatabase(path, url, info.id, year, time.perf_counter() - started)


def load_grid(bench: BenchDatabase) -> tuple[Cohort, GridModel]:
    """The cohort and grid model exactly as the Assessments screen first shows them."""
    database = bench.open()
    try:
        cohort = load_cohort(
            database,
            bench.actor(),
            bench.establishment_id,
            bench.academic_year,
            YearGroup.RECEPTION,
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

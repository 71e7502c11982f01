"""A hand-worked Reception cohort for Progress (store and screen tests): one pupil joined after
Autumn 2, one left, one is not included in data, and cells are blank.

    pupil   class  Autumn 2 LAU   Spring 1 LAU
    Adams   1      B              O      up
    Brook   2      O              B      down   (a boy: the filter keeps him alone)
    Cross   1      O              .      blank now: not compared
    Drake   2      (joins)        O      not compared
    Evans   1      B              O      not included in data: not counted
    Frost   2      O              (left, archived): not in the cohort now

Nursery 2 had "Summer 2" last year (no judgements); Reception has "Summer 1" still to fill.

`points_report` is a Progress report by points and marks, worked out without a database.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from store.assessments import periods
from store.assessments.changes import Change, include_edit, judgement_edit
from store.assessments.cohort import Cell, PeriodInfo, PupilRow
from store.assessments.judgements import write_changes
from store.core.access import Actor, Role
from store.core.db import Database
from store.core.models import Pupil
from store.curriculum.eyfs import YearGroup
from store.curriculum.year_groups import birth_date_range
from store.establishments.establishments import create_establishment
from store.progress.progress import ProgressPeriod
from store.progress.transitions import Reading, work_out_progress
from store.pupils.editing import archive_pupils
from store.reports.progress_report import PROGRESS, ProgressReport
from store.reports.reports import Heading
from tests.frameworks import THREE_LETTER

YEAR = 2025
R, N2 = YearGroup.RECEPTION, YearGroup.NURSERY_2
SUPPORT = Actor("support.tester", Role.SUPPORT, None)

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
                    class_slot=1 + index % 2,
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
        self.summer = periods.create_period(
            database, self.head, eid, "Summer 1", date(YEAR + 1, 5, 1), [R]
        ).id
        edits: list[Change] = []
        for surname, values in TABLE.items():
            for period_id, value in zip((self.autumn, self.spring), values, strict=True):
                if value is not None:
                    cell = Cell(value)
                    edits.append(judgement_edit(self.ids[surname], period_id, "LAU", cell))
        edits.append(include_edit(self.ids["Evans"], False))
        write_changes(database, self.head, eid, edits)
        archive_pupils(database, self.head, eid, [self.ids["Frost"]], today=date(YEAR + 1, 1, 5))

    def assess_another_way(self, *surnames: str) -> None:
        """Set the pupils' Alternative assessment to Yes (small steps, the engagement model)."""
        with self.database.write() as session:
            for surname in surnames:
                pupil = session.get(Pupil, self.ids[surname])
                assert pupil is not None
                pupil.alternative_assessment = True


# --- a report by points and marks, without a database --------------------------------------
#
# The test-only three-letter framework (tests/frameworks.py: WTS 1, EXS 2, GDS 3 points; ABS
# and DIS are not steps; PHO a mark), Reading and the phonics mark; Writing and Maths blank:
#
#    pupil       RDG then/now       PHO then/now
#    =SUM(A1)    WTS -> EXS (+1)    20 -> 30 (+10)     (a name like a formula)
#    Brown       EXS -> WTS (-1)    30 -> 25 (-5)
#    Cole        GDS -> GDS (0)     25 -> ABS (not compared)
#    Dunn        ABS -> EXS (n/c)   .  -> .   (not compared)
POINTS_TABLE = {
    "=SUM(A1)": (("WTS", "EXS"), (20, 30)),
    "Brown": (("EXS", "WTS"), (30, 25)),
    "Cole": (("GDS", "GDS"), (25, "ABS")),
    "Dunn": (("ABS", "EXS"), (None, None)),
}


def _reading(value: str | int | None) -> Reading | None:
    if value is None:
        return None
    return Reading(number=value) if isinstance(value, int) else Reading(value)


def points_report() -> ProgressReport:
    """The report above, with a heading as the Reports screen makes one."""
    pupils = tuple(
        PupilRow(index + 1, f"K9999000000{index:02d}", surname, "Amy", date(2019, 1, 1), 1, True)
        for index, surname in enumerate(POINTS_TABLE)
    )
    then: dict[tuple[int, str], Reading] = {}
    now: dict[tuple[int, str], Reading] = {}
    for pupil, (reading, mark) in zip(pupils, POINTS_TABLE.values(), strict=True):
        for code, values in (("RDG", reading), ("PHO", mark)):
            for readings, value in zip((then, now), values, strict=True):
                found = _reading(value)
                if found is not None:
                    readings[(pupil.id, code)] = found
    progress = work_out_progress(
        THREE_LETTER,
        ("Autumn", "Summer"),
        {pupil.id: pupil.display_name for pupil in pupils},
        then,
        now,
    )
    periods = [
        ProgressPeriod(
            PeriodInfo(number, name, day, YEAR, (YearGroup.YEAR_1,), THREE_LETTER.id), True, False
        )
        for number, name, day in (
            (1, "Autumn", date(YEAR, 11, 1)),
            (2, "Summer", date(YEAR + 1, 6, 1)),
        )
    ]
    heading = Heading(
        report=PROGRESS,
        establishment="2042 - BEECH",
        academic_year="2025/2026",
        year_group="Year 1",
        period="Autumn to Summer",
        class_label="All classes",
        filter_text="All pupils",
        made_at=datetime(2026, 6, 2, 9, 30, tzinfo=timezone.utc),
        left_out=0,
    )
    return ProgressReport(heading, progress, pupils, *periods)

"""Each pupil's last value of a framework last year, when they were in the year group below:
the ground of the target rule "one step above last summer". At the start of a year the
pupils have no value yet this year, so only last year's can say where they stand."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlmodel import col

from store.assessments.cohort import CELL_COLUMNS, Cell, load_periods, stored_cell
from store.core.access import Actor
from store.core.db import Database
from store.core.models import Judgement as JudgementRow
from store.curriculum.eyfs import YearGroup
from store.progress.progress import year_group_below


@dataclass(frozen=True)
class LastYear:
    """The pupils' last values of one framework last year, by (pupil id, subject code), and
    the name of the last assessment read ("Summer 2"; empty when there was none)."""

    last_name: str = ""
    cells: dict[tuple[int, str], Cell] = field(default_factory=dict)


def last_year_values(
    db: Database,
    actor: Actor,
    establishment_id: int,
    academic_year: int,
    year_group: YearGroup,
    framework_id: str,
    pupil_ids: Collection[int],
) -> LastYear:
    """The latest value each of the pupils had in each subject of `framework_id` in the
    academic year before `academic_year`, at an assessment of the year group below
    `year_group` (a blank or later assessment does not hide an earlier value)."""
    actor.require_establishment(establishment_id)
    below = year_group_below(year_group)
    if below is None or not pupil_ids:
        return LastYear()
    with db.read() as session:
        periods = [
            period
            for period in load_periods(session, establishment_id, academic_year - 1)
            if below in period.year_groups and period.framework == framework_id
        ]
        if not periods:
            return LastYear()
        order = {period.id: (period.day, period.id) for period in periods}
        rows = session.execute(
            select(*CELL_COLUMNS).where(
                col(JudgementRow.period_id).in_(list(order)),
                col(JudgementRow.pupil_id).in_(list(pupil_ids)),
            )
        ).all()
    cells: dict[tuple[int, str], Cell] = {}
    when: dict[tuple[int, str], tuple[date, int]] = {}
    for pupil_id, period_id, code, value, beyond, _note, number in rows:
        if value is None and number is None:
            continue  # a note alone is no value
        key = (pupil_id, code)
        if key not in when or order[period_id] > when[key]:
            when[key] = order[period_id]
            cells[key] = stored_cell(framework_id, value, beyond, None, number)
    last = max(periods, key=lambda period: order[period.id])
    return LastYear(last.name, cells)

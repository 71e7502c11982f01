"""Carry forward: a new assessment's blank cells filled from the one before it, only where the
teacher asks (Sonar's "effective assessment"), as one step that undo takes back.

Pure: the edits are worked out from the grid's model (the pupils shown, the cells read); the
grid writes them as it writes a fill, where each cell still holds what was on screen.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from store.assessments.changes import Change, judgement_edit
from store.assessments.cohort import Cell, PeriodInfo
from store.assessments.grid_model import ColumnKind, GridModel
from store.core.words import plural


@dataclass(frozen=True)
class CarryForward:
    """What carrying forward into the cursor's period would write, and from where."""

    into: PeriodInfo
    source: PeriodInfo
    edits: list[Change]

    def question(self, shown: int) -> str:
        """ "Carry 12 values forward from Autumn 2 into the blank cells of Spring 1?" """
        return (
            f"Carry {plural(len(self.edits), 'value')} forward from {self.source.name} into the "
            f"blank cells of {self.into.name} ({plural(shown, 'pupil')} shown)?"
        )


def earlier_period(model: GridModel, period: PeriodInfo) -> PeriodInfo | None:
    """The cohort's assessment of the same framework just before `period` (by date, then by
    when it was made), hidden or not; None if it is the first."""
    cohort = model.cohort
    before = [
        other
        for other in cohort.periods
        if other.framework == period.framework
        and cohort.year_group in other.year_groups
        and (other.day, other.id) < (period.day, period.id)
    ]
    return max(before, key=lambda other: (other.day, other.id), default=None)


def earlier_cell(model: GridModel, row: int, column: int) -> tuple[PeriodInfo, Cell] | None:
    """The cell's value at the assessment of its framework just before its period (for the
    status line: what the pupil had then); None in the ELGs, a first period, or a blank."""
    col = model.columns[column]
    if col.kind is not ColumnKind.JUDGEMENT or col.period is None or col.subject is None:
        return None
    if col.period.layer is not None:
        return None  # a target or a judgement of progress is no later value of the subject
    source = earlier_period(model, col.period)
    if source is None:
        return None
    cell = model.cohort.cell(model.rows[row].id, source.id, col.subject.code)
    if cell.value is None and cell.number is None:
        return None
    return source, cell


def carry_forward(model: GridModel, column: int) -> CarryForward | str:
    """The edits that fill the blank cells of the cursor's period, for the pupils shown, with
    what the previous assessment of its framework holds (value, mark and gone-beyond colour;
    a cell's own note stays); or why there are none."""
    col = model.columns[column]
    period = col.period
    if col.kind is ColumnKind.ELG or period is None:
        return "Carry forward fills an assessment period from the one before: move into one."
    if period.locked:
        return f"{period.name} was submitted and is locked: nothing can be carried into it."
    source = earlier_period(model, period)
    if source is None:
        return (
            f"{period.name} is the first {col.framework.name} assessment of "
            f"{model.cohort.year_group.label} this year: there is none before it to carry from."
        )
    edits: list[Change] = []
    for pupil in model.rows:
        for subject in col.framework.subjects:
            now = model.cohort.cell(pupil.id, period.id, subject.code)
            then = model.cohort.cell(pupil.id, source.id, subject.code)
            if now.value is not None or now.number is not None:
                continue
            if then.value is None and then.number is None:
                continue
            carried = replace(
                now, value=then.value, number=then.number, gone_beyond=then.gone_beyond
            )
            edits.append(judgement_edit(pupil.id, period.id, subject.code, carried, now))
    if not edits:
        return (
            f"Nothing to carry forward: no pupil shown has a blank in {period.name} where "
            f"{source.name} has a value."
        )
    return CarryForward(period, source, edits)

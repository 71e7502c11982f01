"""What the grid may show beside each cell while a teacher enters: how it moved since the
assessment of its framework before (an arrow), or that earlier value with the arrow.

Pure: worked out from the grid's model (every period's cells are read with the cohort, hidden
ones too), once per load for the columns and per paint for the cells.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import Enum

from store.assessments.carry_forward import earlier_period
from store.assessments.cohort import Cell, PeriodInfo
from store.assessments.grid_model import ColumnKind, GridModel
from store.progress.transitions import Movement, Reading, movement_between


class Beside(Enum):
    """What each assessment cell shows beside its value; a key cycles through them in order."""

    NOTHING = "nothing"
    MOVEMENT = "movement"
    """An arrow: moved up (↑), stayed the same (=) or moved down (↓) since the one before."""
    EARLIER = "earlier"
    """The value at the assessment before, then the arrow, then the value now."""

    def following(self) -> Beside:
        members = list(Beside)
        return members[(members.index(self) + 1) % len(members)]

    def said(self) -> str:
        """What the grid now shows, for the status line."""
        if self is Beside.MOVEMENT:
            return (
                "Beside each cell: how it moved since the assessment before (↑ up, = the same, "
                "↓ down). V again: the earlier value too."
            )
        if self is Beside.EARLIER:
            return (
                "Each cell shows the value at the assessment before, how it moved, then the "
                "value now. V again: just the values."
            )
        return "The cells show just their values. V: how each moved since the assessment before."


ARROWS = {Movement.UP: "↑", Movement.SAME: "=", Movement.DOWN: "↓"}
NO_ARROW = " "
"""Nothing to compare: a first assessment, a blank or an Absent then or now."""


@dataclass(frozen=True)
class EarlierCells:
    """For one model: the assessment each assessment column is compared with, and which
    columns compare with a cell (so that an entry repaints them too)."""

    model: GridModel
    sources: tuple[PeriodInfo | None, ...]
    """By column: the period of the same framework just before its own (None: no such column,
    or a first assessment)."""
    compared_with: dict[tuple[int, str], tuple[int, ...]]
    """(period id, subject code) -> the columns that compare with that period's cell."""

    @classmethod
    def of(cls, model: GridModel) -> EarlierCells:
        sources: list[PeriodInfo | None] = []
        compared: defaultdict[tuple[int, str], list[int]] = defaultdict(list)
        earlier_of: dict[int, PeriodInfo | None] = {}
        for index, column in enumerate(model.columns):
            period, subject = column.period, column.subject
            if column.kind is not ColumnKind.JUDGEMENT or period is None or subject is None:
                sources.append(None)
                continue
            if period.id not in earlier_of:
                earlier_of[period.id] = earlier_period(model, period)
            source = earlier_of[period.id]
            sources.append(source)
            if source is not None:
                compared[(source.id, subject.code)].append(index)
        frozen = {key: tuple(columns) for key, columns in compared.items()}
        return cls(model, tuple(sources), frozen)

    def earlier(self, row: int, column: int) -> Cell | None:
        """The cell at the assessment before (None: there is none to compare with)."""
        source = self.sources[column]
        subject = self.model.columns[column].subject
        if source is None or subject is None:
            return None
        return self.model.cohort.cell(self.model.rows[row].id, source.id, subject.code)

    def arrow(self, row: int, column: int) -> str:
        """↑, = or ↓ since the assessment before; a space when nothing is compared."""
        then = self.earlier(row, column)
        subject = self.model.columns[column].subject
        if then is None or subject is None:
            return NO_ARROW
        now = self.model.cell(row, column)
        moved = movement_between(
            subject, Reading(then.value, then.number), Reading(now.value, now.number)
        )
        return ARROWS.get(moved, NO_ARROW)

    def comparing(self, column: int) -> tuple[int, ...]:
        """The columns whose arrow reads this column's cells."""
        period, subject = self.model.columns[column].period, self.model.columns[column].subject
        if period is None or subject is None:
            return ()
        return self.compared_with.get((period.id, subject.code), ())

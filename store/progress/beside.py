"""What the grid may show beside each cell while a teacher enters: how it moved since the
assessment of its framework before (an arrow), that earlier value with the arrow, or how it
stands against the pupil's target.

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
from store.curriculum.framework import Subject
from store.curriculum.layers import Layer
from store.progress.transitions import Movement, Reading, movement_between


class Beside(Enum):
    """What each assessment cell shows beside its value; a key cycles through them in order."""

    NOTHING = "nothing"
    MOVEMENT = "movement"
    """An arrow: moved up (↑), stayed the same (=) or moved down (↓) since the one before."""
    EARLIER = "earlier"
    """The value at the assessment before, then the arrow, then the value now."""
    TARGET = "target"
    """Against the pupil's target for the period: above (>), met (=) or below (<)."""

    def following(self) -> Beside:
        members = list(Beside)
        return members[(members.index(self) + 1) % len(members)]

    def said(self) -> str:
        """What the grid now shows, for the status line (one line at 80 columns)."""
        return _SAID[self]


def score_margin(model: GridModel, subject: Subject) -> int:
    """The margin within which a standardised score counts as the same (the establishment's,
    as the Progress report counts it); 0 for any other subject."""
    numbers = subject.numbers
    return model.cohort.settings.scores.margin if numbers and numbers.standardised else 0


_SAID = {
    Beside.MOVEMENT: (
        "Beside each cell: its move since the assessment before (↑ up, = same, ↓ down)."
    ),
    Beside.EARLIER: (
        "Beside each cell: the value at the assessment before, its move, the value now."
    ),
    Beside.TARGET: ("Beside each cell: against its target: > above, = met, < below (T sets them)."),
    Beside.NOTHING: ("The cells show their values alone (V: beside them, how each moved since)."),
}

ARROWS = {Movement.UP: "↑", Movement.SAME: "=", Movement.DOWN: "↓"}
AGAINST_TARGET = {Movement.UP: ">", Movement.SAME: "=", Movement.DOWN: "<"}
"""The value now against the target: above, met, below (readable without colour)."""
NO_ARROW = " "
"""Nothing to compare: a first assessment, a blank or an Absent then or now."""


@dataclass(frozen=True)
class EarlierCells:
    """For one model: the assessment each assessment column is compared with, and which
    columns compare with a cell (so that an entry repaints them too)."""

    model: GridModel
    beside: Beside
    sources: tuple[PeriodInfo | None, ...]
    """By column: the period of the same framework just before its own (None: no such column,
    or a first assessment)."""
    compared_with: dict[tuple[int, str], tuple[int, ...]]
    """(period id, subject code) -> the columns that compare with that period's cell."""

    @classmethod
    def of(cls, model: GridModel, beside: Beside = Beside.MOVEMENT) -> EarlierCells:
        """What the columns compare with: the assessment before, or (TARGET) the targets."""
        sources: list[PeriodInfo | None] = []
        targets = {
            layer.layer_of: layer for layer in model.cohort.layers if layer.layer is Layer.TARGETS
        }
        compared: defaultdict[tuple[int, str], list[int]] = defaultdict(list)
        earlier_of: dict[int, PeriodInfo | None] = {}
        for index, column in enumerate(model.columns):
            period, subject = column.period, column.subject
            if column.kind is not ColumnKind.JUDGEMENT or period is None or subject is None:
                sources.append(None)
                continue
            if period.layer is not None:  # a target is no later value of the subject
                sources.append(None)
                continue
            if beside is Beside.TARGET:
                earlier_of[period.id] = targets.get(period.id)
            elif period.id not in earlier_of:
                earlier_of[period.id] = earlier_period(model, period)
            source = earlier_of[period.id]
            sources.append(source)
            if source is not None:
                compared[(source.id, subject.code)].append(index)
        frozen = {key: tuple(columns) for key, columns in compared.items()}
        return cls(model, beside, tuple(sources), frozen)

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
        then_read, now_read = Reading(then.value, then.number), Reading(now.value, now.number)
        moved = movement_between(subject, then_read, now_read, score_margin(self.model, subject))
        marks = AGAINST_TARGET if self.beside is Beside.TARGET else ARROWS
        return marks.get(moved, NO_ARROW)

    def comparing(self, column: int) -> tuple[int, ...]:
        """The columns whose arrow reads this column's cells."""
        period, subject = self.model.columns[column].period, self.model.columns[column].subject
        if period is None or subject is None:
            return ()
        return self.compared_with.get((period.id, subject.code), ())

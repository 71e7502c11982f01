"""Where the grid's cursor goes after an entry, and the sentences for keys that do not apply.

Pure functions over the grid's columns: the widget (tui/widgets/assessments/judgement_grid.py)
calls them
and shows the sentences on the status line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from store.assessments.grid_model import ColumnKind, GridColumn

ASSESSMENT_KEYS = "In an assessment: b (or 1) Below, o (or 2) On track, Delete clears."
ELG_KEYS = "In the End of Year ELGs: e (or 1) Emerging, x (or 2) Expected or a Absent."
LAST_PUPIL = "That was the last pupil shown: move the cursor before typing another value."


@dataclass(frozen=True)
class NextCell:
    """Where the cursor goes after an entry along a row."""

    column: int
    ended: bool
    """The entry was the last of its period (or of the ELGs): the cursor stops on the
    period's Notes (or the ELG Total Score), where a value key changes nothing."""


def after_entry(columns: Sequence[GridColumn], column: int) -> NextCell:
    """The next column that takes a value in the same period or ELG section; after the last,
    the section's closing column (Notes or ELG Total Score), never another period's areas."""
    section = columns[column].section_key
    following = column + 1
    last = column
    while following < len(columns) and columns[following].section_key == section:
        if columns[following].takes_judgement:
            return NextCell(following, ended=False)
        last = following
        following += 1
    return NextCell(last, ended=True)


def run_ended(column: GridColumn) -> str:
    """Said when a run of entries reaches the end of its period or of the ELGs."""
    if column.period is not None:
        return f"The end of {column.period.name}: the cursor stops on its Notes."
    return "The end of the End of Year ELGs: the cursor stops on the ELG Total Score."


def key_elsewhere(column: GridColumn | None, refused: str | None) -> str:
    """What to press instead of a value key that belongs to another kind of column."""
    if refused:
        return refused
    if column is not None and column.kind is ColumnKind.ELG:
        return ELG_KEYS
    return ASSESSMENT_KEYS


def beyond_refused(column: GridColumn | None, refused: str | None) -> str:
    """Why g (gone beyond) did nothing on the cursor's cell."""
    if column is not None and column.kind is ColumnKind.JUDGEMENT:
        return "A gone-beyond colour marks an On track judgement: enter o first."
    return refused or "Gone-beyond colours mark On track judgements in an assessment."

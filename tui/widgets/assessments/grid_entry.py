"""Where the grid's cursor goes after an entry, and the sentences for keys that do not apply.

Pure functions over the grid's columns: the widget (tui/widgets/assessments/judgement_grid.py)
calls them and shows the sentences on the status line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from store.assessments.grid_model import ColumnKind, GridColumn
from store.curriculum.framework import Framework, Subject
from tui.widgets.assessments.value_keys import keys_sentence

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
        if columns[following].takes_value:
            return NextCell(following, ended=False)
        last = following
        following += 1
    return NextCell(last, ended=True)


def run_ended(column: GridColumn) -> str:
    """Said when a run of entries reaches the end of its period or of the ELGs (`column` is
    where the cursor stops)."""
    if column.period is not None and column.kind is ColumnKind.PERIOD_NOTES:
        return f"The end of {column.period.name}: the cursor stops on its Notes."
    section = column.period.name if column.period is not None else "the End of Year ELGs"
    return f"The end of {section}: the cursor stops on the {column.title}."


def key_elsewhere(column: GridColumn | None, refused: str | None) -> str:
    """What to press instead of a value key that does not belong to the cursor's column."""
    if refused:
        return refused
    if column is None:
        return "There are no assessment columns here yet: press + to create one."
    subject = column.subject or column.framework.subjects[0]
    return keys_sentence(_place(column, subject), subject)


def _place(column: GridColumn, subject: Subject) -> str:
    """Where the keys apply: the section, or the subject when its subjects differ."""
    if column.period is None:
        return "the ELGs"  # the End of Year ELGs: the sentence fits 80 columns
    if any(other.scale is not subject.scale for other in column.framework.subjects):
        return subject.name
    return "an assessment"


def not_assessed_another_way(framework: Framework) -> str:
    """Why a pupil's cell of a framework for pupils assessed another way takes no value."""
    return f"{framework.name}: only pupils with Alternative assessment Yes (Pupils screen)."


def beyond_refused(column: GridColumn | None, refused: str | None) -> str:
    """Why g (gone beyond) did nothing on the cursor's cell (a framework with the colours)."""
    beyond = column.framework.gone_beyond if column is not None else None
    subject = column.subject if column is not None else None
    code = subject.code_for(beyond) if subject is not None and beyond is not None else None
    if column is not None and column.kind is ColumnKind.JUDGEMENT and code is not None:
        return f"A gone-beyond colour marks an {code.words} judgement: enter {code.keys[0]} first."
    return refused or "Gone-beyond colours mark On track judgements in an assessment."

"""What a change to the grid is (judgement, goal, notes, Include in Data) and what shapes it.

Pure data: store/assessments/judgements.py writes changes, the grid model builds them, undo inverts
them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TypeAlias

from store.assessments.cohort import BLANK, Cell, cell_value
from store.core.errors import InvalidInput
from store.core.typed_text import clean_typed
from store.curriculum.codes import plain_code
from store.curriculum.eyfs import AREA_CODES, ElgOutcome
from store.curriculum.framework import Framework

MAX_NOTE_LENGTH = 2000

# --- What a change is -------------------------------------------------------------------------


@dataclass(frozen=True)
class JudgementChange:
    pupil_id: int
    period_id: int
    area_code: str
    before: Cell
    after: Cell


@dataclass(frozen=True)
class ElgChange:
    section_id: int
    pupil_id: int
    area_code: str
    before: ElgOutcome | None
    after: ElgOutcome | None


@dataclass(frozen=True)
class PeriodNoteChange:
    pupil_id: int
    period_id: int
    before: str | None
    after: str | None


@dataclass(frozen=True)
class IncludeChange:
    pupil_id: int
    before: bool
    after: bool


Change: TypeAlias = JudgementChange | ElgChange | PeriodNoteChange | IncludeChange


def inverse(change: Change) -> Change:
    """The change that puts back what `change` replaced."""
    return replace(change, before=change.after, after=change.before)  # type: ignore[arg-type]


# A requested change's `before` is what the person saw in the cell: `write_as_seen` writes it
# only while the cell still holds that; `write_changes` reads it in the transaction instead.


def judgement_edit(
    pupil_id: int, period_id: int, area_code: str, after: Cell, seen: Cell = BLANK
) -> JudgementChange:
    return JudgementChange(pupil_id, period_id, area_code, seen, after)


def elg_edit(
    section_id: int,
    pupil_id: int,
    area_code: str,
    after: ElgOutcome | None,
    seen: ElgOutcome | None = None,
) -> ElgChange:
    return ElgChange(section_id, pupil_id, area_code, seen, after)


def note_edit(
    pupil_id: int, period_id: int, text: str | None, seen: str | None = None
) -> PeriodNoteChange:
    return PeriodNoteChange(pupil_id, period_id, seen or None, text)


def include_edit(pupil_id: int, include: bool) -> IncludeChange:
    return IncludeChange(pupil_id, not include, include)


# --- Rules that shape a change ----------------------------------------------------------------


def normalise_cell(cell: Cell, framework: Framework) -> Cell:
    """The cell as its framework stores it: gone-beyond only marks the framework's gone-beyond
    code (On track); a note is trimmed and blank means none."""
    note = clean_typed(cell.note or "").strip() or None
    if note is not None and len(note) > MAX_NOTE_LENGTH:
        raise InvalidInput(f"A note can be at most {MAX_NOTE_LENGTH} characters.")
    value = cell_value(framework.id, plain_code(cell.value)) if cell.value else None
    keeps = value is not None and value == framework.gone_beyond
    return Cell(value, cell.gone_beyond if keeps else None, note, cell.number)


def apply_elg_outcome(
    row: dict[str, ElgOutcome | None], area_code: str, outcome: ElgOutcome | None
) -> dict[str, ElgOutcome | None]:
    """One pupil's 17 goals after setting one: Absent is a whole-row status.

    Choosing Absent in any cell makes all 17 Absent; choosing anything else in an Absent row
    clears the other Absent cells, so a row is never part Absent.
    """
    if outcome is ElgOutcome.ABSENT:
        return dict.fromkeys(AREA_CODES, ElgOutcome.ABSENT)
    new_row: dict[str, ElgOutcome | None] = {
        code: (None if value is ElgOutcome.ABSENT else value) for code, value in row.items()
    }
    new_row[area_code] = outcome
    return new_row


@dataclass(frozen=True)
class AbsentEffect:
    """What the Absent rule did to whole rows, beyond the goals a person typed."""

    cleared: dict[int, int]
    """Pupil id -> how many of their Absent goals became blank because another outcome was
    chosen in an Absent row."""
    made_absent: dict[int, int]
    """Pupil id -> how many goals that held Emerging or Expected became Absent."""


def absent_effect(applied: Sequence[Change]) -> AbsentEffect:
    """Which rows the Absent rule changed as a whole, from the changes a write applied."""
    cleared: dict[int, int] = {}
    made_absent: dict[int, int] = {}
    for change in applied:
        if not isinstance(change, ElgChange):
            continue
        if change.before is ElgOutcome.ABSENT and change.after is None:
            cleared[change.pupil_id] = cleared.get(change.pupil_id, 0) + 1
        elif change.after is ElgOutcome.ABSENT:
            replaced = change.before is not None
            made_absent[change.pupil_id] = made_absent.get(change.pupil_id, 0) + replaced
    return AbsentEffect(cleared, made_absent)

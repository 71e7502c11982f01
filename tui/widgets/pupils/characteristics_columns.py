"""What the characteristics grid (Edit multiple pupils) shows: its columns, and each value as text.

Pure data over PupilRow, no Textual: the grid widget (characteristics_grid.py) and the multi-edit
screen both read it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import Enum
from typing import Any

from store.assessments.cohort import PupilRow
from store.pupils.ethnicity import ALL_CODES
from store.pupils.fields import GENDER_LABELS, SEN_LABELS

CLASS_WIDTH = 10
CUSTOM_WIDTH = 8  # "CUSTOM 1" fits; longer names are cut with an ellipsis

Change = tuple[int, str, object]
"""(pupil id, field, new value): what store.pupils.editing.set_characteristics takes."""
Applied = tuple[int, str, object, object]
"""(pupil id, field, old value, new value): what it returns."""


class Kind(Enum):
    """What a column holds, which decides its keys and its picker."""

    CLASS = "class"
    FLAG = "flag"
    GENDER = "gender"
    SEN = "sen"
    ETHNICITY = "ethnicity"


@dataclass(frozen=True)
class Column:
    """One characteristic: the store field it edits, its heading and its name in words."""

    field: str
    title: str
    name: str
    kind: Kind
    width: int
    group: int
    """Columns of one group sit side by side; a rule separates groups."""

    @property
    def in_row_fill(self) -> bool:
        """A row fill sets the option and custom flags (not Include in Data or Alternative)."""
        return self.kind is Kind.FLAG and self.group > 0


def characteristic_columns(custom_names: Sequence[str]) -> list[Column]:
    """The grid's columns, with the establishment's own names for its six custom flags."""
    columns = [
        Column("class_slot", "Class", "Class", Kind.CLASS, CLASS_WIDTH, 0),
        Column("include_in_data", "Incl", "Include in Data", Kind.FLAG, 4, 0),
        Column("alternative_assessment", "Alt", "Alternative assessment", Kind.FLAG, 3, 0),
        Column("gender", "M/F", "Gender", Kind.GENDER, 3, 0),
        Column("sen", "SEN", "SEN", Kind.SEN, 3, 0),
        Column("ethnicity", "Ethn", "Ethnicity", Kind.ETHNICITY, 4, 0),
        Column("disadvantaged", "Disadv", "Disadvantaged", Kind.FLAG, 6, 1),
        Column("eal", "EAL", "EAL", Kind.FLAG, 3, 1),
        Column("pupil_premium", "PP", "Pupil Premium", Kind.FLAG, 3, 1),
        Column("fsm", "FSM", "FSM", Kind.FLAG, 3, 1),
    ]
    for number, name in enumerate(custom_names, start=1):
        columns.append(Column(f"custom_{number}", name, name, Kind.FLAG, CUSTOM_WIDTH, 2))
    return columns


def value_of(pupil: PupilRow, field: str) -> object:
    """The pupil's value of a multi-edit field (custom_1..custom_6 read `customs`)."""
    if field.startswith("custom_"):
        return pupil.customs[int(field.removeprefix("custom_")) - 1]
    return getattr(pupil, field)


def with_value(pupil: PupilRow, field: str, value: object) -> PupilRow:
    """A copy of `pupil` with one field changed."""
    if field.startswith("custom_"):
        customs = list(pupil.customs)
        customs[int(field.removeprefix("custom_")) - 1] = bool(value)
        return replace(pupil, customs=tuple(customs))
    changes: dict[str, Any] = {field: value}
    return replace(pupil, **changes)


def value_text(column: Column, value: object, class_names: Sequence[str]) -> str:
    """The value as the grid shows it: a class name, Yes/No, M/F, -/K/E or a code."""
    if column.kind is Kind.CLASS:
        return class_names[value - 1] if isinstance(value, int) else "-"
    if column.kind is Kind.FLAG:
        return "Yes" if value else "No"
    if column.kind is Kind.SEN:
        return str(value) if value else "-"
    return str(value)


def value_words(column: Column, value: object, class_names: Sequence[str]) -> str:
    """The value in words, for the status line, messages and the audit of what was done."""
    if column.kind is Kind.CLASS:
        return class_names[value - 1] if isinstance(value, int) else "no class"
    if column.kind is Kind.GENDER:
        return GENDER_LABELS.get(str(value), str(value))
    if column.kind is Kind.SEN:
        return SEN_LABELS.get(value if isinstance(value, str) else None, str(value))
    if column.kind is Kind.ETHNICITY:
        return f"{value} {ALL_CODES.get(str(value), '')}".strip()
    return value_text(column, value, class_names)

"""A value typed a few keys at a time into one cell: a mark digit by digit (a phonics mark
0-40), or a code of a set too big for a key each (a small step, "P7c").

A mark is kept as soon as another digit could only make it too big (in 0-40: 5 at once, 3
then 2 as 32; 0 at once, as nobody types 05), on Enter, or when the cursor leaves the cell;
Esc drops it. A mark out of range is refused when it is kept, with the range said.

A code is written as soon as the keys typed name one that no further key could lengthen. A
stage typed alone (b) takes the level typed before it in the same column (P7 of P7c): the
level is chosen once per column and each pupil then takes one key.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from store.curriculum.codes import Code, CodeSet, NumberRange

Place = tuple[int, int]
"""A cell: (row, column) of the grid."""


@dataclass
class MarkTyping:
    """The keys typed so far, and the cell they are for (None: nothing is being typed)."""

    cell: Place | None = None
    text: str = ""
    stems: dict[object, str] = field(default_factory=dict)
    """The level last typed in each column (by the column's own key), for a stage alone."""

    @property
    def active(self) -> bool:
        return self.cell is not None

    def at(self, row: int, column: int) -> bool:
        return self.cell == (row, column)

    def add(self, row: int, column: int, digit: str, numbers: NumberRange) -> bool:
        """Add a digit typed in a cell (a new cell starts afresh); True when the mark is
        complete: no further digit could keep it in the range."""
        if self.cell != (row, column):
            self.cell, self.text = (row, column), ""
        self.text += digit
        return self.text == "0" or int(self.text) * 10 > numbers.high

    def add_to_code(
        self, place: Place, column_key: object, key: str, codes: CodeSet
    ) -> Code | str | None:
        """Add a key of a code typed in a cell: the code when the keys name one no further key
        could lengthen, None while they may still, or why they cannot (typing is then over)."""
        if self.cell != place:
            self.cell, self.text = place, ""
        text = self.text + key
        stem = self.stems.get(column_key, "")
        if not self.text and not codes.could_become(text) and codes.could_become(stem + key):
            text = stem + key  # a stage alone: the column's level
        self.text = text
        code = codes.typed(text)
        if code is not None and not codes.goes_on(text):
            self.stems[column_key] = text[:-1]
            self.drop()
            return code
        if codes.could_become(text):
            return None
        self.drop()
        if not stem and len(text) == 1 and not codes.could_become(text):
            return f"Type a level and stage first: {codes.typing_hint}."
        return f"{text} is no code here: {codes.typing_hint}."

    def back(self) -> None:
        """Rub out the last key (the last one: nothing is being typed)."""
        self.text = self.text[:-1]
        if not self.text:
            self.drop()

    def take(self) -> str:
        """The keys typed, and typing is over."""
        text = self.text
        self.drop()
        return text

    def drop(self) -> None:
        self.cell, self.text = None, ""

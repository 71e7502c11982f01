"""A mark typed digit by digit into a number subject's cell (a phonics mark 0-40).

The mark is kept as soon as another digit could only make it too big (in 0-40: 5 at once, 3
then 2 as 32; 0 at once, as nobody types 05), on Enter, or when the cursor leaves the cell;
Esc drops it. A mark out of range is refused when it is kept, with the range said.
"""

from __future__ import annotations

from dataclasses import dataclass

from store.curriculum.framework import NumberRange


@dataclass
class MarkTyping:
    """The digits typed so far, and the cell they are for (None: nothing is being typed)."""

    cell: tuple[int, int] | None = None
    digits: str = ""

    @property
    def active(self) -> bool:
        return self.cell is not None

    def at(self, row: int, column: int) -> bool:
        return self.cell == (row, column)

    def add(self, row: int, column: int, digit: str, numbers: NumberRange) -> bool:
        """Add a digit typed in a cell (a new cell starts afresh); True when the mark is
        complete: no further digit could keep it in the range."""
        if self.cell != (row, column):
            self.cell, self.digits = (row, column), ""
        self.digits += digit
        return self.digits == "0" or int(self.digits) * 10 > numbers.high

    def back(self) -> None:
        """Rub out the last digit (the last one: nothing is being typed)."""
        self.digits = self.digits[:-1]
        if not self.digits:
            self.drop()

    def take(self) -> int:
        """The mark typed, and typing is over."""
        number = int(self.digits)
        self.drop()
        return number

    def drop(self) -> None:
        self.cell, self.digits = None, ""

"""Where the characteristics grid's columns sit, and text fitted to a cell: pure layout, no
widget (the grid paints with it)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size

from tui.widgets.pupils.characteristics_columns import Column

HEADER_HEIGHT = 1
FOOT_HEIGHT = 1
NAME_WIDTH = 20
"""The pupil column at 80 columns; a wider terminal gives long names more room."""


@dataclass(frozen=True)
class Geometry:
    """Where each column sits in the scrolling part; every column is followed by one separator."""

    xs: list[int]
    widths: list[int]
    rules_after: list[bool]
    total_width: int

    @classmethod
    def of(cls, columns: Sequence[Column]) -> Geometry:
        xs: list[int] = []
        widths: list[int] = []
        rules: list[bool] = []
        x = 0
        for index, column in enumerate(columns):
            following = columns[index + 1] if index + 1 < len(columns) else None
            xs.append(x)
            widths.append(column.width)
            rules.append(following is None or following.group != column.group)
            x += column.width + 1
        return cls(xs, widths, rules, x)


def fit_cells(text: str, width: int) -> str:
    """`text` cut or padded to exactly `width` cells, with an ellipsis when cut."""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…" if width > 1 else set_cell_size(text, width)
    return set_cell_size(text, width)


def centre_cells(text: str, width: int) -> str:
    """`text` in the middle of exactly `width` cells (cut as fit_cells cuts it when too long)."""
    if cell_len(text) >= width:
        return fit_cells(text, width)
    left = (width - cell_len(text)) // 2
    return fit_cells(" " * left + text, width)

"""Where the characteristics grid's columns sit, and text fitted to a cell: pure layout, no
widget (the grid paints with it; text is fitted with tui.widgets.line_grid's fit and centre)."""

from __future__ import annotations

from collections.abc import Sequence

from tui.widgets.line_grid import ColumnGeometry
from tui.widgets.pupils.characteristics_columns import Column

HEADER_HEIGHT = 1
FOOT_HEIGHT = 1
NAME_WIDTH = 20
"""The pupil column at 80 columns; a wider terminal gives long names more room."""


class Geometry(ColumnGeometry):
    """Where each column sits in the scrolling part; every column is followed by one separator."""

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

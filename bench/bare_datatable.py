"""The yardstick for the first frame: a bare Textual app showing a DataTable as big as the grid.

90 rows x (2 + 6 x 18) columns of 3-character strings, added with one add_rows call; the app
exits by itself right after its first frame. Run it with `python -m bench.bare_datatable`.
"""

from __future__ import annotations

import time

from textual.app import App, ComposeResult
from textual.widgets import DataTable

ROWS = 90
COLUMNS = 2 + 6 * 18
FIRST_CELL = "R00"  # the first row's first cell: proof the table was painted


def column_labels() -> list[str]:
    return [f"{index:03d}" for index in range(COLUMNS)]


def table_rows() -> list[list[str]]:
    rows: list[list[str]] = []
    for row in range(ROWS):
        cells = [f"R{row:02d}", "Yes"]
        cells += [" B " if (row + column) % 2 else " O " for column in range(COLUMNS - 2)]
        rows.append(cells)
    return rows


class BareDataTableApp(App[None]):
    """A DataTable of the grid's size and nothing else."""

    def compose(self) -> ComposeResult:
        yield DataTable()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*column_labels())
        table.add_rows(table_rows())
        table.focus()
        self.call_after_refresh(self.exit)


def main() -> dict[str, float]:
    started = time.perf_counter()
    BareDataTableApp().run()
    return {"rows": ROWS, "columns": COLUMNS, "seconds": time.perf_counter() - started}


if __name__ == "__main__":
    main()

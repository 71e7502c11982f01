"""One figure of a report over many establishments, one line per establishment: how many of the
pupils counted there are behind it. Enter lists one establishment's pupils; E writes the table."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label

from store.reports.breakdown import SchoolFigure, breakdown, school_names
from store.reports.reports import NameList
from tui.screens.reports.export import export_in_worker
from tui.screens.reports.names import NamesScreen
from tui.screens.reports.views import fit, percent_text

COLUMNS = ("Number", "Establishment", "Counted at", "Pupils", "In it", "%")
WIDTHS = (7, 0, 19, 6, 5, 7)
"""Column widths; the establishment's name takes what the terminal leaves."""
FIGURES = frozenset({"Pupils", "In it", "%"})


def breakdown_rows(parts: tuple[SchoolFigure, ...], name_width: int) -> list[list[Text]]:
    rows = []
    for part in parts:
        school = part.school
        counted = str(school.counted) if school.included else ""
        share = "" if part.percent is None else percent_text(part.percent)
        in_it = str(part.count) if school.included else ""
        rows.append(
            [
                Text(school.number),
                Text(fit(school.name, name_width)),
                Text(fit(school.note, WIDTHS[2])),
                Text(counted, justify="right"),
                Text(in_it, justify="right"),
                Text(share, justify="right"),
            ]
        )
    return rows


class BreakdownScreen(ModalScreen[None]):
    """The figure behind `names`, establishment by establishment."""

    DEFAULT_CSS = """
    BreakdownScreen #breakdown-table { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("E", "export", "Excel", id="breakdown-export", tooltip="Write this table to Excel"),
        Binding("escape,q", "close", "Close", id="breakdown-close"),
        Binding("f1", "app.help", "Help", show=False, tooltip="Every key here"),
    ]

    def __init__(self, names: NameList) -> None:
        super().__init__()
        self.names = names
        self.parts = breakdown(names)

    def compose(self) -> ComposeResult:
        heading = self.names.heading
        with Vertical(classes="dialog"):
            yield Label(
                Text(f"{self.names.title} by establishment"),
                classes="dialog-title",
                id="breakdown-title",
            )
            yield Label(Text(heading.line()), classes="muted", id="breakdown-context")
            yield DataTable(id="breakdown-table", cursor_type="row", zebra_stripes=False)
            yield Label(
                "Enter lists an establishment's pupils · E writes this table to Excel · Esc closes",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        others = sum(WIDTHS) + 2 * len(WIDTHS) + 6
        name_width = max(12, self.app.size.width - others)
        for label, width in zip(COLUMNS, WIDTHS, strict=True):
            header = Text(label, justify="right" if label in FIGURES else "left")
            table.add_column(header, width=width or name_width)
        table.add_rows(breakdown_rows(self.parts, name_width))
        table.focus()

    @property
    def shown(self) -> list[tuple[str, int, str]]:
        """(number, pupils in the figure, %) per establishment (for tests and screen readers)."""
        return [
            (part.school.number, part.count, "" if part.percent is None else str(part.percent))
            for part in self.parts
        ]

    @on(DataTable.RowSelected)
    def _names(self, event: DataTable.RowSelected) -> None:
        event.stop()
        part = self.parts[event.cursor_row]
        self.app.push_screen(NamesScreen(school_names(self.names, part), None))

    def action_export(self) -> None:
        names, parts = self.names, self.parts

        def write(path: Path) -> Path:
            from exports.report_workbooks import write_breakdown  # in the worker: openpyxl

            return write_breakdown(names, parts, path)

        export_in_worker(self, None, names.heading, f"{names.title} by establishment", write)

    def action_close(self) -> None:
        self.dismiss(None)

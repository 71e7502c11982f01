"""One subject's transition table in the Progress report: a row for each value at the first
assessment, a column for each value at the second, the pupils counted in each cell. Enter on a
cell lists its pupils (and, on a pupil, why); on a row's value or total, the whole row's."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label

from store.core.words import plural
from store.establishments.establishments import EstablishmentInfo
from store.progress.transitions import SubjectProgress
from store.reports.progress_report import ProgressReport, cell_names, row_label, table_rows
from tui.screens.reports.names import NamesScreen
from tui.screens.reports.views import fit
from tui.widgets.reports.figure_table import FigureTable

LABEL_WIDTH = 16
"""The values' column: "On track", "Blank", a code."""


def transition_rows(subject: SubjectProgress) -> list[list[Text]]:
    """A line per value then: its name, the pupils in each cell, the row's total."""
    rows = table_rows(subject)
    lines = []
    for then in rows:
        counts = [len(subject.cell(then, now)) for now in rows]
        lines.append(
            [Text(fit(row_label(subject, then), LABEL_WIDTH))]
            + [Text(str(count), justify="right") for count in [*counts, sum(counts)]]
        )
    return lines


class TransitionScreen(ModalScreen[None]):
    """The table of one subject of `report`."""

    DEFAULT_CSS = """
    TransitionScreen > .dialog { height: 90%; width: 100%; }
    TransitionScreen #transition-table { height: 1fr; }
    TransitionScreen #transition-status { height: 1; text-wrap: nowrap; text-overflow: ellipsis; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", id="transition-close"),
        Binding("f1", "app.help", "Help", show=False, tooltip="Every key here"),
    ]

    def __init__(
        self, report: ProgressReport, subject_code: str, establishment: EstablishmentInfo | None
    ) -> None:
        super().__init__()
        self.report = report
        self.subject = report.progress.subject(subject_code)
        self.rows = table_rows(self.subject)
        self.establishment = establishment

    def compose(self) -> ComposeResult:
        progress = self.report.progress
        title = (
            f"{self.subject.subject.name}: {progress.then_name} (rows) against "
            f"{progress.now_name} (columns)"
        )
        with Vertical(classes="dialog"):
            yield Label(Text(title), classes="dialog-title", id="transition-title")
            yield Label(Text(self.report.heading.line()), classes="muted")
            yield FigureTable(id="transition-table", cursor_type="cell", zebra_stripes=False)
            yield Label("", id="transition-status")
            yield Label("Enter lists the pupils · Esc closes", classes="dialog-hint")

    def on_mount(self) -> None:
        table = self.query_one(FigureTable)
        headers = [row_label(self.subject, row) for row in self.rows]
        table.add_column(Text(f"{self.report.progress.then_name} ↓"), width=LABEL_WIDTH)
        for header in [*headers, "Total"]:
            table.add_column(Text(header, justify="right"), width=max(5, len(header)))
        table.add_rows(transition_rows(self.subject))
        table.move_cursor(row=0, column=1, animate=False)
        table.focus()

    def _cell(self, row: int, column: int) -> tuple[str, str | None] | None:
        """The values then and now of a cell (now None: the row's name or total)."""
        if not 0 <= row < len(self.rows):
            return None
        now = self.rows[column - 1] if 1 <= column <= len(self.rows) else None
        return self.rows[row], now

    @on(DataTable.CellHighlighted)
    def _say(self, message: DataTable.CellHighlighted) -> None:
        message.stop()
        cell = self._cell(message.coordinate.row, message.coordinate.column)
        if cell is None:
            return
        progress, subject = self.report.progress, self.subject
        then, now = cell
        what = f"{row_label(subject, then)} in {progress.then_name}"
        if now is None:
            pupils = [c for c in subject.changes if c.then.row() == then]
        else:
            what += f", {row_label(subject, now)} in {progress.now_name}"
            pupils = [c for c in subject.changes if c.then.row() == then and c.now.row() == now]
        text = f"{plural(len(pupils), 'pupil')}: {what}"
        self.query_one("#transition-status", Label).update(Text(text))

    @on(DataTable.CellSelected)
    def _names(self, message: DataTable.CellSelected) -> None:
        message.stop()
        cell = self._cell(message.coordinate.row, message.coordinate.column)
        if cell is not None:
            names = cell_names(self.report, self.subject.subject.code, *cell)
            self.app.push_screen(NamesScreen(names, self.establishment))

    def action_close(self) -> None:
        self.dismiss(None)

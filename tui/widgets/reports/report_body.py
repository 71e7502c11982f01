"""The body of the Reports screen: the Full Report or ELG summary as a table, or a Venn diagram.

It keeps the cursor where it was when the report is worked out again, says in a Status message
what the highlighted figure is, and asks (NamesWanted) for the pupils behind it on Enter.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import ContentSwitcher, DataTable, Static

from store.reports.elg_summary import ElgFigure, ElgSummary, elg_names
from store.reports.reports import FullReport, NameList, full_report_names
from store.reports.subject_lines import Figure
from store.reports.venn import VennReport, venn_names
from tui.screens.reports.views import (
    ELG_HEADERS,
    ELG_WIDTHS,
    ElgRow,
    elg_label_width,
    elg_row_names,
    elg_rows,
    elg_table_rows,
    full_columns,
    full_figure,
    full_name_width,
    full_names,
    full_rows,
    full_sentence,
    venn_legend,
    venn_sentence,
)
from tui.widgets.reports.figure_table import FigureTable
from tui.widgets.reports.venn import VennDiagram

Report = FullReport | VennReport | ElgSummary
WORKING = "Working out the report…"


def _header(label: str, width: int) -> Text:
    """Figures' headers sit over the figures (right); the first column's stays left."""
    return Text(label, justify="right" if width else "left")


class ReportBody(ContentSwitcher):
    """Shows one report (or a message saying why there is none)."""

    DEFAULT_CSS = """
    ReportBody { height: 1fr; }
    ReportBody #report-message { padding: 1 2; }
    ReportBody DataTable { height: 1fr; }
    ReportBody #venn-view { height: 1fr; }
    """

    class Status(Message):
        """What the highlighted figure is, in words."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class NamesWanted(Message):
        """The pupils behind a figure, asked for with Enter (or a Venn region's number)."""

        def __init__(self, names: NameList) -> None:
            super().__init__()
            self.names = names

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, initial="report-message")
        self.report: Report | None = None
        self.elg_rows: list[ElgRow] = []

    def compose(self) -> ComposeResult:
        yield Static(WORKING, id="report-message", markup=False)
        yield FigureTable(id="full-table", cursor_type="cell", zebra_stripes=False)
        with VerticalScroll(id="venn-view"):
            yield VennDiagram(id="venn")
            yield Static("", id="venn-legend", markup=False)
        yield FigureTable(id="elg-table", cursor_type="row", zebra_stripes=False)

    def show_message(self, text: str) -> None:
        self.report = None
        self.query_one("#report-message", Static).update(text)
        self.current = "report-message"

    def show(self, report: Report, focus: bool = True) -> None:
        """Show `report`, the cursor where it was; focus it (unless a dialog is open)."""
        self.report = report
        if isinstance(report, ElgSummary) and report.none_reason:
            # No section, so no figures: a table of noughts would read as a cohort with none.
            self.elg_rows = []
            self.query_one("#report-message", Static).update(self.sentence())
            self.current = "report-message"
            self._say()
            return
        if isinstance(report, FullReport):
            widget: FigureTable | VennDiagram = self._show_full(report)
        elif isinstance(report, VennReport):
            widget = self._show_venn(report)
        else:
            widget = self._show_elg(report)
        if focus:
            widget.focus()
        else:
            self.screen.set_focus(widget)
        self._say()

    def _show_full(self, report: FullReport) -> FigureTable:
        table = self.query_one("#full-table", FigureTable)
        cursor = table.cursor_coordinate
        columns = full_columns(report)
        width = full_name_width(self.app.size.width, columns)
        table.clear(columns=True)
        for column in columns:
            table.add_column(_header(column.header, column.width), width=column.width or width)
        table.add_rows(full_rows(report, width))
        self.current = "full-table"
        table.move_cursor(row=cursor.row, column=cursor.column, animate=False)
        return table

    def _show_venn(self, report: VennReport) -> VennDiagram:
        self.current = "venn-view"
        self.query_one("#venn-legend", Static).update(venn_legend(report))
        venn = self.query_one(VennDiagram)
        venn.show(report)
        return venn

    def _show_elg(self, summary: ElgSummary) -> FigureTable:
        table = self.query_one("#elg-table", FigureTable)
        row = table.cursor_row
        self.elg_rows = elg_rows(summary)
        width = elg_label_width(self.app.size.width)
        table.clear(columns=True)
        for label, column_width in zip(ELG_HEADERS, ELG_WIDTHS, strict=True):
            table.add_column(_header(label, column_width), width=column_width or width)
        table.add_rows(elg_table_rows(self.elg_rows, width))
        self.current = "elg-table"
        table.move_cursor(row=row, animate=False)
        return table

    # --- the highlighted figure --------------------------------------------------------------

    def sentence(self) -> str:
        """The highlighted figure in words."""
        report = self.report
        if isinstance(report, FullReport):
            cursor = self.query_one("#full-table", FigureTable).cursor_coordinate
            return full_sentence(report, cursor.row, cursor.column)
        if isinstance(report, VennReport):
            region = self.query_one(VennDiagram).highlighted
            return "" if region is None else venn_sentence(report, region)
        if isinstance(report, ElgSummary):
            if report.none_reason:
                if report.heading.many:
                    return report.none_reason
                return report.none_reason.removesuffix(" yet.") + (
                    " yet: press l on the Assessments screen (Reception) to create them."
                )
            row = self.query_one("#elg-table", FigureTable).cursor_row
            return self.elg_rows[row].sentence if 0 <= row < len(self.elg_rows) else ""
        return ""

    def names_here(self) -> NameList | None:
        """The pupils behind the highlighted figure."""
        report = self.report
        if isinstance(report, FullReport):
            cursor = self.query_one("#full-table", FigureTable).cursor_coordinate
            return full_names(report, cursor.row, cursor.column)
        if isinstance(report, VennReport):
            region = self.query_one(VennDiagram).highlighted
            return None if region is None else venn_names(report, region.goals)
        if isinstance(report, ElgSummary):
            row = self.query_one("#elg-table", FigureTable).cursor_row
            rows = self.elg_rows
            return elg_row_names(report, rows[row]) if 0 <= row < len(rows) else None
        return None

    def breakdown_names(self) -> NameList | None:
        """The pupils behind the highlighted figure, for a breakdown by establishment: as
        `names_here`, but every pupil counted (100% everywhere) becomes On track in the Full
        Report and Good Level of Development in the ELG summary."""
        report = self.report
        if isinstance(report, FullReport):
            cursor = self.query_one("#full-table", FigureTable).cursor_coordinate
            figure = full_figure(report, cursor.row, cursor.column)
            figure = Figure.ON_TRACK if figure is Figure.PUPILS else figure
            return full_report_names(report, report.lines[cursor.row].area.code, figure)
        if isinstance(report, ElgSummary):
            row = self.query_one("#elg-table", FigureTable).cursor_row
            if 0 <= row < len(self.elg_rows) and self.elg_rows[row].figure is ElgFigure.PUPILS:
                return elg_names(report, ElgFigure.GLD)
        return self.names_here()

    def _say(self) -> None:
        self.post_message(self.Status(self.sentence()))

    def _ask(self) -> None:
        names = self.names_here()
        if names is not None:
            self.post_message(self.NamesWanted(names))

    @on(DataTable.CellHighlighted)
    @on(DataTable.RowHighlighted)
    @on(VennDiagram.Highlighted)
    def _moved(self, message: Message) -> None:
        message.stop()
        self._say()

    @on(DataTable.CellSelected)
    @on(DataTable.RowSelected)
    @on(VennDiagram.Chosen)
    def _chosen(self, message: Message) -> None:
        message.stop()
        self._ask()

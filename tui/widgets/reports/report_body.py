"""The body of the Reports screen: the Full Report, ELG summary, EYFS to KS1, Progress or Targets
table, or a Venn diagram.

It keeps the cursor where it was when the report is worked out again, says in a Status message
what the highlighted figure is, and asks (NamesWanted) for the pupils behind it on Enter.

The Venn view and the ELG and EYFS to KS1 tables are mounted (and their code imported) when first
shown: most visits show only the Full Report, and mounting them at once made the screen slower to
open.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar, Literal, Protocol, TypeAlias

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.css.query import NoMatches
from textual.message import Message
from textual.widgets import ContentSwitcher, DataTable, Static

from store.reports.eyfs_to_ks1 import EyfsToKs1
from store.reports.progress_report import ProgressReport, meeting_names
from store.reports.reports import FullReport, NameList, full_report_names
from store.reports.subject_lines import Figure
from store.reports.targets_report import TargetsReport
from store.reports.venn import VennReport, venn_names
from tui.screens.reports.eyfs_to_ks1 import (
    cross_columns,
    cross_name_width,
    cross_names,
    cross_rows,
    cross_sentence,
)
from tui.screens.reports.progress import (
    progress_columns,
    progress_name_width,
    progress_names,
    progress_rows,
    progress_sentence,
    progress_subject,
)
from tui.screens.reports.targets import (
    targets_columns,
    targets_name_width,
    targets_names,
    targets_rows,
    targets_sentence,
)
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

if TYPE_CHECKING:
    from store.reports.elg_summary import ElgSummary
    from tui.widgets.reports.venn import VennDiagram

Report: TypeAlias = (
    "FullReport | VennReport | EyfsToKs1 | ProgressReport | TargetsReport | ElgSummary"
)
"""Told apart by isinstance of the first five: the ELG summary's module loads with the first."""
WORKING = "Working out the report…"


def _header(label: str, width: int) -> Text:
    """Figures' headers sit over the figures (right); the first column's stays left."""
    return Text(label, justify="right" if width else "left")


class HeadedColumn(Protocol):
    """A report table's column: its header, and its width in cells (0: the subjects' names,
    which take what the terminal leaves)."""

    @property
    def header(self) -> str: ...

    @property
    def width(self) -> int: ...


class ReportBody(ContentSwitcher):
    """Shows one report (or a message saying why there is none)."""

    DEFAULT_CSS = """
    ReportBody { height: 1fr; }
    ReportBody #report-message { padding: 1 2; }
    ReportBody DataTable { height: 1fr; }
    ReportBody #venn-view { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "t",
            "progress_table",
            "Table",
            show=False,  # Enter on a subject's name does it too (its status line says so)
            id="report-progress-table",
            tooltip="Progress: the highlighted subject's values then against values now",
        ),
        Binding(
            "m",
            "meeting_list",
            "Down list",
            id="report-progress-meeting",
            tooltip="Progress: every pupil, most subjects moved down first (progress meeting)",
        ),
    ]

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

    class TableWanted(Message):
        """Progress: a subject's table of values then against values now, asked for with Enter
        on its name or t."""

        def __init__(self, report: ProgressReport, subject_code: str) -> None:
            super().__init__()
            self.report = report
            self.subject_code = subject_code

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, initial="report-message")
        self.report: Report | None = None
        self.elg_rows: list[ElgRow] = []

    def compose(self) -> ComposeResult:
        yield Static(WORKING, id="report-message", markup=False)
        yield FigureTable(id="full-table", cursor_type="cell", zebra_stripes=False)
        # The Venn view and the ELG table come with the first Venn and ELG summary (_venn,
        # _elg_table).

    def _venn(self) -> VennDiagram:
        """The Venn diagram, mounted with its legend (#venn-view) the first time it is asked
        for. Both are in the DOM at once (compose would mount them later), so the caller can
        show the report and focus it now."""
        from tui.widgets.reports.venn import VennDiagram

        try:
            return self.query_one("#venn", VennDiagram)
        except NoMatches:
            view = VerticalScroll(id="venn-view")
            view.display = False  # until current (as ContentSwitcher.add_content does)
            venn = VennDiagram(id="venn")
            self.mount(view)
            view.mount(venn, Static("", id="venn-legend", markup=False))
            return venn

    def _elg_table(self) -> FigureTable:
        """The ELG summary's table, mounted the first time it is asked for."""
        return self._table("elg-table", "row")

    def _cross_table(self) -> FigureTable:
        """The EYFS to KS1 table, mounted the first time it is asked for."""
        return self._table("cross-table", "cell")

    def _progress_table(self) -> FigureTable:
        """The Progress summary, mounted the first time it is asked for."""
        return self._table("progress-table", "cell")

    def _table(self, table_id: str, cursor: Literal["cell", "row"]) -> FigureTable:
        try:
            return self.query_one(f"#{table_id}", FigureTable)
        except NoMatches:
            table = FigureTable(id=table_id, cursor_type=cursor, zebra_stripes=False)
            table.display = False  # until current (as ContentSwitcher.add_content does)
            self.mount(table)
            return table

    def show_message(self, text: str) -> None:
        self.report = None
        self.query_one("#report-message", Static).update(text)
        self.current = "report-message"
        self.refresh_bindings()

    def show(self, report: Report, focus: bool = True) -> None:
        """Show `report`, the cursor where it was; focus it (unless a dialog is open)."""
        self.report = report
        self.refresh_bindings()  # t and m are Progress's
        if isinstance(report, FullReport):
            widget: FigureTable | VennDiagram = self._show_full(report)
        elif isinstance(report, VennReport):
            widget = self._show_venn(report)
        elif isinstance(report, EyfsToKs1):
            widget = self._show_cross(report)
        elif isinstance(report, ProgressReport):
            widget = self._show_progress(report)
        elif isinstance(report, TargetsReport):
            widget = self._show_targets(report)
        elif report.none_reason:  # the ELG summary from here on
            # No section, so no figures: a table of noughts would read as a cohort with none.
            self.elg_rows = []
            self.query_one("#report-message", Static).update(self.sentence())
            self.current = "report-message"
            self._say()
            return
        else:
            widget = self._show_elg(report)
        if focus:
            widget.focus()
        else:
            self.screen.set_focus(widget)
        self._say()

    def _show_full(self, report: FullReport) -> FigureTable:
        columns = full_columns(report)
        width = full_name_width(self.app.size.width, columns)
        table = self.query_one("#full-table", FigureTable)
        return self._fill(table, columns, width, full_rows(report, width))

    def _show_cross(self, report: EyfsToKs1) -> FigureTable:
        columns = cross_columns()
        width = cross_name_width(self.app.size.width)
        return self._fill(self._cross_table(), columns, width, cross_rows(report, width))

    def _show_progress(self, report: ProgressReport) -> FigureTable:
        columns = progress_columns(report)
        width = progress_name_width(self.app.size.width, columns)
        table = self._progress_table()
        return self._fill(table, columns, width, progress_rows(report, width))

    def _show_targets(self, report: TargetsReport) -> FigureTable:
        columns = targets_columns(report)
        width = targets_name_width(self.app.size.width, columns)
        table = self._table("targets-table", "cell")
        return self._fill(table, columns, width, targets_rows(report, width))

    def _fill(
        self,
        table: FigureTable,
        columns: Sequence[HeadedColumn],
        name_width: int,
        rows: list[list[Text]],
    ) -> FigureTable:
        """Show a report's columns and rows in its table, the cursor where it was."""
        cursor = table.cursor_coordinate
        table.clear(columns=True)
        for column in columns:
            table.add_column(_header(column.header, column.width), width=column.width or name_width)
        table.add_rows(rows)
        assert table.id is not None
        self.current = table.id
        table.move_cursor(row=cursor.row, column=cursor.column, animate=False)
        return table

    def _show_venn(self, report: VennReport) -> VennDiagram:
        venn = self._venn()
        self.current = "venn-view"
        self.query_one("#venn-legend", Static).update(venn_legend(report))
        venn.show(report)
        return venn

    def _show_elg(self, summary: ElgSummary) -> FigureTable:
        table = self._elg_table()
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
            region = self._venn().highlighted
            return "" if region is None else venn_sentence(report, region)
        if isinstance(report, EyfsToKs1):
            cursor = self._cross_table().cursor_coordinate
            return cross_sentence(report, cursor.row, cursor.column)
        if isinstance(report, ProgressReport):
            cursor = self._progress_table().cursor_coordinate
            return progress_sentence(report, cursor.row, cursor.column)
        if isinstance(report, TargetsReport):
            cursor = self._table("targets-table", "cell").cursor_coordinate
            return targets_sentence(report, cursor.row, cursor.column)
        if report is None:
            return ""
        if report.none_reason:  # the ELG summary
            if report.heading.many:
                return report.none_reason
            return report.none_reason.removesuffix(" yet.") + (
                " yet: press l on the Assessments screen (Reception) to create them."
            )
        row = self._elg_row()
        return "" if row is None else row.sentence

    def names_here(self) -> NameList | None:
        """The pupils behind the highlighted figure."""
        report = self.report
        if isinstance(report, FullReport):
            cursor = self.query_one("#full-table", FigureTable).cursor_coordinate
            return full_names(report, cursor.row, cursor.column)
        if isinstance(report, VennReport):
            region = self._venn().highlighted
            return None if region is None else venn_names(report, region.goals)
        if isinstance(report, EyfsToKs1):
            cursor = self._cross_table().cursor_coordinate
            return cross_names(report, cursor.row, cursor.column)
        if isinstance(report, ProgressReport):
            cursor = self._progress_table().cursor_coordinate
            return progress_names(report, cursor.row, cursor.column)
        if isinstance(report, TargetsReport):
            cursor = self._table("targets-table", "cell").cursor_coordinate
            return targets_names(report, cursor.row, cursor.column)
        if report is None:
            return None
        row = self._elg_row()  # the ELG summary from here on
        return None if row is None else elg_row_names(report, row)

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
        if report is not None and not isinstance(
            report, VennReport | EyfsToKs1 | ProgressReport | TargetsReport
        ):
            from store.reports.elg_summary import ElgFigure, elg_names  # loaded with it

            row = self._elg_row()
            if row is not None and row.figure is ElgFigure.PUPILS:
                return elg_names(report, ElgFigure.GLD)
        return self.names_here()

    def _elg_row(self) -> ElgRow | None:
        """The ELG summary's highlighted line (None without lines: no table to ask)."""
        if not self.elg_rows:
            return None
        row = self._elg_table().cursor_row
        return self.elg_rows[row] if 0 <= row < len(self.elg_rows) else None

    def _say(self) -> None:
        self.post_message(self.Status(self.sentence()))

    def _ask(self) -> None:
        names = self.names_here()
        if names is not None:
            self.post_message(self.NamesWanted(names))
        elif isinstance(self.report, ProgressReport):  # on a subject's name: its table
            self.action_progress_table()

    # --- Progress's own keys -----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("progress_table", "meeting_list"):
            return isinstance(self.report, ProgressReport)
        return True

    def action_progress_table(self) -> None:
        report = self.report
        if isinstance(report, ProgressReport):
            subject = progress_subject(report, self._progress_table().cursor_row)
            if subject is not None:
                self.post_message(self.TableWanted(report, subject.subject.code))

    def action_meeting_list(self) -> None:
        if isinstance(self.report, ProgressReport):
            self.post_message(self.NamesWanted(meeting_names(self.report)))

    @on(DataTable.CellHighlighted)
    @on(DataTable.RowHighlighted)
    def _moved(self, message: Message) -> None:
        message.stop()
        self._say()

    @on(DataTable.CellSelected)
    @on(DataTable.RowSelected)
    def _chosen(self, message: Message) -> None:
        message.stop()
        self._ask()

    # The Venn's messages by handler name, not @on(VennDiagram...): that would import the
    # Venn's code with the screen's.

    def on_venn_diagram_highlighted(self, message: VennDiagram.Highlighted) -> None:
        self._moved(message)

    def on_venn_diagram_chosen(self, message: VennDiagram.Chosen) -> None:
        self._chosen(message)

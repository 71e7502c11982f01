"""The list of the pupils behind a report's figure (alphabetical; Progress's list for a meeting
by subjects moved down); E writes it to Excel. In a Progress list, Enter on a pupil says why."""

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

from store.core.words import plural
from store.establishments.establishments import EstablishmentInfo
from store.reports.progress_report import ProgressNames
from store.reports.reports import NameList
from store.reports.targets_report import TargetsNames
from tui.screens.reports.export import export_in_worker
from tui.screens.reports.views import fit

SCHOOL_WIDTH = 22


class NamesScreen(ModalScreen[None]):
    """One figure's pupils: SURNAME, Forename, UPN and class (and a score where it has one)."""

    DEFAULT_CSS = """
    NamesScreen > .dialog { height: 90%; }
    NamesScreen #names-table { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("E", "export", "Excel", id="names-export", tooltip="Write this list to Excel"),
        Binding("escape,q", "close", "Close", id="names-close"),
        Binding("f1", "app.help", "Help", show=False, tooltip="Every key here"),
    ]

    def __init__(self, names: NameList, establishment: EstablishmentInfo | None) -> None:
        super().__init__()
        self.names = names
        self.establishment = establishment

    def compose(self) -> ComposeResult:
        names = self.names
        heading = names.heading
        count = plural(names.count, "pupil")
        with Vertical(classes="dialog"):
            yield Label(Text(f"{names.title}: {count}"), classes="dialog-title", id="names-title")
            yield Label(Text(heading.line()), classes="muted", id="names-context")
            yield DataTable(id="names-table", cursor_type="row", zebra_stripes=False)
            hint = "E writes this list to Excel · Esc closes"
            if isinstance(names, ProgressNames | TargetsNames):
                hint = "Enter: why · " + hint
            if not names.count:
                hint = "Nobody here. " + hint
            yield Label(hint, classes="dialog-hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        heading = self.names.heading
        columns = (
            ["Pupil", "Establishment", "UPN", "Class"]
            if heading.many
            else ["Pupil", "UPN", "Class"]
        )
        if self.names.detail_title:
            columns.append(self.names.detail_title)
        table.add_columns(*(Text(column) for column in columns))
        rows = []
        for index, pupil in enumerate(self.names.pupils):
            row = [Text(pupil.display_name), Text(pupil.upn), Text(heading.class_of(pupil))]
            school = heading.school(pupil)
            if school is not None:
                # Over many establishments: whose pupil, cut to leave room for UPN and class.
                row.insert(1, Text(fit(school.title, SCHOOL_WIDTH)))
            if self.names.detail_title:
                row.append(Text(self.names.details[index], justify="right"))
            rows.append(row)
        table.add_rows(rows)
        table.focus()

    @property
    def shown(self) -> list[str]:
        """The names listed, in order (for tests and screen readers)."""
        return [pupil.display_name for pupil in self.names.pupils]

    @on(DataTable.RowSelected)
    def _why(self, message: DataTable.RowSelected) -> None:
        """Progress: the values behind the pupil's status, and the rule that put them there."""
        message.stop()
        names = self.names
        if (
            isinstance(names, ProgressNames | TargetsNames)
            and 0 <= message.cursor_row < names.count
        ):
            from tui.screens.dialogs.why import WhyDialog  # with the first Enter

            pupil = names.pupils[message.cursor_row]
            self.app.push_screen(WhyDialog(f"Why: {pupil.display_name}", names.why(pupil.id)))

    def action_export(self) -> None:
        names = self.names

        def write(path: Path) -> Path:
            from exports.report_workbooks import write_name_list  # in the worker: openpyxl

            return write_name_list(names, path)

        export_in_worker(self, self.establishment, names.heading, f"Names {names.title}", write)

    def action_close(self) -> None:
        self.dismiss(None)

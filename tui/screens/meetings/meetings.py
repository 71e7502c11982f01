"""Reception cohort progress meetings of the current academic year: list, add, open, delete."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from store.core.access import Actor
from store.core.db import Database
from store.core.errors import StoreError
from store.curriculum.dates import academic_year_of, format_academic_year
from store.establishments.establishments import EstablishmentInfo
from store.meetings import meetings
from store.meetings.meetings import MeetingSummary
from store.meetings.record import contents_text, get_meeting
from tui.screens.dialogs.confirm import ConfirmDialog
from tui.screens.meetings.dialogs import NewMeetingDialog
from tui.screens.meetings.form import MeetingScreen
from tui.screens.meetings.workbook import export_in_worker, meeting_writer
from tui.screens.store_list import StoreListScreen

COLUMNS = ("Date", "Teacher", "Class", "Assessment")
CELL_PADDING = 2  # a DataTable column's padding, one cell each side
SCROLLBAR = 2  # kept free for the vertical scroll bar of a long list


def cut(text: str, width: int) -> Text:
    """`text` in at most `width` cells, its end replaced by … when it is longer (never markup:
    teachers' and classes' names are typed by people)."""
    shown = Text(text)
    shown.truncate(width, overflow="ellipsis")
    return shown


def fit_widths(rows: Sequence[Sequence[str]], total: int) -> list[int]:
    """Column widths for `rows` (headings first) within `total` cells: the widest column gives
    way first, so a long teacher's name never pushes Class and Assessment off the screen."""
    widths = [max(cell_len(row[i]) for row in rows) for i in range(len(rows[0]))]
    room = total - (CELL_PADDING * len(widths)) - SCROLLBAR
    floors = [cell_len(heading) for heading in rows[0]]
    while sum(widths) > room:
        column = max(range(len(widths)), key=lambda i: widths[i] - floors[i])
        if widths[column] <= floors[column]:
            break  # narrower than the headings: the table scrolls sideways
        widths[column] -= 1
    return widths


def row_texts(item: MeetingSummary) -> tuple[str, str, str, str]:
    return (
        f"{item.day:%d/%m/%Y}",
        item.teacher or "-",
        item.class_name,
        item.period_name or "none",
    )


class MeetingsScreen(StoreListScreen[MeetingSummary]):
    """Newest first; Enter opens a meeting, a adds one, d deletes one (asks first)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a,plus", "add", "Add", id="add-meeting", tooltip="Add a progress meeting"),
        Binding("enter,e", "open", "Open", id="open-meeting", tooltip="Open the meeting to edit"),
        Binding("d,delete", "delete", "Delete", id="delete-meeting", tooltip="Delete the meeting"),
        Binding("E", "export", "Excel", id="export-meeting", tooltip="Export the meeting to Excel"),
        Binding("escape", "leave", "Back", id="leave-meetings"),
    ]
    DEFAULT_CSS = """
    MeetingsScreen #meetings-table { height: 1fr; }
    MeetingsScreen #meetings-status { height: auto; max-height: 3; padding: 0 1; }
    """
    TABLE_ID = "meetings-table"
    BELOW_ID = "meetings-status"

    def __init__(
        self,
        database: Database,
        actor: Actor,
        establishment: EstablishmentInfo,
        today: date | None = None,
    ) -> None:
        today = today or date.today()
        year = format_academic_year(academic_year_of(today))
        super().__init__(
            database,
            actor,
            f"{establishment.title} · Reception cohort progress meetings · {year}",
        )
        self.establishment = establishment
        self.today = today
        self.academic_year = academic_year_of(self.today)
        self.widths = [len(heading) for heading in COLUMNS]

    def read(self) -> list[MeetingSummary]:
        return meetings.list_meetings(
            self.database, self.actor, self.establishment.id, self.academic_year
        )

    def shown(self) -> None:
        self.say(self._count())

    def on_resize(self) -> None:
        self.show()

    def _count(self) -> str:
        return (
            f"{len(self.items)} meeting{'s' if len(self.items) != 1 else ''} this year, "
            "newest first."
            if self.items
            else "No progress meetings this year yet: press a to add one."
        )

    def show(self, select: int | None = None) -> None:
        """Fill the table, fitted to the screen's width (long names cut short with …)."""
        table = self.query_one(DataTable)
        row = table.cursor_row  # kept where it was unless a meeting is to be shown
        rows = [COLUMNS, *(row_texts(item) for item in self.items)]
        widths = fit_widths(rows, self.size.width or self.app.size.width)
        table.clear(columns=True)
        for heading, width in zip(COLUMNS, widths, strict=True):
            table.add_column(cut(heading, width), width=width)
        table.add_rows(
            [
                [cut(text, width) for text, width in zip(row, widths, strict=True)]
                for row in rows[1:]
            ]
        )
        self.widths = widths
        ids = [item.id for item in self.items]
        if select in ids:
            row = ids.index(select)
        if ids:
            table.move_cursor(row=min(row, len(ids) - 1))

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        """A name cut short on screen is shown in full below the table."""
        item = self.current
        if item is None:
            return
        texts = row_texts(item)
        if any(cell_len(text) > width for text, width in zip(texts, self.widths, strict=True)):
            self.say(f"{self._count()} This one: {' · '.join(texts)}")
        else:
            self.say(self._count())

    def action_add(self) -> None:
        args = (self.database, self.actor, self.establishment.id, self.academic_year)
        try:
            # On the UI thread: the dialog opens with them; 1-2 ms each (bench/ui_reads.py).
            classes = meetings.class_choices(*args)
            periods = meetings.assessment_choices(*args)
        except StoreError as error:
            self.notify(str(error), severity="error")
            return

        def create(class_slot: int | None, period_id: int | None, teacher: str, day: date) -> int:
            return meetings.create_meeting(
                *args,
                teacher=teacher,
                day=day,
                class_slot=class_slot,
                period_id=period_id,
                today=self.today,
            )

        def created(meeting_id: int | None) -> None:
            if meeting_id is not None:
                self.reload(select=meeting_id)
                self._open(meeting_id)

        self.app.push_screen(NewMeetingDialog(classes, periods, self.today, create), created)

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        item = self.current
        if item is not None:
            self._open(item.id)

    def _open(self, meeting_id: int) -> None:
        try:
            # The screen reads the meeting as it is made, on the UI thread: 3 ms
            # (bench/ui_reads.py), and it opens with every field filled in.
            screen = MeetingScreen(
                self.database, self.actor, self.establishment, meeting_id, self.today
            )
        except StoreError as error:
            self.notify(str(error), severity="error")
            self.reload()
            return
        self.app.push_screen(screen, lambda _: self.reload(select=meeting_id))

    def action_delete(self) -> None:
        item = self.current
        if item is None:
            return

        def delete() -> None:
            meetings.delete_meeting(self.database, self.actor, self.establishment.id, item.id)

        try:
            # On the UI thread: the meeting as saved, 3 ms (bench/ui_reads.py).
            record = get_meeting(self.database, self.actor, self.establishment.id, item.id)
        except StoreError as error:
            self.notify(str(error), severity="error")
            return
        detail = (
            f"Deleted with it: {contents_text(record)}. This cannot be undone (the audit trail "
            "keeps its heading only)."
        )
        question = (
            f"Delete the meeting of {item.day:%d/%m/%Y} ({item.teacher or 'no teacher'}, "
            f"{item.class_name})?"
        )
        self.ask_then_write(ConfirmDialog(question, detail, yes="Delete", no="Keep it"), delete)

    def action_export(self) -> None:
        item = self.current
        if item is not None:
            self.say("Writing the workbook…")
            write = meeting_writer(self.database, self.actor, self.establishment, item.id)
            export_in_worker(self, write, self.say, self.say)

"""A screen listing what the store holds, one item a row: the bar, the table, a line below.

The progress meetings, their discussion areas and the support team's news share it. Each says
what its list is (`read`), how an item shows (`row`, or `show` for a table it sizes itself) and
what to say below the table (`shown`); the keys that act on an item are the screen's own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, Generic, Protocol, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Static

from store.core.access import Actor
from store.core.db import Database
from store.core.errors import StoreError
from tui.screens.dialogs.confirm import ConfirmDialog
from tui.widgets.key_bar import KeyBar


class Listed(Protocol):
    """An item of a list: its id picks it out again after a reload."""

    @property
    def id(self) -> int: ...


ItemT = TypeVar("ItemT", bound=Listed)


class StoreListScreen(Screen[None], Generic[ItemT]):
    """The list in a DataTable, read when the screen opens and after each change."""

    TABLE_ID: ClassVar[str]
    BELOW_ID: ClassVar[str]
    """The line (or lines) below the table: a count, or the highlighted item in full."""
    COLUMNS: ClassVar[tuple[str, ...]] = ()
    """The headings, for a table whose columns do not change (see `show`)."""

    def __init__(self, database: Database, actor: Actor, bar: str) -> None:
        super().__init__()
        self.database = database
        self.actor = actor
        self.bar = bar
        self.items: list[ItemT] = []

    def compose(self) -> ComposeResult:
        yield Static(self.bar, id="cohort-bar", markup=False)
        yield DataTable(id=self.TABLE_ID, cursor_type="row", zebra_stripes=False)
        yield Static("", id=self.BELOW_ID, markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        if self.COLUMNS:
            table.add_columns(*self.COLUMNS)
        self.reload()
        table.focus()

    # --- what each screen says ----------------------------------------------------------------

    def read(self) -> list[ItemT]:
        """The items, in the order shown."""
        raise NotImplementedError(f"{type(self).__name__} lists nothing")

    def row(self, item: ItemT) -> list[Text | str]:
        """The cells of one item (Text for anything a person typed: never markup)."""
        raise NotImplementedError(f"{type(self).__name__} shows no rows")

    def shown(self) -> None:
        """Say below the table what the list now holds."""

    # --- reading and showing ------------------------------------------------------------------

    def reload(self, select: int | None = None) -> None:
        """Read the list again and show it, the item with id `select` highlighted."""
        try:
            # On the UI thread: a school's list of a few dozen rows reads in 1-2 ms
            # (bench/ui_reads.py), and the keys typed next act on it.
            self.items = self.read()
        except StoreError as error:
            self.notify(str(error), severity="error")
            return
        self.show(select)
        self.shown()

    def show(self, select: int | None = None) -> None:
        """Fill the table from `items`."""
        table = self.query_one(DataTable)
        table.clear()
        table.add_rows([self.row(item) for item in self.items])
        ids = [item.id for item in self.items]
        if select in ids:
            table.move_cursor(row=ids.index(select))

    def say(self, message: str | Text) -> None:
        self.query_one(f"#{self.BELOW_ID}", Static).update(message)

    @property
    def current(self) -> ItemT | None:
        """The highlighted item."""
        row = self.query_one(DataTable).cursor_row
        if not self.items or row < 0:
            return None
        return self.items[min(row, len(self.items) - 1)]

    # --- changing -----------------------------------------------------------------------------

    def ask_then_write(self, question: ConfirmDialog, write: Callable[[], int | None]) -> None:
        """Ask `question`; on yes, `write` (a row or two, here and now), then read the list
        again with the item whose id it returns highlighted. A refusal is said."""

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            select = None
            try:
                select = write()
            except StoreError as error:
                self.notify(str(error), severity="error")
            self.reload(select)

        self.app.push_screen(question, answer)

    def action_leave(self) -> None:
        self.dismiss(None)

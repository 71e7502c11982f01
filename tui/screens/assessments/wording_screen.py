"""W in a small-steps or engagement model column: the framework's names (strands, levels,
stages; areas, scale points) as the school reads them, the program's words, the local
authority's and the school's own beside each. Enter words one for the school, r puts back the
authority's words; support may switch (a) to the authority's own, for every school.

The list is a few dozen names read on the UI thread, as the other store lists are; each change
is a row and its audit, written as the grid's small forms write theirs. The grid reads its
cohort again when the screen closes, so its columns and status line take the new words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import App
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static

from store.assessments.framework_wording import (
    WordedName,
    framework_names,
    set_framework_names,
)
from store.assessments.grid_model import GridModel
from store.core.access import Actor, Role, may_word_names
from store.core.db import Database
from store.core.errors import StoreError
from store.curriculum.framework import Framework
from store.curriculum.name_slots import WORDS_MAX
from store.curriculum.wording import slots
from store.establishments.establishments import EstablishmentInfo
from tui.screens.dialogs.prompt import PromptDialog
from tui.screens.store_list import StoreListScreen

NOT_HERE = "W words the names of small steps and the engagement model: press it there."
WHO_MAY_HERE = "Only the school's manager or support can word these names."
COLUMNS = (("Name", 12), ("As shipped", 19), ("Authority's", 19), ("The school's", 19))
"""Headings and widths: the four fit 80 columns; the line below says a name's words whole."""
_SHOWN = 19


def _cut(text: str | None, width: int = _SHOWN) -> Text:
    """The words in `width` cells (wide letters take two), an ellipsis where they go on."""
    cut = Text(text or "")
    cut.truncate(width, overflow="ellipsis")
    return cut


@dataclass(frozen=True)
class NameItem:
    """A row: its place (which picks it out again after a change) and the name's words."""

    id: int
    name: WordedName


class WordingScreen(StoreListScreen[NameItem]):
    """Every name of one framework, for the school or (support) for every school."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Enter on a row words it too (the table's own Enter: RowSelected).
        Binding("e", "edit", "Word it", id="wording-edit", tooltip="Word the highlighted name"),
        Binding(
            "r",
            "reset",
            "Put back",
            id="wording-reset",
            tooltip="Put back the words it had before these (the authority's, or the program's)",
        ),
        Binding(
            "a",
            "switch_scope",
            "School/LA",
            id="wording-scope",
            tooltip="Support: the school's own names, or the authority's for every school",
        ),
        Binding("escape", "leave", "Back", id="wording-back"),
    ]
    DEFAULT_CSS = """
    WordingScreen #wording-table { height: 1fr; }
    WordingScreen #wording-detail { height: 3; background: $panel; padding: 0 1; }
    """
    TABLE_ID = "wording-table"
    BELOW_ID = "wording-detail"

    def __init__(
        self,
        database: Database,
        actor: Actor,
        establishment: EstablishmentInfo,
        framework: Framework,
    ) -> None:
        super().__init__(database, actor, self._bar(framework, establishment, for_school=True))
        self.establishment = establishment
        self.framework = framework
        self.for_school = True

    def on_mount(self) -> None:
        # Before StoreListScreen's (Textual calls each class's on_mount, this one first).
        table = self.query_one(DataTable)
        for heading, width in COLUMNS:  # fixed: a name worded later must not be cut short
            table.add_column(heading, width=width)

    @staticmethod
    def _bar(framework: Framework, establishment: EstablishmentInfo, *, for_school: bool) -> str:
        whose = establishment.title if for_school else "every school (the authority's)"
        return f"Names of {framework.name}: {whose}"

    @property
    def scope(self) -> int | None:
        return self.establishment.id if self.for_school else None

    def read(self) -> list[NameItem]:
        names = framework_names(self.database, self.actor, self.scope, self.framework.id)
        return [NameItem(place, name) for place, name in enumerate(names)]

    @property
    def whose(self) -> str:
        return "the school" if self.for_school else "every school"

    def mine(self, name: WordedName) -> str | None:
        """The words shown here give it: the school's own, or the authority's."""
        return name.own if self.for_school else name.authority

    def row(self, item: NameItem) -> list[Text | str]:
        name = item.name
        what = _cut(name.slot.what, COLUMNS[0][1])
        own = name.own if self.for_school else None
        return [what, _cut(name.slot.shipped), _cut(name.authority), _cut(own)]

    def described(self, name: WordedName) -> Text:
        back = " r puts back the words before." if self.mine(name) else ""
        return Text(
            f"{name.slot.what} {name.slot.shipped}: reads {name.now} ({name.source}). Enter "
            f"words it for {self.whose}.{back}"
        )

    @on(DataTable.RowHighlighted)
    def shown(self) -> None:
        item = self.current
        self.say(self.described(item.name) if item else "")

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_edit()

    def _write(self, item: NameItem, text: str) -> None:
        try:
            set_framework_names(
                self.database, self.actor, self.scope, self.framework.id, {item.name.slot.key: text}
            )
        except StoreError as error:
            self.notify(str(error), severity="error")
        self.reload(select=item.id)

    def action_edit(self) -> None:
        item = self.current
        if item is None:
            return
        slot = item.name.slot

        def answered(text: str | None) -> None:
            if text is not None:
                self._write(item, text)

        prompt = PromptDialog(
            f"{slot.what} {slot.shipped}: the words for {self.whose}",
            self.mine(item.name) or "",
            "Enter saves · blank puts back the words before · Esc cancels",
            max_length=WORDS_MAX,
        )
        self.app.push_screen(prompt, answered)

    def action_reset(self) -> None:
        item = self.current
        if item is None:
            return
        if not self.mine(item.name):
            slot = item.name.slot
            self.say(Text(f"{slot.what} {slot.shipped} has no words to put back."))
            return
        self._write(item, "")

    def action_switch_scope(self) -> None:
        if self.actor.role is not Role.SUPPORT:
            self.say(Text("Only support words the names every school reads (the authority's)."))
            return
        self.for_school = not self.for_school
        self.bar = self._bar(self.framework, self.establishment, for_school=self.for_school)
        self.query_one("#cohort-bar", Static).update(self.bar)
        self.reload(select=self.current.id if self.current else None)


def ask_wording(
    app: App[object],
    database: Database,
    actor: Actor,
    establishment: EstablishmentInfo,
    model: GridModel | None,
    column: int,
    say: Callable[[str], None],
    reload: Callable[[], None],
) -> None:
    """Open the names of the cursor column's framework for its manager or support; else say
    why not. The grid reads its cohort again when the screen closes."""
    framework = model.columns[column].framework if model and model.columns else None
    if framework is None or not slots(framework):
        say(NOT_HERE)
        return
    if not may_word_names(actor, establishment.id):
        say(WHO_MAY_HERE)
        return
    app.push_screen(WordingScreen(database, actor, establishment, framework), lambda _: reload())

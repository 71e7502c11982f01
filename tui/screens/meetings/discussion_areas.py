"""Maintenance — Discussion Areas: the questions offered to new progress meetings (managers)."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Input, Label

from store.core.access import Actor, PermissionDenied
from store.core.db import Database
from store.core.models_meetings import COHORT
from store.curriculum.dates import parse_uk_date
from store.curriculum.numbers import parse_whole_number
from store.establishments.establishments import EstablishmentInfo
from store.meetings import templates
from store.meetings.templates import MAX_DESCRIPTION, MAX_SORT_ORDER, TemplateInfo
from tui.screens.dialogs.confirm import ConfirmDialog
from tui.screens.dialogs.forms import FormDialog, optional_date
from tui.screens.store_list import StoreListScreen
from tui.widgets.text_field import TextField

COLUMNS = ("Sort", "Discussion area", "Type", "Start", "End", "Live")
DESCRIPTION_SHOWN = 32  # characters of the question in the list; the whole text is in Edit


def shorten(text: str, width: int = DESCRIPTION_SHOWN) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


class TemplateDialog(FormDialog[TemplateInfo]):
    """Description, sort order, start and optional end date; the type is always Cohort."""

    FIELD_IDS: ClassVar[dict[str, str]] = {
        "description": "dt-description",
        "sort_order": "dt-sort",
        "start_date": "dt-start",
        "end_date": "dt-end",
    }

    def __init__(self, screen: DiscussionAreasScreen, existing: TemplateInfo | None) -> None:
        super().__init__("Discussion area: edit" if existing else "Discussion area: create")
        self.owner = screen
        self.existing = existing

    def fields(self) -> ComposeResult:
        item = self.existing
        yield Label(f"Description (the question, at most {MAX_DESCRIPTION} characters)")
        yield TextField(
            item.description if item else "",
            max_length=MAX_DESCRIPTION,
            what="A description",
            id="dt-description",
            compact=True,
        )
        yield Label(f"Sort order (0 to {MAX_SORT_ORDER}; 0 comes first)")
        yield TextField(
            str(item.sort_order) if item else "0",
            max_length=len(str(MAX_SORT_ORDER)),
            what="A sort order",
            id="dt-sort",
            compact=True,
        )
        yield Label("Start date (dd/mm/yyyy)")
        start = item.start_date if item else self.owner.today
        yield Input(f"{start:%d/%m/%Y}", id="dt-start", compact=True)
        yield Label("End date (dd/mm/yyyy, blank: no end)")
        yield Input(
            f"{item.end_date:%d/%m/%Y}" if item and item.end_date else "", id="dt-end", compact=True
        )
        yield Label(f"Discussion type: {COHORT} (fixed)", classes="muted")

    def build(self) -> TemplateInfo:
        description = self.query_one("#dt-description", Input).value
        sort_order = self.read(
            "dt-sort", lambda text: parse_whole_number(text, 0, MAX_SORT_ORDER, "Sort order")
        )
        start = self.read("dt-start", parse_uk_date)
        end = self.read("dt-end", optional_date)
        owner = self.owner
        args = (owner.database, owner.actor, owner.establishment.id)
        try:
            if self.existing is None:
                return templates.create_template(*args, description, sort_order, start, end)
            return templates.update_template(
                *args, self.existing.id, description, sort_order, start, end
            )
        except PermissionDenied as error:
            raise ValueError(str(error)) from error


class DiscussionAreasScreen(StoreListScreen[TemplateInfo]):
    """a adds, Enter edits, d deletes (asks first); Live says which new meetings get."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a,plus", "add", "Add", id="add-template", tooltip="Add a discussion area"),
        Binding("enter,e", "edit", "Edit", id="edit-template", tooltip="Edit the discussion area"),
        Binding(
            "d,delete", "delete", "Delete", id="delete-template", tooltip="Delete it (asks first)"
        ),
        Binding("escape", "leave", "Back", id="leave-templates"),
    ]
    DEFAULT_CSS = """
    DiscussionAreasScreen #templates-table { height: 1fr; }
    DiscussionAreasScreen #templates-status { height: auto; max-height: 3; padding: 0 1; }
    """
    TABLE_ID = "templates-table"
    BELOW_ID = "templates-status"
    COLUMNS = COLUMNS

    def __init__(
        self,
        database: Database,
        actor: Actor,
        establishment: EstablishmentInfo,
        today: date | None = None,
    ) -> None:
        super().__init__(
            database,
            actor,
            f"{establishment.title} · Discussion areas · Cohort progress meeting",
        )
        self.establishment = establishment
        self.today = today or date.today()

    def read(self) -> list[TemplateInfo]:
        return templates.list_templates(
            self.database, self.actor, self.establishment.id, self.today
        )

    def row(self, item: TemplateInfo) -> list[Text | str]:
        return [
            Text(str(item.sort_order)),
            Text(shorten(item.description)),
            Text(item.discussion_type),
            Text(f"{item.start_date:%d/%m/%Y}"),
            Text(f"{item.end_date:%d/%m/%Y}" if item.end_date else ""),
            Text("Yes" if item.is_live(self.today) else "No"),
        ]

    def shown(self) -> None:
        live = sum(item.is_live(self.today) for item in self.items)
        self.say(
            f"{live} of {len(self.items)} are live today: a new meeting gets those, in sort order "
            "(start <= today <= end). Meetings already held keep their questions."
            if self.items
            else "No discussion areas: press a to add one."
        )

    def _after(self, saved: TemplateInfo | None) -> None:
        if saved is not None:
            self.reload(select=saved.id)

    def action_add(self) -> None:
        self.app.push_screen(TemplateDialog(self, None), self._after)

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_edit()

    def action_edit(self) -> None:
        item = self.current
        if item is not None:
            self.app.push_screen(TemplateDialog(self, item), self._after)

    def action_delete(self) -> None:
        item = self.current
        if item is None:
            return

        def delete() -> None:
            templates.delete_template(self.database, self.actor, self.establishment.id, item.id)

        self.ask_then_write(
            ConfirmDialog(
                f"Delete the discussion area {shorten(item.description, 50)!r}?",
                "New progress meetings will no longer offer it; meetings that already have it "
                "keep their copy, with its notes.",
                yes="Delete",
                no="Keep it",
            ),
            delete,
        )

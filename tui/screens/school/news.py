"""The support team's news: add, edit and retire the items everyone sees on their home screen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, Label, TextArea

from store.core.access import Actor
from store.core.db import Database
from store.core.errors import StoreError
from store.curriculum.dates import parse_uk_date
from store.establishments import news, support_contact
from store.establishments.news import News
from tui.screens.dialogs.confirm import ConfirmDialog
from tui.screens.dialogs.forms import FormDialog, optional_date
from tui.screens.store_list import StoreListScreen
from tui.widgets.text_field import TextField

COLUMNS = ("Shown", "From", "Retire on", "Title")


class NewsDialog(FormDialog[News]):
    """Title, text, from date and optional retire date of a news item."""

    FIELD_IDS: ClassVar[dict[str, str]] = {
        "title": "news-title",
        "text": "news-text",
        "show_from": "news-from",
        "retire_on": "news-retire",
    }

    DEFAULT_CSS = """
    NewsDialog #news-text { height: 5; }
    NewsDialog #news-dates { height: auto; }
    NewsDialog #news-dates Vertical { width: 1fr; height: auto; }
    """

    def __init__(
        self,
        title: str,
        save: Callable[[str, str, date, date | None], News],
        item: News | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(title)
        self.save = save
        self.item = item
        self.today = today or date.today()

    def fields(self) -> ComposeResult:
        item = self.item
        yield Label(f"Title (at most {news.MAX_TITLE} characters)")
        yield TextField(
            item.title if item else "", max_length=news.MAX_TITLE, what="A title", id="news-title"
        )
        yield Label(f"Text (at most {news.MAX_TEXT} characters; Tab leaves it)")
        yield TextArea(item.text if item else "", id="news-text", soft_wrap=True)
        shown_from = item.show_from if item else self.today
        retire = f"{item.retire_on:%d/%m/%Y}" if item and item.retire_on else ""
        # Side by side, so the whole dialog (and its hint line) fits in 24 lines.
        with Horizontal(id="news-dates"):
            with Vertical():
                yield Label("Shown from (dd/mm/yyyy)")
                yield Input(f"{shown_from:%d/%m/%Y}", id="news-from")
            with Vertical():
                yield Label("Retire on (blank: until retired)")
                yield Input(retire, id="news-retire")

    def build(self) -> News:
        show_from = self.read("news-from", parse_uk_date)
        retire = self.read("news-retire", optional_date)
        return self.save(
            self.query_one("#news-title", Input).value,
            self.query_one("#news-text", TextArea).text,
            show_from,
            retire,
        )


class ContactDialog(FormDialog[str]):
    """The support team's contact details, shown at sign-in, on home screens and in help."""

    DEFAULT_CSS = """
    ContactDialog #contact-text { height: 5; }
    """

    def __init__(self, current: str | None, save: Callable[[str], str | None]) -> None:
        super().__init__("Support contact details")
        self.current = current
        self.save = save

    def fields(self) -> ComposeResult:
        yield Label(
            f"How schools reach you (at most {support_contact.MAX_LINES} lines; blank: none)"
        )
        yield TextArea(self.current or "", id="contact-text", soft_wrap=True)

    def build(self) -> str:
        return self.save(self.query_one("#contact-text", TextArea).text) or ""


class NewsScreen(StoreListScreen[News]):
    """Every news item, newest first, with whether it is shown today."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a,plus", "add", "Add", id="news-add", tooltip="Post a news item"),
        Binding("e", "edit", "Edit", id="news-edit", tooltip="Edit the highlighted item"),
        Binding("r", "retire", "Retire", id="news-retire", tooltip="Take the item off from today"),
        Binding(
            "c",
            "contact",
            "Contact",
            id="news-contact",
            tooltip="Your contact details, shown at sign-in, on home screens and in help",
        ),
        Binding("escape", "leave", "Back", id="news-back"),
    ]
    DEFAULT_CSS = """
    NewsScreen #news-table { height: 1fr; }
    NewsScreen #news-detail { height: 6; background: $panel; padding: 0 1; }
    """
    TABLE_ID = "news-table"
    BELOW_ID = "news-detail"
    COLUMNS = COLUMNS

    def __init__(self, database: Database, actor: Actor, today: date | None = None) -> None:
        super().__init__(
            database, actor, "News and updates (everyone sees live items on their home screen)"
        )
        self.today = today or date.today()

    def read(self) -> list[News]:
        return news.all_news(self.database, self.actor)

    def row(self, item: News) -> list[Text | str]:
        return [
            item.status(self.today),
            f"{item.show_from:%d/%m/%Y}",
            f"{item.retire_on:%d/%m/%Y}" if item.retire_on else "",
            Text(item.title),
        ]

    @on(DataTable.RowHighlighted)
    def shown(self) -> None:
        """The highlighted item in full."""
        item = self.current
        if item is None:
            self.say("No news yet: press a to post the first item.")
            return
        self.say(Text(f"{item.title} (posted by {item.posted_by})\n{item.text}"))

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_edit()

    def action_add(self) -> None:
        def save(title: str, text: str, show_from: date, retire_on: date | None) -> News:
            return news.add_news(self.database, self.actor, title, text, show_from, retire_on)

        self.app.push_screen(NewsDialog("Post news", save, today=self.today), self._saved)

    def action_edit(self) -> None:
        item = self.current
        if item is None:
            self.notify("There is no news item to edit yet.")
            return

        def save(title: str, text: str, show_from: date, retire_on: date | None) -> News:
            return news.edit_news(
                self.database, self.actor, item.id, title, text, show_from, retire_on
            )

        self.app.push_screen(
            NewsDialog("Edit news", save, item=item, today=self.today), self._saved
        )

    def _saved(self, item: News | None) -> None:
        if item is not None:
            self.notify(f"Saved: {item.title} ({item.status(self.today)}).")
            self.reload(select=item.id)

    def action_retire(self) -> None:
        item = self.current
        if item is None:
            return

        def retire() -> int:
            retired = news.retire_news(self.database, self.actor, item.id, self.today)
            self.notify(f"Retired: {retired.title} is no longer shown.")
            return retired.id

        self.ask_then_write(
            ConfirmDialog(
                f"Retire {item.title}?",
                "It comes off everyone's home screen from today; it stays in this list.",
            ),
            retire,
        )

    def action_contact(self) -> None:
        try:
            # On the UI thread: one row, under a millisecond (bench/ui_reads.py).
            current = support_contact.support_contact(self.database)
        except StoreError as error:
            self.notify(str(error), severity="error")
            return

        def save(text: str) -> str | None:
            return support_contact.set_support_contact(self.database, self.actor, text)

        def saved(text: str | None) -> None:
            if text is None:
                return  # cancelled
            self.notify(
                "Saved: shown at sign-in, on home screens and in help."
                if text
                else "Cleared: people are told to ask their school's account manager."
            )

        self.app.push_screen(ContactDialog(current, save), saved)

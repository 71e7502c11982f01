"""How to reach the support team, as they set it: one line (or three) read in a worker."""

from __future__ import annotations

import contextlib

from sqlalchemy.exc import SQLAlchemyError
from textual import work
from textual.widgets import Static

from store.core.db import Database
from store.core.errors import StoreError


class SupportContactLine(Static):
    """ "Need help? ..." with the support team's contact details, or what to do without them.

    Read when mounted (and on `reload`) in a worker, so no screen waits for it; `set_shown`
    blanks it where a screen needs the room.
    """

    DEFAULT_CSS = """
    SupportContactLine { height: auto; color: $text-muted; }
    """

    def __init__(
        self, database: Database, *, prefix: str = "Need help? ", short: bool = False, id: str
    ) -> None:
        """`short`: while none is set, say what to do in one line, not two."""
        super().__init__("", id=id, markup=False)
        self.database = database
        self.prefix = prefix
        self.short = short
        self.line = ""
        self.shown = True

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        self._load()

    @work(thread=True, group="support-contact", exclusive=True, exit_on_error=False)
    def _load(self) -> None:
        from store.establishments.support_contact import support_contact

        try:
            text = support_contact(self.database)
        except (StoreError, SQLAlchemyError):
            return  # the line stays as it was: nothing here is worth an error of its own
        with contextlib.suppress(RuntimeError):  # the app stopped meanwhile
            self.app.call_from_thread(self._loaded, text)

    def _loaded(self, text: str | None) -> None:
        from store.establishments.support_contact import contact_or_default

        self.line = f"{self.prefix}{contact_or_default(text, short=self.short)}"
        self._show()

    def set_shown(self, shown: bool) -> None:
        self.shown = shown
        self._show()

    def _show(self) -> None:
        if self.is_attached:
            self.update(self.line if self.shown else "")
            self.display = self.shown

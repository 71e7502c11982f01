"""How to reach the support team, as they set it: one line (or three) read in a worker."""

from __future__ import annotations

from enum import Enum
from typing import Final

from sqlalchemy.exc import SQLAlchemyError
from textual.widgets import Static

from store.core.db import Database
from tui.store_call import run_store_call


class _Unread(Enum):
    """The contact could not be read (the database did not answer): a sentinel, as None is
    "no contact set"."""

    UNREAD = "unread"


_UNREAD: Final = _Unread.UNREAD


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
        run_store_call(
            self,
            self._read,
            self._loaded,
            lambda _refused: None,  # the line stays as it was: not worth an error of its own
            group="support-contact",
            exclusive=True,
        )

    def _read(self) -> str | _Unread | None:
        """In the worker's thread: the contact text (None: none set)."""
        from store.establishments.support_contact import support_contact

        try:
            return support_contact(self.database)
        except SQLAlchemyError:
            return _UNREAD  # as a refusal: the line stays as it was

    def _loaded(self, text: str | _Unread | None) -> None:
        from store.establishments.support_contact import contact_or_default

        if isinstance(text, _Unread):
            return
        self.line = f"{self.prefix}{contact_or_default(text, short=self.short)}"
        self._show()

    def set_shown(self, shown: bool) -> None:
        self.shown = shown
        self._show()

    def _show(self) -> None:
        if self.is_attached:
            self.update(self.line if self.shown else "")
            self.display = self.shown

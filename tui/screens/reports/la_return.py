"""The local authority's return from the app (support): choose the year, write it with progress."""

from __future__ import annotations

import threading
from datetime import date, datetime, timezone
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static
from textual.worker import get_current_worker

from exports.la_workbook import (
    NothingSubmitted,
    ReturnSummary,
    return_path,
    write_la_return,
)
from store.core.access import Actor
from store.core.db import Database
from store.core.errors import StoreError
from store.core.words import plural
from store.curriculum.dates import academic_year_of, format_academic_year
from store.reports.la_return import submitted_years
from store.reports.many import Cancelled
from tui.screens.dialogs.choose import Choice, ChooseDialog
from tui.screens.file_places import cannot_write, saved_where
from tui.store_call import run_store_call
from tui.widgets.reports.report_progress import ReportProgress

CHOOSE_TITLE = "Local authority return (End of Year ELGs): which academic year?"
CHOOSE_HINT = "↑↓ or type the year · Enter writes the workbook · Esc cancel"
WORKING_HINT = "Escape stops: nothing is written until every establishment is in"
DONE_HINT = "Enter or Escape closes"


def submitted_text(establishments: int) -> str:
    """ "3 establishments submitted", or that none has."""
    if establishments == 0:
        return "no establishment has submitted yet"
    return f"{plural(establishments, 'establishment')} submitted"


def open_la_return(
    screen: Screen[Any], database: Database, actor: Actor, today: date | None = None
) -> None:
    """Ask the academic year (this one first chosen), then write its return in a worker."""
    try:
        years = submitted_years(database, actor)
    except StoreError as error:
        screen.notify(str(error), severity="error")
        return
    current = academic_year_of(today or date.today())
    counts = {year.academic_year: year.establishments for year in years}
    counts.setdefault(current, 0)
    ordered = sorted(counts, reverse=True)
    choices = [
        Choice(
            year,
            format_academic_year(year),
            submitted_text(counts[year]) + (" (this year)" if year == current else ""),
        )
        for year in ordered
    ]

    def chosen(choice: Choice[int] | None) -> None:
        if choice is not None:
            screen.app.push_screen(
                LaReturnScreen(database, actor, choice.value, counts[choice.value])
            )

    dialog = ChooseDialog(CHOOSE_TITLE, choices, ordered.index(current), hint=CHOOSE_HINT)
    screen.app.push_screen(dialog, chosen)


class ReturnProgress(Message):
    """`done` of `total` establishments are in the workbook (posted from the worker's thread)."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class LaReturnScreen(ModalScreen[None]):
    """Writes one academic year's return, saying how far it has got; Escape stops it (no file
    is left) and, once it is over, closes. It ends by saying the full path and what it holds."""

    DEFAULT_CSS = """
    LaReturnScreen #la-progress { padding: 0; margin-top: 1; }
    LaReturnScreen #la-hint { margin-top: 1; }
    """

    BINDINGS = [
        Binding("escape", "stop_or_close", "Stop or close"),
        Binding("enter", "close", "Close", show=False),
    ]

    def __init__(
        self, database: Database, actor: Actor, academic_year: int, establishments: int
    ) -> None:
        super().__init__()
        self.database = database
        self.actor = actor
        self.academic_year = academic_year
        self.establishments = establishments
        """How many establishments had submitted when the year was chosen."""
        self.working = False
        self.outcome = ""
        """What the screen said at the end (for tests and screen readers)."""
        self._stop = threading.Event()

    def compose(self) -> ComposeResult:
        year = format_academic_year(self.academic_year)
        with Vertical(classes="dialog"):
            yield Label(f"Local authority return {year}", classes="dialog-title", markup=False)
            yield Static("", id="la-message", markup=False)
            yield ReportProgress(id="la-progress")
            yield Label("", id="la-hint", classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        if self.establishments == 0:
            self._finish(str(NothingSubmitted(self.academic_year)))
            return
        self.working = True
        self._say(
            f"Writing the End of Year ELG results of {submitted_text(self.establishments)}…",
            WORKING_HINT,
        )
        self.query_one(ReportProgress).start()
        run_store_call(
            self,
            self._write,
            self._done,
            # The app has said what went wrong, with its reference for the support team.
            failed=lambda: self._finish("Not exported."),
            group="la-return",
        )

    def _write(self) -> ReturnSummary | str:
        """In the worker's thread: the workbook, or what to say instead."""
        worker = get_current_worker()

        def progress(done: int, total: int) -> None:
            self.post_message(ReturnProgress(done, total))

        outcome: ReturnSummary | str
        made_at = datetime.now(timezone.utc)
        try:
            path = return_path(self.academic_year, made_at)
            outcome = write_la_return(
                self.database,
                self.actor,
                self.academic_year,
                path,
                progress=progress,
                made_at=made_at,
                # Also stops when the screen goes (sign-out, quit) while it works.
                cancelled=lambda: self._stop.is_set() or worker.is_cancelled,
                allow_empty=False,
            )
        except Cancelled as stopped:
            outcome = f"{stopped} Nothing was written."
        except StoreError as error:
            outcome = str(error)
        except OSError as error:
            outcome = f"Not exported: {cannot_write(error)}"
        return outcome

    @on(ReturnProgress)
    def _progress(self, message: ReturnProgress) -> None:
        if self.working and not self._stop.is_set():
            self.query_one(ReportProgress).advance(message.done, message.total)

    def _done(self, outcome: ReturnSummary | str) -> None:
        if isinstance(outcome, str):
            self._finish(outcome)
            return
        pupils = plural(outcome.pupils, "pupil")
        schools = plural(outcome.establishments, "establishment")
        self._finish(f"Saved to {saved_where(outcome.path)}\nIt holds {pupils} of {schools}.")

    def _finish(self, text: str) -> None:
        self.working = False
        self.outcome = text
        self.query_one(ReportProgress).stop()
        self._say(text, DONE_HINT)

    def _say(self, text: str, hint: str) -> None:
        self.query_one("#la-message", Static).update(Text(text))
        self.query_one("#la-hint", Label).update(hint)

    def action_stop_or_close(self) -> None:
        if not self.working:
            self.dismiss(None)
        elif not self._stop.is_set():
            # Stopped between establishments: the worker then says where, and that nothing
            # was written.
            self._stop.set()
            self.query_one(ReportProgress).stop()
            self._say("Stopping…", "Please wait a moment")

    def action_close(self) -> None:
        if not self.working:
            self.dismiss(None)

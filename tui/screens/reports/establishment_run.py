"""A dialog for support's work over every establishment (the local authority's return, every
CTF, every data download): it says what it is doing with a progress bar, Escape stops it
between establishments, and once it is over it says what was written and Enter or Escape
closes it. Each kind of run gives its title, its work (in a worker) and its last words."""

from __future__ import annotations

import threading
from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Label, Static
from textual.worker import get_current_worker

from tui.widgets.reports.report_progress import ReportProgress

DONE_HINT = "Enter or Escape closes"
STOPPING_HINT = "Please wait a moment"

Progress = Callable[[int, int], None]
"""Told `done` of `total` establishments, from the worker's thread."""
Stopped = Callable[[], bool]
"""Whether to stop before the next establishment."""


class RunProgress(Message):
    """`done` of `total` establishments are written (posted from the worker's thread)."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class EstablishmentRun(ModalScreen[None]):
    """The dialog; a subclass composes its title with `dialog` and starts its work with
    `start`, ending with `finish`."""

    DEFAULT_CSS = """
    EstablishmentRun #run-progress { padding: 0; margin-top: 1; }
    EstablishmentRun #run-hint { margin-top: 1; }
    """

    BINDINGS = [
        Binding("escape", "stop_or_close", "Stop or close"),
        Binding("enter", "close", "Close", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.working = False
        self.outcome = ""
        """What the screen said at the end (for tests and screen readers)."""
        self._stop = threading.Event()

    def dialog(self, title: str, message: str = "", hint: str = "") -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(title, classes="dialog-title", markup=False)
            yield Static(message, id="run-message", markup=False)
            yield ReportProgress(id="run-progress")
            yield Label(hint, id="run-hint", classes="dialog-hint", markup=False)

    def start(self) -> None:
        """Show the progress bar: the work has begun."""
        self.working = True
        self.query_one(ReportProgress).start()

    def progress_and_stop(self) -> tuple[Progress, Stopped]:
        """In the worker's thread: what the work reports progress to, and asks whether to stop
        (also when the screen goes, at sign-out or quit, while it works)."""
        worker = get_current_worker()

        def progress(done: int, total: int) -> None:
            self.post_message(RunProgress(done, total))

        def stopped() -> bool:
            return self._stop.is_set() or worker.is_cancelled

        return progress, stopped

    @on(RunProgress)
    def _progress(self, message: RunProgress) -> None:
        if self.working and not self._stop.is_set():
            self.query_one(ReportProgress).advance(message.done, message.total)

    def finish(self, text: str) -> None:
        """The work is over: say `text`."""
        self.working = False
        self.outcome = text
        self.query_one(ReportProgress).stop()
        self.say(text, DONE_HINT)

    def say(self, text: str, hint: str) -> None:
        self.query_one("#run-message", Static).update(Text(text))
        self.query_one("#run-hint", Label).update(hint)

    def action_stop_or_close(self) -> None:
        if not self.working:
            self.dismiss(None)
        elif not self._stop.is_set():
            # Stopped between establishments: the worker then says what was written.
            self._stop.set()
            self.query_one(ReportProgress).stop()
            self.say("Stopping…", STOPPING_HINT)

    def action_close(self) -> None:
        if not self.working:
            self.dismiss(None)

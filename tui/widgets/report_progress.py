"""How far a report over many establishments has got: a bar and "k of n establishments"."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import ProgressBar, Static


class ReportProgress(Horizontal):
    """Hidden until a report over many establishments starts; says in words how far it is, so
    it reads without colour, and that Escape stops it."""

    DEFAULT_CSS = """
    ReportProgress { height: 1; padding: 0 1; display: none; }
    ReportProgress ProgressBar { width: auto; }
    ReportProgress #progress-text {
        width: 1fr; padding-left: 1; text-wrap: nowrap; text-overflow: ellipsis;
    }
    """

    def compose(self) -> ComposeResult:
        yield ProgressBar(show_eta=False, id="progress-bar")
        yield Static("", id="progress-text", markup=False)

    @property
    def text(self) -> str:
        """What the progress line says (for tests and screen readers)."""
        return str(self.query_one("#progress-text", Static).render())

    def start(self, total: int | None = None) -> None:
        self.display = True
        self.query_one(ProgressBar).update(progress=0, total=total)
        self._say("Finding the establishments… Escape stops")

    def advance(self, done: int, total: int) -> None:
        self.display = True
        self.query_one(ProgressBar).update(progress=done, total=total)
        self._say(f"{done} of {total} establishments · Escape stops")

    def stop(self) -> None:
        self.display = False

    def _say(self, text: str) -> None:
        self.query_one("#progress-text", Static).update(Text(text, no_wrap=True, end=""))

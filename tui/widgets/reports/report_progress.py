"""How far a report over many establishments has got: a bar and "k of n establishments"."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

BAR_WIDTH = 20


def progress_line(done: int, total: int | None, words: str) -> Text:
    """'██████░░░░ 39 of 200 establishments · Escape stops': a bar drawn in text, so it reads
    without colour and costs no widget or timer (Textual's ProgressBar animates on a timer)."""
    filled = BAR_WIDTH * done // total if total else 0
    return Text("█" * filled + "░" * (BAR_WIDTH - filled) + "  " + words, no_wrap=True, end="")


class ReportProgress(Static):
    """Hidden until a report over many establishments starts; says in words how far it is, so
    it reads without colour, and that Escape stops it."""

    DEFAULT_CSS = """
    ReportProgress {
        height: 1; padding: 0 1; display: none; text-wrap: nowrap; text-overflow: ellipsis;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self._words = ""

    @property
    def text(self) -> str:
        """What the progress line says (for tests and screen readers)."""
        return self._words

    def start(self, total: int | None = None) -> None:
        self._show(0, total, "Finding the establishments… Escape stops")

    def advance(self, done: int, total: int) -> None:
        self._show(done, total, f"{done:,} of {total:,} establishments · Escape stops")

    def stop(self) -> None:
        self.display = False

    def _show(self, done: int, total: int | None, words: str) -> None:
        self._words = words
        self.display = True
        self.update(progress_line(done, total, words))

"""Support's form for the phonics check's threshold mark of an academic year (h in the console).

The year's threshold is read first in a worker, to fill the form; the write is one row and its
audit, made on the UI thread as the console's other forms make theirs. A refusal stays in the
form with the cursor on the field to put right.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import ClassVar

from textual.app import ComposeResult
from textual.widgets import Label

from store.assessments.phonics_threshold import Threshold, phonics_threshold, set_phonics_threshold
from store.curriculum.dates import academic_year_of, format_academic_year, parse_academic_year
from store.curriculum.ks1 import MET, NOT_MET, PHONICS_MARK_MAX, PHONICS_THRESHOLD_USUAL
from tui.screens.dialogs.forms import FormDialog
from tui.screens.status_actions import CANCELLED, StatusActions
from tui.widgets.text_field import TextField

YEAR_FIELD = "threshold-year"
MARK_FIELD = "threshold-mark"

Save = Callable[[int, int], Threshold]
"""Writes (academic year, mark); raises the store's refusal."""


def read_mark(text: str) -> int:
    """A typed mark as a whole number; ValueError with a sentence when it is not one."""
    typed = text.strip()
    if not typed.isascii() or not typed.isdigit():
        raise ValueError(
            f"The threshold is a whole number from 0 to {PHONICS_MARK_MAX} (usually "
            f"{PHONICS_THRESHOLD_USUAL}), not {typed!r}."
        )
    return int(typed)


class PhonicsThresholdDialog(FormDialog[Threshold]):
    """The academic year and its threshold mark, filled with the year's current one."""

    FIELD_IDS: ClassVar[dict[str, str]] = {"academic_year": YEAR_FIELD, "mark": MARK_FIELD}

    def __init__(self, current: Threshold, save: Save) -> None:
        super().__init__("Phonics screening check: threshold mark")
        self.current = current
        self.save = save

    def fields(self) -> ComposeResult:
        yield Label(f"Now {self.current.said()}.", markup=False)
        yield Label("Academic year (e.g. 2025/2026)")
        yield TextField(
            format_academic_year(self.current.academic_year),
            max_length=12,
            what="The academic year",
            id=YEAR_FIELD,
        )
        yield Label(
            f"Threshold mark (0 to {PHONICS_MARK_MAX}: {MET} at or above it, {NOT_MET} below)"
        )
        yield TextField(str(self.current.mark), max_length=3, what="The mark", id=MARK_FIELD)

    def build(self) -> Threshold:
        year = self.read(YEAR_FIELD, parse_academic_year)
        mark = self.read(MARK_FIELD, read_mark)
        return self.save(year, mark)


class ThresholdActions(StatusActions):
    """Setting the phonics threshold from the support console."""

    def ask(self, today: date) -> None:
        """Read this academic year's threshold, then ask for the year and mark to set."""
        db, actor = self.database, self.actor
        year = academic_year_of(today)

        def save(academic_year: int, mark: int) -> Threshold:
            return set_phonics_threshold(db, actor, academic_year, mark)

        def done(saved: Threshold | None) -> None:
            if saved is None:
                self.report(CANCELLED, False)
                return
            self.report(
                f"Phonics threshold {saved.said()}: grids show the outcomes by it when they "
                "next read their pupils (f5).",
                False,
            )

        def read(current: Threshold) -> None:
            self.screen.app.push_screen(PhonicsThresholdDialog(current, save), done)

        # A read: the store's own words, not "Not done: ...".
        self.run(lambda: phonics_threshold(db, year), read, str)

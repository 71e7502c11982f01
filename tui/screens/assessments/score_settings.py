"""B in the grid: the establishment's standardised score settings (the threshold it takes as
age-related, where each band starts, the margin of "maintained"), which its manager or support
sets in a form; anyone else is told who can.

The form starts from the settings the grid read with its cohort; the write is one row and its
audit, made on the UI thread as the other small forms make theirs, and a refusal stays in the
form with the cursor on the field to put right. Saved, the grid reads its cohort again so that
its foot and status line count by the new settings.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.widgets import Label

from store.assessments.grid_model import GridModel
from store.assessments.score_settings import SavedScoreSettings, set_score_settings
from store.core.access import Actor, may_set_score_settings
from store.core.db import Database
from store.curriculum.score_bands import (
    BAND_NAMES,
    MARGIN_MAX,
    SCORE_HIGH,
    SCORE_LOW,
    ScoreSettings,
)
from tui.screens.dialogs.forms import FormDialog
from tui.widgets.text_field import TextField

THRESHOLD_FIELD = "score-threshold"
MARGIN_FIELD = "score-margin"
EDGES_FIELD = "score-bands"
NO_SCORES_HERE = "B sets the score threshold and bands: press it in a standardised scores test."
WHO_MAY = "Only a manager or support can set the score threshold, bands and margin."
MEANING = (
    "The threshold is the score your school takes as age-related on the test's scale (100 is "
    "the average of its sample). It is not the national KS2 scaled score, whose 100 is the "
    "expected standard of the end-of-key-stage tests."
)

Save = Callable[[ScoreSettings], SavedScoreSettings]
"""Writes the settings; raises the store's refusal."""


def read_whole(what: str, low: int, high: int) -> Callable[[str], int]:
    """A reader of a typed whole number from `low` to `high`; ValueError with a sentence."""

    def read(text: str) -> int:
        typed = text.strip()
        if not typed.isascii() or not typed.isdigit():
            raise ValueError(f"{what} is a whole number from {low} to {high}, not {typed!r}.")
        return int(typed)

    return read


def read_edges(text: str) -> tuple[int, ...]:
    """Five whole numbers, where each band starts ("70 85 95 105 115"); ValueError with a
    sentence when they are not."""
    typed = text.replace(",", " ").split()
    if len(typed) != len(BAND_NAMES) or not all(t.isascii() and t.isdigit() for t in typed):
        raise ValueError(
            f"Type where each of the {len(BAND_NAMES)} bands starts ({', '.join(BAND_NAMES)}), "
            f"lowest first, as whole numbers: e.g. 70 85 95 105 115, not {text.strip()!r}."
        )
    return tuple(int(t) for t in typed)


class ScoreSettingsDialog(FormDialog[SavedScoreSettings]):
    """The threshold, each band's first score and the margin, filled with the current ones."""

    FIELD_IDS: ClassVar[dict[str, str]] = {
        "threshold": THRESHOLD_FIELD,
        "edges": EDGES_FIELD,
        "margin": MARGIN_FIELD,
    }

    def __init__(self, current: ScoreSettings, save: Save) -> None:
        super().__init__("Standardised scores: threshold, bands and margin")
        self.current = current
        self.save = save

    def fields(self) -> ComposeResult:
        yield Label(MEANING, markup=False)
        yield Label(f"Threshold: at or above it is age-related ({SCORE_LOW} to {SCORE_HIGH})")
        yield TextField(
            str(self.current.threshold), max_length=3, what="The threshold", id=THRESHOLD_FIELD
        )
        # One field for the five: seven fields of three lines each would not fit 80x24.
        yield Label(f"Where the bands start: {', '.join(BAND_NAMES)} ({SCORE_LOW} is well below)")
        edges = " ".join(str(edge) for edge in self.current.edges)
        yield TextField(edges, max_length=40, what="Where the bands start", id=EDGES_FIELD)
        yield Label(f"Maintained: a change in score within this either way (0 to {MARGIN_MAX})")
        yield TextField(str(self.current.margin), max_length=2, what="The margin", id=MARGIN_FIELD)

    def build(self) -> SavedScoreSettings:
        threshold = self.read(THRESHOLD_FIELD, read_whole("The threshold", SCORE_LOW, SCORE_HIGH))
        edges = self.read(EDGES_FIELD, read_edges)
        margin = self.read(MARGIN_FIELD, read_whole("The margin", 0, MARGIN_MAX))
        return self.save(ScoreSettings(threshold, edges, margin))


def ask_score_settings(
    app: App[object],
    database: Database,
    actor: Actor,
    establishment_id: int,
    model: GridModel | None,
    say: Callable[[str], None],
    reload: Callable[[Callable[[], None]], None],
) -> None:
    """Open the form for a manager or support in a grid showing standardised scores; else say
    why not. After a save, `reload` reads the cohort again, then runs what it is given."""
    if model is None or not any(framework.has_scores for framework in model.frameworks_shown):
        say(NO_SCORES_HERE)
        return
    if not may_set_score_settings(actor, establishment_id):
        say(WHO_MAY)
        return

    def save(settings: ScoreSettings) -> SavedScoreSettings:
        return set_score_settings(database, actor, establishment_id, settings)

    def done(result: SavedScoreSettings | None) -> None:
        if result is not None:
            sentence = f"Score settings: {result.settings.said()}."
            reload(lambda: say(sentence))

    app.push_screen(ScoreSettingsDialog(model.cohort.settings.scores, save), done)

"""The Areas of Development grid of a progress meeting: 17 rows of four whole percentages."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from store.core.words import plural
from store.curriculum.eyfs import AREA_BY_CODE
from store.meetings.figures import MeetingFigures

NAME_WIDTH = 30
FIGURE_WIDTH = 11
HEADINGS = ("% below", "prev.", "% on track", "prev.")


def figure_cell(value: int | None) -> str:
    """A whole percentage as the form shows it: "17", or blank."""
    return "" if value is None else str(value)


def figures_text(figures: MeetingFigures) -> Text:
    """The grid as lines of text: readable in 16 colours and with NO_COLOR."""
    text = Text(no_wrap=True, overflow="ellipsis")
    head = "".join(f"{heading:>{FIGURE_WIDTH}}" for heading in HEADINGS)
    text.append(f"{'Area of development':<{NAME_WIDTH}}{head}\n", style="bold underline")
    for index, area in enumerate(figures.areas):
        name = f"{area.code:<4}{AREA_BY_CODE[area.code].name}"
        if len(name) > NAME_WIDTH - 1:
            name = name[: NAME_WIDTH - 2] + "…"
        cells = "".join(f"{figure_cell(value):>{FIGURE_WIDTH}}" for value in area.values)
        end = "\n" if index < len(figures.areas) - 1 else ""
        text.append(f"{name:<{NAME_WIDTH}}{cells}{end}")
    return text


class FiguresTable(Static):
    """Read-only: the figures come from the judgements, never from typing."""

    DEFAULT_CSS = """
    FiguresTable { height: auto; width: auto; padding: 0 1; }
    """

    def show(self, figures: MeetingFigures) -> None:
        self.update(figures_text(figures))


def figures_about(figures: MeetingFigures, class_name: str) -> str:
    """What the grid counts: the assessment, the one before, and how many children."""
    if not figures.period_name:
        return "No assessment chosen: choose one above and the figures are counted."
    before = figures.previous_period_name or "none (the year's first assessment)"
    return (
        f"{figures.period_name}, previous: {before}. Whole percentages of the "
        f"{plural(figures.cohort_size, 'child', 'children')} in {class_name} included in data."
    )


def figures_note(figures: MeetingFigures, period_deleted: bool, differ: bool) -> str:
    """Whether the saved figures still match the judgements."""
    if period_deleted:
        return (
            f"The assessment {figures.period_name} has been deleted: these are the figures "
            "saved with the meeting."
        )
    if differ:
        return (
            "The judgements have changed since these figures were saved with the meeting: "
            "f5 counts them again."
        )
    return "As saved with the meeting; they match today's judgements."

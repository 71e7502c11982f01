"""A focused control looks different without any colour (16 colours, NO_COLOR): reverse video,
not a change from grey to white."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.style import Style
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select

from tui.widgets.choice_field import ChoiceField
from tui.widgets.text_field import TextField
from tui.widgets.tick import TickBox, TickList, plain_selection

APP_CSS = Path(__file__).parents[2] / "tui" / "app.tcss"


class Controls(App[None]):
    CSS_PATH = str(APP_CSS)

    def compose(self) -> ComposeResult:
        yield Label("Start", id="start")
        yield Input("Abdi", id="compact-input", compact=True)
        yield Input("", placeholder="dd/mm/yyyy", id="empty-input", compact=True)
        yield Input("Blessing", id="tall-input")
        yield TextField("Robins", max_length=40, id="text-field", compact=True)
        yield Select([("Class 1", 1), ("Class 2", 2)], value=1, id="compact-select", compact=True)
        yield Select([("Female", "F"), ("Male", "M")], value="F", id="select")
        yield TickBox("EAL", False, id="tick-box")
        yield TickList(plain_selection("Autumn 1", 1), plain_selection("Autumn 2", 2), id="ticks")
        yield ChoiceField("Class", "Class 2", kind="class", id="choice")
        yield Button("Save", id="button")

    def on_mount(self) -> None:
        self.query_one("#start", Label).can_focus = True


def without_colour(pilot: Pilot[None], widget: Widget) -> list[tuple[str, Style | None]]:
    """The widget's cells as a terminal without colour shows them: text and attributes."""
    region = widget.region
    strips = list(pilot.app.screen._compositor.render_strips())
    cells: list[tuple[str, Style | None]] = []
    for strip in strips[region.y : region.y + region.height]:
        for segment in strip.crop(region.x, region.x + region.width):
            style = segment.style.without_color if segment.style else None
            cells += [(char, style) for char in segment.text]
    return cells


@pytest.mark.parametrize(
    "widget_id",
    [
        "compact-input",
        "empty-input",
        "tall-input",
        "text-field",
        "compact-select",
        "select",
        "tick-box",
        "ticks",
        "choice",
        "button",
    ],
)
async def test_focus_shows_without_colour(widget_id: str) -> None:
    app = Controls()
    async with app.run_test(size=(80, 40)) as pilot:
        widget = app.query_one(f"#{widget_id}")
        app.query_one("#start").focus()
        await pilot.pause()
        blurred = without_colour(pilot, widget)
        widget.focus()
        await pilot.pause()
        focused = without_colour(pilot, widget)
        assert focused != blurred
        reversed_cells = [char for char, style in focused if style is not None and style.reverse]
        assert len(reversed_cells) >= 3  # a block a person sees, not a stray cell

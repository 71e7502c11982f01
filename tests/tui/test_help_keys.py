"""F1 help: the screen's own commands first, the moving keys after, fallbacks never."""

from __future__ import annotations

from textual.widgets import Static

from tests.tui.assessments.test_grid_keys import make_app, open_grid
from tests.tui.conftest import School
from tui.screens.help import HelpScreen


async def _help_text(school: School) -> str:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        await open_grid(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)
        return "\n".join(str(static.render()) for static in pilot.app.screen.query(Static))


async def test_help_lists_the_grids_commands_before_the_moving_keys(school: School) -> None:
    text = await _help_text(school)
    assert "Moving around" in text
    commands, moving = text.split("Moving around", 1)
    assert "On track (also 2)" in commands and "Undo" in commands
    assert "Page down" in moving and "On track (also 2)" not in moving


async def test_help_leaves_out_keys_that_only_say_what_to_press(school: School) -> None:
    text = await _help_text(school)
    for fallback in ("not here", "Delete a period: managers", "Keys of other columns"):
        assert fallback not in text
    assert "Below/Emerging" not in text  # the digits are named in the letters' lines

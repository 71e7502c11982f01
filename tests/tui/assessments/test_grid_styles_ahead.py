"""The Home screen parses the Assessments screen's styles while the person reads it
(tui/styles_ahead.py), so the grid's first opening adds nothing to the stylesheet."""

from __future__ import annotations

from tests.tui.conftest import School
from tests.tui.waiting import settle
from tui.app import PupilTrackerApp
from tui.screens.assessments.grid_screen import AssessmentsScreen
from tui.screens.school.home import HomeScreen


async def test_the_grid_opens_on_styles_parsed_while_home_was_read(school: School) -> None:
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        sources = pilot.app.stylesheet.source
        assert "JudgementGrid.DEFAULT_CSS" not in {name for _, name in sources}
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
        prepared = dict(sources)
        assert "JudgementGrid.DEFAULT_CSS" in {name for _, name in prepared}
        assert not pilot.app.stylesheet._require_parse  # parsed, not only added
        await pilot.press("a")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, AssessmentsScreen)
        # Every widget the grid mounted found its styles there (STYLED_CLASSES is whole).
        assert dict(sources) == prepared

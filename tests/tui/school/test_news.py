"""Pilot tests of the support team's news screen (home key n): add, edit, retire."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from textual.pilot import Pilot
from textual.widgets import Static

from store.core.access import Actor, Role
from store.core.models_news import NewsItem
from tests.tui.conftest import School
from tui.app import PupilTrackerApp
from tui.screens.school.home import HomeScreen
from tui.screens.school.news import NewsDialog, NewsScreen
from tui.widgets.school.headline import HomeBoard

SUPPORT = Actor("support.tester", Role.SUPPORT, None)


def items(school: School) -> list[NewsItem]:
    with school.database.read() as session:
        rows = list(session.scalars(select(NewsItem)))
        for row in rows:
            session.expunge(row)
        return rows


async def type_text(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*("space" if char == " " else char for char in text))


async def settle(pilot: Pilot[None]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_support_posts_edits_and_retires_news(school: School) -> None:
    async with PupilTrackerApp(school.database, SUPPORT).run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "n")
        await pilot.pause()
        assert isinstance(pilot.app.screen, NewsScreen)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(pilot.app.screen, NewsDialog)
        await type_text(pilot, "Roll forward done")
        await pilot.press("tab")
        await type_text(pilot, "Pupils moved up")
        await pilot.press("enter")
        await type_text(pilot, "over the summer")
        await pilot.press("tab", "enter", "enter")  # From: today as offered; Retire: blank
        await pilot.pause()
        assert isinstance(pilot.app.screen, NewsScreen)
        (item,) = items(school)
        assert (item.title, item.text, item.show_from, item.retire_on, item.posted_by) == (
            "Roll forward done",
            "Pupils moved up\nover the summer",
            date.today(),
            None,
            "support.tester",
        )

        await pilot.press("e")
        await pilot.pause()
        await pilot.press("end")
        await type_text(pilot, " for 2026")
        await pilot.press("f2")
        await pilot.pause()
        assert items(school)[0].title == "Roll forward done for 2026"

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
        board = pilot.app.screen.query_one(HomeBoard)
        assert "Roll forward done for 2026" in str(board.query_one("#news-items", Static).render())

        await pilot.press("n", "r", "y")
        await pilot.pause()
        assert items(school)[0].retire_on == date.today()
        await pilot.press("escape")
        await settle(pilot)
        news_shown = str(board.query_one("#news-items", Static).render())
        assert news_shown == "No news at the moment."


async def test_a_bad_date_keeps_the_form_open_with_the_reason(school: School) -> None:
    async with PupilTrackerApp(school.database, SUPPORT).run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "n", "a")
        await type_text(pilot, "Title")
        await pilot.press("tab")
        await type_text(pilot, "Text")
        await pilot.press("tab", "end", "backspace", "backspace", "backspace", "backspace")
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, NewsDialog)
        error = str(pilot.app.screen.query_one("#form-error", Static).render())
        assert "dd/mm/yyyy" in error
    assert items(school) == []


async def test_only_support_opens_the_news_screen(school: School) -> None:
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "n")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)


async def test_the_whole_news_dialog_fits_at_80x24(school: School) -> None:
    async with PupilTrackerApp(school.database, SUPPORT).run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "n", "a")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, NewsDialog)
        hint = dialog.query_one(".dialog-hint", Static)
        retire = dialog.query_one("#news-retire")
        for widget in (hint, retire):
            region = widget.region
            assert region.height >= 1 and region.bottom <= 24, widget

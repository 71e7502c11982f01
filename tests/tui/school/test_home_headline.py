"""Pilot tests of the home screen's cycling headline and the news under it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from store.assessments.changes import judgement_edit
from store.assessments.cohort import Cell
from store.assessments.judgements import write_changes
from store.core.access import Actor, Role
from store.curriculum.eyfs import Judgement
from store.establishments import news
from store.reports.headlines import cohort_headlines
from tests.tui.conftest import School
from tui.app import PupilTrackerApp
from tui.screens.school.home import HomeScreen
from tui.widgets.school.headline import HomeBoard

SUPPORT = Actor("support.tester", Role.SUPPORT, None)


def count_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the headline's reads of the database."""
    calls: list[int] = []

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return cohort_headlines(*args, **kwargs)

    monkeypatch.setattr("tui.widgets.school.headline.cohort_headlines", counting)
    return calls


async def open_home(pilot: Pilot[None]) -> HomeBoard:
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(pilot.app.screen, HomeScreen)
    return pilot.app.screen.query_one(HomeBoard)


def shown(board: HomeBoard, selector: str) -> str:
    return str(board.query_one(selector, Static).render())


async def test_the_headline_cycles_from_memory_and_refreshes_on_return(
    school: School, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 3 of the 4 pupils On track in Listening, Attention and Understanding; Adeyemi blank.
    edits = [
        judgement_edit(pupil, school.period_id, "LAU", Cell(Judgement.ON_TRACK))
        for pupil in school.pupil_ids[1:]
    ]
    write_changes(school.database, school.actor, school.establishment.id, edits)
    reads = count_reads(monkeypatch)
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        board = await open_home(pilot)
        text = shown(board, "#headline")
        assert "Reception · Autumn 1" in text and "1/17" in text
        assert "75% of your Reception cohort (3/4 pupils) are on track in Listening" in text
        assert text.splitlines()[0].startswith("█" * 9 + "░" * 3 + "  75%")  # readable uncoloured
        for _ in range(17):
            board.advance()  # what the timer calls every few seconds
        await pilot.pause()
        assert "1/17" in shown(board, "#headline")
        board.advance()
        await pilot.pause()
        assert "0% of your Reception cohort (0/4 pupils) are on track in Speaking" in shown(
            board, "#headline"
        )
        assert len(reads) == 1  # the ticks read nothing
        # Adeyemi's first cell On track in the grid; back home the headline has been re-read.
        await pilot.press("a", "o", "escape")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert len(reads) == 2
        for _ in range(16):
            board.advance()
        await pilot.pause()
        assert "100% of your Reception cohort (4/4 pupils)" in shown(board, "#headline")


async def test_the_headline_stands_still_while_another_screen_covers_home(
    school: School,
) -> None:
    # A change to home under the grid repainted the whole grid every few seconds.
    edits = [judgement_edit(school.pupil_ids[0], school.period_id, "LAU", Cell(Judgement.BELOW))]
    write_changes(school.database, school.actor, school.establishment.id, edits)
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        board = await open_home(pilot)
        assert "1/17" in shown(board, "#headline")
        await pilot.press("a")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, HomeScreen)
        board.advance()  # what the timer calls every few seconds
        await pilot.pause()
        assert board.position == 0 and "1/17" in shown(board, "#headline")
        await pilot.press("escape")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)
        board.advance()
        await pilot.pause()
        assert board.position == 1 and "2/17" in shown(board, "#headline")


async def test_live_news_shows_under_the_headline(school: School) -> None:
    news.add_news(school.database, SUPPORT, "Roll forward done", "Pupils moved up.", date.today())
    news.add_news(
        school.database, SUPPORT, "Tomorrow", "Not yet.", date.today() + timedelta(days=1)
    )
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        board = await open_home(pilot)
        assert board.query_one("#headline").display
        assert "No judgements entered yet" in shown(board, "#headline")
        items = shown(board, "#news-items")
        assert "Roll forward done" in items and "Pupils moved up." in items
        assert "Tomorrow" not in items


async def test_support_sees_the_news_only(school: School) -> None:
    news.add_news(school.database, SUPPORT, "Maintenance", "Down on Sunday.", date.today())
    async with PupilTrackerApp(school.database, SUPPORT).run_test(size=(80, 24)) as pilot:
        board = await open_home(pilot)
        assert not board.query_one("#headline").display
        assert board.headlines == []
        assert "Maintenance" in shown(board, "#news-items")

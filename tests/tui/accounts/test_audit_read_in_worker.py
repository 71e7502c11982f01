"""The audit trail is read in a worker: a filter that matches nobody reads the whole trail."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from tests.tui.conftest import School
from tests.tui.waiting import settle, watch_database_threads
from tui.app import PupilTrackerApp
from tui.screens.accounts.audit import AuditScreen


async def test_the_trail_and_its_filters_are_read_off_the_ui_thread(
    school: School, monkeypatch: pytest.MonkeyPatch
) -> None:
    sessions = watch_database_threads(monkeypatch)
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        sessions.watching = True
        await pilot.press("t")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, AuditScreen)
        assert screen.query_one(DataTable).row_count > 0  # the period's creation, at least
        await pilot.press("slash", *"nobody", "enter")  # Who: nobody
        await settle(pilot)
        assert screen.query_one(DataTable).row_count == 0
        assert screen.trail.username == "nobody"
        sessions.watching = False
    assert len(sessions.threads) >= 2
    assert sessions.on_ui_thread == 0

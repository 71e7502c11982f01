"""The start screen reads the establishments once as it opens, and again each time a person
comes back to it, so a school added meanwhile is listed."""

from __future__ import annotations

import pytest

import tui.screens.start
from store.core.access import Actor, Role
from store.core.db import Database
from store.establishments.establishments import create_establishment
from tests.tui.waiting import settle
from tui.app import PupilTrackerApp
from tui.screens.start import StartScreen

SUPPORT = Actor("support", Role.SUPPORT, None)


async def test_read_once_on_opening_and_again_on_coming_back(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    create_establishment(database, SUPPORT, "2041", "ST ANNE'S")
    reads: list[int] = []
    listed = tui.screens.start.list_establishments

    def counted(*args: object, **kwargs: object) -> object:
        reads.append(1)
        return listed(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(tui.screens.start, "list_establishments", counted)
    async with PupilTrackerApp(database, SUPPORT).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        start = pilot.app.screen
        assert isinstance(start, StartScreen)
        assert len(reads) == 1
        await pilot.press("enter")
        await settle(pilot)
        assert pilot.app.screen is not start
        create_establishment(database, SUPPORT, "2042", "ÉCOLE [b]NOUVELLE[/b]")
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is start
        assert len(reads) == 2
        assert [e.name for e in start.establishments] == ["ST ANNE'S", "ÉCOLE [b]NOUVELLE[/b]"]

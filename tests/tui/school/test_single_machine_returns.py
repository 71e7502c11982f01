"""A single-machine install has no support team: its administrator (the person at a database
with no accounts) sets the numbers a return names the school by (N) and the phonics pass mark
(h) from the start screen; a school's own manager is never offered either."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlmodel import col
from textual.pilot import Pilot

from store.assessments.phonics_threshold import ACTION as THRESHOLD_SET
from store.assessments.phonics_threshold import phonics_threshold
from store.core.access import Actor, Role, local_actor
from store.core.db import Database
from store.core.models import AuditEntry
from store.establishments.establishments import (
    EstablishmentInfo,
    create_establishment,
    get_establishment,
)
from store.establishments.return_identity import ACTION as NUMBERS_SET
from tests.tui.waiting import settle
from tui.app import PupilTrackerApp
from tui.screens.start import StartScreen
from tui.screens.support.phonics_threshold import PhonicsThresholdDialog
from tui.screens.support.return_identity import ReturnIdentityDialog
from tui.widgets.key_bar import key_text

TODAY = date(2026, 3, 2)  # 2025/2026


def school(database: Database) -> EstablishmentInfo:
    return create_establishment(database, local_actor(None), "2041", "ST MARY'S PRIMARY")


async def on_start(pilot: Pilot[None]) -> StartScreen:
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, StartScreen)
    return screen


async def test_the_administrator_sets_the_return_numbers_and_the_pass_mark(
    database: Database,
) -> None:
    made = school(database)
    app = PupilTrackerApp(database, local_actor(None), today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        start = await on_start(pilot)
        keys = key_text(start).plain
        assert "Return numbers" in keys and "Pass mark" in keys
        await pilot.press("N")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ReturnIdentityDialog)
        await pilot.press(*"873", "enter", *"2001", "enter", *"100001", "enter")
        await settle(pilot)
        assert pilot.app.screen is start
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PhonicsThresholdDialog)
        await pilot.press("enter", "ctrl+u", *"31", "enter")
        await settle(pilot)
        assert pilot.app.screen is start
    info = get_establishment(database, made.id)
    assert (info.la_number, info.dfe_number, info.urn) == ("873", "2001", "100001")
    assert phonics_threshold(database, 2025).mark == 31
    with database.read() as session:
        trail = [
            (row.action, row.new_value)
            for row in session.scalars(select(AuditEntry).order_by(col(AuditEntry.id)))
            if row.action in (THRESHOLD_SET, NUMBERS_SET)
        ]
    assert trail == [
        (NUMBERS_SET, "873"),
        (NUMBERS_SET, "2001"),
        (NUMBERS_SET, "100001"),
        (THRESHOLD_SET, "31"),
    ]


async def test_a_schools_manager_is_offered_neither(database: Database) -> None:
    made = school(database)
    head = Actor("head", Role.MANAGER, made.id)
    async with PupilTrackerApp(database, head, today=TODAY).run_test(size=(80, 24)) as pilot:
        start = pilot.app.screen
        if not isinstance(start, StartScreen):  # a school's account opens on its Home
            start = StartScreen(database, head, TODAY)
            await pilot.app.push_screen(start)
        await settle(pilot)
        assert not start.check_action("return_numbers", ())
        assert not start.check_action("phonics_threshold", ())
        keys = key_text(start).plain
        assert "Return numbers" not in keys and "Pass mark" not in keys
        await pilot.press("N", "h")
        await settle(pilot)
        assert pilot.app.screen is start
    info = get_establishment(database, made.id)
    assert (info.la_number, info.dfe_number, info.urn) == (None, None, None)
    assert phonics_threshold(database, 2025).mark == 32

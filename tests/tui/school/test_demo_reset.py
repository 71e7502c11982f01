"""Pilot tests of d on the first screen: the demo is made at once the first time; after that d
says what a reset deletes, Enter opens it as it is, r resets it, Escape leaves it alone."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlmodel import col
from textual.pilot import Pilot

from store.core.access import local_actor
from store.core.db import Database
from store.core.models import Pupil
from store.demo import DEMO_NUMBER, ensure_demo
from store.establishments.establishments import find_establishment_by_number
from tests.tui.waiting import settle
from tui.app import PupilTrackerApp
from tui.screens.school.demo_flow import DemoResetDialog
from tui.screens.school.home import HomeScreen
from tui.screens.start import StartScreen

TODAY = date(2025, 11, 3)


def pupils_named(database: Database, surname: str) -> int:
    with database.read() as session:
        query = select(func.count()).select_from(Pupil).where(col(Pupil.surname) == surname)
        return int(session.scalar(query) or 0)


def add_marker(database: Database) -> None:
    """A pupil typed into the training school: a reset deletes it."""
    demo = find_establishment_by_number(database, DEMO_NUMBER)
    assert demo is not None
    with database.write() as session:
        session.add(
            Pupil(
                establishment_id=demo.id,
                upn="A999999999999",
                surname="Typed-In",
                forenames="Kit",
                date_of_birth=date(2020, 10, 1),
            )
        )


async def press_d(pilot: Pilot[None]) -> None:
    assert isinstance(pilot.app.screen, StartScreen)
    await pilot.press("d")
    await settle(pilot)


async def test_the_first_d_makes_the_demo_and_opens_it(database: Database) -> None:
    app = PupilTrackerApp(database, local_actor(None), today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await press_d(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
    assert find_establishment_by_number(database, DEMO_NUMBER) is not None


async def test_d_says_what_a_reset_deletes_and_only_r_resets(database: Database) -> None:
    ensure_demo(database, local_actor(None), TODAY)
    add_marker(database)
    app = PupilTrackerApp(database, local_actor(None), today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await press_d(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, DemoResetDialog)
        assert dialog.loses.startswith("its 77 pupils with 0 interventions, 2 assessments holding")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, StartScreen)
        assert pupils_named(database, "Typed-In") == 1
        await press_d(pilot)
        await pilot.press("enter")  # open it as it is
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
        assert pupils_named(database, "Typed-In") == 1
        await pilot.press("escape")
        await settle(pilot)
        await press_d(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
    assert pupils_named(database, "Typed-In") == 0

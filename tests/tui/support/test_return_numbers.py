"""Pilot tests of the support console's l: an establishment's LA number, DfE number and URN."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlmodel import col
from textual.pilot import Pilot
from textual.widgets import Input, Label, Static

from store.accounts.settings import SecuritySettings
from store.core.access import Actor, Role
from store.core.db import Database
from store.core.models import AuditEntry
from store.establishments.establishments import EstablishmentInfo, get_establishment
from store.establishments.return_identity import ACTION, set_return_identity
from tests.store.accounts_helpers import Clock, Person
from tests.tui.waiting import settle
from tui.app import PupilTrackerApp
from tui.screens.start import StartScreen
from tui.screens.support.console import SupportConsoleScreen
from tui.screens.support.console_reads import Hit
from tui.screens.support.return_identity import ReturnIdentityDialog
from tui.widgets.accounts.account_panel import AccountPanel
from tui.widgets.key_bar import key_text

pytestmark = pytest.mark.usefixtures("quick_hashing")

SUPPORT = Actor("helpdesk", Role.SUPPORT, None, "ssh 192.0.2.50")
FIELDS = ("#identity-la-number", "#identity-dfe-number", "#identity-urn")


def app(database: Database, clock: Clock, settings: SecuritySettings) -> PupilTrackerApp:
    return PupilTrackerApp(
        database, actor=SUPPORT, clock=clock, settings=settings, today=date(2025, 11, 3)
    )


async def open_school(pilot: Pilot[None], number: str) -> SupportConsoleScreen:
    """s opens the console; the school is found and highlighted."""
    assert isinstance(pilot.app.screen, StartScreen)
    await pilot.press("s")
    await settle(pilot)
    console = pilot.app.screen
    assert isinstance(console, SupportConsoleScreen)
    await pilot.press(*number, "enter")
    await settle(pilot)
    return console


def status(pilot: Pilot[None]) -> str:
    return str(pilot.app.screen.query_one("#console-status", Static).render())


def panel(pilot: Pilot[None]) -> str:
    return pilot.app.screen.query_one(AccountPanel).plain


def typed(dialog: ReturnIdentityDialog) -> list[str]:
    return [dialog.query_one(field, Input).value for field in FIELDS]


def numbers(database: Database, school: EstablishmentInfo) -> tuple[str | None, ...]:
    info = get_establishment(database, school.id)
    return (info.la_number, info.dfe_number, info.urn)


def trail(database: Database) -> list[tuple[str, str, str | None, str | None]]:
    with database.read() as session:
        rows = session.scalars(
            select(AuditEntry).where(col(AuditEntry.action) == ACTION).order_by(col(AuditEntry.id))
        )
        return [(row.actor, row.target, row.old_value, row.new_value) for row in rows]


async def test_support_sets_the_three_numbers_with_l(
    database: Database,
    helpdesk: Person,
    stmarys: EstablishmentInfo,
    clock: Clock,
    settings: SecuritySettings,
) -> None:
    async with app(database, clock, settings).run_test(size=(80, 24)) as pilot:
        await open_school(pilot, "2041")
        assert "LA number not set, DfE number not set, URN not set" in panel(pilot)
        assert " l LA/DfE/URN " in key_text(pilot.app.screen).plain
        await pilot.press("l")
        dialog = pilot.app.screen
        assert isinstance(dialog, ReturnIdentityDialog)
        assert typed(dialog) == ["", "", ""]
        await pilot.press(*"873", "enter", *"2001", "enter", *"100 001", "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, SupportConsoleScreen)
        said = "LA number 873, DfE number 2001, URN 100001"
        assert status(pilot) == f"{stmarys.title}: {said}."
        assert said in panel(pilot)
        # Again: the dialog offers what is set; a blank clears one.
        await pilot.press("l")
        dialog = pilot.app.screen
        assert isinstance(dialog, ReturnIdentityDialog)
        assert typed(dialog) == ["873", "2001", "100001"]
        await pilot.press("enter", "ctrl+u", "f2")
        await settle(pilot)
        assert "LA number 873, DfE number not set, URN 100001" in panel(pilot)
    assert numbers(database, stmarys) == ("873", None, "100001")
    assert trail(database) == [
        ("helpdesk", "LA number", None, "873"),
        ("helpdesk", "DfE number", None, "2001"),
        ("helpdesk", "URN", None, "100001"),
        ("helpdesk", "DfE number", "2001", None),
    ]


async def test_a_wrong_number_is_said_in_the_dialog_and_nothing_is_written(
    database: Database,
    helpdesk: Person,
    stmarys: EstablishmentInfo,
    clock: Clock,
    settings: SecuritySettings,
) -> None:
    set_return_identity(
        database, SUPPORT, stmarys.id, la_number="873", dfe_number="2001", urn="100001"
    )
    async with app(database, clock, settings).run_test(size=(80, 24)) as pilot:
        await open_school(pilot, "2041")
        await pilot.press("l")
        dialog = pilot.app.screen
        assert isinstance(dialog, ReturnIdentityDialog)
        await pilot.press("ctrl+u", *"33", "enter", "ctrl+u", *"2002", "enter")
        await pilot.press("ctrl+u", *"10000A", "enter")
        await settle(pilot)
        assert pilot.app.screen is dialog  # kept open, with what was typed
        error = str(dialog.query_one("#form-error", Label).render())
        assert error == "The LA number is 3 digits, e.g. 873; '33' is not."
        assert typed(dialog) == ["33", "2002", "10000A"]
        assert pilot.app.focused is dialog.query_one("#identity-la-number", Input)
        # Put right, the URN is still wrong: said next, the cursor on it.
        await pilot.press("ctrl+u", *"330", "f2")
        await settle(pilot)
        error = str(dialog.query_one("#form-error", Label).render())
        assert error == "The URN is 6 digits, e.g. 100001; '10000A' is not."
        assert pilot.app.focused is dialog.query_one("#identity-urn", Input)
        assert numbers(database, stmarys) == ("873", "2001", "100001")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, SupportConsoleScreen)
        assert status(pilot) == "Cancelled: nothing was changed."
    assert numbers(database, stmarys) == ("873", "2001", "100001")
    assert len(trail(database)) == 3  # only the set-up's


async def test_l_is_offered_on_a_school_only_and_to_support_only(
    database: Database,
    helpdesk: Person,
    stmarys: EstablishmentInfo,
    clock: Clock,
    settings: SecuritySettings,
) -> None:
    async with app(database, clock, settings).run_test(size=(80, 24)) as pilot:
        console = await open_school(pilot, "helpdesk")  # an account, not a school
        assert not console.check_action("return_numbers", ())
        assert "LA/DfE/URN" not in key_text(console).plain
        await pilot.press("l")
        await settle(pilot)
        assert pilot.app.screen is console
        # Anyone else never reaches the console (s is support's); were it opened for them,
        # l would still be hidden on a school.
        manager = SupportConsoleScreen(database, Actor("head", Role.MANAGER, stmarys.id))
        await pilot.app.push_screen(manager)
        await settle(pilot)
        manager.show_hits([Hit(establishment=stmarys)], quiet=True)
        await settle(pilot)
        assert manager.current is not None
        assert not manager.check_action("return_numbers", ())
        assert "LA/DfE/URN" not in key_text(manager).plain
        await pilot.press("down", "l")
        await settle(pilot)
        assert pilot.app.screen is manager
    assert numbers(database, stmarys) == (None, None, None)

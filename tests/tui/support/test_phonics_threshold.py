"""Pilot tests of the support console's h: the phonics check's threshold mark of a year."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlmodel import col
from textual.widgets import Input, Label

from store.accounts.settings import SecuritySettings
from store.assessments.phonics_threshold import ACTION, phonics_threshold
from store.core.access import Actor, Role
from store.core.db import Database
from store.core.models import AuditEntry
from store.establishments.establishments import EstablishmentInfo
from tests.store.accounts_helpers import Clock, Person
from tests.tui.support.test_return_numbers import app, open_school, status
from tests.tui.waiting import settle
from tui.screens.support.console import SupportConsoleScreen
from tui.screens.support.phonics_threshold import MARK_FIELD, YEAR_FIELD, PhonicsThresholdDialog
from tui.widgets.key_bar import key_text

pytestmark = pytest.mark.usefixtures("quick_hashing")


def typed(dialog: PhonicsThresholdDialog) -> list[str]:
    return [dialog.query_one(f"#{field}", Input).value for field in (YEAR_FIELD, MARK_FIELD)]


def trail(database: Database) -> list[tuple[str, str, str | None, str | None]]:
    with database.read() as session:
        rows = session.scalars(
            select(AuditEntry).where(col(AuditEntry.action) == ACTION).order_by(col(AuditEntry.id))
        )
        return [(row.actor, row.target, row.old_value, row.new_value) for row in rows]


async def test_support_sets_a_years_threshold_with_h(
    database: Database,
    helpdesk: Person,
    stmarys: EstablishmentInfo,
    clock: Clock,
    settings: SecuritySettings,
) -> None:
    async with app(database, clock, settings).run_test(size=(80, 24)) as pilot:
        await open_school(pilot, "helpdesk")  # any result: the threshold is every school's
        assert " h Phonics mark " in key_text(pilot.app.screen).plain
        await pilot.press("h")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, PhonicsThresholdDialog)
        assert typed(dialog) == ["2025/2026", "32"]  # the console's today: 3 November 2025
        assert "Now 32 for 2025/2026 (the usual mark)." in [
            str(label.render()) for label in dialog.query(Label)
        ]
        await pilot.press("enter", "ctrl+u", *"31", "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, SupportConsoleScreen)
        assert status(pilot) == (
            "Phonics threshold 31 for 2025/2026 (set by helpdesk): grids show the outcomes by "
            "it when they next read their pupils (f5)."
        )
        # Another year: typed as the LA writes it.
        await pilot.press("h")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, PhonicsThresholdDialog)
        assert typed(dialog) == ["2025/2026", "31"]
        await pilot.press("ctrl+u", *"2026/27", "enter", "ctrl+u", *"33", "f2")
        await settle(pilot)
        assert isinstance(pilot.app.screen, SupportConsoleScreen)
    assert phonics_threshold(database, 2025).mark == 31
    assert phonics_threshold(database, 2026).mark == 33
    assert trail(database) == [
        ("helpdesk", "phonics threshold 2025/2026", "32 (usual)", "31"),
        ("helpdesk", "phonics threshold 2026/2027", "32 (usual)", "33"),
    ]


async def test_a_mark_out_of_range_or_no_year_is_said_in_the_dialog(
    database: Database,
    helpdesk: Person,
    stmarys: EstablishmentInfo,
    clock: Clock,
    settings: SecuritySettings,
) -> None:
    async with app(database, clock, settings).run_test(size=(80, 24)) as pilot:
        await open_school(pilot, "2041")
        await pilot.press("h")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, PhonicsThresholdDialog)

        def error() -> str:
            return str(dialog.query_one("#form-error", Label).render())

        await pilot.press("enter", "ctrl+u", *"41", "enter")
        await settle(pilot)
        assert pilot.app.screen is dialog
        assert error() == "The threshold is a mark from 0 to 40 (usually 32), not 41."
        assert pilot.app.focused is dialog.query_one(f"#{MARK_FIELD}", Input)
        await pilot.press("ctrl+u", *"3a", "f2")
        await settle(pilot)
        assert error() == "The threshold is a whole number from 0 to 40 (usually 32), not '3a'."
        await pilot.press("ctrl+u", *"30", "shift+tab", "ctrl+u", *"next year", "f2")
        await settle(pilot)
        assert error().startswith("Academic year must look like 2025/2026")
        assert pilot.app.focused is dialog.query_one(f"#{YEAR_FIELD}", Input)
        await pilot.press("escape")
        await settle(pilot)
        assert status(pilot) == "Cancelled: nothing was changed."
    assert phonics_threshold(database, 2025).is_usual
    assert trail(database) == []


async def test_h_is_support_only(
    database: Database,
    helpdesk: Person,
    stmarys: EstablishmentInfo,
    clock: Clock,
    settings: SecuritySettings,
) -> None:
    async with app(database, clock, settings).run_test(size=(80, 24)) as pilot:
        await open_school(pilot, "2041")
        # Anyone else never reaches the console (s is support's); were it opened for them,
        # h would be hidden and do nothing.
        manager = SupportConsoleScreen(
            database, Actor("head", Role.MANAGER, stmarys.id), date(2025, 11, 3)
        )
        await pilot.app.push_screen(manager)
        await settle(pilot)
        assert not manager.check_action("phonics_threshold", ())
        assert "Phonics mark" not in key_text(manager).plain
        await pilot.press("h")
        await settle(pilot)
        assert pilot.app.screen is manager
    assert phonics_threshold(database, 2025).is_usual

"""Pilot tests of the support console's f: the table of how a CTF codes each subject, a subject's
coding set in its form (a refusal said in the form), put back to the program's own, and support
only."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlmodel import col
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Label, Static

from store.accounts.settings import SecuritySettings
from store.core.access import Actor, Role
from store.core.db import Database
from store.core.models import AuditEntry
from store.curriculum.ctf_components import BUILT_IN, CtfCoding
from store.curriculum.ks1 import KS1_TA_ID, READING
from store.establishments.establishments import EstablishmentInfo
from store.returns.ctf_coding import RESET_ACTION, SET_ACTION, ctf_codings
from tests.store.accounts_helpers import Clock, Person
from tests.tui.support.test_return_numbers import SUPPORT, app, open_school
from tests.tui.waiting import settle
from tui.screens.dialogs.confirm import ConfirmDialog
from tui.screens.support.console import SupportConsoleScreen
from tui.screens.support.ctf_coding import BANNER, CtfCodingDialog, CtfCodingScreen, field_id
from tui.widgets.key_bar import key_text

pytestmark = pytest.mark.usefixtures("quick_hashing")

FIELDS = ("stage", "ctf_subject", "method", "component", "result_qualifier")


def typed(dialog: CtfCodingDialog) -> list[str]:
    return [dialog.query_one(f"#{field_id(field)}", Input).value for field in FIELDS]


def trail(database: Database) -> list[tuple[str, str, str]]:
    with database.read() as session:
        rows = session.scalars(
            select(AuditEntry)
            .where(col(AuditEntry.action).in_((SET_ACTION, RESET_ACTION)))
            .order_by(col(AuditEntry.id))
        )
        return [(row.action, row.actor, row.target) for row in rows]


def reading(database: Database) -> tuple[CtfCoding | None, str | None]:
    row = ctf_codings(database, SUPPORT)[0]
    assert (row.framework_id, row.subject) == (KS1_TA_ID, READING)
    return row.coding, row.set_by


async def open_coding(pilot: Pilot[None]) -> CtfCodingScreen:
    await open_school(pilot, "2041")
    assert " f CTF codes " in key_text(pilot.app.screen).plain
    await pilot.press("f")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CtfCodingScreen)
    return screen


def cell(screen: CtfCodingScreen, row: int, column: int) -> str:
    return str(screen.query_one(DataTable).get_cell_at((row, column)))


async def test_support_sets_a_subjects_coding_with_enter_and_puts_it_back_with_r(
    database: Database,
    helpdesk: Person,
    stmarys: EstablishmentInfo,
    clock: Clock,
    settings: SecuritySettings,
) -> None:
    async with app(database, clock, settings).run_test(size=(80, 24)) as pilot:
        screen = await open_coding(pilot)
        assert str(screen.query_one("#coding-banner", Static).render()) == BANNER
        table = screen.query_one(DataTable)
        assert table.row_count == len(BUILT_IN) == 21
        assert [cell(screen, 0, column) for column in range(8)] == [
            "KS1", "Reading", "KS1", "ENG", "TA", "READ", "NV", "built in",
        ]  # fmt: skip
        assert cell(screen, 4, 0) == "EYFSP" and cell(screen, 4, 5) == "E01"
        detail = str(screen.query_one("#coding-detail", Static).render())
        assert detail.startswith("Reading (KS1 teacher assessment): the program's own coding")
        keys = key_text(screen).plain
        assert " e Edit " in keys and " r Built in " in keys
        # r on a subject with the program's coding: nothing to put back.
        await pilot.press("r")
        await settle(pilot)
        assert pilot.app.screen is screen
        await pilot.press("enter")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, CtfCodingDialog)
        assert typed(dialog) == ["KS1", "ENG", "TA", "READ", "NV"]
        await pilot.press("enter", "enter", "enter", "ctrl+u", *"READING", "f2")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert reading(database) == (CtfCoding("KS1", "ENG", "TA", "READING", "NV"), "helpdesk")
        assert cell(screen, 0, 5) == "READING" and cell(screen, 0, 7) == "helpdesk"
        assert table.cursor_row == 0
        detail = str(screen.query_one("#coding-detail", Static).render())
        assert "set by helpdesk on" in detail
        await pilot.press("r")
        await settle(pilot)
        confirm = pilot.app.screen
        assert isinstance(confirm, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert cell(screen, 0, 5) == "READ" and cell(screen, 0, 7) == "built in"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, SupportConsoleScreen)
    assert reading(database) == (BUILT_IN[(KS1_TA_ID, READING)], None)
    target = "CTF coding KS1 teacher assessment: Reading"
    assert trail(database) == [
        (SET_ACTION, "helpdesk", target),
        (RESET_ACTION, "helpdesk", target),
    ]


async def test_a_blank_value_is_said_in_the_form_and_nothing_is_written(
    database: Database,
    helpdesk: Person,
    stmarys: EstablishmentInfo,
    clock: Clock,
    settings: SecuritySettings,
) -> None:
    async with app(database, clock, settings).run_test(size=(80, 24)) as pilot:
        screen = await open_coding(pilot)
        await pilot.press("down", "e")  # Writing
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, CtfCodingDialog)
        await pilot.press("enter", "enter", "ctrl+u", "f2")
        await settle(pilot)
        assert pilot.app.screen is dialog
        assert str(dialog.query_one("#form-error", Label).render()) == "Method cannot be blank."
        assert pilot.app.focused is dialog.query_one(f"#{field_id('method')}", Input)
        # The form stops typing at the table's limit (and says so).
        await pilot.press("ctrl+u", *"ABCDEFGHIJKL")
        assert typed(dialog)[2] == "ABCDEFGHIJ"
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is screen
    assert trail(database) == []
    assert all(row.built_in for row in ctf_codings(database, SUPPORT))


async def test_f_is_support_only(
    database: Database,
    helpdesk: Person,
    stmarys: EstablishmentInfo,
    clock: Clock,
    settings: SecuritySettings,
) -> None:
    async with app(database, clock, settings).run_test(size=(80, 24)) as pilot:
        await open_school(pilot, "2041")
        # Anyone else never reaches the console (s is support's); were it opened for them,
        # f would be hidden and do nothing.
        manager = SupportConsoleScreen(
            database, Actor("head", Role.MANAGER, stmarys.id), date(2025, 11, 3)
        )
        await pilot.app.push_screen(manager)
        await settle(pilot)
        assert not manager.check_action("ctf_coding", ())
        assert "CTF codes" not in key_text(manager).plain
        await pilot.press("f")
        await settle(pilot)
        assert pilot.app.screen is manager

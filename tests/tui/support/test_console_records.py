"""Pilot tests of the support console's m (transfer a pupil) and d (bring back an assessment)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlmodel import col
from textual.pilot import Pilot
from textual.widgets import Input, Label, Static

from store.accounts.reauth import SERVER_ADMINISTRATOR
from store.accounts.settings import SecuritySettings
from store.assessments import periods as assessments
from store.assessments.period_deletion import delete_period
from store.core.access import Actor, Role
from store.core.db import Database
from store.core.models import AssessmentPeriod, Pupil
from store.curriculum.eyfs import EARLY_YEARS, YearGroup
from store.curriculum.upn import upn_check_letter
from store.establishments.establishments import EstablishmentInfo
from store.pupils import editing, interventions
from store.pupils.fields import PupilForm
from tests.store.accounts_helpers import Clock, Person, school
from tests.tui.waiting import settle
from tui.app import PupilTrackerApp
from tui.screens.dialogs.choose import ChooseDialog
from tui.screens.dialogs.confirm import ConfirmDialog
from tui.screens.dialogs.password import PasswordDialog
from tui.screens.start import StartScreen
from tui.screens.support.console import SupportConsoleScreen
from tui.screens.support.transfer import TransferDialog

pytestmark = pytest.mark.usefixtures("quick_hashing")

TODAY = date(2025, 11, 3)
UPN = upn_check_letter("204100000042") + "204100000042"
SUPPORT = Actor("helpdesk", Role.SUPPORT, None, "ssh 192.0.2.50")


def app(database: Database, clock: Clock, settings: SecuritySettings) -> PupilTrackerApp:
    return PupilTrackerApp(database, actor=SUPPORT, clock=clock, settings=settings, today=TODAY)


async def open_school(pilot: Pilot[None], number: str) -> None:
    """s opens the console; the school is found and highlighted."""
    assert isinstance(pilot.app.screen, StartScreen)
    await pilot.press("s")
    await settle(pilot)
    assert isinstance(pilot.app.screen, SupportConsoleScreen)
    await pilot.press(*number, "enter")
    await settle(pilot)


def status(pilot: Pilot[None]) -> str:
    return str(pilot.app.screen.query_one("#console-status", Static).render())


def records(database: Database) -> list[tuple[int, str, bool]]:
    with database.read() as session:
        rows = session.scalars(select(Pupil).order_by(col(Pupil.id))).all()
        return [(row.establishment_id, row.upn, row.archived) for row in rows]


async def test_m_transfers_a_pupil_after_saying_what_moves_and_the_password(
    database: Database,
    helpdesk: Person,
    stmarys: EstablishmentInfo,
    clock: Clock,
    settings: SecuritySettings,
) -> None:
    birch = school(database, "3002", "BIRCH LANE PRIMARY")
    manager = Actor("head", Role.MANAGER, stmarys.id)
    form = PupilForm(
        upn=UPN,
        surname="Nowak",
        forenames="Ola",
        date_of_birth="14/03/2021",
        gender="F",
        postcode="PR1 2AB",
        ethnicity="WOTH",
    )
    child = editing.create_pupil(database, manager, stmarys.id, form, TODAY)
    assessments.create_period(
        database, manager, stmarys.id, "Autumn 1", date(2025, 10, 17), list(EARLY_YEARS)
    )
    interventions.add_intervention(
        database, manager, stmarys.id, child, 2025, "Autumn 1", "Speech group"
    )
    editing.archive_pupils(database, manager, stmarys.id, [child])
    async with app(database, clock, settings).run_test(size=(80, 24)) as pilot:
        await open_school(pilot, "3002")
        await pilot.press("m")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, TransferDialog)
        assert dialog.query_one("#transfer-to", Input).value == "3002"
        await pilot.press(*"A123", "enter", "enter")  # not a UPN anyone has
        assert isinstance(pilot.app.screen, TransferDialog)
        assert "No pupil has the UPN A123" in str(
            pilot.app.screen.query_one("#form-error", Label).render()
        )
        await pilot.press("shift+tab", "ctrl+u", *UPN, "enter", "enter")
        await settle(pilot)
        question = pilot.app.screen
        assert isinstance(question, ConfirmDialog)
        assert question.question == "Transfer NOWAK, Ola to 3002 - BIRCH LANE PRIMARY?"
        assert "with 1 intervention" in question.detail
        assert "keeps its assessments" in question.detail
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PasswordDialog)
        await pilot.press(*helpdesk.password, "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, SupportConsoleScreen)
        assert status(pilot).startswith("Transferred NOWAK, Ola to 3002 - BIRCH LANE PRIMARY")
    assert records(database) == [(stmarys.id, f"~{child}", True), (birch.id, UPN, False)]


async def test_d_lists_a_schools_deleted_assessments_and_brings_one_back(
    database: Database,
    helpdesk: Person,
    stmarys: EstablishmentInfo,
    clock: Clock,
    settings: SecuritySettings,
) -> None:
    manager = Actor("head", Role.MANAGER, stmarys.id)
    period = assessments.create_period(
        database, manager, stmarys.id, "Autumn 2", date(2025, 11, 1), [YearGroup.RECEPTION]
    )
    delete_period(database, manager, stmarys.id, period.id, SERVER_ADMINISTRATOR)
    async with app(database, clock, settings).run_test(size=(80, 24)) as pilot:
        await open_school(pilot, "2041")
        await pilot.press("d")
        await settle(pilot)
        chooser = pilot.app.screen
        assert isinstance(chooser, ChooseDialog)
        (choice,) = chooser.choices
        assert choice.label.startswith("Autumn 2 (01/11/2025) 2025/2026, Reception: 0 judgements")
        assert "deleted by head on" in choice.label
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PasswordDialog)
        await pilot.press(*helpdesk.password, "enter")
        await settle(pilot)
        assert status(pilot).startswith("Brought back Autumn 2 (01/11/2025) for 2041")
    with database.read() as session:
        row = session.get(AssessmentPeriod, period.id)
        assert row is not None and row.deleted_at is None

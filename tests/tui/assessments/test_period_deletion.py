"""Pilot tests of D on the Assessments screen: managers only, it says what goes, asks for the
password, and the period is then marked deleted (recoverable), not erased."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from store.accounts import passwords
from store.assessments.changes import judgement_edit
from store.assessments.cohort import Cell
from store.assessments.judgements import write_changes
from store.core.access import Actor, Role
from store.core.models import Account, AssessmentPeriod
from store.curriculum.eyfs import Judgement
from tests.store.accounts_helpers import cheap_hashing
from tests.tui.conftest import School
from tests.tui.waiting import settle
from tui.app import PupilTrackerApp
from tui.screens.assessments.grid_screen import AssessmentsScreen
from tui.screens.dialogs.confirm import ConfirmDialog
from tui.screens.dialogs.password import PasswordDialog

PASSWORD = "Bramble-Kettle-42!"


def deleted_by(school: School) -> str | None:
    with school.database.read() as session:
        row = session.get(AssessmentPeriod, school.period_id)
        assert row is not None
        return row.deleted_by


def messages(pilot: Pilot[None]) -> list[str]:
    return [notification.message for notification in pilot.app._notifications]


def terminal(pilot: Pilot[None]) -> str:
    screen = pilot.app.screen
    return "\n".join(strip.text for strip in screen._compositor.render_strips())


def with_judgements(school: School) -> None:
    edits = [
        judgement_edit(pupil, school.period_id, "LAU", Cell(Judgement.ON_TRACK))
        for pupil in school.pupil_ids
    ]
    write_changes(school.database, school.actor, school.establishment.id, edits)


async def open_grid(pilot: Pilot[None]) -> AssessmentsScreen:
    await pilot.press("enter", "a")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, AssessmentsScreen)
    return screen


async def test_d_says_what_goes_and_n_keeps_it(school: School) -> None:
    with_judgements(school)
    app = PupilTrackerApp(school.database, school.actor)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_grid(pilot)
        await pilot.press("D")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert dialog.question.startswith("Delete Autumn 1 (17/10/")
        assert dialog.detail.startswith(
            "For Reception: 4 judgements, 0 notes on cells and 0 pupil notes for the period."
        )
        assert "the support team can bring it back" in dialog.detail
        assert "Delete Autumn 1" in terminal(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(pilot.app.screen, AssessmentsScreen)
        assert any(m.startswith("Kept Autumn 1") for m in messages(pilot))
    assert deleted_by(school) is None


async def test_without_accounts_y_deletes_recoverably(school: School) -> None:
    with_judgements(school)
    app = PupilTrackerApp(school.database, school.actor)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_grid(pilot)
        await pilot.press("D")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(pilot.app.screen, AssessmentsScreen)
        assert screen.cohort is not None and screen.cohort.periods == []
        assert any(m.startswith("Deleted Autumn 1.") for m in messages(pilot))
    assert deleted_by(school) == "clerk"
    assert school.judgements() == {}  # no longer read: the period is deleted


async def test_a_manager_gives_their_password_and_a_wrong_one_deletes_nothing(
    school: School, monkeypatch: pytest.MonkeyPatch
) -> None:
    cheap_hashing(monkeypatch)
    with school.database.write() as session:
        session.add(
            Account(
                username=school.actor.username,
                role=Role.MANAGER.value,
                establishment_id=school.establishment.id,
                password_hash=passwords.hash_password(PASSWORD),
                password_is_temporary=False,
            )
        )
    app = PupilTrackerApp(school.database, school.actor)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_grid(pilot)
        await pilot.press("D")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PasswordDialog)
        await pilot.press(*"not-my-password", "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, AssessmentsScreen)
        assert any("That was not your password" in m for m in messages(pilot))
        assert deleted_by(school) is None
        await pilot.press("D")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        await pilot.press(*PASSWORD, "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, AssessmentsScreen)
    assert deleted_by(school) == "clerk"


async def test_a_plain_user_is_not_offered_d(school: School) -> None:
    user = Actor("assistant", Role.USER, school.establishment.id)
    async with PupilTrackerApp(school.database, user).run_test(size=(80, 24)) as pilot:
        screen = await open_grid(pilot)
        assert screen.check_action("delete_period", ()) is False
        await pilot.press("D")
        await settle(pilot)
        assert isinstance(pilot.app.screen, AssessmentsScreen)
    assert deleted_by(school) is None

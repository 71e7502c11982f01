"""Pilot tests of submitting KS1 results from the grid (S, in the KS1 period's columns) and of
support unlocking them (U); each then reads what the database holds."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlmodel import col
from textual.widgets import Label

from store.assessments.changes import Change, judgement_edit
from store.assessments.cohort import Cell
from store.assessments.judgements import write_changes
from store.assessments.period_submission import submit_period
from store.core.access import Actor, Role
from store.core.models import AssessmentPeriod
from store.curriculum.ks1 import KS1_TA_ID
from tests.tui.assessments.test_elg_submission import (
    PASSWORD,
    SUPPORT,
    add_support_account,
    settle,
)
from tests.tui.assessments.test_grid_ks1 import RD, SURNAMES, held, open_year_2, year_two
from tests.tui.conftest import School
from tui.app import PupilTrackerApp
from tui.screens.assessments.elg_submission import SubmitDialog
from tui.screens.assessments.grid_screen import AssessmentsScreen
from tui.screens.assessments.period_submission import MissingResultsDialog
from tui.screens.dialogs.password import PasswordDialog

__all__ = ["year_two"]  # the fixture, used by name


def ks1_period(school: School) -> AssessmentPeriod:
    with school.database.read() as session:
        row = session.scalars(
            select(AssessmentPeriod).where(col(AssessmentPeriod.framework) == KS1_TA_ID)
        ).one()
        session.expunge(row)
        return row


def complete(school: School, ids: dict[str, int], but: str | None = None) -> None:
    period = ks1_period(school).id
    assert period is not None
    edits: list[Change] = [
        judgement_edit(ids[surname], period, code, Cell("EXS"))
        for surname in SURNAMES
        for code in ("RD", "WR", "MA", "SC")
        if (surname, code) != (but, "SC")
    ]
    write_changes(school.database, school.actor, school.establishment.id, edits)


async def test_a_missing_result_is_listed_and_nothing_is_submitted(
    school: School, year_two: dict[str, int]
) -> None:
    complete(school, year_two, but="Byrne")
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        await open_year_2(pilot)
        await pilot.press("S")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, MissingResultsDialog)
        assert [pupil.describe() for pupil in dialog.pupils] == ["BYRNE, Sam: no result in Science"]
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, AssessmentsScreen)
    assert ks1_period(school).submitted_at is None


async def test_a_manager_submits_and_the_results_are_locked(
    school: School, year_two: dict[str, int]
) -> None:
    complete(school, year_two)
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        grid = await open_year_2(pilot)
        await pilot.press("S")
        await settle(pilot)
        assert isinstance(pilot.app.screen, SubmitDialog)
        title = pilot.app.screen.query_one(".dialog-title", Label)
        assert str(title.render()) == "Submit KS1 2026"
        await pilot.press("space", "s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, AssessmentsScreen)
        assert ks1_period(school).submitted_by == "clerk"
        grid.move_to(0, RD)
        await pilot.press("g")  # refused: locked
        await settle(pilot)
    assert held(school, year_two["Ahmed"])[RD] == Cell("EXS")


async def test_s_in_the_phonics_columns_checks_the_phonics_check(
    school: School, year_two: dict[str, int]
) -> None:
    complete(school, year_two)  # the KS1 period only: no phonics mark yet
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        grid = await open_year_2(pilot)
        assert grid.model is not None
        grid.move_to(0, len(grid.model.columns) - 1)  # the phonics check's Notes
        await pilot.press("S")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, MissingResultsDialog)
        assert [pupil.describe() for pupil in dialog.pupils] == [
            f"{surname.upper()}, Sam: no result in Phonics check mark" for surname in SURNAMES
        ]
    assert ks1_period(school).submitted_at is None


async def test_support_unlocks_with_their_password(
    school: School, year_two: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    add_support_account(school, monkeypatch)
    complete(school, year_two)
    period = ks1_period(school).id
    assert period is not None
    submit_period(
        school.database, school.actor, school.establishment.id, period, authority_confirmed=True
    )
    async with PupilTrackerApp(school.database, SUPPORT).run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "a", "right_square_bracket", "right_square_bracket")
        await pilot.pause()
        await pilot.press("U")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PasswordDialog)
        await pilot.press(*PASSWORD, "enter")
        await settle(pilot)
    assert ks1_period(school).submitted_at is None


async def test_a_plain_user_cannot_submit(school: School, year_two: dict[str, int]) -> None:
    complete(school, year_two)
    user = Actor("assistant", Role.USER, school.establishment.id)
    async with PupilTrackerApp(school.database, user).run_test(size=(80, 24)) as pilot:
        await open_year_2(pilot)
        screen = pilot.app.screen
        assert screen.check_action("submit_elgs", ()) is False
        await pilot.press("S")
        await settle(pilot)
        assert isinstance(pilot.app.screen, AssessmentsScreen)
    assert ks1_period(school).submitted_at is None

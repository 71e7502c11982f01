"""Pilot tests of submitting the End of Year ELGs (S) and support unlocking them (U)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlmodel import col
from textual.pilot import Pilot
from textual.widgets import Label, Static

from store.accounts import passwords
from store.assessments import periods as assessments
from store.assessments.changes import elg_edit
from store.assessments.elg_submission import submit
from store.assessments.judgements import write_changes
from store.core.access import Actor, Role
from store.core.models import Account, ElgSection
from store.curriculum.eyfs import AREA_CODES, ElgOutcome
from tests.store.accounts_helpers import cheap_hashing
from tests.tui.conftest import YEAR, School
from tui.app import PupilTrackerApp
from tui.screens.assessments.elg_submission import BANNER_ID, IncompleteDialog, SubmitDialog
from tui.screens.assessments.grid_screen import AssessmentsScreen
from tui.screens.dialogs.password import PasswordDialog

X, E = ElgOutcome.EXPECTED, ElgOutcome.EMERGING
PASSWORD = "BrambleKettle42"
SUPPORT = Actor("support.tester", Role.SUPPORT, None)


def make_section(school: School, complete: bool) -> int:
    """The ELG section; complete: every pupil has all 17 goals (the last one Absent)."""
    eid = school.establishment.id
    section = assessments.create_elg_section(
        school.database, school.actor, eid, YEAR, date(YEAR + 1, 6, 5)
    )
    edits = [elg_edit(section.id, school.pupil_ids[0], code, X) for code in AREA_CODES]
    edits += [elg_edit(section.id, school.pupil_ids[1], code, E) for code in AREA_CODES[:15]]
    if complete:
        edits += [elg_edit(section.id, school.pupil_ids[1], code, E) for code in AREA_CODES[15:]]
        edits += [elg_edit(section.id, school.pupil_ids[2], code, X) for code in AREA_CODES]
        edits.append(elg_edit(section.id, school.pupil_ids[3], "LAU", ElgOutcome.ABSENT))
    write_changes(school.database, school.actor, eid, edits)
    return section.id


def section_row(school: School) -> ElgSection:
    with school.database.read() as session:
        row = session.scalars(select(ElgSection)).one()
        session.expunge(row)
        return row


def add_support_account(school: School, monkeypatch: pytest.MonkeyPatch) -> None:
    cheap_hashing(monkeypatch)
    with school.database.write() as session:
        session.add(
            Account(
                username=SUPPORT.username,
                role=Role.SUPPORT.value,
                password_hash=passwords.hash_password(PASSWORD),
                password_is_temporary=False,
            )
        )


async def open_elgs(pilot: Pilot[None]) -> AssessmentsScreen:
    """Start screen: Enter opens the school, a the grid, l the End of Year ELGs."""
    await pilot.press("enter", "a", "l")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, AssessmentsScreen)
    assert screen.grid.in_elg
    return screen


async def settle(pilot: Pilot[None]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_an_incomplete_cohort_is_refused_with_the_list(school: School) -> None:
    make_section(school, complete=False)
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        await open_elgs(pilot)
        await pilot.press("S")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, IncompleteDialog)
        assert [pupil.name for pupil in dialog.pupils] == [
            "CLARKE, Ivy",
            "NOWAK, Łukasz",
            "O'BRIEN, Siobhán",
        ]
        assert dialog.pupils[0].describe() == (
            "CLARKE, Ivy: 2 goals blank (Creating with Materials, Being Imaginative and Expressive)"
        )
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, AssessmentsScreen)
    assert section_row(school).submitted_at is None


async def test_confirming_submits_and_locks_the_goals(school: School) -> None:
    make_section(school, complete=True)
    before = school.elg_row(0)
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        screen = await open_elgs(pilot)
        await pilot.press("S")
        await pilot.pause()
        assert isinstance(pilot.app.screen, SubmitDialog)
        await pilot.press("s")  # not ticked: refused in the dialog
        await pilot.pause()
        error = pilot.app.screen.query_one("#submit-error", Label)
        assert "Tick the statement first" in str(error.render())
        assert section_row(school).submitted_at is None
        await pilot.press("space", "s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, AssessmentsScreen)
        row = section_row(school)
        assert row.submitted_by == "clerk" and row.submitted_at is not None
        banner = screen.query_one(f"#{BANNER_ID}", Static)
        assert banner.display
        assert str(banner.render()).startswith("Submitted by clerk on ")
        # A key on a goal, Absent (the whole row), a row fill and Include: all refused.
        await pilot.press("e", "a", "i", "U")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, PasswordDialog)  # U is support's only
    assert school.elg_row(0) == before
    assert school.include(0)
    assert section_row(school).submitted_at is not None


async def unlock_with(
    school: School, monkeypatch: pytest.MonkeyPatch, password: str
) -> dict[str, ElgOutcome | None]:
    """Support presses U on submitted goals and gives `password`; then e on the first goal."""
    add_support_account(school, monkeypatch)
    section_id = make_section(school, complete=True)
    submit(
        school.database, school.actor, school.establishment.id, section_id, authority_confirmed=True
    )
    async with PupilTrackerApp(school.database, SUPPORT).run_test(size=(80, 24)) as pilot:
        await open_elgs(pilot)
        await pilot.press("U")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PasswordDialog)
        await pilot.press(*password, "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, AssessmentsScreen)
        await pilot.press("e")
        await pilot.pause()
    return school.elg_row(0)


async def test_support_unlocks_after_giving_their_password(
    school: School, monkeypatch: pytest.MonkeyPatch
) -> None:
    row = await unlock_with(school, monkeypatch, PASSWORD)
    assert section_row(school).submitted_at is None
    assert row["LAU"] is E  # editable again


async def test_a_wrong_password_leaves_the_goals_locked(
    school: School, monkeypatch: pytest.MonkeyPatch
) -> None:
    row = await unlock_with(school, monkeypatch, "wrongpassword1")
    assert section_row(school).submitted_by == "clerk"
    assert row["LAU"] is X
    with school.database.read() as session:
        account = session.scalars(
            select(Account).where(col(Account.username) == SUPPORT.username)
        ).one()
        assert account.failed_sign_ins == 1


async def test_a_plain_user_is_not_offered_s_and_nothing_is_submitted(school: School) -> None:
    """Submitting needs the Headteacher's authority: managers only."""
    make_section(school, complete=True)
    user = Actor("assistant", Role.USER, school.establishment.id)
    async with PupilTrackerApp(school.database, user).run_test(size=(80, 24)) as pilot:
        screen = await open_elgs(pilot)
        assert screen.check_action("submit_elgs", ()) is False
        await pilot.press("S")
        await settle(pilot)
        assert isinstance(pilot.app.screen, AssessmentsScreen)
    assert section_row(school).submitted_at is None

"""Pilot tests of Maintenance — Discussion Areas: add, edit, delete, and which are live."""

from __future__ import annotations

from datetime import date

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from store.core.access import Actor, Role
from store.core.db import Database
from store.meetings import meetings, templates
from store.meetings.record import get_meeting
from tests.store.meeting_school import TODAY, YEAR, MeetingSchool, make_school
from tests.tui.meetings.test_meetings import on_screen
from tui.app import PupilTrackerApp
from tui.screens.dialogs.confirm import ConfirmDialog
from tui.screens.meetings.discussion_areas import DiscussionAreasScreen, TemplateDialog
from tui.screens.school.home import HomeScreen


@pytest.fixture
def school(database: Database) -> MeetingSchool:
    return make_school(database)


def manager(school: MeetingSchool) -> Actor:
    return Actor("head", Role.MANAGER, school.id)


def rows(pilot: Pilot[None]) -> list[list[str]]:
    table = pilot.app.screen.query_one(DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_templates_are_added_edited_deleted_and_shown_live_or_not(
    school: MeetingSchool,
) -> None:
    db, head = school.database, manager(school)
    app = PupilTrackerApp(db, head, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "d")
        await on_screen(pilot, DiscussionAreasScreen)
        shown = rows(pilot)
        assert len(shown) == 7
        assert shown[0][:3] == ["1", "Are there areas of learning tha…", "Cohort"]
        assert shown[-1][1] == "General comments"
        assert {row[5] for row in shown} == {"Yes"}

        # Add a question that starts next month: listed, but not live today.
        await pilot.press("a")
        await on_screen(pilot, TemplateDialog)
        await pilot.press(*"Attendance this term?", "tab", "ctrl+a", "ctrl+k", "8", "tab")
        await pilot.press("ctrl+a", "ctrl+k", *"01/03/2026", "enter")  # enter: next field
        await pilot.press("enter")  # no end date: saves
        await on_screen(pilot, DiscussionAreasScreen)
        shown = rows(pilot)
        assert shown[-1] == ["8", "Attendance this term?", "Cohort", "01/03/2026", "", "No"]

        # Edit it: it started yesterday and ends in July, so it is live.
        await pilot.press("enter")
        await on_screen(pilot, TemplateDialog)
        await pilot.press("tab", "tab", "ctrl+a", "ctrl+k", *"19/02/2026", "tab", *"31/07/2026")
        await pilot.press("f2")
        await on_screen(pilot, DiscussionAreasScreen)
        assert rows(pilot)[-1][3:] == ["19/02/2026", "31/07/2026", "Yes"]

        # An end before the start is refused, and the dialog keeps what was typed.
        await pilot.press("enter")
        await on_screen(pilot, TemplateDialog)
        await pilot.press("tab", "tab", "tab", "ctrl+a", "ctrl+k", *"01/01/2026", "f2")
        error = pilot.app.screen.query_one("#form-error")
        assert "before the start date" in str(error.render())
        await pilot.press("escape")
        await on_screen(pilot, DiscussionAreasScreen)

        # Delete the first default, after confirming.
        await pilot.press("ctrl+home", "d")
        await on_screen(pilot, ConfirmDialog)
        dialog = pilot.app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert dialog.question.startswith("Delete the discussion area ")
        assert "meetings that already have it keep their copy" in dialog.detail
        await pilot.press("y")
        await on_screen(pilot, DiscussionAreasScreen)
        await pilot.pause()
        shown = rows(pilot)
        assert len(shown) == 7 and shown[0][1].startswith("Which children")

    listed = templates.list_templates(db, head, school.id, TODAY)
    assert [t.description for t in listed][-1] == "Attendance this term?"
    assert (listed[-1].start_date, listed[-1].end_date) == (date(2026, 2, 19), date(2026, 7, 31))
    # A meeting created today gets the live questions, in sort order.
    meeting_id = meetings.create_meeting(
        db, head, school.id, YEAR, teacher="", day=TODAY, class_slot=None, period_id=None,
        today=TODAY,
    )  # fmt: skip
    questions = [d.question for d in get_meeting(db, head, school.id, meeting_id).discussions]
    assert questions[-1] == "Attendance this term?" and len(questions) == 7


async def test_a_school_user_cannot_open_the_templates(school: MeetingSchool) -> None:
    app = PupilTrackerApp(school.database, school.actor, today=TODAY)  # role user
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "d")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)

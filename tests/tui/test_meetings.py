"""Pilot tests of the progress meetings: create one with every section filled by keys, edit it,
export it (read back with openpyxl), delete it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input

from store import meetings
from store.db import Database
from store.meeting_record import MeetingRecord, get_meeting
from tests.store.meeting_school import TODAY, YEAR, MeetingSchool, make_school
from tui.app import PupilTrackerApp
from tui.screens.dialogs.choose import ChooseDialog
from tui.screens.dialogs.confirm import ConfirmDialog
from tui.screens.meetings import MeetingsScreen
from tui.screens.meetings_dialogs import NewMeetingDialog, PupilsDialog
from tui.screens.meetings_form import MeetingScreen
from tui.widgets.meeting_figures import FiguresTable


@pytest.fixture
def school(database: Database) -> MeetingSchool:
    return make_school(database)


@pytest.fixture
def exports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "exports"
    monkeypatch.setenv("PUPIL_TRACKER_EXPORTS_DIR", str(folder))
    return folder


async def until(pilot: Pilot[None], ready: Callable[[], bool]) -> None:
    """Let the app run (workers, threads) until `ready()`; fail if it never is."""
    for _ in range(500):
        if ready():
            return
        await pilot.pause()
    raise AssertionError("the app never got there")


async def on_screen(pilot: Pilot[None], kind: type[Screen[Any]]) -> None:
    await until(pilot, lambda: isinstance(pilot.app.screen, kind))


async def saved(pilot: Pilot[None]) -> None:
    """Wait until everything typed on the meeting screen has been written."""
    screen = pilot.app.screen
    assert isinstance(screen, MeetingScreen)
    screen.flush_typing()
    await screen.saver.wait()
    await pilot.pause()


def only_meeting(school: MeetingSchool) -> MeetingRecord:
    (summary,) = meetings.list_meetings(school.database, school.actor, school.id, YEAR)
    return get_meeting(school.database, school.actor, school.id, summary.id)


async def open_meetings(pilot: Pilot[None]) -> None:
    await pilot.press("enter", "g")
    await on_screen(pilot, MeetingsScreen)


async def test_a_meeting_filled_by_keys_edited_exported_and_deleted(
    school: MeetingSchool, exports: Path
) -> None:
    app = PupilTrackerApp(school.database, school.actor, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meetings(pilot)
        await pilot.press("a")
        await on_screen(pilot, NewMeetingDialog)
        await pilot.press(*"Mrs Khan", "shift+tab", "shift+tab", "enter")  # the class field
        await on_screen(pilot, ChooseDialog)
        await pilot.press("1", "enter")  # Class 1
        await on_screen(pilot, NewMeetingDialog)
        await pilot.press("tab", "tab", "tab", "enter")  # Spring 1 is offered; the date is today
        await on_screen(pilot, MeetingScreen)
        screen = pilot.app.screen
        assert isinstance(screen, MeetingScreen)
        shown = str(screen.query_one(FiguresTable).render())
        # Class 1 in Spring 1: LAU 25% below (50% before), 75% on track (25% before).
        assert "LAU" in shown and "25         50         75         25" in shown

        # Discussion areas: f6 jumps to the sections; f7 selects the question to retype it.
        await pilot.press("f6", "f6", "tab", "f7", *"Which areas worry us?", "tab")
        await pilot.press(*"=SUM(A1) writing is weak", "enter", *"second line", "tab")
        await pilot.press(*"Phonics daily", "tab")
        # Barriers to learning: f3 asks for the pupil (P7 has Include in Data = No: offered).
        await pilot.press("f6", "f3")
        await on_screen(pilot, ChooseDialog)
        await pilot.press(*"PUPIL7", "enter")
        await on_screen(pilot, MeetingScreen)
        await until(
            pilot,
            lambda: screen.focused is not None and "Barrier" in str(screen.focused.border_title),
        )
        await pilot.press(*"Speech delay", "tab", *"Review at Easter")
        # Targeted support: the area, then several pupils.
        await pilot.press("f6", "f3")
        await on_screen(pilot, ChooseDialog)
        await pilot.press(*"Number", "enter")
        await until(pilot, lambda: "pupils-field" in getattr(screen.focused, "classes", ()))
        await pilot.press("enter")
        await on_screen(pilot, PupilsDialog)
        await pilot.press("space", "down", "space", "enter")  # PUPIL1 and PUPIL2
        await on_screen(pilot, MeetingScreen)
        await pilot.press("tab", *"Number talks")
        # Specific groups: the area, a typed group name, comments.
        await pilot.press("f6", "f3")
        await on_screen(pilot, ChooseDialog)
        await pilot.press(*"Writing", "enter")
        await until(pilot, lambda: type(screen.focused).__name__ == "MeetingInput")
        await pilot.press(*"Summer-born boys", "tab", *"Mark making")
        await saved(pilot)
        await pilot.press("escape")
        await on_screen(pilot, MeetingsScreen)

        record = only_meeting(school)
        assert (record.teacher, record.day, record.class_name) == ("Mrs Khan", TODAY, "Class 1")
        assert record.period_name == "Spring 1"
        assert record.figures.area("LAU").values == (25, 50, 75, 25)
        first = record.discussions[0]
        assert first.question == "Which areas worry us?"
        assert first.notes == "=SUM(A1) writing is weak\nsecond line"
        assert first.next_steps == "Phonics daily"
        (barrier,) = record.barriers
        assert barrier.pupil is not None and barrier.pupil.name == "PUPIL7, P7"
        assert (barrier.barrier, barrier.next_steps) == ("Speech delay", "Review at Easter")
        (targeted,) = record.targeted
        assert targeted.area_code == "N" and targeted.comments == "Number talks"
        assert [p.name for p in targeted.pupils] == ["PUPIL1, P1", "PUPIL2, P2"]
        (group,) = record.groups
        assert (group.area_code, group.group_name, group.comments) == (
            "W", "Summer-born boys", "Mark making",
        )  # fmt: skip

        # Edit: the teacher, and a barriers row deleted (asks first).
        await pilot.press("enter")
        await on_screen(pilot, MeetingScreen)
        screen = pilot.app.screen
        assert isinstance(screen, MeetingScreen)
        await pilot.press("tab", "ctrl+a", "ctrl+k", *"Mr Ali", "tab")
        await pilot.press("f6", "f6", "f6", "tab")  # the barrier's pupil field
        await pilot.press("f8")
        await on_screen(pilot, ConfirmDialog)
        await pilot.press("y")
        await on_screen(pilot, MeetingScreen)
        await saved(pilot)
        await pilot.press("escape")
        await on_screen(pilot, MeetingsScreen)
        record = only_meeting(school)
        assert record.teacher == "Mr Ali" and record.barriers == ()
        assert len(record.targeted) == 1

        # Export: E writes the printable form and says where.
        await pilot.press("E")
        await until(pilot, lambda: any(exports.rglob("*.xlsx")))
        await pilot.app.workers.wait_for_complete()
        (path,) = list(exports.rglob("*.xlsx"))
        status = str(pilot.app.screen.query_one("#meetings-status").render())
        assert "Exported to" in status and path.name[:20] in status
        sheet = load_workbook(path).active
        assert sheet is not None
        cells = {cell.value: cell for row in sheet.iter_rows() for cell in row if cell.value}
        assert all(cell.data_type != "f" for cell in cells.values())  # no formulas at all
        note = cells["=SUM(A1) writing is weak\nsecond line"]
        assert note.data_type == "s" and note.quotePrefix
        assert {"Mr Ali", "Class 1", "Spring 1", "Number talks", "Summer-born boys"} <= set(cells)
        assert "PUPIL1, P1; PUPIL2, P2" in cells
        header = next(cell for cell in cells.values() if cell.value == "LAU")
        assert sheet.cell(row=header.row + 1, column=header.column).value == 25  # % below
        assert sheet.cell(row=header.row + 2, column=header.column).value == 50  # previous
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.print_title_rows == "$1:$2"

        # Delete, after confirming.
        await pilot.press("d")
        await on_screen(pilot, ConfirmDialog)
        await pilot.press("y")
        await on_screen(pilot, MeetingsScreen)
        await pilot.pause()
        assert meetings.list_meetings(school.database, school.actor, school.id, YEAR) == []


async def test_a_cancelled_dialog_loses_nothing_and_figures_note_a_change(
    school: MeetingSchool,
) -> None:
    db, actor = school.database, school.actor
    meeting_id = meetings.create_meeting(
        db, actor, school.id, YEAR, teacher="Mrs Khan", day=TODAY, class_slot=None,
        period_id=school.spring, today=TODAY,
    )  # fmt: skip
    from store.changes import judgement_edit
    from store.cohort import Cell
    from store.curriculum import Judgement
    from store.judgements import write_changes

    write_changes(
        db, actor, school.id,
        [judgement_edit(school.pupils["P2"], school.spring, "LAU", Cell(Judgement.ON_TRACK))],
    )  # fmt: skip
    app = PupilTrackerApp(db, actor, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meetings(pilot)
        await pilot.press("enter")
        await on_screen(pilot, MeetingScreen)
        screen = pilot.app.screen
        assert isinstance(screen, MeetingScreen)
        note = screen.query_one("#meeting-figures-note")
        await until(pilot, lambda: "changed" in str(note.render()))
        # Type notes, then start a row and cancel its dialog: the notes are kept.
        await pilot.press("f6", "f6", "tab", "tab", *"Kept as typed")
        await pilot.press("f6", "f3")
        await on_screen(pilot, ChooseDialog)
        await pilot.press("escape")
        await on_screen(pilot, MeetingScreen)
        await saved(pilot)
        record = get_meeting(db, actor, school.id, meeting_id)
        assert record.discussions[0].notes == "Kept as typed"
        assert record.barriers == ()
        # The saved figures are the day's; f5 counts them again after asking.
        assert record.figures.area("LAU").values == (17, 50, 67, 33)
        await pilot.press("f5")
        await on_screen(pilot, ConfirmDialog)
        await pilot.press("y")
        await on_screen(pilot, MeetingScreen)
        await saved(pilot)
        assert "match" in str(note.render())
        record = get_meeting(db, actor, school.id, meeting_id)
        assert record.figures.area("LAU").values == (0, 50, 83, 33)


async def test_typing_is_saved_when_the_app_goes_away(school: MeetingSchool) -> None:
    db, actor = school.database, school.actor
    meeting_id = meetings.create_meeting(
        db, actor, school.id, YEAR, teacher="", day=TODAY, class_slot=None,
        period_id=school.spring, today=TODAY,
    )  # fmt: skip
    app = PupilTrackerApp(db, actor, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meetings(pilot)
        await pilot.press("enter")
        await on_screen(pilot, MeetingScreen)
        await pilot.press("f6", "f6", "tab", "tab", *"Typed just before quitting")
        await pilot.press("f10")
    record = get_meeting(db, actor, school.id, meeting_id)
    assert record.discussions[0].notes == "Typed just before quitting"


async def test_changing_class_recounts_and_a_wrong_date_is_not_saved(school: MeetingSchool) -> None:
    db, actor = school.database, school.actor
    meeting_id = meetings.create_meeting(
        db, actor, school.id, YEAR, teacher="Mrs Khan", day=TODAY, class_slot=None,
        period_id=school.spring, today=TODAY,
    )  # fmt: skip
    app = PupilTrackerApp(db, actor, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meetings(pilot)
        await pilot.press("enter")
        await on_screen(pilot, MeetingScreen)
        screen = pilot.app.screen
        assert isinstance(screen, MeetingScreen)
        await pilot.press("enter")  # the class field has the cursor
        await on_screen(pilot, ChooseDialog)
        await pilot.press("2", "enter")
        await on_screen(pilot, MeetingScreen)
        await saved(pilot)
        # Class 2 is P5 (O, O) and P6 (B, blank): 0% below now, 50% before...
        assert "0         50         50         50" in str(screen.query_one(FiguresTable).render())
        await pilot.press("tab", "tab", "ctrl+a", "ctrl+k", *"31/02/2026", "tab")
        await saved(pilot)
        assert "Date not saved" in str(screen.query_one("#meeting-status").render())
        assert str(screen.query_one("#meeting-date", Input).value) == "31/02/2026"  # kept as typed
    record = get_meeting(db, actor, school.id, meeting_id)
    assert (record.class_name, record.day) == ("Class 2", TODAY)
    assert record.figures.area("LAU").values == (0, 50, 50, 50)

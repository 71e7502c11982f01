"""Pilot tests of the progress meetings: create one with every section filled by keys, edit it,
export it (read back with openpyxl), delete it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Input, Label, Static

from store.core.db import Database
from store.meetings import meetings
from store.meetings import rows as meeting_rows
from store.meetings.record import MeetingRecord, PupilChoice, get_meeting
from tests.store.meeting_school import TODAY, YEAR, MeetingSchool, make_school
from tui.app import PupilTrackerApp
from tui.screens.dialogs.choose import ChoiceList, ChooseDialog
from tui.screens.dialogs.confirm import ConfirmDialog
from tui.screens.help import HelpScreen
from tui.screens.meetings.dialogs import NewMeetingDialog, PupilsDialog
from tui.screens.meetings.form import MeetingScreen
from tui.screens.meetings.meetings import COLUMNS, MeetingsScreen
from tui.screens.meetings.rows import MeetingText
from tui.widgets.key_bar import key_text
from tui.widgets.meetings.meeting_figures import FiguresTable


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
        await pilot.press("down", "enter")  # Class 1, after All
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
        below = sheet.cell(row=header.row + 1, column=header.column)  # % below
        assert below.value == 0.25 and "%" in below.number_format
        assert sheet.cell(row=header.row + 2, column=header.column).value == 0.5  # previous
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.print_title_rows == "$1:$2"

        # Delete, after confirming: the question names what goes with it.
        await pilot.press("d")
        await on_screen(pilot, ConfirmDialog)
        dialog = pilot.app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert dialog.question.startswith("Delete the meeting of ")
        assert dialog.detail.startswith("Deleted with it: its figures, 7 discussion areas (")
        assert "barriers to learning" in dialog.detail or "barrier to learning" in dialog.detail
        assert dialog.hint == "y Delete · n or Esc Keep it"
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
    from store.assessments.changes import judgement_edit
    from store.assessments.cohort import Cell
    from store.assessments.judgements import write_changes
    from store.curriculum.eyfs import Judgement

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
        await pilot.press("down", "down", "enter")  # Class 2
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


def new_meeting(school: MeetingSchool, teacher: str = "Mrs Khan") -> int:
    return meetings.create_meeting(
        school.database, school.actor, school.id, YEAR, teacher=teacher, day=TODAY,
        class_slot=None, period_id=school.spring, today=TODAY,
    )  # fmt: skip


async def burst(pilot: Pilot[None], *keys: str) -> None:
    """Deliver keys as tmux or a fast typist does: all queued before the app reads the first."""
    for key in keys:
        name = _character_to_key(key) if len(key) == 1 and not key.isalnum() else key
        character = {"tab": "\t", "space": " "}.get(key, key if len(key) == 1 else None)
        pilot.app.post_message(events.Key(name, character))
    await pilot.pause()


async def test_keys_typed_straight_after_a_new_row_go_where_tab_sends_them(
    school: MeetingSchool,
) -> None:
    meeting_id = new_meeting(school)
    app = PupilTrackerApp(school.database, school.actor, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meetings(pilot)
        await pilot.press("enter")
        await on_screen(pilot, MeetingScreen)
        await pilot.press("f6", "f6", "f6", "f6", "f6", "f3")  # Specific groups: add a row
        await on_screen(pilot, ChooseDialog)
        # No waiting for the row: the keys follow the area's Enter at once.
        await pilot.press(*"Writing", "enter", *"EAL [boys] d'Arcy", "tab", *"Comment one")
        # A second row, its keys delivered all at once as tmux send-keys does.
        await pilot.press("f3")
        await on_screen(pilot, ChooseDialog)
        await pilot.press(*"Number", "enter")
        await burst(pilot, *"abc", "tab", *"defgh")
        await saved(pilot)
    record = get_meeting(school.database, school.actor, school.id, meeting_id)
    assert [(g.area_code, g.group_name, g.comments) for g in record.groups] == [
        ("W", "EAL [boys] d'Arcy", "Comment one"),
        ("N", "abc", "defgh"),
    ]


async def test_a_new_row_takes_keys_before_the_database_has_added_it(
    school: MeetingSchool, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting_id = new_meeting(school)
    written = threading.Event()
    add_row = meeting_rows.add_row

    def slow_add_row(*args: Any, **kwargs: Any) -> int:
        written.wait(timeout=60)  # a slow connection: the row is on screen before it is stored
        return add_row(*args, **kwargs)

    monkeypatch.setattr(meeting_rows, "add_row", slow_add_row)
    app = PupilTrackerApp(school.database, school.actor, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meetings(pilot)
        await pilot.press("enter")
        await on_screen(pilot, MeetingScreen)
        await pilot.press("f6", "f6", "f6", "f3")  # Barriers to learning: add a row
        await on_screen(pilot, ChooseDialog)
        await pilot.press(*"PUPIL3", "enter")
        await burst(pilot, *"Speech delay", "tab", *"Review at Easter", "shift+tab")
        written.set()
        await saved(pilot)
    (barrier,) = get_meeting(school.database, school.actor, school.id, meeting_id).barriers
    assert barrier.pupil is not None and barrier.pupil.name == "PUPIL3, P3"
    assert (barrier.barrier, barrier.next_steps) == ("Speech delay", "Review at Easter")


LONG_TEACHER = "Mrs Alexandra Featherstonehaugh-Cholmondeley [EYFS] d'Arcy " * 2  # 118 characters


async def test_the_list_fits_80_columns_and_a_too_long_name_is_said_not_cut(
    school: MeetingSchool,
) -> None:
    meeting_id = new_meeting(school, teacher=LONG_TEACHER.strip())
    app = PupilTrackerApp(school.database, school.actor, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meetings(pilot)
        table = pilot.app.screen.query_one(DataTable)
        assert [str(column.label) for column in table.columns.values()] == list(COLUMNS)
        assert table.max_scroll_x == 0  # every column, headings too, is on the screen
        day, teacher, class_name, period = (str(cell) for cell in table.get_row_at(0))
        assert teacher.endswith("…") and teacher[:-1] in LONG_TEACHER
        assert (day, class_name, period) == ("20/02/2026", "All Reception classes", "Spring 1")
        status = str(pilot.app.screen.query_one("#meetings-status").render())
        assert "This one: 20/02/2026 · Mrs Alexandra" in status  # the whole name, wrapped

        # In the meeting: a name past 120 characters is kept on screen, said, and not saved.
        await pilot.press("enter")
        await on_screen(pilot, MeetingScreen)
        screen = pilot.app.screen
        assert isinstance(screen, MeetingScreen)
        await pilot.press("tab", "end", *" and Mr Ali", "tab")
        await saved(pilot)
        teacher_input = screen.query_one("#meeting-teacher", Input)
        assert len(teacher_input.value) == 128
        said = str(screen.query_one("#meeting-status").render())
        assert "Teacher not saved: the name is 128 characters and at most 120 fit" in said
        record = get_meeting(school.database, school.actor, school.id, meeting_id)
        assert record.teacher == LONG_TEACHER.strip()
        await pilot.press("shift+tab", "end", *["backspace"] * 10, "tab")  # 118: fits
        await saved(pilot)
    record = get_meeting(school.database, school.actor, school.id, meeting_id)
    assert record.teacher == LONG_TEACHER.strip()


async def test_a_new_meeting_says_when_the_teacher_is_too_long(school: MeetingSchool) -> None:
    app = PupilTrackerApp(school.database, school.actor, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meetings(pilot)
        await pilot.press("a")
        await on_screen(pilot, NewMeetingDialog)
        await pilot.press(*(LONG_TEACHER + "and more"))
        error = pilot.app.screen.query_one("#form-error")
        assert "126 characters; at most 120 fit" in str(error.render())
        await pilot.press("tab", "enter")  # the date: create, refused
        dialog = pilot.app.screen
        assert isinstance(dialog, NewMeetingDialog)
        assert "at most 120 fit" in str(error.render())
        assert dialog.focused is dialog.query_one("#new-meeting-teacher")  # to put right
        await pilot.press("end", *["backspace"] * 8)
        assert str(error.render()).strip() == ""
        await pilot.press("shift+tab", "shift+tab", "x")  # letters on the class line
        assert "Class is chosen from a list, not typed: press Enter" in str(error.render())
    assert meetings.list_meetings(school.database, school.actor, school.id, YEAR) == []


async def test_letters_on_a_choice_line_say_how_to_choose(school: MeetingSchool) -> None:
    meeting_id = new_meeting(school)
    app = PupilTrackerApp(school.database, school.actor, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meetings(pilot)
        await pilot.press("enter")
        await on_screen(pilot, MeetingScreen)
        screen = pilot.app.screen
        await pilot.press(*"Class 2")  # the class line has the cursor
        said = str(screen.query_one("#meeting-status").render())
        assert said == "Class is chosen from a list, not typed: press Enter (or f4) to choose."
        assert isinstance(pilot.app.screen, MeetingScreen)
        await pilot.press("f4")
        await on_screen(pilot, ChooseDialog)
        await pilot.press("escape")
        await on_screen(pilot, MeetingScreen)
    assert get_meeting(school.database, school.actor, school.id, meeting_id).class_name == (
        "All Reception classes"
    )


async def test_a_teacher_typed_just_before_quitting_is_saved(school: MeetingSchool) -> None:
    meeting_id = new_meeting(school)
    app = PupilTrackerApp(school.database, school.actor, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meetings(pilot)
        await pilot.press("enter")
        await on_screen(pilot, MeetingScreen)
        await pilot.press("tab", "end", *" and Mr Ali", "f10")
    record = get_meeting(school.database, school.actor, school.id, meeting_id)
    assert record.teacher == "Mrs Khan and Mr Ali"


class FakeClock:
    """The dialog's clock, moved on by the test: no test waits on real seconds."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


async def test_typing_in_the_pupils_dialog_builds_up_a_surname(school: MeetingSchool) -> None:
    names = ["ALI, Amir", "HUGHES, Bea", "KAUR, Jas", "KHAN, Omar", "KHAN, Zara", "LEE, Kim"]
    pupils = [PupilChoice(number, name) for number, name in enumerate(names, 1)]
    chosen: list[list[int] | None] = []
    app = PupilTrackerApp(school.database, school.actor, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = PupilsDialog("Pupils for this targeted support", pupils, set())
        clock = dialog.clock = FakeClock()
        pilot.app.push_screen(dialog, chosen.append)
        await on_screen(pilot, PupilsDialog)
        await until(pilot, lambda: bool(dialog.query(ChoiceList)))
        options = dialog.query_one(ChoiceList)
        typed = dialog.query_one("#pupil-typed")

        def at() -> str:
            assert options.highlighted is not None
            return names[options.highlighted]

        await pilot.press("k")
        assert at() == "KAUR, Jas"
        await pilot.press("h")
        assert at() == "KHAN, Omar"
        await pilot.press("a")
        assert at() == "KHAN, Omar" and str(typed.render()) == "Typed: kha"
        await pilot.press("k")  # no KHAK: a new name from k
        assert at() == "KAUR, Jas" and str(typed.render()) == "Typed: k"
        await pilot.press("k")  # k again: the next name with k
        assert at() == "KHAN, Omar"
        await pilot.press("backspace")
        assert str(typed.render()) == ""
        await pilot.press("h", "u")
        assert at() == "HUGHES, Bea" and str(typed.render()) == "Typed: hu"
        clock.now += 2  # a pause starts a new name
        await pilot.press("l")
        assert at() == "LEE, Kim" and str(typed.render()) == "Typed: l"
        await pilot.press("space", "escape")  # Escape forgets what was typed, first
        assert str(typed.render()) == "" and isinstance(pilot.app.screen, PupilsDialog)
        await pilot.press(*"khan", "down", "space", "enter")
        await pilot.pause()
    assert chosen == [[5, 6]]  # LEE, and the second KHAN


async def test_long_notes_scroll_inside_their_box(school: MeetingSchool) -> None:
    meeting_id = new_meeting(school)
    lines = [f"Line {number} of the notes" for number in range(1, 16)]
    app = PupilTrackerApp(school.database, school.actor, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meetings(pilot)
        await pilot.press("enter")
        await on_screen(pilot, MeetingScreen)
        screen = pilot.app.screen
        await pilot.press("f6", "f6", "tab", "tab")  # the first discussion area's notes
        notes = screen.focused
        assert isinstance(notes, MeetingText) and str(notes.border_title).startswith("Notes")
        for line in lines:
            await pilot.press(*line, "enter")
        await pilot.press(*"The end")
        await pilot.pause()
        assert notes.outer_size.height <= 10  # the box stops growing...
        assert notes.scroll_offset.y > 0  # ...and scrolls so the cursor stays in sight
        top = notes.scroll_offset.y
        cursor_row = notes.cursor_location[0]
        assert top <= cursor_row < top + notes.scrollable_content_region.height
        await saved(pilot)
    record = get_meeting(school.database, school.actor, school.id, meeting_id)
    assert record.discussions[0].notes == "\n".join([*lines, "The end"])


async def test_every_meeting_screen_shows_its_keys_at_80x24(school: MeetingSchool) -> None:
    new_meeting(school)
    app = PupilTrackerApp(school.database, school.actor, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:

        def keys() -> str:
            bar = key_text(pilot.app.screen).plain
            assert len(bar) <= 80, bar  # on the one line, nothing cut
            return bar

        await open_meetings(pilot)
        assert all(key in keys() for key in ("f1 Help", "a Add", "e Open", "d Delete", "E Excel"))
        await pilot.press("enter")
        await on_screen(pilot, MeetingScreen)
        assert all(key in keys() for key in ("f1 Help", "f4 Pick", "f6 Section", "esc Back"))
        await pilot.press("f6", "f6", "f6", "f6")  # Targeted support
        await pilot.press("f3")
        await on_screen(pilot, ChooseDialog)
        await pilot.press(*"Number", "enter")
        await on_screen(pilot, MeetingScreen)
        await until(pilot, lambda: "f8 Delete row" in keys())
        assert all(key in keys() for key in ("f3 Add row", "f4 Pick", "f9 Excel")), keys()
        await pilot.press("f1")
        await on_screen(pilot, HelpScreen)
        shown = " ".join(str(w.render()) for w in pilot.app.screen.query(Static))
        assert "Count the figures again" in shown and "f6 jumps from section" in shown
        await pilot.press("escape")
        await on_screen(pilot, MeetingScreen)
        await pilot.press("enter")  # the pupils of the targeted row: its dialog says its keys
        await on_screen(pilot, PupilsDialog)
        hints = " ".join(str(w.render()) for w in pilot.app.screen.query(Label))
        assert "space ticks" in hints and "Esc cancels" in hints


async def test_a_group_name_too_long_is_kept_and_said_not_cut(school: MeetingSchool) -> None:
    meeting_id = new_meeting(school)
    name = "Boys with English as an additional language " * 3  # 132 characters
    app = PupilTrackerApp(school.database, school.actor, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meetings(pilot)
        await pilot.press("enter")
        await on_screen(pilot, MeetingScreen)
        screen = pilot.app.screen
        await pilot.press("f6", "f6", "f6", "f6", "f6", "f3")  # Specific groups: add a row
        await on_screen(pilot, ChooseDialog)
        await pilot.press(*"Writing", "enter", *name, "tab")
        await saved(pilot)
        said = str(screen.query_one("#meeting-status").render())
        assert "Group name not saved: it is 132 characters and at most 120 fit" in said
        (group,) = get_meeting(school.database, school.actor, school.id, meeting_id).groups
        assert group.group_name == ""
        await pilot.press("shift+tab", "end", *["backspace"] * 20, "tab")
        await saved(pilot)
    (group,) = get_meeting(school.database, school.actor, school.id, meeting_id).groups
    assert group.group_name == name[:112]


async def test_the_pupils_dialog_finds_a_surname_without_its_punctuation(
    school: MeetingSchool,
) -> None:
    names = ["OBI, Ada", "O'BRIEN, Siobhán", "SMITH-JONES, Al", "ZOË, Ann"]
    pupils = [PupilChoice(number, name) for number, name in enumerate(names, 1)]
    app = PupilTrackerApp(school.database, school.actor, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = PupilsDialog("Pupils for this targeted support", pupils, set())
        dialog.clock = FakeClock()
        pilot.app.push_screen(dialog)
        await on_screen(pilot, PupilsDialog)
        await until(pilot, lambda: bool(dialog.query(ChoiceList)))
        options = dialog.query_one(ChoiceList)
        for typed, name in (("obr", "O'BRIEN, Siobhán"), ("smithj", "SMITH-JONES, Al")):
            dialog.clock.now += 2  # type-ahead starts again after a pause
            await pilot.press(*typed)
            assert options.highlighted is not None and names[options.highlighted] == name
        dialog.clock.now += 2
        await pilot.press(*"zoe")
        assert options.highlighted is not None and names[options.highlighted] == "ZOË, Ann"


async def test_a_header_that_cannot_be_saved_takes_the_cursor_back(school: MeetingSchool) -> None:
    meeting_id = new_meeting(school)
    app = PupilTrackerApp(school.database, school.actor, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meetings(pilot)
        await pilot.press("enter")
        await on_screen(pilot, MeetingScreen)
        screen = pilot.app.screen
        assert isinstance(screen, MeetingScreen)
        date_field = screen.query_one("#meeting-date", Input)
        await pilot.press("tab", "tab", "ctrl+a", "ctrl+k", *"31/02/2026", "tab")
        await saved(pilot)
        assert screen.focused is not date_field
        await pilot.press("f2")  # save now: the cursor goes to the date that was not saved
        await saved(pilot)
        assert screen.focused is date_field
        await pilot.press("tab", "escape")  # leaving: first shown the field, typed text kept
        await saved(pilot)
        assert pilot.app.screen is screen and screen.focused is date_field
        assert "Escape again" in str(screen.query_one("#meeting-status").render())
        assert date_field.value == "31/02/2026"
        await pilot.press("escape")
        await on_screen(pilot, MeetingsScreen)
    assert get_meeting(school.database, school.actor, school.id, meeting_id).day == TODAY

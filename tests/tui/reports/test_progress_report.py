"""Pilot tests of the Progress report on the Reports screen (g), over the hand-worked Reception
cohort of tests/store/progress_school.py: the summary per subject, the pupils behind a figure and
why, a subject's table, the list for a progress meeting, choosing the two assessments (p), the
class (c), the workbook (E); and what it says when there are not two assessments to compare."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from store.assessments import periods
from store.assessments.cohort import Cell
from store.core.db import Database
from store.curriculum.eyfs import YearGroup
from store.curriculum.ks1 import KS1_TA_ID, PHONICS_MARK
from store.pupils.filters import PupilFilter
from store.reports.reports import open_reports as open_report_data
from tests.store.assessments.test_period_submission import YearTwo
from tests.store.progress_school import SUPPORT, YEAR, Reception
from tests.tui.reports.test_reports import exports as exports  # the fixture
from tests.tui.reports.test_reports import line, open_reports, settle, status, table_rows
from tui.app import PupilTrackerApp
from tui.screens.dialogs.choose import ChooseDialog
from tui.screens.dialogs.why import WhyDialog
from tui.screens.reports.names import NamesScreen
from tui.screens.reports.progress import progress_outcome
from tui.screens.reports.reports import ReportsScreen
from tui.screens.reports.transitions import TransitionScreen

TODAY = date(2026, 3, 1)  # 2025/2026: the cohort's year
LAU = "Listening, Attention and Understanding"


@pytest.fixture
def reception(database: Database) -> Reception:
    return Reception(database)


def key_bar(screen: ReportsScreen) -> str:
    return str(screen.query_one("KeyBar", Static).render())


def headers(screen: ReportsScreen) -> list[str]:
    table = screen.query_one("#progress-table", DataTable)
    return [str(column.label) for column in table.columns.values()]


def message(screen: ReportsScreen) -> str:
    return str(screen.query_one("#report-message", Static).render())


async def press(pilot: Pilot[None], *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


async def open_progress(pilot: Pilot[None]) -> ReportsScreen:
    screen = await open_reports(pilot)
    await press(pilot, "g")
    return screen


async def test_g_shows_who_moved_and_every_figure_opens_its_pupils_and_why(
    reception: Reception,
) -> None:
    app = PupilTrackerApp(reception.database, reception.head, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_reports(pilot)
        assert "g Progress" in key_bar(screen)
        await press(pilot, "g")
        assert line(screen) == (
            "Progress · 2025/2026 · Reception · Autumn 2 to Spring 1 · All classes"
        )
        assert headers(screen) == [
            "Areas of Development",
            "Up",
            "Same",
            "Down",
            "Not compared",
            "Pupils",
        ]
        rows = table_rows(screen, "#progress-table")
        assert len(rows) == 17
        # Adams up, Brook down, Cross (blank now) and Drake (joined) not compared; Evans is
        # not included in data and Frost has left.
        assert rows[0] == ["Listening, Attention and Understand…", "1", "0", "1", "2", "4"]
        assert rows[1] == ["Speaking", "0", "0", "0", "4", "4"]
        assert "1 pupil with Include in Data = No is left out" in status(screen)
        assert status(screen).startswith(f"Enter (or t): the table of {LAU}")
        # The key bar keeps what matters in 80 columns: m's list, and E (g is shown already).
        bar = key_bar(screen)
        assert "m Down list" in bar and "E Excel" in bar and "g Progress" not in bar
        assert len(bar.rstrip()) <= 80

        await press(pilot, "right", "right", "right")  # Down
        assert status(screen).startswith(f"{LAU}: 1 of 2 compared (50.00%) moved down")
        await press(pilot, "enter")
        names = pilot.app.screen
        assert isinstance(names, NamesScreen)
        assert names.shown == ["BROOK, Jo"]
        assert names.names.details == ("On track → Below",)
        await press(pilot, "enter")
        why = pilot.app.screen
        assert isinstance(why, WhyDialog)
        assert why.lines[0] == f"{LAU}: On track in Autumn 2, Below in Spring 1: moved down."
        assert why.lines[3] == f"{LAU}: On track in Autumn 2, Below in Spring 1: moved down"
        assert len(why.lines) == 3 + 17  # the subject's, then every subject's

        await press(pilot, "escape", "escape", "right")  # Not compared
        await press(pilot, "enter")
        assert pilot.app.screen.shown == ["CROSS, Jo", "DRAKE, Jo"]  # type: ignore[attr-defined]

        await press(pilot, "escape", "home")  # the subject's name: Enter opens its table
        await press(pilot, "enter")
        table = pilot.app.screen
        assert isinstance(table, TransitionScreen)
        assert [[str(cell) for cell in row] for row in table_cells(table)] == [
            ["Below", "0", "1", "0", "1"],
            ["On track", "1", "0", "1", "2"],
            ["Blank", "0", "1", "0", "1"],
        ]
        cells = table.query_one(DataTable)
        cells.move_cursor(row=1, column=3)  # On track in Autumn 2, blank in Spring 1
        await settle(pilot)
        said = str(table.query_one("#transition-status", Static).render())
        assert said == "1 pupil: On track in Autumn 2, Blank in Spring 1"
        await press(pilot, "enter")
        assert pilot.app.screen.shown == ["CROSS, Jo"]  # type: ignore[attr-defined]
        await press(pilot, "enter")
        assert isinstance(pilot.app.screen, WhyDialog)
        assert pilot.app.screen.lines[0].endswith("not compared (no value in Spring 1).")

        await press(pilot, "escape", "escape", "escape", "m")  # the progress meeting's list
        meeting = pilot.app.screen
        assert isinstance(meeting, NamesScreen)
        assert meeting.shown == ["BROOK, Jo", "ADAMS, Jo", "CROSS, Jo", "DRAKE, Jo"]
        assert meeting.names.details == ("1: LAU", "0", "0", "0")
        await press(pilot, "enter")
        assert isinstance(pilot.app.screen, WhyDialog)
        assert pilot.app.screen.lines[0] == "1 subject moved down."


def table_cells(screen: TransitionScreen) -> list[list[object]]:
    table = screen.query_one(DataTable)
    return [list(table.get_row_at(row)) for row in range(table.row_count)]


async def choose(pilot: Pilot[None], title: str, name: str) -> None:
    """Pick `name` in the open chooser titled `title` by typing it."""
    dialog = pilot.app.screen
    assert isinstance(dialog, ChooseDialog) and dialog.title_text == title
    await pilot.press(*name, "enter")
    await settle(pilot)


async def test_p_chooses_the_two_c_the_class_and_e_writes_the_workbook(
    reception: Reception, exports: Path
) -> None:
    app = PupilTrackerApp(reception.database, reception.head, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_progress(pilot)
        await press(pilot, "p")
        dialog = pilot.app.screen
        assert isinstance(dialog, ChooseDialog)
        # Summer 1 has nothing after it to compare with; last year's Summer 2 (Nursery 2) does.
        assert [choice.key for choice in dialog.choices] == ["Summer 2", "Autumn 2", "Spring 1"]
        assert dialog.highlighted is not None and dialog.highlighted.key == "Autumn 2"
        await choose(pilot, "Progress from", "Summer 2")
        to = pilot.app.screen
        assert isinstance(to, ChooseDialog)
        assert [choice.key for choice in to.choices] == ["Autumn 2", "Spring 1", "Summer 1"]
        await choose(pilot, "Progress from Summer 2 to", "Autumn 2")
        assert line(screen).startswith(
            "Progress · 2025/2026 · Reception · Summer 2 (last year) to Autumn 2"
        )
        # Nobody has a value last year: nothing to compare.
        assert table_rows(screen, "#progress-table")[0][1:] == ["0", "0", "0", "4", "4"]

        await press(pilot, "p")
        await choose(pilot, "Progress from", "Autumn 2")
        await choose(pilot, "Progress from Autumn 2 to", "Spring 1")
        await press(pilot, "c")
        await choose(pilot, "Class", "2")
        assert line(screen) == "Progress · 2025/2026 · Reception · Autumn 2 to Spring 1 · Class 2"
        # Class 2: Brook (down) and Drake (joined); Frost has left.
        assert table_rows(screen, "#progress-table")[0][1:] == ["0", "0", "1", "1", "2"]
        await press(pilot, "E")
        # The characteristics filter too: a search for "bro" keeps Brook alone.
        await pilot.press("f")
        await pilot.pause()
        await press(pilot, "slash", "b", "r", "o", "enter")
        assert table_rows(screen, "#progress-table")[0][1:] == ["0", "0", "1", "0", "1"]
        assert "Filter: 'bro'" in str(screen.query_one("#filter-bar", Static).render())
    written = sorted(exports.rglob("*.xlsx"))
    assert [path.name.split(" (")[0] for path in written] == [
        "Progress Reception 2025-2026 Autumn 2 to Spring 1 Class 2"
    ]
    workbook = load_workbook(written[0])
    assert workbook.sheetnames == ["Summary", "Transition tables", "Pupils"]
    summary = [list(row) for row in workbook["Summary"].iter_rows(min_row=3, values_only=True)]
    assert summary[0][:10] == [
        "Subject",
        "Moved up",
        "% Moved up",
        "Same",
        "% Same",
        "Moved down",
        "% Moved down",
        "Not compared",
        "Compared",
        "Num Pupils",
    ]
    assert summary[1] == [LAU, 0, 0.0, 0, 0.0, 1, 1.0, 1, 1, 2]
    pupils = [row for row in workbook["Pupils"].iter_rows(min_row=4, values_only=True)]
    brook = [row for row in pupils if row[0] == "BROOK, Jo" and row[4] == LAU]
    assert brook == [
        (
            "BROOK, Jo",
            "K204200000001",
            "Class 2",
            1,
            LAU,
            "O",
            "B",
            "Moved down",
            -1,
            "On track in Autumn 2, Below in Spring 1: moved down",
        )
    ]
    assert {row[0] for row in pupils} == {"BROOK, Jo", "DRAKE, Jo"}


async def test_not_two_assessments_to_compare_says_what_is_needed(database: Database) -> None:
    year_two = YearTwo(database)
    year_two.complete()  # KS1 results: one assessment with judgements
    app = PupilTrackerApp(database, year_two.head, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_reports(pilot)
        await press(pilot, "right_square_bracket", "right_square_bracket", "g")  # Year 2
        assert line(screen).startswith("Progress · 2025/2026 · Year 2")
        assert message(screen) == (
            "Progress compares two assessments of one framework, both with judgements, and "
            "Year 2 has judgements only in KS1 2026 (01/06/2026): enter them in a second "
            "assessment of its framework on the Assessments screen."
        )
        assert "m Down list" not in key_bar(screen)
        await press(pilot, "m", "E")  # nothing to list or write: nothing happens
        assert pilot.app.screen is screen
        # A phonics mark too: two assessments with judgements, but of two frameworks.
        year_two.give("Smith", {PHONICS_MARK: Cell(number=33)}, year_two.phonics)
        await press(pilot, "f5")
        assert message(screen) == (
            "Progress compares two assessments of one framework, both with judgements, and "
            "Year 2's are each of another framework: KS1 2026 (KS1 teacher assessment), "
            "Phonics recheck (Phonics screening check)."
        )
        await press(pilot, "p")  # no two of one framework to choose from
        assert pilot.app.screen is screen
        # An earlier teacher assessment: the latest pair of one framework, before the phonics.
        spring = periods.create_period(
            database, year_two.head, year_two.school.id, "KS1 spring", date(2026, 3, 2),
            [YearGroup.YEAR_2], framework=KS1_TA_ID,
        ).id  # fmt: skip
        year_two.give("Smith", {"RD": Cell("WTS")}, spring)
        await press(pilot, "f5")
        assert (
            line(screen) == "Progress · 2025/2026 · Year 2 · KS1 spring to KS1 2026 · All classes"
        )
        assert table_rows(screen, "#progress-table")[0] == [
            "Reading",
            "1",
            "0",
            "0",
            "1",
            "2",
            "1.00",  # WTS to EXS: one step of the scale
        ]
        await press(pilot, "left_square_bracket")  # Year 1: none at all
        assert message(screen).startswith(
            "Progress compares two assessments of one framework, both with judgements, and "
            "Year 1 has none with judgements in 2025/2026 (or last year)"
        )


def test_two_assessments_of_different_frameworks_are_refused(database: Database) -> None:
    """A pair chosen earlier (or asked for by id) of two frameworks: the store's refusal, and
    what to do."""
    year_two = YearTwo(database)
    year_two.complete()
    school = year_two.school.id
    data = open_report_data(database, year_two.head, school, YEAR, YearGroup.YEAR_2, None)
    said = progress_outcome(
        database,
        year_two.head,
        school,
        data,
        (year_two.ks1, year_two.phonics),
        None,
        PupilFilter(),
    )
    assert said == (
        "KS1 2026 is KS1 teacher assessment and Phonics recheck is Phonics screening check: "
        "progress compares two assessments of the same framework. Press p to choose two others."
    )


async def test_over_all_establishments_progress_is_summed(reception: Reception) -> None:
    app = PupilTrackerApp(reception.database, SUPPORT, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_progress(pilot)  # support: Beech's Reports, then g
        assert table_rows(screen, "#progress-table")[0][1:] == ["1", "0", "1", "2", "4"]
        await press(pilot, "a")  # all establishments: Beech is the only one
        assert screen.all_scope
        assert line(screen).endswith("Latest two assessments at each establishment")
        assert table_rows(screen, "#progress-table")[0][1:] == ["1", "0", "1", "2", "4"]
        assert "1 of 1 establishments counted" in status(screen)
        assert "g Progress" not in key_bar(screen) and "m Down list" in key_bar(screen)
        await press(pilot, "a")
        assert table_rows(screen, "#progress-table")[0][1:] == ["1", "0", "1", "2", "4"]

"""A framework that is not EYFS, end to end in the grid: the test-only three-letter framework's
Year 1 period shows its own columns and codes, takes its own keys and marks, fills a row with
its Absent, works out its derived column, counts its foot by band, says its keys in help, and
goes to Screen data and All data as shown. Nothing here can pass by knowing EYFS."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from textual.binding import Binding
from textual.pilot import Pilot
from textual.widgets import RadioSet, Static

from store.assessments.cohort import Cell, load_cohort
from store.curriculum import frameworks
from store.curriculum.eyfs import YearGroup
from store.curriculum.framework import Framework
from tests.store.three_letter_school import YearOne, add_year_1
from tests.tui.assessments.test_grid_export import export, written
from tests.tui.assessments.test_grid_keys import open_grid
from tests.tui.conftest import YEAR, School
from tui.app import PupilTrackerApp
from tui.screens.assessments.grid_keys import GRID_BINDINGS
from tui.screens.help import HelpScreen
from tui.widgets.assessments.judgement_grid import JudgementGrid
from tui.widgets.assessments.status_line import StatusLine

Y1 = YearGroup.YEAR_1
ROWS = ["Adams", "Brook", "Cross", "Drake", "Evans", "Frost", "Grant"]
RDG, WRI, MAT, EIC, PHO, NOTES = range(6)


@pytest.fixture
def year_one(school: School, three_letter_framework: Framework) -> YearOne:
    # In the academic year the grid opens on (today's).
    day = date(YEAR, 11, 14)
    return add_year_1(school.database, school.actor, school.establishment.id, day=day)


def held(school: School, year_one: YearOne, surname: str) -> dict[str, Cell]:
    cohort = load_cohort(school.database, school.actor, school.establishment.id, YEAR, Y1)
    pupil = year_one.ids[surname]
    return {
        code: cohort.cell(pupil, year_one.period_id, code) for code in ("RDG", "WRI", "MAT", "PHO")
    }


async def open_year_1(pilot: Pilot[None]) -> JudgementGrid:
    grid = await open_grid(pilot)
    await pilot.press("right_square_bracket")  # Reception, then Year 1
    await pilot.pause()
    assert grid.model is not None and grid.model.cohort.year_group is Y1
    return grid


def status_line(pilot: Pilot[None]) -> str:
    return pilot.app.screen.query_one(StatusLine).text


async def test_the_grid_shows_the_frameworks_columns_codes_and_derived_column(
    school: School, year_one: YearOne
) -> None:
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        grid = await open_year_1(pilot)
        assert grid.model is not None
        assert [column.code for column in grid.model.columns] == [
            "RDG", "WRI", "MAT", "EIC", "PHO", "Notes",
        ]  # fmt: skip
        assert [pupil.surname for pupil in grid.model.rows] == ROWS
        texts = [grid.model.text(row, EIC) for row in range(len(ROWS))]
        # Adams WTS in Reading; Brook WTS in Maths; Cross ABS; Evans DIS: all No. Frost blank.
        assert texts == ["No", "No", "No", "No", "No", "", "No"]
        lines = [grid.render_line(y).text for y in range(3, 10)]
        # Three-letter codes take 4 cells, so neighbours never touch.
        assert "│WTS EXS │GDS │No │ 12 │" in lines[0]
        grid.move_to(0, RDG)
        await pilot.pause()
        # Grant (Include in Data = No) is left out: 6 pupils, 1 WTS (Adams), 2 EXS/GDS.
        assert "Working towards 1 (16.67%) · Expected or above 2 (33.33%) of 6" in status_line(
            pilot
        )
        height = grid.scrollable_content_region.height
        foot = [grid.render_line(y).text for y in range(height - 5, height - 1)]
        assert foot[0].startswith("No. Working towards")


async def test_its_keys_marks_and_row_fill_write_what_the_framework_says(
    school: School, year_one: YearOne
) -> None:
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        grid = await open_year_1(pilot)
        grid.move_to(ROWS.index("Frost"), RDG)
        await pilot.press("1", "x", "3")  # WTS, EXS (x), GDS; the run skips the derived EIC
        assert grid.column == PHO
        await pilot.press("3")
        assert grid.notice == "Mark 3: Enter keeps it, Esc drops it."
        await pilot.press("2")  # 32: no further digit could fit 0-40, so it is kept
        assert grid.column == NOTES
        assert held(school, year_one, "Frost") == {
            "RDG": Cell("WTS"), "WRI": Cell("EXS"), "MAT": Cell("GDS"), "PHO": Cell(number=32),
        }  # fmt: skip
        assert grid.model is not None and grid.model.text(ROWS.index("Frost"), EIC) == "No"

        grid.move_to(ROWS.index("Adams"), PHO)
        await pilot.press("4", "5")  # 45 is over 40: refused, the 12 stays
        assert grid.notice == "45 is not a mark for Phonics mark: give a whole number from 0 to 40."
        await pilot.press("3", "escape")  # dropped, and Esc did not leave the grid
        await pilot.press("4", "enter")  # 4 could become 40: Enter keeps it as it is
        assert held(school, year_one, "Adams")["PHO"] == Cell(number=4)

        grid.move_to(ROWS.index("Drake"), WRI)
        await pilot.press("a")  # ABS fills the row: every subject that takes it
        assert held(school, year_one, "Drake") == dict.fromkeys(
            ("RDG", "WRI", "MAT", "PHO"), Cell("ABS")
        )
        await pilot.press("u")  # one undo step takes the whole row back
        assert held(school, year_one, "Drake") == {
            "RDG": Cell("ABS"), "WRI": Cell(), "MAT": Cell(), "PHO": Cell(),
        }  # fmt: skip

        grid.move_to(ROWS.index("Brook"), RDG)
        grid.say(None)
        await pilot.press("b")  # EYFS's Below is no key of this framework
        assert grid.notice is not None and grid.notice.startswith("In Reading: 1 Working towards")
        assert held(school, year_one, "Brook")["RDG"] == Cell("EXS")


async def test_help_and_the_fill_dialog_say_the_frameworks_own_codes(
    school: School, year_one: YearOne
) -> None:
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        grid = await open_year_1(pilot)
        grid.move_to(ROWS.index("Frost"), MAT)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)
        text = "\n".join(str(static.render()) for static in pilot.app.screen.query(Static))
        assert "Greater depth" in text and "Disapplied" in text
        assert "Test three-letter: 1 WTS Working towards, 2 (or x) EXS Expected standard" in text
        assert "Phonics mark: digits, a whole number from 0 to 40" in text
        assert "Below" not in text and "On track" not in text
        await pilot.press("escape", "F")
        await pilot.pause()
        await pilot.press("3")  # GDS for every pupil shown
        await pilot.pause()
    cohort = load_cohort(school.database, school.actor, school.establishment.id, YEAR, Y1)
    assert {
        cohort.cell(pupil, year_one.period_id, "MAT").value for pupil in year_one.ids.values()
    } == {"GDS"}


async def test_screen_data_and_all_data_write_the_period_as_the_grid_shows_it(
    school: School, year_one: YearOne, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from exports.folder import EXPORTS_DIR_ENV

    monkeypatch.setenv(EXPORTS_DIR_ENV, str(tmp_path))
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        await open_year_1(pilot)
        screen_said = await export(pilot, "enter")
        all_said = await export(pilot, "down", "enter")
    screen = _sheet(written(screen_said, "Screen data"))
    codes_row = _row_of(screen, "Pupil")
    assert [screen.cell(codes_row, c).value for c in range(3, 9)] == [
        "RDG", "WRI", "MAT", "EIC", "PHO", "Notes",
    ]  # fmt: skip
    adams = _row_of(screen, "ADAMS, Kid")
    assert [screen.cell(adams, c).value for c in range(3, 8)] == ["WTS", "EXS", "GDS", "No", 12]
    below = _row_of(screen, "Total number Working towards")
    assert screen.cell(below, 3).value == 1
    # 12, 30 and 35: Grant is left out.
    assert screen.cell(_row_of(screen, "Average"), 7).value == pytest.approx(25.67)
    legend = str(screen.cell(screen.max_row, 1).value)
    assert "WTS Working towards" in legend and "gone beyond" not in legend

    every = _sheet(written(all_said, "All data"))
    headers = [every.cell(_row_of(every, "Pupil"), c).value for c in range(1, every.max_column + 1)]
    assert "PHO" in headers and "LAU" in headers  # Year 1's period beside Reception's
    cross = _row_of(every, "CROSS, Kid")
    assert every.cell(cross, 2).value == "Year 1"


def _sheet(path: Path) -> Worksheet:
    sheet = load_workbook(path).active
    assert isinstance(sheet, Worksheet)
    return sheet


def _row_of(sheet: Worksheet, first: str) -> int:
    return next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == first)


def _command_keys() -> set[str]:
    """The keys of the grid's and the screen's own commands (not the fallbacks)."""
    keys: set[str] = set()
    for binding in [*GRID_BINDINGS, *JudgementGrid.BINDINGS]:
        assert isinstance(binding, Binding)
        if not binding.system:
            keys |= set(binding.key.split(","))
    return keys


def test_no_frameworks_key_hides_a_command_of_the_grid(three_letter_framework: Framework) -> None:
    """A code's key would take the place of the grid's command on that key."""
    commands = _command_keys()
    for framework in frameworks.known():
        for subject in framework.subjects:
            # Gone beyond (g) is a command only in a framework with the colours.
            own = commands - ({"g"} if framework.gone_beyond is None else set())
            clash = set(subject.codes.keys) & own
            assert not clash, f"{framework.id} {subject.code}: {sorted(clash)} are grid commands"


async def test_a_new_period_is_made_with_the_framework_chosen_for_its_year_group(
    school: School, year_one: YearOne
) -> None:
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        grid = await open_year_1(pilot)
        await pilot.press("c", *"Spring test", "tab")
        await pilot.press("ctrl+a", "ctrl+k", *f"06/02/{YEAR + 1}", "tab")
        await pilot.pause()  # the choice takes the focus, its highlight on the first
        form = pilot.app.screen
        chosen = form.query_one("#period-framework", RadioSet)
        assert chosen.pressed_button is not None
        assert chosen.pressed_button.id == "framework-ks1-ta"  # the first for Year 1
        await pilot.press("enter")  # EYFS in-year, which is not for Year 1
        await pilot.press("f2")
        await pilot.pause()
        said = str(form.query_one("#form-error", Static).render())
        assert "Nursery 1, Nursery 2 and Reception, not Year 1" in said
        assert pilot.app.screen is form
        form.query_one("#period-framework", RadioSet).focus()
        await pilot.pause()
        # EYFS in-year, KS1 teacher assessment, the phonics check, standardised scores,
        # small steps, the engagement model, then the test framework.
        await pilot.press("down", "down", "down", "down", "down", "down", "enter", "f2")
        await pilot.pause()
        assert pilot.app.screen is not form
        assert grid.model is not None
        periods = grid.model.cohort.periods
        assert [(p.name, p.framework) for p in periods] == [
            ("Autumn test", "test-three-letter"),
            ("Spring test", "test-three-letter"),
        ]
        assert [c.code for c in grid.model.columns].count("PHO") == 2

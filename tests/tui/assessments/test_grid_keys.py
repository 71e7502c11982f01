"""Pilot tests: press the real keys on the real app, then read what the database holds."""

from __future__ import annotations

from datetime import date

from textual.pilot import Pilot
from textual.widgets import Static

from store.assessments.cohort import Cell
from store.curriculum.eyfs import AREA_CODES, ElgOutcome, GoneBeyond, Judgement
from tests.tui.conftest import YEAR, School
from tui.app import PupilTrackerApp
from tui.screens.assessments.grid_screen import AssessmentsScreen
from tui.screens.grid_words import EXCLUDED_BANNER
from tui.screens.school.home import HomeScreen
from tui.widgets.assessments.judgement_grid import JudgementGrid
from tui.widgets.assessments.status_line import StatusLine

B, O = Judgement.BELOW, Judgement.ON_TRACK  # noqa: E741  (the letters on screen)


def make_app(school: School) -> PupilTrackerApp:
    return PupilTrackerApp(school.database, school.actor)


async def open_grid(pilot: Pilot[None]) -> JudgementGrid:
    """From the start screen, open the only establishment (Enter), then Assessments (a)."""
    await pilot.press("enter", "a")
    await pilot.pause()
    assert isinstance(pilot.app.screen, AssessmentsScreen)
    return pilot.app.screen.query_one(JudgementGrid)


async def test_entries_advance_along_the_row_and_are_stored(school: School) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        await pilot.press("b", "o", "1", "2", "o")
        assert (grid.row, grid.column) == (0, 5)
    assert [school.cell(0, code).value for code in AREA_CODES[:6]] == [B, O, B, O, O, None]


async def test_direction_key_moves_down_after_each_entry(school: School) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        await pilot.press("d", "b", "o", "b")
        assert (grid.row, grid.column) == (3, 0)
    assert [school.cell(row, "LAU").value for row in range(4)] == [B, O, B, None]


async def test_arrows_move_and_delete_clears(school: School) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        await open_grid(pilot)
        await pilot.press("down", "right", "right", "o", "left", "delete")
    assert school.cell(1, "SR").value is None
    assert school.judgements() == {}


async def test_backspace_clears_a_judgement_but_keeps_its_note(school: School) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        await open_grid(pilot)
        await pilot.press("o", "left", "n")
        await pilot.press(*"Good listener", "enter")
        await pilot.press("backspace")
    assert school.cell(0, "LAU") == Cell(None, None, "Good listener")


async def test_fill_column_fills_every_pupil_and_undo_takes_it_back(school: School) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        await open_grid(pilot)
        await pilot.press("F", "o")
        assert [school.cell(row, "LAU").value for row in range(4)] == [O, O, O, O]
        await pilot.press("u")
        assert school.judgements() == {}
        await pilot.press("y")
        assert [school.cell(row, "LAU").value for row in range(4)] == [O, O, O, O]


async def test_fill_column_can_be_limited_to_blank_cells(school: School) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        await open_grid(pilot)
        await pilot.press("d", "b", "up")  # pupil 0 Below, back to the top
        await pilot.press("F", "space", "o")
    assert [school.cell(row, "LAU").value for row in range(4)] == [B, O, O, O]


async def test_fill_row_fills_all_17_areas_of_that_period(school: School) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        await open_grid(pilot)
        await pilot.press("down", "R", "b")
    assert [school.cell(1, code).value for code in AREA_CODES] == [B] * 17
    assert school.cell(0, "LAU").value is None


async def test_undo_and_redo_walk_back_many_steps(school: School) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        await open_grid(pilot)
        await pilot.press(*"bobobo")
        await pilot.press("u", "u", "u")
        assert [school.cell(0, c).value for c in AREA_CODES[:6]] == [B, O, B, None, None, None]
        await pilot.press("y")
        assert school.cell(0, "MS").value is O
        await pilot.press("b")  # a new entry clears what could be redone
        await pilot.press("y")
        assert school.cell(0, "BR").value is None


async def test_gone_beyond_cycles_the_palette_on_on_track_only(school: School) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        await open_grid(pilot)
        await pilot.press("o", "left", "g")
        assert school.cell(0, "LAU") == Cell(O, GoneBeyond.GREEN)
        await pilot.press("g")
        assert school.cell(0, "LAU") == Cell(O, GoneBeyond.BLUE)
        await pilot.press("b")  # Below drops the colour
        assert school.cell(0, "LAU") == Cell(B)


async def test_period_notes_column_takes_text(school: School) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        await pilot.press("N")
        await pilot.press(*"Joined in October", "enter")
        await pilot.press("end")
        assert grid.model is not None
        assert grid.model.columns[grid.column].code == "Notes"
        await pilot.press("enter")
        await pilot.press("ctrl+a", "ctrl+k", *"Settled", "enter")
    assert list(school.period_notes().values()) == ["Settled"]


async def test_include_in_data_toggles_the_banner_and_the_figures(school: School) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        banner = pilot.app.screen.query_one("#excluded-banner", Static)
        assert not banner.display
        await pilot.press("F", "b", "down", "i")
        await pilot.pause()
        assert school.include(1) is False
        assert banner.display and str(banner.render()) == EXCLUDED_BANNER
        assert grid.model is not None
        stats = grid.model.stats(0)
        assert (stats.below, stats.pupils) == (3, 3)  # type: ignore[union-attr]
        await pilot.press("u")
        await pilot.pause()
        assert school.include(1) is True
        assert not banner.display


async def test_elg_section_created_absent_fills_the_row(school: School) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        await pilot.press("l")  # no section yet: asks for its date
        await pilot.press("ctrl+a", "ctrl+k", *f"05/06/{YEAR + 1}", "enter")
        await pilot.pause()
        assert grid.model is not None
        assert grid.model.columns[grid.column].code == "LAU"
        await pilot.press("a")
        assert set(school.elg_row(0).values()) == {ElgOutcome.ABSENT}
        await pilot.press("down", "left", "x", "e", "1", "2")
        row = school.elg_row(1)
        assert [row[c] for c in AREA_CODES[:4]] == [
            ElgOutcome.EXPECTED,
            ElgOutcome.EMERGING,
            ElgOutcome.EMERGING,
            ElgOutcome.EXPECTED,
        ]
        await pilot.press("b")  # an assessment key in the goals is refused
        assert school.elg_row(1)["BR"] is None


async def test_elg_row_fill_and_gld_and_score(school: School) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        await pilot.press("l", "enter")
        await pilot.pause()
        await pilot.press("R", "x")
        assert set(school.elg_row(0).values()) == {ElgOutcome.EXPECTED}
        assert grid.model is not None
        assert [grid.model.text(0, i) for i, c in enumerate(grid.model.columns) if c.derived] == [
            "Yes",
            "34",
        ]


async def test_periods_can_be_hidden_and_shown(school: School) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        assert grid.model is not None and len(grid.model.columns) == 18
        await pilot.press("p", "space", "enter")
        await pilot.pause()
        assert grid.model is not None and grid.model.columns == []
        await pilot.press("p", "space", "enter")
        await pilot.pause()
        assert grid.model is not None and len(grid.model.columns) == 18


async def test_new_period_from_the_grid(school: School) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        await pilot.press("c", *"Spring 1", "tab")
        await pilot.press("ctrl+a", "ctrl+k", *f"31/02/{YEAR + 1}", "enter")
        await pilot.pause()
        error = pilot.app.screen.query_one("#form-error", Static)
        assert "February" in str(error.render())
        await pilot.press("ctrl+a", "ctrl+k", *f"06/02/{YEAR + 1}", "f2")
        await pilot.pause()
        assert grid.model is not None
        assert [p.name for p in grid.model.cohort.periods] == ["Autumn 1", "Spring 1"]
        assert len(grid.model.columns) == 36


async def test_the_grid_shows_what_the_store_holds_after_reopening(school: School) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        await open_grid(pilot)
        await pilot.press("b", "o")
        await pilot.press("escape")
        grid = await open_grid(pilot)
        assert grid.model is not None
        assert grid.model.cell(0, 0).value is B and grid.model.cell(0, 1).value is O
        # The foot counts update with entries.
        stats = grid.model.stats(0)
        assert (stats.below, stats.at_or_above) == (1, 0)  # type: ignore[union-attr]


async def test_the_status_line_gives_exact_percentages(school: School) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        await open_grid(pilot)
        await pilot.press("d", "b", "o", "o", "up", "up", "up")
        status = pilot.app.screen.query_one(StatusLine).text
        assert "Below 1 (25.00%)" in status and "On track 2 (50.00%) of 4" in status


async def test_year_group_keys_switch_cohort(school: School) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        await pilot.press("right_square_bracket")
        screen = pilot.app.screen
        assert isinstance(screen, AssessmentsScreen)
        assert screen.year_group.label == "Year 1"  # Key Stage 1 follows Reception
        assert grid.model is not None and grid.model.rows == []
        await pilot.press("left_square_bracket")
        assert screen.year_group.label == "Reception" and len(grid.model.rows) == 4


async def test_first_run_offers_the_demo_school(database: object) -> None:
    from store.core.db import Database

    assert isinstance(database, Database)
    app = PupilTrackerApp(database)
    async with app.run_test(size=(80, 24)) as pilot:
        message = str(pilot.app.screen.query_one("#start-message", Static).render())
        assert "demo school" in message
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, AssessmentsScreen)
        grid = screen.query_one(JudgementGrid)
        assert grid.model is not None and len(grid.model.rows) == 30
        assert screen.query_one("#excluded-banner").display


async def test_first_run_can_create_an_establishment(database: object) -> None:
    from store.core.db import Database
    from store.establishments.establishments import list_establishments

    assert isinstance(database, Database)
    app = PupilTrackerApp(database)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", *"12", "enter", *"ST ANNE'S", "enter")
        await pilot.pause()
        error = str(pilot.app.screen.query_one("#form-error", Static).render())
        assert "4 to 7 digits" in error
        focused = pilot.app.screen.focused
        assert focused is not None and focused.id == "establishment-number"  # to put right
        await pilot.press("ctrl+a", "ctrl+k", *"2041", "f2")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HomeScreen)
    assert [e.title for e in list_establishments(database)] == ["2041 - ST ANNE'S"]


async def test_help_lists_the_grid_keys(school: School) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        await open_grid(pilot)
        await pilot.press("f1")
        await pilot.pause()
        text = " ".join(str(w.render()) for w in pilot.app.screen.query(Static))
        for words in ("Fill the whole column", "Undo", "Below", "Toggle Include in Data"):
            assert words in text
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, AssessmentsScreen)


def test_today_is_in_the_fixture_year() -> None:
    from store.curriculum.dates import academic_year_of

    assert academic_year_of(date.today()) == YEAR


async def test_f5_shows_what_a_colleague_entered(school: School) -> None:
    from store.assessments.changes import judgement_edit
    from store.assessments.judgements import write_changes

    async with make_app(school).run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        write_changes(
            school.database,
            school.actor,
            school.establishment.id,
            [judgement_edit(school.pupil_ids[2], school.period_id, "N", Cell(B))],
        )
        assert grid.model is not None and grid.model.cell(2, 10).value is None
        await pilot.press("f5")
        assert grid.model is not None and grid.model.cell(2, 10).value is B


async def test_a_value_of_another_column_in_the_fill_dialog_says_what_belongs(
    school: School,
) -> None:
    async with make_app(school).run_test(size=(80, 24), notifications=True) as pilot:
        await open_grid(pilot)
        await pilot.press("R", "x")  # Expected is an End of Year ELG value, not an in-year one
        await pilot.pause()
        dialog = pilot.app.screen
        assert not isinstance(dialog, AssessmentsScreen)  # still choosing
        said = [str(n.message) for n in pilot.app._notifications]
        assert any("fill with B (Below) or O (On track)" in text for text in said)
        await pilot.press("o")
        await pilot.pause()
    assert [school.cell(0, code).value for code in AREA_CODES] == [O] * 17

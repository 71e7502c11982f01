"""Small steps in the grid, as a clerk keys them in: a step typed as teachers write it (P7c,
1iie), a stage alone taking the level typed before it in the column, refusals said on the
status line, P1's i going on a step but alone still Include, undo. Each test reads what the
database then holds."""

from __future__ import annotations

from datetime import date

from textual.pilot import Pilot
from textual.widgets import Static

from store.assessments.cohort import load_cohort
from store.assessments.periods import create_period
from store.core.models import Pupil
from store.curriculum.small_steps import SMALL_STEPS_ID
from tests.tui.assessments.test_grid_frameworks import open_year_1
from tests.tui.assessments.test_grid_scores import Y1, status
from tests.tui.assessments.test_grid_scores import year_one as year_one
from tests.tui.conftest import YEAR, School
from tui.app import PupilTrackerApp
from tui.screens.help import HelpScreen
from tui.widgets.assessments.judgement_grid import JudgementGrid


def steps_held(school: School, pupil_ids: list[int], code: str) -> list[str | None]:
    cohort = load_cohort(school.database, school.actor, school.establishment.id, YEAR, Y1)
    (period,) = cohort.periods
    assert period.framework == SMALL_STEPS_ID
    return [cohort.cell(pupil_id, period.id, code).value for pupil_id in pupil_ids]


def assess_another_way(school: School, pupil_ids: list[int]) -> None:
    with school.database.write() as session:
        for pupil_id in pupil_ids:
            pupil = session.get(Pupil, pupil_id)
            assert pupil is not None
            pupil.alternative_assessment = True


async def open_steps(
    pilot: Pilot[None], school: School, another_way: list[int] | None = None
) -> JudgementGrid:
    """A small-steps period for Year 1, whose pupils (those of `another_way` if given) are
    assessed another way, and the grid on it."""
    pupils = load_cohort(school.database, school.actor, school.establishment.id, YEAR, Y1).pupils
    assess_another_way(school, [p.id for p in pupils] if another_way is None else another_way)
    create_period(
        school.database,
        school.actor,
        school.establishment.id,
        "Autumn steps",
        date(YEAR, 11, 1),
        [Y1],
        framework=SMALL_STEPS_ID,
    )
    grid = await open_year_1(pilot)
    assert grid.model is not None
    assert [c.code for c in grid.model.columns][:4] == ["RD", "WR", "SP", "LI"]
    return grid


async def type_in(pilot: Pilot[None], grid: JudgementGrid, row: int, column: int, *keys: str):  # type: ignore[no-untyped-def]
    grid.move_to(row, column)
    await pilot.pause()
    await pilot.press(*keys)
    await pilot.pause()


async def test_steps_are_typed_as_teachers_write_them_and_a_stage_alone_takes_the_level(
    school: School, year_one: list[int]
) -> None:
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        grid = await open_steps(pilot, school)
        await type_in(pilot, grid, 0, 0, "P", "7", "c")
        await type_in(pilot, grid, 1, 0, "b")  # P7, typed before in Reading
        await type_in(pilot, grid, 2, 0, "1", "i", "i", "e")
        assert steps_held(school, year_one, "RD") == ["P7c", "P7b", "P1iie"]
        grid.move_to(2, 0)
        await pilot.pause()
        assert "P1(ii) stage e: just started" in status(pilot)
        assert "1iie" in grid.render_line(3 + 2).text  # in four cells
        await type_in(pilot, grid, 0, 1, "m", "3", "a")  # milestone 3, lower case
        assert steps_held(school, year_one, "WR") == ["M3a", None, None]
        await pilot.press("u")
        await pilot.pause()
        assert steps_held(school, year_one, "WR") == [None, None, None]


async def test_what_is_no_step_is_refused_with_how_to_type_one(
    school: School, year_one: list[int]
) -> None:
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        grid = await open_steps(pilot, school)
        await type_in(pilot, grid, 0, 1, "e")  # no level typed in Writing yet
        assert "Type a level and stage first: P7c, 1ie for P1(i)e" in status(pilot)
        await type_in(pilot, grid, 0, 1, "P", "9")
        assert "P9 is no code here" in status(pilot)
        await type_in(pilot, grid, 1, 1, "P", "7")
        assert "Typed P7: type the rest of the code" in status(pilot)
        assert "P7_" in grid.render_line(3 + 1).text
        await pilot.press("enter")
        await pilot.pause()
        assert "P7 is not a whole code" in status(pilot)
        await type_in(pilot, grid, 2, 1, "M", "2", "escape")
        assert steps_held(school, year_one, "WR") == [None, None, None]
        assert "M2_" not in grid.render_line(3 + 2).text


async def test_i_goes_on_p1_but_alone_is_still_include(school: School, year_one: list[int]) -> None:
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        grid = await open_steps(pilot, school)
        await type_in(pilot, grid, 0, 0, "i")
        with school.database.read() as session:
            pupil = session.get(Pupil, year_one[0])
            assert pupil is not None and pupil.include_in_data is False
        assert steps_held(school, year_one, "RD") == [None, None, None]
        await type_in(pilot, grid, 0, 0, "P", "1", "i", "a")
        assert steps_held(school, year_one, "RD") == ["P1ia", None, None]


async def test_only_pupils_assessed_another_way_take_steps_and_are_counted(
    school: School, year_one: list[int]
) -> None:
    """Byrne alone is assessed another way: his row is marked, the others' cells show "-"
    and refuse a step (a fill passes them by), and the foot counts him alone."""
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        grid = await open_steps(pilot, school, [year_one[1]])
        lines = [grid.render_line(3 + row).text for row in range(3)]
        assert "»" in lines[1] and "»" not in lines[0] + lines[2]
        assert "-" in lines[0].split("│", 1)[1][:5]
        await type_in(pilot, grid, 0, 0, "P", "7", "c")
        assert "Small steps: only pupils with Alternative assessment Yes" in status(pilot)
        await type_in(pilot, grid, 1, 0, "P", "7", "c")
        assert steps_held(school, year_one, "RD") == [None, "P7c", None]
        assert grid.model is not None
        foot = [grid._foot_cell(0, line).strip() for line in range(4)]
        assert foot == ["1", "AL", "0", "0"]  # AL: 100%
        edits = grid.model.fill_column_edits(1, "M1e", blanks_only=True)
        assert [edit.pupil_id for edit in edits] == [year_one[1]]
        await type_in(pilot, grid, 0, 1, "F")  # a fill would give every child the same step
        assert "Small steps are each child's own: type each in its cell" in status(pilot)
        await type_in(pilot, grid, 0, 1, "n")  # no note where no step is due
        assert "Small steps: only pupils with Alternative assessment Yes" in status(pilot)
        assert pilot.app.screen.__class__.__name__ == "AssessmentsScreen"


async def test_help_says_how_a_step_is_typed_and_who_takes_steps(
    school: School, year_one: list[int]
) -> None:
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        await open_steps(pilot, school, [year_one[0]])
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)
        text = " ".join(str(static.render()) for static in pilot.app.screen.query(Static))
        said = " ".join(text.split())
        assert "Small steps: type a code as written (P7c, 1ie for P1(i)e" in said
        assert "» after a name: the pupil's Alternative assessment is Yes" in said


async def test_ctrl_d_turns_entries_down_a_strand_where_d_is_a_stage(
    school: School, year_one: list[int]
) -> None:
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        grid = await open_steps(pilot, school)
        await type_in(pilot, grid, 0, 0, "d")  # a stage with no level yet: refused, not turned
        assert "Type a level and stage first" in status(pilot)
        await pilot.press("ctrl+d")
        await pilot.pause()
        await pilot.press("P", "7", "d", "c", "b")  # P7d, then a stage alone for each child
        await pilot.pause()
        assert steps_held(school, year_one, "RD") == ["P7d", "P7c", "P7b"]
        assert grid.column == 0

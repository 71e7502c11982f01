"""V: beside each cell, how it moved since the assessment before (an arrow), then that earlier
value too, then against the target, then nothing again; an entry in the earlier period repaints
the arrows that read it."""

from __future__ import annotations

from textual.pilot import Pilot

from store.progress.beside import Beside
from tests.tui.assessments.test_carry_forward import LAU, ON, SP, B, spring, status
from tests.tui.assessments.test_grid_keys import make_app, open_grid
from tests.tui.conftest import School
from tui.widgets.assessments.judgement_grid import JudgementGrid


def column_of(grid: JudgementGrid, period_id: int, code: str) -> int:
    assert grid.model is not None
    return next(
        index
        for index, column in enumerate(grid.model.columns)
        if column.period is not None and column.period.id == period_id and column.code == code
    )


def cell_text(grid: JudgementGrid, row: int, period_id: int, code: str) -> str:
    return grid._cell(row, column_of(grid, period_id, code))[0]


async def press(pilot: Pilot[None], key: str) -> None:
    await pilot.press(key)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_v_cycles_arrows_then_earlier_values_then_nothing(school: School) -> None:
    later = spring(school)
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        plain = cell_text(grid, 0, later, SP)
        assert plain == " B "
        await press(pilot, "V")
        assert grid.beside is Beside.MOVEMENT
        assert "its move since the assessment before" in status(pilot)
        assert cell_text(grid, 0, later, SP) == " B ↓"  # On track in Autumn 1, Below now
        assert cell_text(grid, 0, later, LAU) == " · " + " "  # blank now: nothing compared
        assert cell_text(grid, 0, school.period_id, LAU) == " B " + " "  # the first: no arrow
        assert grid._geometry.widths[column_of(grid, later, SP)] == 4
        await press(pilot, "V")
        assert grid.beside is Beside.EARLIER
        assert cell_text(grid, 0, later, SP) == "O↓ B "
        assert cell_text(grid, 2, later, SP) == "·  · "  # nothing then, nothing now
        await press(pilot, "V")
        assert grid.beside is Beside.TARGET
        assert cell_text(grid, 0, later, SP) == " B " + " "  # no target set
        await press(pilot, "V")
        assert grid.beside is Beside.NOTHING
        assert cell_text(grid, 0, later, SP) == plain
        assert grid._geometry.widths[column_of(grid, later, SP)] == 3


async def test_an_entry_shows_its_arrow_and_repaints_the_later_cells_that_read_it(
    school: School,
) -> None:
    later = spring(school)
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        await press(pilot, "V")
        grid.move_to(0, column_of(grid, later, LAU))
        await pilot.pause()
        await press(pilot, "o")  # Below in Autumn 1, On track now
        assert school.cell(0, LAU, later).value is ON
        assert cell_text(grid, 0, later, LAU) == " O ↑"
        repainted: list[tuple[int, int, int]] = []
        original = grid._refresh_virtual

        def record(x: int, y: int, width: int, height: int = 1, row_line: bool = False) -> None:
            repainted.append((x, y, width))
            original(x, y, width, height, row_line)

        grid._refresh_virtual = record  # type: ignore[method-assign]
        grid.move_to(0, column_of(grid, school.period_id, LAU))
        await pilot.pause()
        await press(pilot, "o")  # Autumn 1 now On track too: Spring's arrow is level
        assert school.cell(0, LAU, school.period_id).value is ON
        assert cell_text(grid, 0, later, LAU) == " O ="
        spring_x = grid._geometry.xs[column_of(grid, later, LAU)]
        assert (spring_x, grid.HEADER_HEIGHT + 0, 4) in repainted
        assert school.cell(0, SP, later).value is B  # nothing else written

"""A colleague's later change is never overwritten behind the person's back: an entry, a fill
or an undo over a cell changed since it was shown is not made there; the grid shows the
colleague's value and says who changed it and when (store/assessments/conflicts.py)."""

from __future__ import annotations

from textual.pilot import Pilot

from store.assessments.changes import judgement_edit
from store.assessments.cohort import BLANK, Cell
from store.assessments.judgements import write_as_seen
from store.core.access import Actor, Role
from store.curriculum.eyfs import Judgement
from tests.tui.assessments.test_grid_keys import make_app as make_live_app
from tests.tui.assessments.test_grid_keys import open_grid
from tests.tui.conftest import School
from tui.app import PupilTrackerApp
from tui.widgets.assessments.status_line import StatusLine

B, O = Judgement.BELOW, Judgement.ON_TRACK  # noqa: E741  (the letters on screen)


def colleague_writes(school: School, row: int, value: Judgement, seen: Cell = BLANK) -> None:
    """Bernard, at another PC, puts `value` in LAU for the pupil on `row` (he saw `seen`)."""
    bernard = Actor("bernard", Role.USER, school.establishment.id)
    pupil = school.pupil_ids[row]
    edit = judgement_edit(pupil, school.period_id, "LAU", Cell(value), seen)
    assert write_as_seen(school.database, bernard, school.establishment.id, [edit]).applied


def make_app(school: School) -> PupilTrackerApp:
    """The app, its grid not looking for colleagues' changes by itself: these tests are of the
    second before it would (tests/tui/assessments/test_grid_live.py are of after)."""
    app = make_live_app(school)
    app.colleague_poll_seconds = None
    return app


def status(pilot: Pilot[None]) -> str:
    return pilot.app.screen.query_one(StatusLine).text


async def test_an_entry_over_a_colleagues_change_shows_theirs_and_the_key_again_overwrites(
    school: School,
) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        colleague_writes(school, 0, O)  # the clerk still sees a blank cell
        await pilot.press("b")
        await pilot.pause()
        assert school.cell(0, "LAU").value is O  # Bernard's entry stands
        assert (grid.row, grid.column) == (0, 0)  # the cursor stays on it
        assert grid.model is not None and grid.model.cell(0, 0).value is O  # shown
        said = status(pilot)
        assert "Not saved: bernard changed it at" in said
        assert "; the key again overwrites it." in said  # whole at 80 columns
        await pilot.press("b")  # knowingly, over what is shown now
        await pilot.pause()
        assert (grid.row, grid.column) == (0, 1)
    assert school.cell(0, "LAU").value is B


async def test_undo_leaves_a_cell_a_colleague_changed_since(school: School) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        await pilot.press("d", "b", "b", "b")  # LAU for the first three pupils
        await pilot.pause()
        colleague_writes(school, 1, O, seen=Cell(B))
        await pilot.press("u", "u", "u")
        await pilot.pause()
        assert [school.cell(row, "LAU").value for row in range(3)] == [None, O, None]
        assert grid.model is not None and grid.model.cell(1, 0).value is O
        await pilot.press("y", "y", "y")  # redo: the two cells undone, not Bernard's
        await pilot.pause()
    assert [school.cell(row, "LAU").value for row in range(3)] == [B, O, B]


async def test_a_column_fill_skips_a_cell_changed_since_and_says_how_many(
    school: School,
) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        await open_grid(pilot)
        colleague_writes(school, 2, O)
        await pilot.press("F", "b")
        await pilot.pause()
        assert "1 of 4 cells left as they are" in status(pilot)
        await pilot.press("u")  # the fill's three cells, and only those
        await pilot.pause()
        assert [school.cell(row, "LAU").value for row in range(4)] == [None, None, O, None]
        await pilot.press("F", "b")  # now over what is shown: Bernard's O too
        await pilot.pause()
    assert [school.cell(row, "LAU").value for row in range(4)] == [B, B, B, B]

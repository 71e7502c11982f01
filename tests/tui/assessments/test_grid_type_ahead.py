"""Keys typed ahead (over a slow SSH link they arrive in one read) act in the order typed.

Each burst posts every key to the app before it takes the first, as a terminal delivers a
single read; the same keys pressed one by one must leave the database the same.
"""

from __future__ import annotations

import pytest

from store.assessments.cohort import Cell
from store.core.db import Database
from store.curriculum.eyfs import AREA_CODES, GoneBeyond, Judgement
from tests.tui.assessments.test_grid_keys import make_app, open_grid
from tests.tui.burst import burst
from tests.tui.conftest import School

B, O = Judgement.BELOW, Judgement.ON_TRACK  # noqa: E741  (the letters on screen)


def lau(school: School) -> list[Judgement | None]:
    return [school.cell(row, "LAU").value for row in range(4)]


async def test_undo_typed_straight_after_an_entry_undoes_that_entry(school: School) -> None:
    """The issue's case: o then u in one read reverted the column fill before, not the o."""
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        await open_grid(pilot)
        await pilot.press("F", "o", "right")
        await burst(pilot, "o", "u")
        assert lau(school) == [O, O, O, O]
        assert school.cell(0, "SP").value is None
        await burst(pilot, "u")  # the next undo takes the fill back
        assert lau(school) == [None] * 4


# (keys typed one read at a time, what the database then holds for pupil 0)
SEQUENCES = [
    (["b", "o", "u", "y"], {"LAU": Cell(B), "SP": Cell(O)}),
    (["b", "o", "u", "u", "y"], {"LAU": Cell(B), "SP": Cell()}),
    (["o", "left", "delete", "u"], {"LAU": Cell(O)}),
    (["o", "left", "g", "g", "u"], {"LAU": Cell(O, GoneBeyond.GREEN)}),
    (["R", "b", "o", "u"], {code: Cell(B) for code in AREA_CODES}),
    (["F", "o", "b", "u", "b"], {"LAU": Cell(O), "SP": Cell(B)}),
]


@pytest.mark.parametrize(("keys", "expected"), SEQUENCES)
async def test_a_burst_of_keys_acts_as_the_same_keys_typed_slowly(
    school: School, keys: list[str], expected: dict[str, Cell]
) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        await open_grid(pilot)
        await burst(pilot, *keys)
        await pilot.pause()
    held = {code: school.cell(0, code) for code in AREA_CODES}
    assert {code: cell for code, cell in held.items() if cell != Cell()} == {
        code: cell for code, cell in expected.items() if cell != Cell()
    }


async def test_include_toggled_right_after_an_entry_is_the_step_undone(school: School) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        await open_grid(pilot)
        await burst(pilot, "o", "i", "u")
        assert school.cell(0, "LAU").value is O
        assert school.include(0) is True
        await burst(pilot, "i", "o", "u", "u")
        assert school.include(0) is True and school.cell(0, "SP").value is None


async def test_a_note_typed_straight_after_n_lands_in_the_note(school: School) -> None:
    """n opens the note dialog; the text typed in the same read goes into it, not the grid."""
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        await open_grid(pilot)
        await burst(pilot, "n", "T", "i", "r", "e", "d", "enter", "o")
        assert pilot.app.key_order.timed_out == 0  # type: ignore[attr-defined]
    assert school.cell(0, "LAU").note == "Tired"
    # The o after the dialog closed is an entry in the grid again.
    assert school.cell(0, "LAU").value is O


async def test_a_fill_typed_in_one_read_fills_then_enters(school: School) -> None:
    async with make_app(school).run_test(size=(80, 24)) as pilot:
        await open_grid(pilot)
        await burst(pilot, "F", "b", "right", "o", "u", "o")
        assert pilot.app.key_order.timed_out == 0  # type: ignore[attr-defined]
    # As typed slowly: the fill, o in SP, u takes it back (the cursor stays on), o in SR.
    assert lau(school) == [B, B, B, B]
    assert (school.cell(0, "SP").value, school.cell(0, "SR").value) == (None, O)


async def test_a_record_opened_and_closed_in_one_read_leaves_the_pupils_screen_shown(
    database: Database,
) -> None:
    """Enter then Escape in one read: the record opens, then Escape closes it (it used to
    leave the Pupils screen first and open the record over the home screen)."""
    from tests.tui.pupils.test_pupils_screens import Roll, app_for, open_pupils

    async with app_for(Roll(database)).run_test(size=(80, 24)) as pilot:
        screen = await open_pupils(pilot)
        await burst(pilot, "enter", "escape")
        assert pilot.app.screen is screen
        assert pilot.app.key_order.timed_out == 0  # type: ignore[attr-defined]

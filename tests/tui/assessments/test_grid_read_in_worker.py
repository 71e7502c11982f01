"""The Assessments screen reads its cohort again in a worker (longer than a frame for a real
cohort): f5, a year group or year, a new period. An entry typed meanwhile waits for it and lands
in the cohort read. (The first read is made before the screen's first frame.)"""

from __future__ import annotations

import threading

import pytest

from store.assessments import cohort as cohort_module
from store.assessments.cohort import Cohort
from store.core.access import Actor
from store.core.db import Database
from store.curriculum.eyfs import AREA_CODES, Judgement
from tests.tui.burst import all_taken, post_keys
from tests.tui.conftest import School
from tests.tui.waiting import Gate, keys_held, settle
from tui.app import PupilTrackerApp
from tui.screens.assessments import grid_screen
from tui.screens.assessments.grid_screen import AssessmentsScreen
from tui.widgets.assessments.judgement_grid import JudgementGrid


def gate_cohort(monkeypatch: pytest.MonkeyPatch) -> tuple[Gate, list[bool]]:
    """The cohort's read waits for the gate; notes whether each read ran on the UI thread."""
    gate, on_ui_thread = Gate(), []
    read = cohort_module.load_cohort

    def held(database: Database, actor: Actor, *args: object) -> Cohort:
        on_ui_thread.append(threading.current_thread() is threading.main_thread())
        gate.hold()
        return read(database, actor, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(grid_screen, "load_cohort", held)
    return gate, on_ui_thread


async def test_an_entry_typed_while_the_cohort_is_read_again_waits_for_it(
    school: School, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate, on_ui_thread = gate_cohort(monkeypatch)
    gate.armed = False  # the grid opens with its first read
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "a")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, AssessmentsScreen)
        grid = screen.query_one(JudgementGrid)
        shown = grid.model
        gate.armed, on_ui_thread[:] = True, []
        post_keys(pilot, "f5", "b")
        await gate.reached()
        assert await keys_held(pilot) == 1  # b waits for the cohort
        assert grid.model is shown  # the cells stay on screen while they are read again
        gate.released.set()
        await settle(pilot)
        await all_taken(pilot)
        assert grid.model is not shown
    assert school.cell(0, AREA_CODES[0]).value is Judgement.BELOW
    assert on_ui_thread == [False]

"""The grid remembers each person's view between visits: hidden periods and the ELG toggle."""

from __future__ import annotations

from datetime import date

from textual.pilot import Pilot

from store.assessments import periods as assessments
from store.assessments.grid_model import ColumnKind
from store.core.access import Actor, Role
from tests.tui.assessments.test_grid_keys import open_grid
from tests.tui.conftest import YEAR, R, School
from tui.app import PupilTrackerApp
from tui.widgets.assessments.judgement_grid import JudgementGrid


def sections(grid: JudgementGrid) -> list[str]:
    """The periods shown, in order, and "ELG" when the End of Year ELGs are."""
    assert grid.model is not None
    shown: list[str] = []
    for column in grid.model.columns:
        name = column.period.name if column.period is not None else "ELG"
        if column.kind in (ColumnKind.JUDGEMENT, ColumnKind.ELG) and name not in shown:
            shown.append(name)
    return shown


async def leave_and_come_back(pilot: Pilot[None]) -> JudgementGrid:
    await pilot.app.workers.wait_for_complete()  # the view is written in a worker
    await pilot.press("escape")
    return await open_grid(pilot)


async def test_hidden_periods_and_the_elgs_stay_as_left(school: School) -> None:
    assessments.create_period(
        school.database, school.actor, school.establishment.id, "Spring 1",
        date(YEAR + 1, 2, 6), [R],
    )  # fmt: skip
    app = PupilTrackerApp(school.database, school.actor)
    async with app.run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        assert sections(grid) == ["Autumn 1", "Spring 1"]
        await pilot.press("p", "space", "enter")  # hide Autumn 1
        await pilot.press("l", "enter")  # create the End of Year ELGs (shown)
        await pilot.pause()
        assert sections(grid) == ["Spring 1", "ELG"]
        grid = await leave_and_come_back(pilot)
        assert sections(grid) == ["Spring 1", "ELG"]
        await pilot.press("l")  # hide the ELGs again
        grid = await leave_and_come_back(pilot)
        assert sections(grid) == ["Spring 1"]
        # A period created after the choice is shown.
        await pilot.press("c", *"Summer 1", "tab")
        await pilot.press("ctrl+a", "ctrl+k", *f"12/05/{YEAR + 1}", "f2")
        await pilot.pause()
        grid = await leave_and_come_back(pilot)
        assert sections(grid) == ["Spring 1", "Summer 1"]
    # Another person of the same school sees every period, as before.
    teacher = Actor("teacher", Role.USER, school.establishment.id)
    async with PupilTrackerApp(school.database, teacher).run_test(size=(80, 24)) as pilot:
        grid = await open_grid(pilot)
        assert sections(grid) == ["Autumn 1", "Spring 1", "Summer 1"]

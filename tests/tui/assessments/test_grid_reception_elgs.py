"""Year 1's grid shows the same pupils' End of Year ELGs from Reception beside it, read-only,
so a teacher sees where each child started: `l` shows them, and no key changes them there."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Static

from store.assessments.cohort import load_cohort
from store.assessments.grid_model import ColumnKind
from store.curriculum.eyfs import AREA_CODES, ElgOutcome, YearGroup
from tests.tui.assessments.test_elg_submission import make_section
from tests.tui.conftest import YEAR, School
from tui.app import PupilTrackerApp
from tui.screens.assessments.elg_submission import BANNER_ID
from tui.screens.assessments.grid_screen import AssessmentsScreen
from tui.widgets.assessments.status_line import StatusLine

X = ElgOutcome.EXPECTED


async def open_year_1_next_year(pilot: Pilot[None]) -> AssessmentsScreen:
    """The school's Reception pupils a year on: Enter, a, > (next year), ] (Year 1)."""
    await pilot.press("enter", "a", "greater_than_sign", "right_square_bracket")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, AssessmentsScreen)
    assert (screen.academic_year, screen.year_group) == (YEAR + 1, YearGroup.YEAR_1)
    return screen


def status(pilot: Pilot[None]) -> str:
    return pilot.app.screen.query_one(StatusLine).text


def outcomes_held(school: School) -> dict[tuple[int, str], ElgOutcome]:
    eid = school.establishment.id
    cohort = load_cohort(school.database, school.actor, eid, YEAR, YearGroup.RECEPTION)
    return dict(cohort.elg_outcomes)


async def test_l_shows_receptions_goals_beside_year_1_and_no_key_changes_them(
    school: School,
) -> None:
    make_section(school, complete=True)
    before = outcomes_held(school)
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        screen = await open_year_1_next_year(pilot)
        await pilot.press("l")
        await pilot.pause()
        grid = screen.grid
        assert grid.in_elg and grid.model is not None
        elg_columns = [c for c in grid.model.columns if c.kind is ColumnKind.ELG]
        assert len(elg_columns) == len(AREA_CODES)
        # The first pupil's first goal, as Reception recorded it.
        first = grid.model.rows[0].id
        assert grid.model.cohort.elg_outcomes[(first, AREA_CODES[0])] is X
        banner = screen.query_one(f"#{BANNER_ID}", Static)
        assert banner.display
        assert "from Reception: read-only here" in str(banner.render())
        for key in ("e", "x", "a", "delete"):
            await pilot.press(key)
            await pilot.pause()
            assert "shown beside Year 1 to compare" in status(pilot), key
        await pilot.press("F")
        await pilot.pause()
        assert isinstance(pilot.app.screen, AssessmentsScreen)  # no fill dialog
        assert "shown beside Year 1 to compare" in status(pilot)
        await pilot.press("R")
        await pilot.pause()
        assert isinstance(pilot.app.screen, AssessmentsScreen)
        assert "change them in the" in status(pilot)
    assert outcomes_held(school) == before


async def test_without_reception_goals_l_says_there_are_none(school: School) -> None:
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        screen = await open_year_1_next_year(pilot)
        await pilot.press("l")
        await pilot.pause()
        assert not screen.grid.in_elg
        assert "No End of Year ELGs were recorded for these pupils in Reception" in status(pilot)
        assert isinstance(pilot.app.screen, AssessmentsScreen)  # nothing offered to create

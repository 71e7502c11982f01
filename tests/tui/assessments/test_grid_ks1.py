"""Key Stage 1 in the grid, as a Year 2 teacher keys it in: the teacher assessment codes by their
keys, Science's own three, a phonics recheck mark typed as digits or a code instead, and the
refusals that say which codes a subject takes. Each test then reads what the database holds."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from textual.pilot import Pilot

from store.assessments import periods
from store.assessments.cohort import Cell, load_cohort
from store.core.models import Pupil
from store.curriculum.eyfs import YearGroup
from store.curriculum.ks1 import KS1_TA_ID, PHONICS_ID
from store.curriculum.year_groups import birth_date_range
from tests.tui.assessments.test_grid_keys import open_grid
from tests.tui.conftest import YEAR, School
from tui.app import PupilTrackerApp
from tui.widgets.assessments.judgement_grid import JudgementGrid
from tui.widgets.assessments.status_line import StatusLine

Y2 = YearGroup.YEAR_2
SURNAMES = ["Ahmed", "Byrne", "Ó'Connor"]
RD, WR, MA, SC, PSC = range(5)  # held(): the KS1 period's four subjects, the phonics mark


@pytest.fixture
def year_two(school: School) -> dict[str, int]:
    """A Year 2 cohort of three with a KS1 teacher assessment period and a phonics recheck."""
    first, _ = birth_date_range(Y2, YEAR)
    ids: dict[str, int] = {}
    with school.database.write() as session:
        for index, surname in enumerate(SURNAMES):
            pupil = Pupil(
                establishment_id=school.establishment.id,
                upn=f"K20410000000{index}",
                surname=surname,
                forenames="Sam",
                date_of_birth=first + timedelta(days=40 * index),
            )
            session.add(pupil)
            session.flush()
            assert pupil.id is not None
            ids[surname] = pupil.id
    for name, day, framework in (
        ("KS1 2026", date(YEAR + 1, 6, 1), KS1_TA_ID),
        ("Phonics recheck", date(YEAR + 1, 6, 10), PHONICS_ID),
    ):
        periods.create_period(
            school.database, school.actor, school.establishment.id, name, day, [Y2],
            framework=framework,
        )  # fmt: skip
    return ids


def held(school: School, pupil_id: int) -> list[Cell]:
    cohort = load_cohort(school.database, school.actor, school.establishment.id, YEAR, Y2)
    ks1, phonics = cohort.periods
    return [cohort.cell(pupil_id, ks1.id, code) for code in ("RD", "WR", "MA", "SC")] + [
        cohort.cell(pupil_id, phonics.id, "PSC")
    ]


async def open_year_2(pilot: Pilot[None]) -> JudgementGrid:
    grid = await open_grid(pilot)
    await pilot.press("right_square_bracket", "right_square_bracket")  # Year 1, then Year 2
    await pilot.pause()
    assert grid.model is not None and grid.model.cohort.year_group is Y2
    return grid


async def test_a_teacher_keys_in_ks1_results_and_a_phonics_mark(
    school: School, year_two: dict[str, int]
) -> None:
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        grid = await open_year_2(pilot)
        assert grid.model is not None
        assert [c.code for c in grid.model.columns][:5] == ["RD", "WR", "MA", "SC", "Notes"]
        grid.move_to(0, RD)
        await pilot.press("g", "t", "4", "h")  # GDS, WTS, PK4; Science's HNM
        grid.move_to(1, RD)
        await pilot.press("e", "m", "q", "e")  # EXS, EM, Q; Science's EXS
        grid.move_to(2, RD)
        await pilot.press("a", "1", "2", "a")  # A, PK1, PK2; Science's A
    assert held(school, year_two["Ahmed"])[:4] == [
        Cell("GDS"), Cell("WTS"), Cell("PK4"), Cell("HNM"),
    ]  # fmt: skip
    assert held(school, year_two["Byrne"])[:4] == [
        Cell("EXS"), Cell("EM"), Cell("Q"), Cell("EXS"),
    ]  # fmt: skip
    assert held(school, year_two["Ó'Connor"])[:4] == [
        Cell("A"), Cell("PK1"), Cell("PK2"), Cell("A"),
    ]  # fmt: skip


async def test_science_refuses_a_pre_key_stage_key_and_says_what_it_takes(
    school: School, year_two: dict[str, int]
) -> None:
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        grid = await open_year_2(pilot)
        grid.move_to(0, SC)
        await pilot.pause()
        await pilot.press("4", "g", "t")
        said = pilot.app.screen.query_one(StatusLine).text
        assert "e Working at the expected standard" in said
        assert "h Has not met the expected standard" in said
        assert (grid.row, grid.column) == (0, SC)  # nothing written, the cursor stays
    assert held(school, year_two["Ahmed"])[SC] == Cell()


async def test_a_phonics_mark_or_a_code_instead_of_one(
    school: School, year_two: dict[str, int]
) -> None:
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        grid = await open_year_2(pilot)
        assert grid.model is not None
        psc = next(n for n, c in enumerate(grid.model.columns) if c.code == "PSC")
        grid.move_to(0, psc)
        await pilot.press("3", "4")  # 34: no third digit could fit 0-40, so it is kept
        grid.move_to(1, psc)
        await pilot.press("x")  # disapplied
        grid.move_to(2, psc)
        await pilot.press("4", "1")  # 41 is over 40: refused
        assert "41 is not a mark for Phonics check mark" in (grid.notice or "")
        assert not grid.typing.active  # the refused mark is dropped
        await pilot.press("o")  # left
        await pilot.press("d")  # the grid's direction key, not a code
        assert grid.advance_down
    assert held(school, year_two["Ahmed"])[PSC] == Cell(number=34)
    assert held(school, year_two["Byrne"])[PSC] == Cell("D")
    assert held(school, year_two["Ó'Connor"])[PSC] == Cell("L")

"""The engagement model in the grid: one key per point of the scale for a pupil assessed
another way, no foot and a status line that says why, and O showing the pupil's areas over
time. Each test reads what the database then holds."""

from __future__ import annotations

from datetime import date

from store.assessments.changes import judgement_edit
from store.assessments.cohort import Cell, load_cohort
from store.assessments.ehc_links import ehc_link
from store.assessments.judgements import write_changes
from store.assessments.periods import create_period
from store.curriculum.dates import format_academic_year
from store.curriculum.engagement import ENGAGEMENT_ID
from store.curriculum.ks1 import KS1_TA_ID
from tests.tui.assessments.test_grid_frameworks import open_year_1
from tests.tui.assessments.test_grid_ks1 import Y2, open_year_2
from tests.tui.assessments.test_grid_ks1 import year_two as year_two
from tests.tui.assessments.test_grid_scores import Y1, status
from tests.tui.assessments.test_grid_scores import year_one as year_one
from tests.tui.assessments.test_grid_small_steps import assess_another_way, type_in
from tests.tui.conftest import YEAR, School
from tui.app import PupilTrackerApp
from tui.screens.dialogs.choose import ChooseDialog
from tui.screens.dialogs.prompt import PromptDialog
from tui.screens.dialogs.why import WhyDialog


def observed(school: School, pupil_ids: list[int], code: str) -> list[str | None]:
    cohort = load_cohort(school.database, school.actor, school.establishment.id, YEAR, Y1)
    (period,) = cohort.periods
    return [cohort.cell(pupil_id, period.id, code).value for pupil_id in pupil_ids]


async def test_observations_are_one_key_each_never_totalled_and_o_tells_the_story(
    school: School, year_one: list[int]
) -> None:
    assess_another_way(school, [year_one[0]])
    create_period(
        school.database,
        school.actor,
        school.establishment.id,
        "Autumn EM",
        date(YEAR, 11, 1),
        [Y1],
        framework=ENGAGEMENT_ID,
    )
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        grid = await open_year_1(pilot)
        assert grid.model is not None
        assert [c.code for c in grid.model.columns][:5] == ["EXP", "REA", "ANT", "PER", "INI"]
        await type_in(pilot, grid, 0, 0, "2")  # Emerging
        await type_in(pilot, grid, 0, 1, "s")  # Established
        await type_in(pilot, grid, 1, 0, "3")  # not assessed another way: refused
        assert "Engagement model: only pupils with Alternative assessment Yes" in status(pilot)
        assert observed(school, year_one, "EXP") == ["EMG", None, None]
        assert observed(school, year_one, "REA") == ["EST", None, None]
        await pilot.press("up")  # a move: the refusal is over
        assert "AHMED, Sam · Exploration: Emerging" in status(pilot)
        assert "Not totalled or averaged: O shows the pupil's areas over time" in status(pilot)
        assert all(grid._foot_cell(0, line).strip() == "" for line in range(4))
        await pilot.press("O")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, WhyDialog)
        assert f"Exploration: Emerging (Autumn EM {format_academic_year(YEAR)})." in dialog.lines
        assert any("not totalled or averaged" in line for line in dialog.lines)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, WhyDialog)


def ks1_values(school: School, pupil_id: int) -> list[str | None]:
    cohort = load_cohort(school.database, school.actor, school.establishment.id, YEAR, Y2)
    ks1 = next(period for period in cohort.periods if period.framework == KS1_TA_ID)
    return [cohort.cell(pupil_id, ks1.id, code).value for code in ("RD", "WR", "MA", "SC")]


async def test_c_in_ks1_gives_em_to_the_pupils_assessed_with_the_engagement_model(
    school: School, year_two: dict[str, int]
) -> None:
    """Byrne has an engagement model observation this year: C in the KS1 assessment offers EM
    for his blank Reading, Writing and Maths (Science takes no EM); Ahmed's blanks stay."""
    byrne, eid = year_two["Byrne"], school.establishment.id
    assess_another_way(school, [byrne])
    em = create_period(
        school.database, school.actor, eid, "Autumn EM", date(YEAR, 11, 1), [Y2],
        framework=ENGAGEMENT_ID,
    ).id  # fmt: skip
    write_changes(
        school.database, school.actor, eid, [judgement_edit(byrne, em, "EXP", Cell("EMG"))]
    )
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        grid = await open_year_2(pilot)
        assert grid.model is not None
        ks1 = next(i for i, c in enumerate(grid.model.columns) if c.code == "RD")
        grid.move_to(0, ks1)
        await pilot.pause()
        await pilot.press("C")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, ChooseDialog)
        assert [c.label for c in dialog.choices] == [
            "EM for the 1 pupil assessed with the engagement model (3 cells)"
        ]
        await pilot.press("m")
        await pilot.pause()
        assert ks1_values(school, byrne) == ["EM", "EM", "EM", None]
        assert ks1_values(school, year_two["Ahmed"]) == [None] * 4
        await pilot.press("u")
        await pilot.pause()
        assert ks1_values(school, byrne) == [None] * 4


async def test_h_links_an_observation_to_an_outcome_of_the_ehc_plan(
    school: School, year_one: list[int]
) -> None:
    assess_another_way(school, [year_one[0]])
    period = create_period(
        school.database, school.actor, school.establishment.id, "Autumn EM", date(YEAR, 11, 1),
        [Y1], framework=ENGAGEMENT_ID,
    ).id  # fmt: skip
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        grid = await open_year_1(pilot)
        await type_in(pilot, grid, 1, 0, "H")  # Byrne is not assessed another way
        assert "Engagement model: only pupils with Alternative assessment Yes" in status(pilot)
        await type_in(pilot, grid, 0, 0, "H")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(pilot.app.screen, PromptDialog)
        await pilot.press(*"Outcome 2: communication", "enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert "Linked to EHC plan outcome Outcome 2: communication." in status(pilot)
        eid = school.establishment.id
        linked = ehc_link(school.database, school.actor, eid, year_one[0], period, "EXP")
        assert linked == "Outcome 2: communication"
        assert grid.model is not None
        notes = next(i for i, c in enumerate(grid.model.columns) if c.code == "Notes")
        await type_in(pilot, grid, 0, notes, "H")
        assert "EHC plan outcomes link to engagement model observations" in status(pilot)

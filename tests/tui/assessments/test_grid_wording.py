"""W in a small-steps column, as a school's manager and as support use it: the framework's
names listed with the program's, the authority's and the school's words; Enter words one, r puts
it back, support's a switches to the authority's names for every school; the grid shows the new
words when the list closes. A teacher, or W in an EYFS column, is told why not. Each test reads
what the database then holds."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from textual.pilot import Pilot
from textual.widgets import DataTable

from store.assessments.framework_wording import framework_names
from store.assessments.periods import create_period
from store.core.access import Actor, Role
from store.curriculum.engagement import ENGAGEMENT, ENGAGEMENT_ID
from store.curriculum.small_steps import SMALL_STEPS_ID
from tests.tui.assessments.test_grid_engagement import observed
from tests.tui.assessments.test_grid_frameworks import open_year_1
from tests.tui.assessments.test_grid_scores import Y1, status
from tests.tui.assessments.test_grid_scores import year_one as year_one
from tests.tui.assessments.test_grid_small_steps import assess_another_way, open_steps, type_in
from tests.tui.conftest import YEAR, School
from tui.app import PupilTrackerApp
from tui.screens.assessments.wording_screen import NOT_HERE, WHO_MAY_HERE, WordingScreen
from tui.widgets.assessments.judgement_grid import JudgementGrid

SUPPORT = Actor("support", Role.SUPPORT, None)
NUMBER = 4  # the fifth name listed: strand Number, after Reading, Writing, Speaking, Listening


def words(school: School, establishment_id: int | None) -> dict[str, tuple[str, str]]:
    names = framework_names(school.database, SUPPORT, establishment_id, SMALL_STEPS_ID)
    return {name.slot.key: (name.now, name.source) for name in names}


async def word_highlighted(pilot: Pilot[None], *keys: str) -> None:
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("ctrl+u", *keys, "enter")  # the field starts with the words there
    await pilot.pause()


async def open_names(pilot: Pilot[None], school: School, year_one: list[int]) -> WordingScreen:
    grid = await open_steps(pilot, school)
    await type_in(pilot, grid, 0, 4, "P", "7", "c")  # Number
    await pilot.press("W")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, WordingScreen)
    table = screen.query_one(DataTable)
    table.move_cursor(row=NUMBER)
    await pilot.pause()
    return screen


async def test_a_manager_words_a_strand_and_a_level_and_the_grid_shows_them(
    school: School, year_one: list[int]
) -> None:
    eid = school.establishment.id
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        screen = await open_names(pilot, school, year_one)
        await word_highlighted(pilot, *"Maths: [b]number[/b]")
        assert words(school, eid)["strand:NUM"] == ("Maths: [b]number[/b]", "the school's")
        assert words(school, None)["strand:NUM"] == ("Number", "as shipped")
        assert "reads Maths: [b]number[/b] (the school's)" in str(
            screen.query_one("#wording-detail").render()
        )
        screen.query_one(DataTable).move_cursor(row=20)  # the level P7
        await pilot.pause()
        await word_highlighted(pilot, *"Pivats P7")
        assert words(school, eid)["level:P7"] == ("Pivats P7", "the school's")
        await pilot.press("a")  # not support: refused, still the school's
        await pilot.pause()
        assert screen.for_school
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        grid = pilot.app.screen.query_one(JudgementGrid)
        grid.move_to(0, 4)
        await pilot.pause()
        assert "Maths: [b]number[/b]: Pivats P7 stage c: developing" in status(pilot)
        # r puts the school's words back to the program's.
        await pilot.press("W")
        await pilot.pause()
        pilot.app.screen.query_one(DataTable).move_cursor(row=NUMBER)
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert words(school, eid)["strand:NUM"] == ("Number", "as shipped")


async def test_support_words_the_authoritys_names_for_every_school(
    school: School, year_one: list[int]
) -> None:
    eid = school.establishment.id
    app = PupilTrackerApp(school.database, SUPPORT)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_names(pilot, school, year_one)
        await pilot.press("a")
        await pilot.pause()
        assert not screen.for_school
        await word_highlighted(pilot, *"Number (LA)")
        assert words(school, None)["strand:NUM"] == ("Number (LA)", "the authority's")
        assert words(school, eid)["strand:NUM"] == ("Number (LA)", "the authority's")
        await pilot.press("a")
        await pilot.pause()
        await word_highlighted(pilot, *"Our number")
        assert words(school, eid)["strand:NUM"] == ("Our number", "the school's")
        assert words(school, None)["strand:NUM"] == ("Number (LA)", "the authority's")


async def test_a_teacher_and_an_eyfs_column_are_told_why_not(
    school: School, year_one: list[int]
) -> None:
    teacher = replace(school.actor, username="teacher", role=Role.USER)
    async with PupilTrackerApp(school.database, teacher).run_test(size=(80, 24)) as pilot:
        await open_steps(pilot, school)
        await pilot.press("W")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, WordingScreen)
        assert WHO_MAY_HERE in status(pilot)
        await pilot.press("left_square_bracket")  # Reception: EYFS in-year
        await pilot.pause()
        await pilot.press("W")
        await pilot.pause()
        assert NOT_HERE in status(pilot)
    assert words(school, school.establishment.id)["strand:NUM"] == ("Number", "as shipped")


async def test_a_school_names_a_fifth_engagement_point_and_keys_it_with_5(
    school: School, year_one: list[int]
) -> None:
    assess_another_way(school, [year_one[0]])
    create_period(
        school.database, school.actor, school.establishment.id, "Autumn EM",
        date(YEAR, 11, 1), [Y1], framework=ENGAGEMENT_ID,
    )  # fmt: skip
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        grid = await open_year_1(pilot)
        await type_in(pilot, grid, 0, 0, "5")  # not on the scale yet
        assert observed(school, year_one, "EXP") == [None, None, None]
        await pilot.press("W")
        await pilot.pause()
        table = pilot.app.screen.query_one(DataTable)
        table.move_cursor(row=len(ENGAGEMENT.subjects) + 4)  # the areas, four points, then 5
        await pilot.pause()
        await word_highlighted(pilot, *"Generalised")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        await type_in(pilot, grid, 0, 0, "5")
        assert observed(school, year_one, "EXP") == ["EM5", None, None]
        grid.move_to(0, 0)
        await pilot.pause()
        assert "Exploration: Generalised" in status(pilot)

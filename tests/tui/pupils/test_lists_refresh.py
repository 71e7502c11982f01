"""Every list shows an add, edit, delete or archive at once, starting from an empty list.

The first pupil added to an empty school once said "Added JONES, Amy." over "0 of 0 pupils":
the list read the database again only when it already held someone. Each test here starts
from nothing, adds the first item with the real keys, and checks the list shows it.
"""

from __future__ import annotations

from datetime import date

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, OptionList, Select, Static

from store.assessments import periods as assessments
from store.core.access import Actor, Role
from store.core.db import Database
from store.curriculum.dates import academic_year_of
from store.curriculum.eyfs import YearGroup
from store.curriculum.upn import upn_check_letter
from store.establishments.establishments import EstablishmentInfo, create_establishment
from store.meetings import templates as discussion_templates
from store.pupils import editing, interventions
from store.pupils.fields import PupilForm
from tests.tui.waiting import settle
from tui.app import PupilTrackerApp
from tui.screens.meetings.discussion_areas import DiscussionAreasScreen
from tui.screens.meetings.meetings import MeetingsScreen
from tui.screens.pupils.interventions import InterventionsScreen
from tui.screens.pupils.pupil_form import PupilFormScreen
from tui.screens.pupils.pupils import PupilsScreen
from tui.screens.school.news import NewsScreen
from tui.screens.start import StartScreen
from tui.widgets.pupils.pupil_list import PupilList

TODAY = date.today()
YEAR = academic_year_of(TODAY)
SUPPORT = Actor("support", Role.SUPPORT, None)
DIGITS = "999000000077"
UPN = upn_check_letter(DIGITS) + DIGITS


@pytest.fixture
def empty_school(database: Database) -> EstablishmentInfo:
    return create_establishment(database, SUPPORT, "2041", "ST ANNE'S")


def manager(school: EstablishmentInfo) -> Actor:
    return Actor("head", Role.MANAGER, school.id)


async def type_text(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*("space" if char == " " else char for char in text))


def status_of(pilot: Pilot[None]) -> str:
    return str(pilot.app.screen.query_one("#pupils-status", Static).render())


async def test_the_first_pupil_of_an_empty_school_is_listed_at_once(
    database: Database, empty_school: EstablishmentInfo
) -> None:
    async with PupilTrackerApp(database, manager(empty_school)).run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "p")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PupilsScreen)
        assert status_of(pilot).startswith("0 of 0 pupils")
        await pilot.press("n")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, PupilFormScreen)
        await type_text(pilot, UPN)
        await pilot.press("tab")
        await type_text(pilot, "Jones")
        await pilot.press("tab")
        await type_text(pilot, "Amy")
        await pilot.press("tab")
        await type_text(pilot, f"01/10/{YEAR - 4}")
        form.query_one("#field-gender", Select).value = "F"
        form.query_one("#field-ethnicity", Select).value = "WBRI"
        form.query_one("#field-postcode").focus()
        await type_text(pilot, "PR1 2AB")
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PupilsScreen)
        assert [p.surname for p in pilot.app.screen.query_one(PupilList).rows] == ["Jones"]
        assert status_of(pilot).startswith("1 of 1 pupils")


async def test_archiving_the_last_pupil_empties_the_list(
    database: Database, empty_school: EstablishmentInfo
) -> None:
    actor = manager(empty_school)
    editing.create_pupil(
        database,
        actor,
        empty_school.id,
        PupilForm(UPN, "Jones", "Amy", f"01/10/{YEAR - 4}", "", "", "F", "PR1 2AB", "WBRI"),
        TODAY,
    )
    async with PupilTrackerApp(database, actor).run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "p")
        await pilot.pause()
        await pilot.press("space", "x", "y")
        await pilot.pause()
        assert pilot.app.screen.query_one(PupilList).rows == []
        assert status_of(pilot).startswith("0 of 0 pupils")


async def test_the_first_intervention_is_listed_at_once(
    database: Database, empty_school: EstablishmentInfo
) -> None:
    actor = manager(empty_school)
    pupil_id = editing.create_pupil(
        database,
        actor,
        empty_school.id,
        PupilForm(UPN, "Jones", "Amy", f"01/10/{YEAR - 4}", "", "", "F", "PR1 2AB", "WBRI"),
        TODAY,
    )
    assessments.create_period(
        database, actor, empty_school.id, "Autumn 1", TODAY, [YearGroup.NURSERY_2]
    )
    async with PupilTrackerApp(database, actor).run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "p", "i")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, InterventionsScreen)
        await pilot.press("a")
        await pilot.pause()
        pilot.app.screen.query_one("#intervention-details").focus()
        await type_text(pilot, "Speech group")
        await pilot.press("f2")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert [item.details for item in screen.items] == ["Speech group"]
        assert screen.query_one(OptionList).option_count == 1
        await pilot.press("d", "y")
        await pilot.pause()
        assert screen.items == [] and not screen.query_one(OptionList).display
    assert interventions.list_interventions(database, actor, empty_school.id, pupil_id) == []


async def test_the_first_news_item_is_listed_at_once(
    database: Database, empty_school: EstablishmentInfo
) -> None:
    async with PupilTrackerApp(database, SUPPORT).run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "n")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, NewsScreen)
        assert screen.query_one(DataTable).row_count == 0
        await pilot.press("a")
        await type_text(pilot, "Roll forward")
        await pilot.press("tab")
        await type_text(pilot, "Done")
        await pilot.press("f2")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert screen.query_one(DataTable).row_count == 1
        assert "Roll forward" in str(screen.query_one("#news-detail", Static).render())


async def test_the_first_discussion_area_is_listed_at_once(
    database: Database, empty_school: EstablishmentInfo
) -> None:
    actor = manager(empty_school)
    for item in discussion_templates.list_templates(database, actor, empty_school.id, TODAY):
        discussion_templates.delete_template(database, actor, empty_school.id, item.id)
    async with PupilTrackerApp(database, actor).run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "d")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, DiscussionAreasScreen)
        assert screen.query_one(DataTable).row_count == 0
        await pilot.press("a")
        await type_text(pilot, "Who needs help?")
        await pilot.press("f2")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert screen.query_one(DataTable).row_count == 1
        await pilot.press("d", "y")
        await pilot.pause()
        assert screen.query_one(DataTable).row_count == 0


async def test_the_first_meeting_is_listed_when_it_is_closed(
    database: Database, empty_school: EstablishmentInfo
) -> None:
    async with PupilTrackerApp(database, manager(empty_school)).run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "g")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, MeetingsScreen)
        assert screen.query_one(DataTable).row_count == 0
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert screen.query_one(DataTable).row_count == 1
        await pilot.press("d", "y")
        await pilot.pause()
        assert screen.query_one(DataTable).row_count == 0


async def test_the_first_establishment_is_listed_at_once(database: Database) -> None:
    async with PupilTrackerApp(database, SUPPORT).run_test(size=(80, 24)) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, StartScreen)
        assert screen.establishments == []
        await pilot.press("c")
        await pilot.pause()
        await type_text(pilot, "4444")
        await pilot.press("enter")
        await type_text(pilot, "NEW SCHOOL")
        await pilot.press("enter")
        await settle(pilot)
        while pilot.app.screen is not screen:
            await pilot.press("escape")
            await settle(pilot)
        assert [e.name for e in screen.establishments] == ["NEW SCHOOL"]
        assert screen.query_one(OptionList).option_count == 1


@pytest.mark.usefixtures("quick_hashing")
async def test_the_first_user_of_a_school_is_listed_at_once(
    database: Database, empty_school: EstablishmentInfo
) -> None:
    from tui.screens.accounts.school_accounts import SchoolAccountsScreen
    from tui.screens.dialogs.shown_once import ShownOnceDialog

    async with PupilTrackerApp(database, SUPPORT).run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "u")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, SchoolAccountsScreen)
        assert screen.accounts == []
        await pilot.press("a")
        await type_text(pilot, "a.jones")
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ShownOnceDialog)
        await pilot.press("enter")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert [a.username for a in screen.accounts] == ["a.jones"]
        assert screen.query_one(OptionList).option_count == 1

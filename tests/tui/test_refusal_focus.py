"""After a refused save the cursor goes to the first field to put right, and the message says
what is allowed (a number's range, a text's limit); what was typed stays as typed."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Label, Select, Static

from store.core.access import Actor, Role
from store.core.errors import InvalidInput
from store.curriculum.eyfs import YearGroup
from store.meetings import templates as discussion_templates
from store.pupils.profile import get_profile
from tests.tui.conftest import School
from tui.app import PupilTrackerApp
from tui.screens.dialogs.forms import (
    FormDialog,
    NewElgDialog,
    NewEstablishmentDialog,
    NewPeriodDialog,
)
from tui.screens.meetings.discussion_areas import TemplateDialog
from tui.screens.pupils.pupil_form import PupilFormScreen
from tui.screens.pupils.upn_request import UpnRequestDialog
from tui.screens.school.news import NewsDialog
from tui.screens.school.profile import ProfileScreen

SUPPORT = Actor("support.tester", Role.SUPPORT, None)
TODAY = date.today()


class DialogApp(App[None]):
    """Opens one dialog; keeps what it was dismissed with."""

    def __init__(self, dialog: Screen[Any]) -> None:
        super().__init__()
        self.dialog = dialog
        self.results: list[object] = []

    def on_mount(self) -> None:
        self.push_screen(self.dialog, self.results.append)


def problem(pilot: Pilot[None]) -> str:
    return str(pilot.app.screen.query_one("#form-error", Label).render())


def focused_id(pilot: Pilot[None]) -> str | None:
    focused = pilot.app.screen.focused
    return focused.id if focused is not None else None


async def submit_and_check(
    pilot: Pilot[None], fields: dict[str, str], wrong: str, said: str
) -> None:
    """Type `fields` (widget id -> text), press F2: the dialog stays, says `said`, the cursor
    is on `wrong`, and every field still holds what was typed."""
    screen = pilot.app.screen
    for widget_id, text in fields.items():
        screen.query_one(f"#{widget_id}", Input).value = text
    await pilot.press("f2")
    await pilot.pause()
    assert pilot.app.screen is screen
    assert said in problem(pilot)
    assert focused_id(pilot) == wrong
    for widget_id, text in fields.items():
        assert screen.query_one(f"#{widget_id}", Input).value == text


def refuse(message: str, field: str) -> Any:
    def create(*_: object) -> object:
        raise InvalidInput(message, field=field)

    return create


@pytest.mark.parametrize(
    ("dialog", "fields", "wrong", "said"),
    [
        (
            NewPeriodDialog(YearGroup.RECEPTION, TODAY, refuse("Called that already.", "name")),
            {"period-name": "Autumn 1", "period-date": "31/02/2026"},
            "period-date",
            "February 2026 has 28 days",
        ),
        (
            NewPeriodDialog(YearGroup.RECEPTION, TODAY, refuse("Called that already.", "name")),
            {"period-name": "Autumn 1", "period-date": "01/10/2025"},
            "period-name",
            "Called that already.",
        ),
        (
            NewPeriodDialog(YearGroup.RECEPTION, TODAY, refuse("Tick a group.", "year_groups")),
            {"period-name": "Autumn 1"},
            "group-N1",
            "Tick a group.",
        ),
        (
            NewElgDialog(TODAY, refuse("Not this year.", "day")),
            {"elg-date": "1/13/2026"},
            "elg-date",
            "there is no month 13",
        ),
        (
            NewEstablishmentDialog(refuse("4 to 7 digits.", "number")),
            {"establishment-number": "12", "establishment-name": "NEW SCHOOL"},
            "establishment-number",
            "4 to 7 digits.",
        ),
        (
            UpnRequestDialog("LITTLE ACORNS"),
            {"upn-la": "888", "upn-count": "0"},
            "upn-count",
            "How many UPNs is a whole number from 1 to 100, not '0'.",
        ),
        (
            UpnRequestDialog("LITTLE ACORNS"),
            {"upn-la": "88", "upn-count": "500"},
            "upn-la",
            "The LA number has 3 digits",
        ),
    ],
)
async def test_a_dialog_puts_the_cursor_on_the_field_to_put_right(
    dialog: FormDialog[Any], fields: dict[str, str], wrong: str, said: str
) -> None:
    app = DialogApp(dialog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await submit_and_check(pilot, fields, wrong, said)
    assert app.results == []


async def test_a_sort_order_says_its_range(school: School) -> None:
    app = PupilTrackerApp(school.database, school.actor)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "d")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(pilot.app.screen, TemplateDialog)
        await submit_and_check(
            pilot,
            {"dt-description": "Who is stuck?", "dt-sort": "-5"},
            "dt-sort",
            "Sort order is a whole number from 0 to 9999, not '-5'.",
        )
        await submit_and_check(
            pilot,
            {"dt-sort": "5", "dt-start": "01/09/2025", "dt-end": "01/08/2025"},
            "dt-end",
            "is before the start date",
        )
    questions = discussion_templates.list_templates(
        school.database, school.actor, school.establishment.id, TODAY
    )
    assert "Who is stuck?" not in [item.description for item in questions]


async def test_news_puts_the_cursor_on_the_title_or_the_date(school: School) -> None:
    async with PupilTrackerApp(school.database, SUPPORT).run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "n", "a")
        await pilot.pause()
        assert isinstance(pilot.app.screen, NewsDialog)
        await submit_and_check(pilot, {"news-title": "  "}, "news-title", "Give the news")
        await submit_and_check(
            pilot, {"news-title": "Closed", "news-retire": "31/02/2030"}, "news-retire", "28 days"
        )


async def test_the_profile_puts_the_cursor_on_the_name_to_put_right(school: School) -> None:
    app = PupilTrackerApp(school.database, school.actor)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "c")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ProfileScreen)
        screen.query_one("#class-3", Input).value = "class 1"
        await pilot.press("f2")
        await pilot.pause()
        said = str(screen.query_one("#profile-problem", Static).render())
        assert "Two classes are called 'class 1'" in said
        assert focused_id(pilot) == "class-3"
        assert screen.query_one("#class-3", Input).value == "class 1"


async def test_a_name_at_its_limit_says_so_and_keeps_what_was_typed(school: School) -> None:
    app = PupilTrackerApp(school.database, school.actor)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "c")
        await pilot.pause()
        field = pilot.app.screen.query_one("#custom-1", Input)
        await pilot.press("ctrl+a", "ctrl+k", *("Speech and language group " * 2))
        assert field.value == "Speech and language group Speech and lan"  # 40 characters
        said = [str(n.message) for n in pilot.app._notifications]
        limit = [text for text in said if "can be at most 40 characters" in text]
        assert limit == [
            "A custom filter's name can be at most 40 characters: the rest was not typed."
        ]
        await pilot.press("f2")
        await pilot.pause()
    profile = get_profile(school.database, school.actor, school.establishment.id)
    assert profile.custom_names[0] == "Speech and language group Speech and lan"


async def test_the_pupil_form_puts_the_cursor_on_the_first_problem(school: School) -> None:
    from store.curriculum.upn import upn_check_letter

    app = PupilTrackerApp(school.database, school.actor)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "p", "n")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, PupilFormScreen)
        typed = {
            "upn": upn_check_letter("999000000088") + "999000000088",
            "surname": "",
            "forenames": "Amy",
            "date_of_birth": "01/10/2021",
            "postcode": "PR1 2AB",
        }
        for name, text in typed.items():
            form.query_one(f"#field-{name}", Input).value = text
        form.query_one("#field-gender", Select).value = "F"
        await pilot.press("f2")
        await pilot.pause()
        problems = str(form.query_one("#form-problems", Static).render())
        assert "Surname" in problems and "Ethnicity" in problems
        assert focused_id(pilot) == "field-surname"  # the first of the two, in the form
        form.query_one("#field-surname", Input).value = "Jones"
        await pilot.press("f2")
        await pilot.pause()
        assert focused_id(pilot) == "field-ethnicity"
        assert form.query_one("#field-forenames", Input).value == "Amy"

"""Text people type shows exactly as typed: "[/x]", "[b]bold[/b]" and "[red]" never read as markup.

Rich markup in a name once crashed the app (MarkupError: closing tag '[/x]' does not match any
open tag) or turned bold. Each test sets such names (by the real keys, or through the store where
the keys would be long), opens the screens that show them, and checks that the app is still
running and the text is on the terminal literally. Pilot leaves toasts out unless asked
(`run_test(notifications=True)`); these tests ask, since most of the crashes were in toasts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Select

from store.accounts.accounts import create_account
from store.assessments import periods as assessments
from store.assessments.changes import PeriodNoteChange
from store.assessments.judgements import write_changes
from store.core.access import Actor, Role
from store.core.db import Database
from store.curriculum.dates import academic_year_of
from store.curriculum.eyfs import CLASS_SLOTS, YearGroup, default_class_name
from store.curriculum.upn import upn_check_letter
from store.curriculum.year_groups import birth_date_range
from store.establishments import news
from store.establishments.establishments import EstablishmentInfo, create_establishment
from store.meetings import meetings
from store.pupils import editing, interventions, pupils
from store.pupils.fields import PupilForm
from store.pupils.profile import Profile, get_profile, update_profile
from tests.store.accounts_helpers import cheap_hashing
from tests.tui.waiting import settle
from tui.app import PupilTrackerApp
from tui.screens.accounts.audit import AuditScreen
from tui.screens.assessments.grid_screen import AssessmentsScreen
from tui.screens.assessments.periods_dialog import PeriodsDialog
from tui.screens.dialogs.choose import ChooseDialog
from tui.screens.dialogs.confirm import ConfirmDialog
from tui.screens.dialogs.forms import NewEstablishmentDialog, NewPeriodDialog
from tui.screens.dialogs.prompt import PromptDialog
from tui.screens.meetings.form import MeetingScreen
from tui.screens.meetings.meetings import MeetingsScreen
from tui.screens.pupils.interventions import InterventionsScreen
from tui.screens.pupils.multi_edit import MultiEditScreen
from tui.screens.pupils.pupil_form import PupilFormScreen
from tui.screens.pupils.pupils import PupilsScreen
from tui.screens.reports.names import NamesScreen
from tui.screens.reports.reports import ReportsScreen
from tui.screens.school.home import HomeScreen
from tui.screens.school.news import NewsDialog, NewsScreen
from tui.screens.school.profile import ProfileScreen
from tui.screens.start import StartScreen
from tui.widgets.characteristics_filter import FilterDialog

TODAY = date.today()
YEAR = academic_year_of(TODAY)
R = YearGroup.RECEPTION
SIZE = (120, 40)  # wide enough that no toast or column cuts the names in two

# "[/x]" closes a tag that was never opened: read as markup it raises MarkupError.
SCHOOL = "ST MARY'S [/x] =SUM(1) [b]bold[/b]"
SURNAME, FORENAMES = "[/x]O'Brien", "[b]Siobhán[/b]"
SURNAME_2, FORENAMES_2 = "[red]Nowak", "Łukasz [/x]"
CUSTOMS = ("Flag [/x]", "[b]bold[/b]", "[red]", "Custom 4", "Custom 5", "Custom 6")
CLASSES = ("Reds [/x]", "[b]Blues[/b]", "[red]Greens")
PERIOD = "Mock [/x] [b]bold[/b]"
NOTE = "[/x] a note [b]bold[/b]"
SEN_NOTE = "[red] SEN [/x]"
NEWS_TITLE = "bad [/x] markup [b]bold[/b]"
TEACHER = "[/x] Teacher [red]"
DETAILS = "[/x] speech group [b]bold[/b]"
PERSON = "[/x] Jane [b]Smith[/b]"  # an account's name (its username cannot hold brackets)
# A local login name (the OS user, before accounts exist) is not checked like an account's.
CLERK = "[/x]clerk[b]"


def upn(serial: int) -> str:
    digits = f"999{serial:09d}"
    return upn_check_letter(digits) + digits


@dataclass
class Hostile:
    database: Database
    establishment: EstablishmentInfo
    actor: Actor
    support: Actor
    pupil_ids: list[int]
    period_id: int

    def profile(self) -> Profile:
        return get_profile(self.database, self.actor, self.establishment.id)


@pytest.fixture
def hostile(database: Database) -> Hostile:
    support = Actor("support", Role.SUPPORT, None)
    establishment = create_establishment(database, support, "2041", SCHOOL)
    actor = Actor(CLERK, Role.MANAGER, establishment.id)
    classes = CLASSES + tuple(default_class_name(n) for n in range(4, CLASS_SLOTS + 1))
    update_profile(database, actor, establishment.id, Profile(CUSTOMS, classes))
    born, _ = birth_date_range(R, YEAR)
    ids = [
        editing.create_pupil(
            database,
            actor,
            establishment.id,
            PupilForm(
                upn=upn(serial),
                surname=surname,
                forenames=forenames,
                date_of_birth=f"{born + timedelta(days=30 * serial):%d/%m/%Y}",
                class_slot=str(serial),
                gender="F",
                postcode="PR1 2AB",
                ethnicity="WBRI",
                sen="K",
                sen_notes=SEN_NOTE,
                custom_1=True,
            ),
            TODAY,
        )
        for serial, (surname, forenames) in enumerate(
            [(SURNAME, FORENAMES), (SURNAME_2, FORENAMES_2)], start=1
        )
    ]
    period = assessments.create_period(
        database, actor, establishment.id, PERIOD, date(YEAR, 10, 17), [R]
    )
    write_changes(
        database,
        actor,
        establishment.id,
        [PeriodNoteChange(pupil_id, period.id, None, NOTE) for pupil_id in ids],
    )
    interventions.add_intervention(database, actor, establishment.id, ids[0], YEAR, PERIOD, DETAILS)
    news.add_news(database, support, NEWS_TITLE, f"{NOTE} for everyone", TODAY)
    meetings.create_meeting(
        database,
        actor,
        establishment.id,
        YEAR,
        teacher=TEACHER,
        day=TODAY,
        class_slot=1,
        period_id=period.id,
        today=TODAY,
    )
    return Hostile(database, establishment, actor, support, ids, period.id)


# --- reading the terminal -------------------------------------------------------------------------


def shown(pilot: Pilot[None]) -> str:
    """The top screen as the terminal shows it (toasts too), one line per row."""
    screen = pilot.app.screen
    return "\n".join(strip.text for strip in screen._compositor.render_strips())


def messages(pilot: Pilot[None]) -> list[str]:
    return [notification.message for notification in pilot.app._notifications]


async def until(pilot: Pilot[None], ready: Callable[[], bool]) -> None:
    for _ in range(300):
        if ready():
            return
        await pilot.pause()
    raise AssertionError(
        f"never got there; on {pilot.app.screen!r} {messages(pilot)}:\n{shown(pilot)}"
    )


async def on_screen(pilot: Pilot[None], kind: type[Screen[Any]]) -> Screen[Any]:
    await until(pilot, lambda: isinstance(pilot.app.screen, kind))
    return pilot.app.screen


async def see(pilot: Pilot[None], *texts: str) -> None:
    """The app still runs and every one of `texts` is on the terminal exactly as typed."""
    await settle(pilot)
    assert pilot.app.is_running
    screen = shown(pilot)
    for text in texts:
        assert text in screen, f"{text!r} is not shown on {pilot.app.screen!r}:\n{screen}"


def app_for(hostile: Hostile, actor: Actor | None = None) -> PupilTrackerApp:
    return PupilTrackerApp(hostile.database, actor or hostile.actor, today=TODAY)


async def open_home(pilot: Pilot[None]) -> None:
    await on_screen(pilot, StartScreen)
    await pilot.press("enter")
    await on_screen(pilot, HomeScreen)


NAME = f"{SURNAME.upper()}, {FORENAMES}"
NAME_2 = f"{SURNAME_2.upper()}, {FORENAMES_2}"
# As far as the narrow name columns show them: the markup still in it.
CUT, CUT_2 = NAME[:16], NAME_2[:16]


# --- the start screen, home and a new establishment -----------------------------------------------


async def test_start_screen_home_and_a_new_establishment_typed_with_markup(
    hostile: Hostile,
) -> None:
    async with app_for(hostile, hostile.support).run_test(size=SIZE, notifications=True) as pilot:
        await on_screen(pilot, StartScreen)
        await see(pilot, SCHOOL)
        await pilot.press("c")
        await on_screen(pilot, NewEstablishmentDialog)
        await pilot.press(*"3050", "enter", *"ST ANNE'S [/x] =SUM(1)", "enter")
        await on_screen(pilot, HomeScreen)
        assert "Created 3050 - ST ANNE'S [/x] =SUM(1)." in messages(pilot)
        await see(pilot, "ST ANNE'S [/x] =SUM(1)")
        await pilot.press("escape")
        await on_screen(pilot, StartScreen)
        await see(pilot, SCHOOL, "ST ANNE'S [/x] =SUM(1)")
        await pilot.press("enter")  # the first: 2041 ST MARY'S
        await on_screen(pilot, HomeScreen)
        await see(pilot, SCHOOL, NEWS_TITLE)


# --- pupils: the list, the form and its toasts ----------------------------------------------------


async def open_pupils(pilot: Pilot[None]) -> PupilsScreen:
    await open_home(pilot)
    await pilot.press("p")
    screen = await on_screen(pilot, PupilsScreen)
    assert isinstance(screen, PupilsScreen)
    return screen


async def test_a_pupil_typed_with_markup_is_added_and_shown_as_typed(hostile: Hostile) -> None:
    born, _ = birth_date_range(R, YEAR)
    async with app_for(hostile).run_test(size=SIZE, notifications=True) as pilot:
        await open_pupils(pilot)
        await see(pilot, CUT, CUT_2, CLASSES[0], CLASSES[1][:8])
        await pilot.press("plus")
        form = await on_screen(pilot, PupilFormScreen)
        await pilot.press(*upn(7), "tab", *"[/x]Byrne", "tab", *"[b]Aoife[/b]", "tab")
        await pilot.press(*f"{born:%d/%m/%Y}")
        form.query_one("#field-class_slot", Select).value = "1"
        form.query_one("#field-gender", Select).value = "F"
        form.query_one("#field-ethnicity", Select).value = "WIRI"
        form.query_one("#field-postcode", Input).value = "PR1 2AB"
        await see(pilot, "1 Reds [/x]", *CUSTOMS[:3])
        await pilot.press("f2")
        await on_screen(pilot, PupilsScreen)
        assert "Added [/X]BYRNE, [b]Aoife[/b]." in messages(pilot)
        await see(pilot, "Added [/X]BYRNE, [b]Aoife[/b].")
    added = pupils.list_pupils(hostile.database, hostile.actor, hostile.establishment.id, YEAR)
    assert {(p.surname, p.forenames, p.class_slot) for p in added} >= {
        ("[/x]Byrne", "[b]Aoife[/b]", 1)
    }


async def test_a_pupil_in_a_class_named_with_markup_opens(hostile: Hostile) -> None:
    async with app_for(hostile).run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_pupils(pilot)
        screen.query_one("#class", Select).value = 1  # the search: class Reds [/x]
        await see(pilot, "Reds [/x]", CUT)
        await pilot.press("enter")
        await on_screen(pilot, PupilFormScreen)
        await see(pilot, f"{SCHOOL} · {NAME}", "1 Reds [/x]", SEN_NOTE, *CUSTOMS[:3])
        await pilot.press("f2")  # nothing changed: saved as it was
        await on_screen(pilot, PupilsScreen)
        await pilot.press("i")
        await on_screen(pilot, InterventionsScreen)
        await see(pilot, f"Interventions: {NAME}", DETAILS)


async def test_profile_names_typed_with_markup_show_in_every_pupil_form(hostile: Hostile) -> None:
    async with app_for(hostile).run_test(size=SIZE, notifications=True) as pilot:
        await open_home(pilot)
        await pilot.press("c")
        await on_screen(pilot, ProfileScreen)
        await see(pilot, *CUSTOMS[:3], *CLASSES)
        await pilot.press("ctrl+u", *"[red]Flag[/red] [/x]")
        await pilot.press(*["tab"] * 6, "ctrl+u", *"[b]Reds[/b] [/x]", "f2")
        await on_screen(pilot, HomeScreen)
        assert "Profile saved." in messages(pilot)
        await pilot.press("p")
        await on_screen(pilot, PupilsScreen)
        await pilot.press("enter")
        await on_screen(pilot, PupilFormScreen)
        await see(pilot, "[red]Flag[/red] [/x]", "1 [b]Reds[/b] [/x]")
    profile = hostile.profile()
    assert profile.custom_names[0] == "[red]Flag[/red] [/x]"
    assert profile.class_names[0] == "[b]Reds[/b] [/x]"


# --- Edit multiple pupils -------------------------------------------------------------------------


async def test_multi_edit_shows_names_and_toasts_fills_as_typed(hostile: Hostile) -> None:
    async with app_for(hostile).run_test(size=SIZE, notifications=True) as pilot:
        await open_home(pilot)
        await pilot.press("m")
        await on_screen(pilot, MultiEditScreen)
        await see(pilot, SCHOOL, CUT, CUT_2, *CLASSES[:1], *CUSTOMS[1:3], f"{NAME} · Class")
        await pilot.press("f")
        await on_screen(pilot, FilterDialog)
        await see(pilot, *CUSTOMS[:3])
        await pilot.press("escape")
        await on_screen(pilot, MultiEditScreen)
        await pilot.press("R")
        await on_screen(pilot, ChooseDialog)
        await see(pilot, f"Set every flag of {NAME}")
        await pilot.press("y")
        await on_screen(pilot, MultiEditScreen)
        assert f"9 flags of {NAME} set to Yes." in messages(pilot)
        await see(pilot, f"9 flags of {NAME}")
        await pilot.press("F")  # the Class column
        await on_screen(pilot, ChooseDialog)
        await see(pilot, *CLASSES)
        await pilot.press("2", "enter")
        await on_screen(pilot, MultiEditScreen)
        assert "Class set to [b]Blues[/b] for 1 pupil." in messages(pilot)
        await see(pilot, "Class set to [b]Blues[/b] for 1 pupil.")
    rows = pupils.list_pupils(hostile.database, hostile.actor, hostile.establishment.id, YEAR)
    assert [p.class_slot for p in rows] == [2, 2]


# --- the assessment grid --------------------------------------------------------------------------


async def test_the_grid_shows_periods_names_and_notes_as_typed(hostile: Hostile) -> None:
    async with app_for(hostile).run_test(size=SIZE, notifications=True) as pilot:
        await open_home(pilot)
        await pilot.press("a")
        await on_screen(pilot, AssessmentsScreen)
        await see(pilot, SCHOOL, PERIOD, CUT, NAME, NOTE[:6])
        await pilot.press("p")
        await on_screen(pilot, PeriodsDialog)
        await see(pilot, PERIOD)
        await pilot.press("escape")
        await on_screen(pilot, AssessmentsScreen)
        await pilot.press("N")
        await on_screen(pilot, PromptDialog)
        await see(pilot, f"Notes: {NAME}", NOTE)
        await pilot.press("escape")
        await on_screen(pilot, AssessmentsScreen)
        await pilot.press("plus")
        await on_screen(pilot, NewPeriodDialog)
        await pilot.press(*"Spring [/x]", "enter", "enter")
        await on_screen(pilot, AssessmentsScreen)
        assert "Created Spring [/x] for Reception." in messages(pilot)
        await see(pilot, "Created Spring [/x] for Reception.", "Spring [/x]")
        await pilot.press("D")
        dialog = await on_screen(pilot, ConfirmDialog)
        assert isinstance(dialog, ConfirmDialog)
        deleted = "Spring [/x]" if "Spring" in dialog.question else PERIOD
        await see(pilot, f"Delete {deleted}")
        await pilot.press("y")
        await on_screen(pilot, AssessmentsScreen)
        await see(pilot, f"Deleted {deleted}.")
        assert any(m.startswith(f"Deleted {deleted}.") for m in messages(pilot))


# --- reports, the audit trail, meetings, news, the support console --------------------------------


async def test_reports_show_names_as_typed(hostile: Hostile) -> None:
    async with app_for(hostile).run_test(size=SIZE, notifications=True) as pilot:
        await open_home(pilot)
        await pilot.press("r")
        await on_screen(pilot, ReportsScreen)
        await see(pilot, SCHOOL, PERIOD)
        await pilot.press("enter")  # the pupils behind the first figure
        await on_screen(pilot, NamesScreen)
        await see(pilot, PERIOD, NAME, NAME_2, *CLASSES[:2])
        await pilot.press("escape")
        await on_screen(pilot, ReportsScreen)
        await pilot.press("c")
        await on_screen(pilot, ChooseDialog)
        await see(pilot, *CLASSES)
        await pilot.press("1", "enter")  # Reds [/x]
        await on_screen(pilot, ReportsScreen)
        await see(pilot, SCHOOL, PERIOD, CLASSES[0])


async def test_the_audit_trail_shows_who_and_what_as_typed(hostile: Hostile) -> None:
    async with app_for(hostile).run_test(size=SIZE, notifications=True) as pilot:
        await open_home(pilot)
        await pilot.press("t")
        await on_screen(pilot, AuditScreen)
        await see(pilot, SCHOOL, CLERK, NAME, NAME_2, PERIOD)
        await pilot.press("slash", "tab", "tab", *"[/x]", "enter")
        await pilot.pause()
        (refused,) = [text for text in messages(pilot) if "[/x]" in text]
        assert refused == "Write the date as dd/mm/yyyy, e.g. 05/10/2025 (not '[/x]')."
        await see(pilot, "'[/x]').")  # the toast wraps before it


async def test_the_meetings_list_shows_teacher_class_and_period_as_typed(hostile: Hostile) -> None:
    async with app_for(hostile).run_test(size=SIZE, notifications=True) as pilot:
        await open_home(pilot)
        await pilot.press("g")
        await on_screen(pilot, MeetingsScreen)
        await see(pilot, SCHOOL, TEACHER, "Reds [/x]", PERIOD)
        await pilot.press("enter")
        await on_screen(pilot, MeetingScreen)
        await see(pilot, SCHOOL, TEACHER, PERIOD)
        await pilot.press("escape")
        await on_screen(pilot, MeetingsScreen)


async def test_news_typed_with_markup_is_saved_and_shown_as_typed(hostile: Hostile) -> None:
    async with app_for(hostile, hostile.support).run_test(size=SIZE, notifications=True) as pilot:
        await open_home(pilot)
        await see(pilot, NEWS_TITLE)
        await pilot.press("n")
        await on_screen(pilot, NewsScreen)
        await see(pilot, NEWS_TITLE, NOTE)
        await pilot.press("a")
        await on_screen(pilot, NewsDialog)
        await pilot.press(*"more [/x] news", "enter", *"[red]read[/red] this", "f2")
        await on_screen(pilot, NewsScreen)
        assert "Saved: more [/x] news (live)." in messages(pilot)
        await see(pilot, "Saved: more [/x] news (live).", "more [/x] news")


async def test_the_support_console_shows_schools_and_people_as_typed(
    hostile: Hostile, monkeypatch: pytest.MonkeyPatch
) -> None:
    cheap_hashing(monkeypatch)
    create_account(
        hostile.database,
        hostile.support,
        username="j.smith",
        role=Role.USER,
        establishment_id=hostile.establishment.id,
        now=datetime.now(timezone.utc),
        display_name=PERSON,
    )
    async with app_for(hostile, hostile.support).run_test(size=SIZE, notifications=True) as pilot:
        await on_screen(pilot, StartScreen)
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("slash", "ctrl+u", *"[/x]", "enter")
        await see(pilot, SCHOOL)
        await pilot.press("slash", "ctrl+u", *"smith", "enter")
        await see(pilot, f"j.smith ({PERSON})")


# --- a date of birth outside every year group (QA item 24) ---------------------------------------


async def fill_new_pupil(pilot: Pilot[None], born: date) -> PupilFormScreen:
    await open_pupils(pilot)
    await pilot.press("plus")
    form = await on_screen(pilot, PupilFormScreen)
    assert isinstance(form, PupilFormScreen)
    await pilot.press(*upn(8), "tab", *"Kowalski", "tab", *"Zofia", "tab", *f"{born:%d/%m/%Y}")
    form.query_one("#field-gender", Select).value = "F"
    form.query_one("#field-ethnicity", Select).value = "WBRI"
    form.query_one("#field-postcode", Input).value = "PR1 2AB"
    return form


def kowalski(hostile: Hostile) -> list[str]:
    every = pupils.list_pupils(hostile.database, hostile.actor, hostile.establishment.id, YEAR)
    return [p.surname for p in every if p.surname == "Kowalski"]


async def test_a_date_of_birth_outside_every_year_group_asks_first(hostile: Hostile) -> None:
    born = birth_date_range(YearGroup.YEAR_2, YEAR)[0] - timedelta(days=190)
    async with app_for(hostile).run_test(size=SIZE, notifications=True) as pilot:
        form = await fill_new_pupil(pilot, born)
        await pilot.press("f2")
        dialog = await on_screen(pilot, ConfirmDialog)
        assert isinstance(dialog, ConfirmDialog)
        assert dialog.question == "Save KOWALSKI, Zofia as older than Year 2?"
        assert "will not appear in any grid (Nursery 1 to Year 2)" in dialog.detail
        assert f"{born:%d/%m/%Y}" in dialog.detail
        await pilot.press("n")  # back to the form, as typed; nothing written
        await on_screen(pilot, PupilFormScreen)
        assert form.query_one("#field-date_of_birth", Input).value == f"{born:%d/%m/%Y}"
        assert form.query_one("#field-surname", Input).value == "Kowalski"
        assert kowalski(hostile) == []
        await pilot.press("f2")
        await on_screen(pilot, ConfirmDialog)
        await pilot.press("y")
        await on_screen(pilot, PupilsScreen)
        assert "Added KOWALSKI, Zofia." in messages(pilot)
    assert kowalski(hostile) == ["Kowalski"]


@pytest.mark.parametrize("group", [R, YearGroup.YEAR_1, YearGroup.YEAR_2])
async def test_a_date_of_birth_in_a_year_group_saves_without_asking(
    hostile: Hostile, group: YearGroup
) -> None:
    """Key Stage 1 is assessed too: a Year 1 or Year 2 pupil is no longer warned off."""
    born = birth_date_range(group, YEAR)[0] + timedelta(days=100)
    async with app_for(hostile).run_test(size=SIZE, notifications=True) as pilot:
        await fill_new_pupil(pilot, born)
        await pilot.press("f2")
        await on_screen(pilot, PupilsScreen)
    assert kowalski(hostile) == ["Kowalski"]


async def test_a_year_override_saves_without_asking(hostile: Hostile) -> None:
    born = birth_date_range(YearGroup.YEAR_2, YEAR)[0]
    async with app_for(hostile).run_test(size=SIZE, notifications=True) as pilot:
        form = await fill_new_pupil(pilot, born)
        form.query_one("#field-year_override", Select).value = "R"
        await pilot.press("f2")
        await on_screen(pilot, PupilsScreen)
        assert kowalski(hostile) == ["Kowalski"]


async def test_an_unchanged_date_of_birth_saves_without_asking_again(hostile: Hostile) -> None:
    born = birth_date_range(YearGroup.YEAR_2, YEAR)[0] - timedelta(days=300)
    pupil_id = editing.create_pupil(
        hostile.database,
        hostile.actor,
        hostile.establishment.id,
        PupilForm(
            upn=upn(9),
            surname="Kowalski",
            forenames="Zofia",
            date_of_birth=f"{born:%d/%m/%Y}",
            gender="F",
            postcode="PR1 2AB",
            ethnicity="WBRI",
        ),
        TODAY,
    )
    async with app_for(hostile).run_test(size=SIZE, notifications=True) as pilot:
        await open_pupils(pilot)
        await pilot.press("slash", *"kowal", "enter", "enter")
        form = await on_screen(pilot, PupilFormScreen)
        form.query_one("#field-postcode", Input).value = "PR7 1AA"
        await pilot.press("f2")
        await on_screen(pilot, PupilsScreen)
        assert "Saved: Postcode." in messages(pilot)
        await pilot.press("enter")
        form = await on_screen(pilot, PupilFormScreen)
        form.query_one("#field-date_of_birth", Input).value = f"{born + timedelta(days=1):%d/%m/%Y}"
        await pilot.press("f2")
        await on_screen(pilot, ConfirmDialog)  # a new date of birth, still older than Year 2: asked
        await pilot.press("escape")
        await on_screen(pilot, PupilFormScreen)
    stored = pupils.get_pupil(hostile.database, hostile.actor, hostile.establishment.id, pupil_id)
    assert (stored.postcode, stored.date_of_birth) == ("PR7 1AA", born)

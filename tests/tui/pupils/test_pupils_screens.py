"""Pilot tests of the Pupils screen, the record form, interventions, archive and the profile."""

from __future__ import annotations

import os
from datetime import date

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Label, Static

from store.assessments import periods as assessments
from store.core.access import Actor, Role
from store.core.db import Database
from store.curriculum.dates import academic_year_of
from store.curriculum.eyfs import EARLY_YEARS, YearGroup
from store.curriculum.upn import upn_check_letter
from store.establishments.establishments import EstablishmentInfo, create_establishment
from store.pupils import editing, interventions, pupils
from store.pupils.fields import PupilForm
from store.pupils.profile import get_profile
from tui.app import PupilTrackerApp
from tui.screens.dialogs.choose import ChooseDialog
from tui.screens.pupils.interventions import InterventionDialog, InterventionsScreen
from tui.screens.pupils.pupil_form import PupilFormScreen
from tui.screens.pupils.pupils import PupilsScreen
from tui.widgets.pupils.pupil_list import PupilList

TODAY = date.today()
YEAR = academic_year_of(TODAY)


def upn(serial: int) -> str:
    digits = f"999{serial:09d}"
    return upn_check_letter(digits) + digits


class Roll:
    def __init__(self, database: Database) -> None:
        support = Actor("support", Role.SUPPORT, None)
        self.database = database
        self.school: EstablishmentInfo = create_establishment(
            database, support, "2041", "ST ANNE'S"
        )
        self.actor = Actor("head", Role.MANAGER, self.school.id)
        born = date(YEAR - 4, 10, 1)
        self.ids = {
            surname: editing.create_pupil(
                database,
                self.actor,
                self.school.id,
                PupilForm(
                    upn=upn(n),
                    surname=surname,
                    forenames=forenames,
                    date_of_birth=born.strftime("%d/%m/%Y"),
                    gender="F",
                    postcode="PR1 2AB",
                    ethnicity="WBRI",
                ),
                TODAY,
            )
            for n, (surname, forenames) in enumerate(
                [("D'Souza", "Zoë"), ("Smith", "Jo"), ("Smithson", "Al"), ("Nowak", "Łukasz")], 1
            )
        }

    def record(self, surname: str) -> PupilForm:
        from store.pupils.fields import form_from_values

        return form_from_values(
            pupils.get_pupil(self.database, self.actor, self.school.id, self.ids[surname])
        )

    def names_shown(self, pilot: Pilot[None]) -> list[str]:
        return [p.surname for p in pilot.app.screen.query_one(PupilList).rows]


@pytest.fixture
def roll(database: Database) -> Roll:
    return Roll(database)


async def open_pupils(pilot: Pilot[None]) -> PupilsScreen:
    await pilot.press("enter", "p")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, PupilsScreen)
    return screen


def app_for(roll: Roll) -> PupilTrackerApp:
    return PupilTrackerApp(roll.database, roll.actor)


async def test_search_narrows_as_you_type_ignoring_case_accents_and_punctuation(roll: Roll) -> None:
    async with app_for(roll).run_test(size=(80, 24)) as pilot:
        await open_pupils(pilot)
        assert roll.names_shown(pilot) == ["D'Souza", "Nowak", "Smith", "Smithson"]
        await pilot.press("slash", *"smi")
        assert roll.names_shown(pilot) == ["Smith", "Smithson"]
        await pilot.press("ctrl+a", "ctrl+k", *"DSOUZ")
        assert roll.names_shown(pilot) == ["D'Souza"]  # apostrophes, hyphens, spaces aside
        await pilot.press("ctrl+a", "ctrl+k", *"d'souz")
        assert roll.names_shown(pilot) == ["D'Souza"]
        await pilot.press("ctrl+a", "ctrl+k", *"d", "space", *"so")
        assert roll.names_shown(pilot) == ["D'Souza"]


async def test_saved_search_comes_back_next_time(roll: Roll) -> None:
    async with app_for(roll).run_test(size=(80, 24)) as pilot:
        await open_pupils(pilot)
        await pilot.press("slash", *"smith", "enter", "s", "escape")
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert pilot.app.screen.query_one("#surname", Input).value == "smith"
        assert roll.names_shown(pilot) == ["Smith", "Smithson"]


async def test_a_refused_record_keeps_what_was_typed_and_writes_nothing(roll: Roll) -> None:
    async with app_for(roll).run_test(size=(80, 24)) as pilot:
        await open_pupils(pilot)
        await pilot.press("enter")  # D'Souza
        await pilot.pause()
        assert isinstance(pilot.app.screen, PupilFormScreen)
        postcode = pilot.app.screen.query_one("#field-postcode", Input)
        postcode.value = "NOT A POSTCODE"
        await pilot.press("f2")
        await pilot.pause()
        problems = str(pilot.app.screen.query_one("#form-problems", Static).render())
        assert "Postcode" in problems and "shape of a UK postcode" in problems
        assert postcode.value == "NOT A POSTCODE"
        assert roll.record("D'Souza").postcode == "PR1 2AB"
        postcode.value = "pr7 1aa"
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PupilsScreen)
    assert roll.record("D'Souza").postcode == "PR7 1AA"


async def test_add_a_pupil_with_the_form(roll: Roll) -> None:
    async with app_for(roll).run_test(size=(80, 24)) as pilot:
        await open_pupils(pilot)
        await pilot.press("plus")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, PupilFormScreen)
        values = {
            "upn": upn(77),
            "surname": "O'Neill",
            "forenames": "Siobhán",
            "date_of_birth": f"01/12/{YEAR - 4}",
            "postcode": "PR2 9ZZ",
        }
        for name, value in values.items():
            screen.query_one(f"#field-{name}", Input).value = value
        await pilot.press("f2")
        await pilot.pause()
        problems = str(screen.query_one("#form-problems", Static).render())
        assert "Gender" in problems and "Ethnicity" in problems  # still to choose
        from textual.widgets import Select

        screen.query_one("#field-gender", Select).value = "F"
        screen.query_one("#field-ethnicity", Select).value = "WIRI"
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PupilsScreen)
        assert "O'Neill" in roll.names_shown(pilot)


async def test_mark_and_archive(roll: Roll) -> None:
    async with app_for(roll).run_test(size=(80, 24)) as pilot:
        await open_pupils(pilot)
        await pilot.press("space", "space", "x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert roll.names_shown(pilot) == ["Smith", "Smithson"]
    remaining = pupils.list_pupils(roll.database, roll.actor, roll.school.id, YEAR)
    assert [p.surname for p in remaining] == ["Smith", "Smithson"]


async def test_interventions_from_the_list(roll: Roll) -> None:
    for name, day in (("Autumn 1", date(YEAR, 10, 17)), ("Spring 1", date(YEAR + 1, 2, 2))):
        assessments.create_period(
            roll.database, roll.actor, roll.school.id, name, day, [YearGroup.NURSERY_2]
        )
    async with app_for(roll).run_test(size=(80, 24)) as pilot:
        await open_pupils(pilot)
        await pilot.press("down", "i")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, InterventionDialog)
        # The year and the assessment are chosen from lists, not typed.
        await pilot.press("x")
        assert "chosen from a list" in str(dialog.query_one("#form-error", Label).render())
        await pilot.press("enter")  # the years: this one is offered first
        await pilot.pause()
        assert isinstance(pilot.app.screen, ChooseDialog)
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.screen is dialog
        assert dialog.focused is dialog.query_one("#intervention-assessment")
        await pilot.press("enter", *"spr", "enter")  # type-ahead in the assessments
        await pilot.pause()
        assert dialog.focused is dialog.query_one("#intervention-details")
        await pilot.press("f2")  # no details yet: refused, the cursor stays on Details
        await pilot.pause()
        assert "Describe the intervention" in str(dialog.query_one("#form-error", Label).render())
        assert dialog.focused is dialog.query_one("#intervention-details")
        await pilot.press(*"Phonics catch-up [daily]", "enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, InterventionsScreen)
    listed = interventions.list_interventions(
        roll.database, roll.actor, roll.school.id, roll.ids["Nowak"]
    )
    assert [(i.academic_year, i.assessment, i.details) for i in listed] == [
        (YEAR, "Spring 1", "Phonics catch-up [daily]")
    ]


async def test_deleting_an_intervention_names_it_and_n_keeps_it(roll: Roll) -> None:
    from tui.screens.dialogs.confirm import ConfirmDialog
    from tui.screens.pupils.interventions import InterventionsScreen

    nowak = roll.ids["Nowak"]
    assessments.create_period(
        roll.database, roll.actor, roll.school.id, "Autumn 1", date(YEAR, 10, 17), list(EARLY_YEARS)
    )
    interventions.add_intervention(
        roll.database, roll.actor, roll.school.id, nowak, YEAR, "Autumn 1", "Phonics catch-up"
    )

    def kept() -> list[str]:
        listed = interventions.list_interventions(roll.database, roll.actor, roll.school.id, nowak)
        return [item.details for item in listed]

    async with app_for(roll).run_test(size=(80, 24)) as pilot:
        await open_pupils(pilot)
        await pilot.press("down", "i")
        await pilot.pause()
        assert isinstance(pilot.app.screen, InterventionsScreen)
        await pilot.press("d")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, ConfirmDialog)
        year = f"{YEAR}/{YEAR + 1}"
        assert dialog.question == f"Delete NOWAK, Łukasz's intervention of {year} Autumn 1?"
        assert dialog.detail.startswith('"Phonics catch-up" goes from the record')
        await pilot.press("n")
        await pilot.pause()
        assert kept() == ["Phonics catch-up"]
        await pilot.press("d", "y")
        await pilot.pause()
        assert kept() == []


async def test_no_intervention_without_an_assessment_to_name(roll: Roll) -> None:
    async with app_for(roll).run_test(size=(80, 24)) as pilot:
        await open_pupils(pilot)
        await pilot.press("i", "a")
        await pilot.pause()
        assert isinstance(pilot.app.screen, InterventionsScreen)  # says why, opens no form
    assert (
        interventions.list_interventions(
            roll.database, roll.actor, roll.school.id, roll.ids["D'Souza"]
        )
        == []
    )


async def test_profile_names_show_in_the_pupil_list(roll: Roll) -> None:
    editing.set_characteristics(
        roll.database, roll.actor, roll.school.id, [(roll.ids["Smith"], "class_slot", 1)]
    )
    async with app_for(roll).run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "c")
        await pilot.pause()
        pilot.app.screen.query_one("#class-1", Input).value = "Robins"
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        listing = pilot.app.screen.query_one(PupilList)
        assert listing.class_names[0] == "Robins"
    assert get_profile(roll.database, roll.actor, roll.school.id).class_names[0] == "Robins"


async def test_import_from_the_pupils_screen(
    roll: Roll, tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pathlib import Path

    from exports.folder import EXPORTS_DIR_ENV, inbox
    from tui.screens.pupils.pupil_import import ImportScreen

    assert isinstance(tmp_path, Path)
    monkeypatch.setenv(EXPORTS_DIR_ENV, str(tmp_path / "files"))
    folder = inbox(roll.school.number)
    header = "UPN,Surname,Forename,DOB,Gender,Postcode,FSM,Ethnic code,EAL,SEN,LCCNo\r\n"
    born = f"01/10/{YEAR - 4}"
    bad = folder / "bad.csv"
    bad.write_text(
        header + f"{upn(90)},Okafor,Chidi,31/02/{YEAR - 4},M,PR1 2AB,N,BAFR,N,,\r\n"
        f"{upn(91)},Ward,Amy,{born},X,PR1 2AB,N,WBRI,N,,\r\n",
        encoding="utf-8",
    )
    good = folder / "good.csv"
    good.write_text(
        header + f"{upn(90)},Okafor,Chidi,{born},M,PR1 2AB,Y,BAFR,N,K,\r\n"
        f"{upn(1)},D'Souza,Zoë,{born},F,PR1 2AB,N,WBRI,Y,,\r\n",
        encoding="utf-8-sig",
    )
    async with app_for(roll).run_test(size=(80, 24)) as pilot:
        await open_pupils(pilot)
        await pilot.press("I")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ImportScreen)
        os.utime(bad, (1_700_000_000, 1_700_000_000))  # the older: second in the list
        await pilot.press("f5")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        problems = str(screen.query_one("#import-problem-list", Static).render())
        assert "line 2, DOB" in problems and "line 3, Gender" in problems
        assert "Nothing was imported" in str(screen.query_one("#import-outcome", Static).render())
        assert len(pupils.list_pupils(roll.database, roll.actor, roll.school.id, YEAR)) == 4
        await pilot.press("up", "enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        outcome = str(screen.query_one("#import-outcome", Static).render())
        assert "1 added, 1 updated, 0 unchanged" in outcome
        await pilot.press("escape")
        await pilot.pause()
        assert "Okafor" in roll.names_shown(pilot)
    assert roll.record("D'Souza").eal is True


async def test_the_audit_trail_filters_and_exports(roll: Roll, tmp_path: object) -> None:
    import csv
    from pathlib import Path

    from textual.widgets import DataTable

    assert isinstance(tmp_path, Path)
    editing.update_pupil(
        roll.database,
        roll.actor,
        roll.school.id,
        roll.ids["Nowak"],
        replace_form(roll.record("Nowak"), postcode="PR9 9ZZ"),
        TODAY,
    )
    async with app_for(roll).run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "t")
        await pilot.pause()
        table = pilot.app.screen.query_one(DataTable)
        assert table.row_count == 6  # created, 4 pupils added, 1 edited
        await pilot.press("slash", "tab", *"nowak", "enter")
        await pilot.pause()
        assert table.row_count == 2
        await pilot.press("e")
        await pilot.pause()
    (target,) = (tmp_path / "2041" / "outbox").glob("Audit trail 2041 (*).csv")
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert [row[5] for row in rows[1:]] == ["edit pupil", "add pupil"]
    assert rows[1][7:] == ["PR1 2AB", "PR9 9ZZ"]


def replace_form(form: PupilForm, **changes: object) -> PupilForm:
    from dataclasses import replace

    return replace(form, **changes)  # type: ignore[arg-type]


async def test_escape_clears_the_search_and_down_goes_to_the_list(roll: Roll) -> None:
    async with app_for(roll).run_test(size=(80, 24)) as pilot:
        screen = await open_pupils(pilot)
        surname = screen.query_one("#surname", Input)
        listing = screen.query_one(PupilList)
        await pilot.press("slash", *"smi")
        assert roll.names_shown(pilot) == ["Smith", "Smithson"]
        await pilot.press("escape")  # clears what was typed, stays in the search
        assert surname.value == "" and screen.focused is surname
        assert roll.names_shown(pilot) == ["D'Souza", "Nowak", "Smith", "Smithson"]
        await pilot.press(*"smiths", "down")  # one key from the search to the list
        assert screen.focused is listing and roll.names_shown(pilot) == ["Smithson"]
        await pilot.press("slash", "enter")  # Enter too
        assert screen.focused is listing


async def test_c_clears_every_search_field(roll: Roll) -> None:
    from textual.widgets import Select

    async with app_for(roll).run_test(size=(80, 24)) as pilot:
        screen = await open_pupils(pilot)
        assert not screen.check_action("clear_search", ())  # nothing to clear: not offered
        await pilot.press("slash", *"smi", "tab", *"999", "enter")
        screen.query_one("#year", Select).value = YearGroup.NURSERY_2.value
        await pilot.pause()
        assert roll.names_shown(pilot) == ["Smith", "Smithson"]
        assert screen.check_action("clear_search", ())
        await pilot.press("c")
        await pilot.pause()
        assert roll.names_shown(pilot) == ["D'Souza", "Nowak", "Smith", "Smithson"]
        assert [field.value for field in screen.query(Input)] == ["", ""]
        assert screen.query_one("#year", Select).value is Select.NULL
        assert screen.search.is_empty

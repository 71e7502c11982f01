"""Pupil records, field checks, search, archive, profile and interventions on a real database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from store.accounts.reauth import SERVER_ADMINISTRATOR, ReauthenticationFailed
from store.assessments import periods as assessments
from store.core.access import Actor, PermissionDenied, Role
from store.core.db import Database
from store.core.errors import InvalidInput
from store.core.models import AuditEntry
from store.curriculum.eyfs import YearGroup
from store.curriculum.upn import upn_check_letter, upn_problem
from store.establishments.establishments import EstablishmentInfo, create_establishment
from store.pupils import editing, interventions, pupils
from store.pupils.editing import PupilInvalid
from store.pupils.fields import PupilForm, fold, postcode_problem, validate_pupil
from store.pupils.profile import Profile, default_profile, get_profile, update_profile
from store.pupils.pupils import PupilSearch
from store.pupils.transfer import transfer_pupil

TODAY = date(2025, 11, 3)
YEAR = 2025


def upn(serial: int) -> str:
    digits = f"999{serial:09d}"
    return upn_check_letter(digits) + digits


def form(**changes: object) -> PupilForm:
    base = PupilForm(
        upn=upn(1),
        surname="O'Brien",
        forenames="Siobhán",
        date_of_birth="14/03/2021",
        gender="F",
        postcode="pr1 2ab",
        ethnicity="wiri",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.fixture
def school(database: Database, support: Actor) -> EstablishmentInfo:
    return create_establishment(database, support, "2041", "ST MARY'S PRIMARY")


@pytest.fixture
def clerk(school: EstablishmentInfo) -> Actor:
    return Actor("clerk", Role.USER, school.id)


# --- field checks ----------------------------------------------------------------------------


def test_a_good_form_is_cleaned_up() -> None:
    values = validate_pupil(form(surname="  o'brien ", forenames="Siobhán\u00a0 Mary"), TODAY)
    assert not isinstance(values, list)
    assert (values.surname, values.forenames) == ("o'brien", "Siobhán Mary")
    assert (values.postcode, values.ethnicity, values.gender) == ("PR1 2AB", "WIRI", "F")
    assert values.date_of_birth == date(2021, 3, 14)


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"upn": ""}, "UPN", "required"),
        ({"upn": "A12345678901"}, "UPN", "13 characters"),
        ({"upn": "Z" + upn(1)[1:]}, "UPN", "check letter"),
        ({"surname": "  "}, "Surname", "required"),
        ({"forenames": "1234"}, "Forenames", "no letters"),
        ({"date_of_birth": "31/02/2020"}, "Date of birth", "February 2020 has 29 days"),
        ({"date_of_birth": "14/03/2026"}, "Date of birth", "future"),
        ({"date_of_birth": "14/03/2001"}, "Date of birth", "older than a primary pupil"),
        ({"date_of_birth": "01/10/2025"}, "Date of birth", "under 3 months"),
        ({"gender": "X"}, "Gender", "M (male) or F"),
        ({"postcode": ""}, "Postcode", "required"),
        ({"postcode": "PR1"}, "Postcode", "shape of a UK postcode"),
        ({"ethnicity": ""}, "Ethnicity", "required"),
        ({"ethnicity": "XXXX"}, "Ethnicity", "not an ethnicity code"),
        ({"sen": "maybe"}, "SEN", "not an SEN code"),
        ({"class_slot": "21"}, "Class", "1 to 20"),
        ({"year_override": "Y9"}, "Year override", "Nursery 1"),
    ],
)
def test_every_refusal_names_the_field_and_says_why(
    changes: dict[str, object], field: str, words: str
) -> None:
    problems = validate_pupil(form(**changes), TODAY)
    assert isinstance(problems, list)
    assert [p.field for p in problems] == [field]
    assert words in problems[0].message


def test_all_problems_are_reported_at_once() -> None:
    problems = validate_pupil(form(upn="", postcode="", ethnicity=""), TODAY)
    assert isinstance(problems, list)
    assert [p.field for p in problems] == ["UPN", "Postcode", "Ethnicity"]


@pytest.mark.parametrize("code", ["PR1 2AB", "pr12ab", "SW1A 1AA", "M1 1AE", "B33 8TH", "EC1A 1BB"])
def test_uk_postcodes_of_every_shape_pass(code: str) -> None:
    assert postcode_problem(code) is None


@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_every_generated_upn_passes_and_any_changed_digit_is_caught(digits: str) -> None:
    valid = upn_check_letter(digits) + digits
    assert upn_problem(valid) is None
    for position in range(1, 13):
        for replacement in "0123456789":
            if replacement == valid[position]:
                continue
            changed = valid[:position] + replacement + valid[position + 1 :]
            assert upn_problem(changed) is not None


def test_fold_matches_accents_and_case() -> None:
    assert fold("Zoë") == fold("ZOE") == "zoe"
    assert fold("Łukasz") != fold("Lukasz")  # Ł is a letter of its own, not L with an accent
    assert fold("NGUYỄN") == "nguyen"


# --- the record ------------------------------------------------------------------------------


def test_create_read_update_with_audit(
    database: Database, school: EstablishmentInfo, clerk: Actor
) -> None:
    pupil_id = editing.create_pupil(database, clerk, school.id, form(), TODAY)
    stored = pupils.get_pupil(database, clerk, school.id, pupil_id)
    assert (stored.surname, stored.postcode) == ("O'Brien", "PR1 2AB")
    changed = editing.update_pupil(
        database, clerk, school.id, pupil_id, form(postcode="PR2 3CD", eal=True), TODAY
    )
    assert changed == ["Postcode", "EAL"]
    with database.read() as session:
        actions = list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions[-3:] == ["add pupil", "edit pupil", "edit pupil"]


def test_a_refused_form_writes_nothing(
    database: Database, school: EstablishmentInfo, clerk: Actor
) -> None:
    with pytest.raises(PupilInvalid) as refused:
        editing.create_pupil(database, clerk, school.id, form(postcode="nope"), TODAY)
    assert refused.value.problems[0].field == "Postcode"
    assert pupils.list_pupils(database, clerk, school.id, YEAR) == []


def test_a_upn_is_unique_across_the_service(
    database: Database, school: EstablishmentInfo, clerk: Actor, support: Actor
) -> None:
    editing.create_pupil(database, clerk, school.id, form(), TODAY)
    with pytest.raises(PupilInvalid, match="already belongs to the pupil O'BRIEN, Siobhán"):
        editing.create_pupil(database, clerk, school.id, form(surname="Other"), TODAY)
    other = create_establishment(database, support, "2042", "OTHER SCHOOL")
    outsider = Actor("outsider", Role.USER, other.id)
    with pytest.raises(PupilInvalid, match="another establishment"):
        editing.create_pupil(database, outsider, other.id, form(), TODAY)


def test_another_establishment_cannot_read_or_change_our_pupils(
    database: Database, school: EstablishmentInfo, clerk: Actor, support: Actor
) -> None:
    pupil_id = editing.create_pupil(database, clerk, school.id, form(), TODAY)
    other = create_establishment(database, support, "2042", "OTHER SCHOOL")
    outsider = Actor("outsider", Role.MANAGER, other.id)
    for call in (
        lambda: pupils.get_pupil(database, outsider, school.id, pupil_id),
        lambda: pupils.list_pupils(database, outsider, school.id, YEAR),
        lambda: editing.archive_pupils(database, outsider, school.id, [pupil_id]),
        lambda: editing.set_characteristics(
            database, outsider, school.id, [(pupil_id, "eal", True)]
        ),
        lambda: interventions.list_interventions(database, outsider, school.id, pupil_id),
    ):
        with pytest.raises(PermissionDenied):
            call()
    with pytest.raises(Exception, match="not on this establishment's roll"):
        pupils.get_pupil(database, outsider, other.id, pupil_id)


# --- list, search, saved selection -----------------------------------------------------------


def test_search_by_surname_upn_class_and_year(
    database: Database, school: EstablishmentInfo, clerk: Actor
) -> None:
    editing.create_pupil(
        database, clerk, school.id, form(surname="D'Souza", forenames="Zoë", class_slot="1"), TODAY
    )
    editing.create_pupil(
        database,
        clerk,
        school.id,
        form(
            upn=upn(2), surname="Smith", forenames="Jo", date_of_birth="01/02/2022", class_slot="2"
        ),
        TODAY,
    )
    rows = pupils.list_pupils(database, clerk, school.id, YEAR)
    assert [p.surname for p in rows] == ["D'Souza", "Smith"]

    def names(search: PupilSearch) -> list[str]:
        return [p.surname for p in pupils.search_pupils(rows, search, YEAR)]

    assert names(PupilSearch(surname="souz")) == ["D'Souza"]
    assert names(PupilSearch(surname="D'SOUZA")) == ["D'Souza"]
    assert names(PupilSearch(upn=upn(2)[-5:])) == ["Smith"]
    assert names(PupilSearch(class_slot=2)) == ["Smith"]
    assert names(PupilSearch(year_group=YearGroup.RECEPTION)) == ["D'Souza"]
    assert names(PupilSearch(year_group=YearGroup.NURSERY_2)) == ["Smith"]


def test_saved_selection_is_kept_per_person(
    database: Database, school: EstablishmentInfo, clerk: Actor
) -> None:
    search = PupilSearch("smi", "", 3, YearGroup.RECEPTION)
    pupils.save_search(database, clerk, school.id, search)
    assert pupils.saved_search(database, clerk, school.id) == search
    colleague = Actor("colleague", Role.USER, school.id)
    assert pupils.saved_search(database, colleague, school.id) == PupilSearch()


# --- archive ---------------------------------------------------------------------------------


def test_archived_pupils_leave_the_list_and_only_support_brings_them_back(
    database: Database, school: EstablishmentInfo, clerk: Actor, support: Actor
) -> None:
    first = editing.create_pupil(database, clerk, school.id, form(), TODAY)
    second = editing.create_pupil(
        database, clerk, school.id, form(upn=upn(2), surname="Smith"), TODAY
    )
    assert editing.archive_pupils(database, clerk, school.id, [first, second]) == 2
    assert pupils.list_pupils(database, clerk, school.id, YEAR) == []
    with pytest.raises(PermissionDenied):
        editing.unarchive_pupils(database, clerk, [first], SERVER_ADMINISTRATOR)
    # From a screen, support re-enters a password: a wrong one (here, no account) is refused.
    with pytest.raises(ReauthenticationFailed, match="Enter your own password to confirm"):
        editing.unarchive_pupils(database, support, [first], "Not-My-Password-1!")
    assert len(pupils.list_pupils(database, support, school.id, YEAR, archived=True)) == 2
    with pytest.raises(PermissionDenied):
        pupils.list_pupils(database, clerk, school.id, YEAR, archived=True)
    assert len(pupils.list_pupils(database, support, school.id, YEAR, archived=True)) == 2
    assert editing.unarchive_pupils(database, support, [first], SERVER_ADMINISTRATOR) == 1
    assert [p.id for p in pupils.list_pupils(database, clerk, school.id, YEAR)] == [first]


# --- many at once ------------------------------------------------------------------------------


def test_characteristics_for_many_pupils_in_one_transaction(
    database: Database, school: EstablishmentInfo, clerk: Actor
) -> None:
    ids = [
        editing.create_pupil(database, clerk, school.id, form(upn=upn(n), surname=f"P{n}"), TODAY)
        for n in range(1, 6)
    ]
    applied = editing.set_characteristics(
        database, clerk, school.id, [(i, "class_slot", 3) for i in ids]
    )
    assert len(applied) == 5
    assert {p.class_slot for p in pupils.list_pupils(database, clerk, school.id, YEAR)} == {3}
    with pytest.raises(InvalidInput, match="Class"):
        editing.set_characteristics(
            database, clerk, school.id, [(ids[0], "class_slot", 4), (ids[1], "class_slot", 99)]
        )
    assert {p.class_slot for p in pupils.list_pupils(database, clerk, school.id, YEAR)} == {3}
    with pytest.raises(InvalidInput, match="cannot be changed for many"):
        editing.set_characteristics(database, clerk, school.id, [(ids[0], "upn", "X")])


# --- profile ---------------------------------------------------------------------------------


def test_profile_names_and_their_checks(
    database: Database, school: EstablishmentInfo, clerk: Actor
) -> None:
    manager = Actor("head", Role.MANAGER, school.id)
    profile = get_profile(database, manager, school.id)
    assert profile == default_profile()
    renamed = Profile(
        ("Late arrival", *profile.custom_names[1:]), ("Robins", "Wrens", *profile.class_names[2:])
    )
    update_profile(database, manager, school.id, renamed)
    assert get_profile(database, clerk, school.id) == renamed
    with pytest.raises(PermissionDenied):
        update_profile(database, clerk, school.id, renamed)
    with pytest.raises(InvalidInput, match="Two classes are called"):
        update_profile(
            database,
            manager,
            school.id,
            Profile(renamed.custom_names, ("Robins", "robins", *renamed.class_names[2:])),
        )
    with pytest.raises(InvalidInput, match="Give custom filter 2 a name"):
        update_profile(
            database,
            manager,
            school.id,
            Profile(("A", " ", "C", "D", "E", "F"), renamed.class_names),
        )


# --- interventions -----------------------------------------------------------------------------


def test_interventions_follow_the_pupil_when_support_transfers_them(
    database: Database, school: EstablishmentInfo, clerk: Actor, support: Actor
) -> None:
    pupil_id = editing.create_pupil(database, clerk, school.id, form(), TODAY)
    assessments.create_period(
        database, clerk, school.id, "Autumn 1", date(YEAR, 10, 17), [YearGroup.RECEPTION]
    )
    first = interventions.add_intervention(
        database, clerk, school.id, pupil_id, YEAR, "Autumn 1", "Speech and language group"
    )
    interventions.update_intervention(
        database, clerk, school.id, pupil_id, first, YEAR, "Autumn 1", "SALT group, weekly"
    )
    listed = interventions.list_interventions(database, clerk, school.id, pupil_id)
    assert [(i.details, i.editable) for i in listed] == [("SALT group, weekly", True)]
    assert pupils.list_pupils(database, clerk, school.id, YEAR)[0].intervention is True
    # The child moves: support transfers the record to the new school, the history follows.
    other = create_establishment(database, support, "2042", "NEW SCHOOL")
    editing.archive_pupils(database, clerk, school.id, [pupil_id])
    transfer_pupil(database, support, pupil_id, other.id, SERVER_ADMINISTRATOR)
    newcomer = Actor("new", Role.USER, other.id)
    found = pupils.find_pupil_by_upn(database, newcomer, upn(1))
    assert found is not None
    pupil_id = found[0]
    moved = interventions.list_interventions(database, newcomer, other.id, pupil_id)
    assert [(i.details, i.editable, i.establishment) for i in moved] == [
        ("SALT group, weekly", False, "2041 - ST MARY'S PRIMARY")
    ]
    with pytest.raises(InvalidInput, match="another establishment"):
        interventions.delete_intervention(database, newcomer, other.id, pupil_id, first)
    with pytest.raises(InvalidInput, match="Describe the intervention"):
        interventions.add_intervention(database, newcomer, other.id, pupil_id, YEAR, "", "  ")
    with database.read() as session:
        assert (
            session.scalar(
                select(func.count())
                .select_from(AuditEntry)
                .where(AuditEntry.action == "add intervention")
            )
            == 1
        )

"""Surname searches ignore case, accents, apostrophes, hyphens and spaces, everywhere.

`obrien` once found O'BRIEN only when typed `O'B`.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from store.accounts.diagnosis import find_accounts, find_establishments
from store.assessments.cohort import PupilRow
from store.core.access import Actor, Role
from store.core.audit_trail import TrailFilter, read_trail
from store.core.db import Database
from store.core.search_key import search_key
from store.curriculum.dates import academic_year_of
from store.curriculum.upn import upn_check_letter
from store.establishments.establishments import create_establishment
from store.pupils import editing
from store.pupils.fields import PupilForm
from store.pupils.filters import PupilFilter
from store.pupils.pupils import PupilSearch, search_pupils
from tests.store.accounts_helpers import cheap_hashing

TODAY = date.today()
YEAR = academic_year_of(TODAY)
SUPPORT = Actor("support", Role.SUPPORT, None)
SURNAMES = ["O'Brien", "Smith-Jones", "De La Cruz", "Łukasiewicz", "Zoë", "Obi"]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("O'Brien", "obrien"),
        ("O’BRIEN", "obrien"),  # a typographic apostrophe
        ("o brien", "obrien"),
        ("Smith-Jones", "smithjones"),
        ("De La Cruz", "delacruz"),
        ("Łukasz", "lukasz"),
        ("Zoë", "zoe"),
        ("Zoe\u0308", "zoe"),
        ("STRAẞE", "strasse"),
        ("A123 456", "a123456"),
    ],
)
def test_search_key(text: str, key: str) -> None:
    assert search_key(text) == key


def rows() -> list[PupilRow]:
    born = date(YEAR - 4, 10, 1)
    return [
        PupilRow(n, f"A{n:012d}", surname, "Amy", born, None, True)
        for n, surname in enumerate(SURNAMES, 1)
    ]


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("obrien", ["O'Brien"]),
        ("O'Br", ["O'Brien"]),
        ("o br", ["O'Brien"]),
        ("O'B", ["O'Brien", "Obi"]),  # the apostrophe is ignored, as in "ob"
        ("ob", ["O'Brien", "Obi"]),
        ("smithjones", ["Smith-Jones"]),
        ("smith jones", ["Smith-Jones"]),
        ("delacruz", ["De La Cruz"]),
        ("lukas", ["Łukasiewicz"]),
        ("ZOE", ["Zoë"]),
    ],
)
def test_the_pupil_list_and_the_filter_search_alike(typed: str, found: list[str]) -> None:
    listed = search_pupils(rows(), PupilSearch(surname=typed), YEAR)
    assert [p.surname for p in listed] == found
    assert [p.surname for p in PupilFilter(search=typed).apply(rows())] == found


def test_the_audit_trail_finds_a_pupil_the_same_way(database: Database) -> None:
    school = create_establishment(database, SUPPORT, "2041", "ST MARY'S")
    actor = Actor("head", Role.MANAGER, school.id)
    digits = "999000000001"
    editing.create_pupil(
        database,
        actor,
        school.id,
        PupilForm(
            upn_check_letter(digits) + digits,
            "O'Brien",
            "Siobhán",
            f"01/10/{YEAR - 4}",
            gender="F",
            postcode="PR1 2AB",
            ethnicity="WIRI",
        ),
        TODAY,
    )
    trail = read_trail(database, actor, TrailFilter(pupil="obrien"))
    assert [entry.action for entry in trail] == ["add pupil"]


def test_the_support_console_finds_schools_and_names_the_same_way(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from store.accounts.accounts import create_account

    cheap_hashing(monkeypatch)
    school = create_establishment(database, SUPPORT, "2041", "ST MARY'S C OF E")
    create_establishment(database, SUPPORT, "2042", "ST MARK'S")
    create_account(
        database,
        SUPPORT,
        username="s.obrien",
        role=Role.USER,
        establishment_id=school.id,
        now=datetime.now(timezone.utc),
        display_name="Siobhán O'Brien",
    )
    assert [e.name for e in find_establishments(database, SUPPORT, "stmarys")] == [
        "ST MARY'S C OF E"
    ]
    assert [e.name for e in find_establishments(database, SUPPORT, "St Mar")] == [
        "ST MARY'S C OF E",
        "ST MARK'S",
    ]
    now = datetime.now(timezone.utc)
    for typed in ("o'brien", "siobhan obrien", "stmarys", "S.OBRIEN"):
        assert [a.username for a in find_accounts(database, SUPPORT, typed, now=now)] == [
            "s.obrien"
        ], typed

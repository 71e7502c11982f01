"""The user guide's ethnicity table, code by code: each is accepted and rolls up to its main code.

`data/guide_ethnicity_codes.tsv` is the guide's last table as printed. WTUR, its last line, was
once left out of store/pupils/ethnicity.py and refused by the form and the import.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from store.assessments.cohort import PupilRow
from store.core.access import Actor, Role
from store.core.db import Database
from store.curriculum.dates import academic_year_of
from store.curriculum.upn import upn_check_letter
from store.establishments.establishments import create_establishment
from store.pupils import editing, pupils
from store.pupils import importing as pupil_import
from store.pupils.ethnicity import ALL_CODES, MAIN_CODES, ethnicity_problem, main_code
from store.pupils.fields import PupilForm, PupilValues, validate_pupil
from store.pupils.filters import PupilFilter
from store.pupils.upload import UPLOAD_COLUMNS

GUIDE_TABLE = Path(__file__).parent / "data" / "guide_ethnicity_codes.tsv"
TODAY = date.today()
YEAR = academic_year_of(TODAY)
BORN = f"01/10/{YEAR - 4}"

# DfE's main code for each extended code of the guide (a main code is its own).
GUIDE_EXTENDED = {
    "AOPK": "APKN",
    "AOTA": "AOTH",
    "BAOF": "BAFR",
    "MWAP": "MWAS",
    "OOH": "OOTH",  # the guide's spelling of the main code OOTH
    "WENG": "WBRI",
    "WSCO": "WBRI",
    "WTUR": "WOTH",
}


def guide_codes() -> dict[str, str]:
    """The guide's table: code -> description."""
    rows = {}
    for line in GUIDE_TABLE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("Code\t"):
            continue
        code, description = line.split("\t")
        rows[code.strip()] = description.strip()
    return rows


def expected_main(code: str) -> str:
    return GUIDE_EXTENDED.get(code, code)


def test_the_guide_table_is_read_whole() -> None:
    codes = guide_codes()
    assert len(codes) == 27 and list(codes)[-1] == "WTUR"
    extended = {code for code in codes if code not in MAIN_CODES}
    assert extended == set(GUIDE_EXTENDED)  # a new code in the guide needs its main code here


@pytest.mark.parametrize("code", sorted(guide_codes()))
def test_every_guide_code_is_accepted_and_rolls_up(code: str) -> None:
    description = guide_codes()[code]
    assert ethnicity_problem(code) is None
    assert ethnicity_problem(code.lower()) is None
    assert ALL_CODES[code] == description
    assert main_code(code) == expected_main(code)
    assert main_code(code) in MAIN_CODES
    form = PupilForm(
        upn=upn_check_letter("999000000001") + "999000000001",
        surname="Yilmaz",
        forenames="Deniz",
        date_of_birth=BORN,
        gender="F",
        postcode="PR1 2AB",
        ethnicity=code,
    )
    values = validate_pupil(form, TODAY)
    assert isinstance(values, PupilValues) and values.ethnicity == code


def test_wtur_from_the_form_the_import_and_the_filter(database: Database) -> None:
    school = create_establishment(database, Actor("s", Role.SUPPORT, None), "2041", "ST ANNE'S")
    actor = Actor("head", Role.MANAGER, school.id)
    first = upn_check_letter("999000000001") + "999000000001"
    second = upn_check_letter("999000000002") + "999000000002"
    editing.create_pupil(
        database,
        actor,
        school.id,
        PupilForm(first, "Yilmaz", "Deniz", BORN, "", "", "F", "PR1 2AB", "WTUR"),
        TODAY,
    )
    upload = ",".join(UPLOAD_COLUMNS) + f"\r\n{second},Demir,Ali,{BORN},M,PR1 2AB,N,wtur,N,,\r\n"
    pupil_import.import_pupils(database, actor, school.id, upload.encode(), TODAY)
    rows: list[PupilRow] = pupils.list_pupils(database, actor, school.id, YEAR)
    assert sorted((p.surname, p.ethnicity) for p in rows) == [
        ("Demir", "WTUR"),
        ("Yilmaz", "WTUR"),
    ]
    white_other = PupilFilter(ethnicity="WOTH")
    assert [p.surname for p in rows if white_other.matches(p)] == ["Demir", "Yilmaz"]


def test_multi_edit_keeps_a_code_as_the_form_does(database: Database) -> None:
    school = create_establishment(database, Actor("s", Role.SUPPORT, None), "2041", "ST ANNE'S")
    actor = Actor("head", Role.MANAGER, school.id)
    first = upn_check_letter("999000000001") + "999000000001"
    pupil_id = editing.create_pupil(
        database,
        actor,
        school.id,
        PupilForm(first, "Yilmaz", "Deniz", BORN, "", "", "F", "PR1 2AB", "WBRI"),
        TODAY,
    )
    editing.set_characteristics(database, actor, school.id, [(pupil_id, "ethnicity", " wtur ")])
    assert pupils.get_pupil(database, actor, school.id, pupil_id).ethnicity == "WTUR"

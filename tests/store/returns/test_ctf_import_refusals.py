"""Store tests of the CTF import's refusals: a file that is not a CTF at all (one sentence: what
is wrong and what to do), and a CTF whose pupils or results are wrong (every problem, located
by the pupil's place in the file, its UPN and the element); nothing is written either way."""

from __future__ import annotations

import codecs

import pytest

from store.core.db import Database
from store.curriculum.eyfs_frameworks import EYFS_ELG_ID
from store.curriculum.ks1 import KS1_TA_ID
from store.curriculum.upn import upn_problem
from store.pupils.upload_bytes import MAX_UPLOAD_BYTES
from store.returns.ctf_read import looks_like_ctf
from tests.store.ks1_school import upn
from tests.store.returns.test_ctf_import import (
    assessment,
    born_in_year_2,
    ctf,
    elg,
    ks1,
    new_school,
    pupil,
    pupils_of,
    refused,
    run,
)

LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE CTfile [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    b"<CTfile><CTFpupilData><Pupil><Surname>&lol2;</Surname></Pupil></CTFpupilData></CTfile>"
)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty: export the CTF from your MIS again and put that .xml file"),
        (b" \r\n\t", "The file is empty: export the CTF"),
        (codecs.BOM_UTF8 + b"\n", "The file is empty: export the CTF"),
        (bytes(range(256)) * 4, "The file holds binary data, not a Common Transfer File (XML"),
        (b"PK\x03\x04" + bytes(100), "The file is an Excel workbook or a zip file, not a Common"),
        (b"UPN,Surname,Forename\r\nA1,Smith,Jo\r\n", "The file is not XML (a Common Transfer"),
        (LAUGHS, "The file has a DOCTYPE declaration, which a Common Transfer File never has"),
        (
            b"<CTfile><CTFpupilData><Pupil></CTFpupilData>",
            "The file is not well-formed XML (mismatched tag",
        ),
        (
            b"<CTfile><Header>&nbsp;</Header></CTfile>",
            "The file is not well-formed XML (undefined entity",
        ),
        (
            b"<?xml version='1.0'?><html><body/></html>",
            "The file is XML but not a Common Transfer File",
        ),
        (b"<CTfile><Header/></CTfile>", "The file has no pupils (no CTFpupilData/Pupil elements)"),
        (b"<" + b" " * MAX_UPLOAD_BYTES, "The file is 5.0 MB: an upload file is at most 5 MB"),
    ],
    ids=[
        "empty",
        "blank",
        "bom",
        "binary",
        "workbook",
        "csv",
        "doctype",
        "mismatched",
        "entity",
        "html",
        "no pupils",
        "too big",
    ],
)
def test_a_file_that_is_not_a_ctf_is_refused_whole_with_what_to_do(
    database: Database, data: bytes, message: str
) -> None:
    school_id, clerk = new_school(database)
    listing = refused(database, clerk, school_id, data)
    assert len(listing) == 1 and listing[0].startswith(message), listing


def test_every_problem_of_the_pupils_and_results_is_listed(database: Database) -> None:
    school_id, clerk = new_school(database)
    wrong_letter = "B" + upn(2)[1:] if upn(2)[0] != "B" else "C" + upn(2)[1:]
    data = ctf(
        pupil(1, results=ks1("GDS", "XYZ", "EXS", "PK2")),
        pupil(2, upn_text=wrong_letter),
        pupil(3, born="2020-02-31", sex="X"),
        pupil(4, born="31/02/2020"),
        pupil(1, "Twice"),
        pupil(5, "", "12", results=elg("3", "A", "2")),
        pupil(6, results=[assessment(KS1_TA_ID, "RD", "EXS", year=20266)]),
        pupil(7, results=[assessment(EYFS_ELG_ID, "LAU", "2", year=2099)]),
        pupil(8, results=[assessment(KS1_TA_ID, "RD", "EXS"), assessment(KS1_TA_ID, "RD", "WTS")]),
    )
    reading = "Reading (READ)"
    LAU = "Listening, Attention and Understanding (E01)"
    assert refused(database, clerk, school_id, data) == [
        f"pupil 1 (UPN {upn(1)}), Writing (WRIT): 'XYZ' is not a result of Writing: use GDS, "
        "EXS, WTS, PK4, PK3, PK2, PK1, EM, A or Q.",
        f"pupil 1 (UPN {upn(1)}), Science (SCI): 'PK2' is not a result of Science: use EXS, HNM "
        "or A.",
        f"pupil 2 (UPN {wrong_letter}), UPN: {upn_problem(wrong_letter)}",
        f"pupil 3 (UPN {upn(3)}), DOB: 2020-02-31 is not a date: February 2020 has 29 days.",
        f"pupil 3 (UPN {upn(3)}), Sex: Gender is M (male) or F (female).",
        f"pupil 4 (UPN {upn(4)}), DOB: 31/02/2020 is not a date: February 2020 has 29 days.",
        f"pupil 5 (UPN {upn(1)}), UPN: UPN {upn(1)} is also pupil 1's.",
        f"pupil 6 (UPN {upn(5)}), Surname: Surname is required.",
        f"pupil 6 (UPN {upn(5)}), Forename: '12' has no letters in it.",
        f"pupil 6 (UPN {upn(5)}), {LAU}: '3' is not an EYFSP result for Listening, Attention "
        "and Understanding: give 1 (emerging), 2 (expected) or A (absent).",
        f"pupil 6 (UPN {upn(5)}), EYFSP: Absent in some goals of 2025/2026 but not all: a child "
        "absent for the profile is A in every goal; otherwise give each goal 1 or 2.",
        f"pupil 7 (UPN {upn(6)}), {reading}: Year '20266' is not a year such as 2026.",
        f"pupil 8 (UPN {upn(7)}), {LAU}: Year 2099 is of 2098/2099, which has not begun.",
        f"pupil 9 (UPN {upn(8)}), {reading}: given twice for 2025/2026, with different results.",
    ]


def test_names_are_kept_as_written_markup_and_all(database: Database) -> None:
    school_id, clerk = new_school(database)
    data = ctf(
        pupil(1, "O'Brien", "Siobhán"),
        pupil(2, "[bold]x[/]", "Zoë &amp; &lt;Ann&gt;"),
        pupil(3, "D’Arcy-Núñez", "[red]Jo[/red]", basic_details=True),
    )
    run(database, clerk, school_id, data)
    assert {upn_text: names[:2] for upn_text, names in pupils_of(database).items()} == {
        upn(1): ("O'Brien", "Siobhán"),
        upn(2): ("[bold]x[/]", "Zoë & <Ann>"),
        upn(3): ("D’Arcy-Núñez", "[red]Jo[/red]"),
    }


def test_a_namespace_and_utf16_are_read(database: Database) -> None:
    school_id, clerk = new_school(database)
    text = ctf(pupil(1, "Ng", born=born_in_year_2(1))).decode("utf-8")
    text = text.replace("<?xml version='1.0' encoding='UTF-8'?>", "<?xml version='1.0'?>")
    text = text.replace("<CTfile>", '<CTfile xmlns="urn:example:ctf">')
    run(database, clerk, school_id, codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    assert pupils_of(database)[upn(1)][0] == "Ng"


@pytest.mark.parametrize(
    ("name", "data", "is_ctf"),
    [
        ("873LLLL_001.xml", b"", True),
        ("pupils.CSV", b"  <?xml version='1.0'?><CTfile/>", True),
        ("pupils.csv", b"UPN,Surname\r\n", False),
        ("roll.txt", codecs.BOM_UTF8 + b"<CTfile/>", True),
    ],
)
def test_a_ctf_is_known_by_its_name_or_its_first_character(
    name: str, data: bytes, is_ctf: bool
) -> None:
    assert looks_like_ctf(name, data) is is_ctf

"""The pupil import's bounds: which encodings are read (real names, really encoded), how many
pupils and bytes, how many problems are listed, and how much memory checking a file takes."""

from __future__ import annotations

import codecs
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from store.core.access import Actor, Role
from store.core.db import Database
from store.establishments.establishments import EstablishmentInfo, create_establishment
from store.pupils.import_problems import SHOWN_PROBLEMS, ImportRefused
from store.pupils.importing import import_pupils
from store.pupils.upload_bytes import (
    ENCODINGS_READ,
    MAX_UPLOAD_BYTES,
    MAX_UPLOAD_PUPILS,
    find_encoding,
)
from tests.store.pupils.test_pupil_import import TODAY, csv_text, pupil_row, refused, stored, upn

# Real names as their schools' systems write them.
RUSSIAN = [("Иванов", "Пётр"), ("Смирнова", "Анна"), ("Кузнецов", "Илья"), ("Фёдорова", "Мария")]
JAPANESE = [("山田", "太郎"), ("佐藤", "花子"), ("鈴木", "一郎"), ("熊谷", "美咲")]
WESTERN = [
    ("O’Brien", "Siobhán"),
    ("Ní Bhriain", "Zoë"),
    ("Müller", "Jürgen"),
    ("Núñez", "Íñigo"),
    ("Þórðarson", "Ólöf"),
    ("Sørensen", "Bjørn"),
    ("Gonçalves", "Conceição"),
    ("Lebœuf", "Anaïs"),
    ("Šimonis", "Žofia"),
    ("D’Arcy", "Renée"),
]


@pytest.fixture
def school(database: Database, support: Actor) -> EstablishmentInfo:
    return create_establishment(database, support, "2041", "ST MARY'S C OF E PRIMARY")


@pytest.fixture
def clerk(school: EstablishmentInfo) -> Actor:
    return Actor("clerk", Role.USER, school.id)


def named(names: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [
        pupil_row(number, Surname=surname, Forename=forename)
        for number, (surname, forename) in enumerate(names, start=1)
    ]


def one_line(problems: list[object]) -> str:
    assert len(problems) == 1
    text = str(problems[0])
    assert "\n" not in text
    return text


# --- encodings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("names", "encoding", "name"),
    [
        (RUSSIAN, "utf-8", "UTF-8"),
        (JAPANESE, "utf-8-sig", "UTF-8 with BOM"),
        (RUSSIAN + JAPANESE, "utf-16", "UTF-16"),
        (WESTERN, "utf-16-be", "UTF-16"),
        (WESTERN, "cp1252", "Windows-1252"),
    ],
)
def test_the_encodings_read_keep_every_name(
    database: Database,
    clerk: Actor,
    school: EstablishmentInfo,
    names: list[tuple[str, str]],
    encoding: str,
    name: str,
) -> None:
    text = csv_text(named(names))
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    result = import_pupils(database, clerk, school.id, data, TODAY)
    assert (result.added, result.encoding) == (len(names), name)
    kept = {(pupil.surname, pupil.forenames) for pupil in stored(database, school).values()}
    assert kept == set(names)


@pytest.mark.parametrize(
    ("names", "encoding"),
    [
        (RUSSIAN, "koi8-r"),
        (RUSSIAN, "cp1251"),
        (JAPANESE, "shift_jis"),
        (JAPANESE, "euc-jp"),
        (RUSSIAN + JAPANESE, "utf-32"),
        (RUSSIAN, "utf-32-be"),
    ],
)
def test_other_encodings_are_refused_saying_which_are_read(
    database: Database,
    clerk: Actor,
    school: EstablishmentInfo,
    names: list[tuple[str, str]],
    encoding: str,
) -> None:
    # One name alone, as in a file of one pupil, and the whole list.
    for rows in (named(names[:1]), named(names)):
        problems = refused(database, clerk, school, csv_text(rows).encode(encoding))
        assert ENCODINGS_READ in one_line(problems), encoding
        assert problems[0].line is None
    assert stored(database, school) == {}


def test_a_garbled_name_is_shown_as_it_would_read(
    database: Database, clerk: Actor, school: EstablishmentInfo
) -> None:
    data = csv_text(named(RUSSIAN)).encode("koi8-r")
    assert find_encoding(data).name == "Windows-1252"  # every byte is defined there...
    problems = refused(database, clerk, school, data)
    # ... but no Western name reads like this: say so, with the line and what it reads as.
    assert one_line(problems) == (
        "Line 3 is in an encoding that is not read (the encodings read are UTF-8, UTF-16 with "
        "a BOM and Windows-1252): as Windows-1252 its Surname reads 'é×ÁÎÏ×'; in Excel choose "
        "File > Save As > CSV UTF-8 (Comma delimited) and import that file."
    )


def test_utf16_without_a_byte_order_mark_is_refused(
    database: Database, clerk: Actor, school: EstablishmentInfo
) -> None:
    data = csv_text(named(WESTERN)).encode("utf-16-le")
    assert "not a CSV file" in one_line(refused(database, clerk, school, data))


# --- limits ---------------------------------------------------------------------------------


def test_more_than_twenty_thousand_pupils_is_one_clear_refusal(
    database: Database, clerk: Actor, school: EstablishmentInfo
) -> None:
    lines = [f"{upn(n)},S,A,01/02/2021,F,PR1 2AB,WBRI" for n in range(1, MAX_UPLOAD_PUPILS + 2)]
    data = "\r\n".join(["UPN,Surname,Forename,DOB,Gender,Postcode,Ethnic code", *lines]).encode()
    assert len(data) < MAX_UPLOAD_BYTES
    message = one_line(refused(database, clerk, school, data))
    assert message.startswith("The file has more than 20,000 pupils (line 20002):")
    assert stored(database, school) == {}


def test_bytes_over_the_limit_are_refused_before_they_are_read(
    database: Database, clerk: Actor, school: EstablishmentInfo
) -> None:
    data = b"x" * (MAX_UPLOAD_BYTES + 1)
    message = one_line(refused(database, clerk, school, data))
    assert message.startswith("The file is 5.0 MB: an upload file is at most 5 MB and 20,000")


def test_fifty_problems_are_listed_the_rest_counted_and_long_cells_cut(
    database: Database, clerk: Actor, school: EstablishmentInfo
) -> None:
    rows = [pupil_row(n, Gender="X", FSM="maybe") for n in range(1, 101)]
    rows[0] = pupil_row(1, Postcode="P" * 100_000, SEN="Z" * 41)
    rows[1] = pupil_row(2, Surname="Ó" * 100_000, FSM="Y" * 40 + "?")
    with pytest.raises(ImportRefused) as caught:
        import_pupils(database, clerk, school.id, csv_text(rows).encode(), TODAY)
    refusal = caught.value
    assert refusal.total == 2 + 2 + 98 * 2 and len(refusal.problems) == SHOWN_PROBLEMS
    assert str(refusal) == "200 problems in the file; nothing was imported."
    listing = refusal.listing()
    assert listing[:4] == [
        "line 3, Postcode: 100,000 characters is too long for Postcode: check that the file's "
        "columns are in the right order.",
        "line 3, SEN: 41 characters is too long for SEN: check that the file's columns are in "
        "the right order.",
        "line 4, Surname: At most 60 characters (100000 given).",
        "line 4, FSM: 41 characters is too long for FSM: check that the file's columns are in "
        "the right order.",
    ]
    assert listing[4] == "line 5, Gender: Gender is M (male) or F (female)."
    assert listing[5] == "line 5, FSM: 'maybe' is not Y, N or blank."
    assert listing[-1] == "And 150 more problems (only the first 50 are listed)."
    assert max(len(line) for line in listing) < 150
    assert stored(database, school) == {}


def test_problems_from_the_database_are_listed_in_line_order_with_the_rest(
    database: Database, support: Actor, clerk: Actor, school: EstablishmentInfo
) -> None:
    other = create_establishment(database, support, "2042", "ST JOHN'S")
    import_pupils(
        database,
        Actor("x", Role.USER, other.id),
        other.id,
        csv_text([pupil_row(2)]).encode(),
        TODAY,
    )
    rows = [pupil_row(n) if n <= 2 else pupil_row(n, Gender="X") for n in range(1, 80)]
    with pytest.raises(ImportRefused) as caught:
        import_pupils(database, clerk, school.id, csv_text(rows).encode(), TODAY)
    listing = caught.value.listing()
    assert listing[0].startswith(f"line 4, UPN: UPN {upn(2)} belongs to a pupil at another")
    assert listing[1] == "line 5, Gender: Gender is M (male) or F (female)."
    assert caught.value.total == 78 and len(listing) == 51


# --- memory ---------------------------------------------------------------------------------

_MEASURE = textwrap.dedent(
    """
    import sys, tracemalloc
    from datetime import date
    from store.core.access import Actor, Role
    from store.core.db import open_database
    from store.pupils.import_problems import ImportRefused
    from store.pupils.importing import import_pupils
    from store.curriculum.upn import upn_check_letter

    def upn(n):
        return upn_check_letter(f"{n:012d}") + f"{n:012d}"

    database = open_database(sys.argv[3])
    pupils = int(sys.argv[1])
    filler = "x" * int(sys.argv[2])  # an extra column, as MIS exports carry
    lines = ["UPN,Surname,Forename,DOB,Gender,Postcode,Ethnic code,Notes"]
    lines += [f"{upn(n)},Smith,Amy,31/02/2020,F,PR1 2AB,WBRI,{filler}" for n in range(pupils)]
    data = "\\r\\n".join(lines).encode()
    del lines
    tracemalloc.start()
    try:
        import_pupils(database, Actor("s", Role.SUPPORT, None), 1, data, date(2025, 11, 3))
    except ImportRefused as refused:
        assert refused.total == pupils, refused.total
    print(len(data), tracemalloc.get_traced_memory()[1])
    """
)


def peak_while_checking(pupils: int, filler: int, folder: Path) -> tuple[int, int]:
    url = f"sqlite:///{folder / f'memory-{pupils}.db'}"
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(pupils), str(filler), url],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    size, peak = done.stdout.split()
    return int(size), int(peak)


def test_checking_a_file_at_the_limits_keeps_memory_flat(tmp_path: Path) -> None:
    # A bad file of 20,000 pupils just under 5 MB, against one of 2,000 pupils of 0.5 MB:
    # checking streams the rows and keeps only the first problems, each valid UPN (to find
    # duplicates) and the count. Measured: 3.9 MB at the peak (Python's own allocations, the
    # file's bytes aside), 2.3 MB more than for the small file; reading the file whole took
    # 46 MB, ten times the file's size, and 42 MB more than for the small file.
    small_size, small_peak = peak_while_checking(2_000, 180, tmp_path)
    large_size, large_peak = peak_while_checking(20_000, 180, tmp_path)
    assert large_size > 9 * small_size and large_size < MAX_UPLOAD_BYTES
    assert large_peak < 2 * large_size
    assert large_peak - small_peak < 4 * 1024 * 1024  # about 130 bytes a pupil

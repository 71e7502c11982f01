"""Store tests for the pupil import: real-world CSV files, checked and written whole."""

from __future__ import annotations

import codecs
from collections.abc import Sequence
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlmodel import col

from store.core.access import Actor, PermissionDenied, Role
from store.core.db import Database
from store.core.errors import NotFound
from store.core.models import AuditEntry, Pupil
from store.curriculum.upn import upn_check_letter
from store.establishments.establishments import EstablishmentInfo, create_establishment
from store.pupils.editing import archive_pupils, create_pupil, set_characteristics
from store.pupils.fields import PupilForm
from store.pupils.importing import STEPS, ImportProblem, ImportRefused, import_pupils
from store.pupils.upload import UPLOAD_COLUMNS, read_upload
from store.pupils.upload_bytes import find_encoding

TODAY = date(2025, 11, 3)
HEADER = UPLOAD_COLUMNS
HINTS = (
    "",
    "",
    "",
    "dd/mm/yyyy",
    "M or F",
    "",
    "Allow Y, N or blank",
    "",
    "Allow Y, N or blank",
    "Allow SEN_K, SEN_E, S",
    "For office use only",
)


def upn(number: int) -> str:
    digits = f"{number:012d}"
    return upn_check_letter(digits) + digits


def pupil_row(number: int, **cells: str) -> dict[str, str]:
    """A valid template row for pupil `number`; `cells` replace columns by template name."""
    row = {
        "UPN": upn(number),
        "Surname": f"Surname{number}",
        "Forename": "Amelia",
        "DOB": f"{1 + number % 28:02d}/0{1 + number % 8}/2021",
        "Gender": "MF"[number % 2],
        "Postcode": "PR1 2AB",
        "FSM": "N",
        "Ethnic code": "WBRI",
        "English as additional language": "",
        "SEN": "",
        "LCCNo": "",
    }
    row.update({name.replace("_", " "): value for name, value in cells.items()})
    return row


def quote(cell: str) -> str:
    return f'"{cell.replace(chr(34), chr(34) * 2)}"' if any(c in cell for c in ',"\n') else cell


def csv_text(
    rows: Sequence[dict[str, str]],
    header: Sequence[str] = HEADER,
    hints: bool = True,
    end: str = "\r\n",
) -> str:
    lines = [",".join(quote(name) for name in header)]
    if hints:
        lines.append(",".join(quote(hint) for hint in HINTS[: len(header)]))
    lines += [",".join(quote(row.get(name, "")) for name in header) for row in rows]
    return end.join(lines) + end


def csv_bytes(
    rows: Sequence[dict[str, str]], encoding: str = "utf-8-sig", **options: object
) -> bytes:
    return csv_text(rows, **options).encode(encoding)  # type: ignore[arg-type]


@pytest.fixture
def school(database: Database, support: Actor) -> EstablishmentInfo:
    return create_establishment(database, support, "2041", "ST MARY'S C OF E PRIMARY")


@pytest.fixture
def clerk(school: EstablishmentInfo) -> Actor:
    return Actor("clerk", Role.USER, school.id)


def stored(database: Database, school: EstablishmentInfo) -> dict[str, Pupil]:
    with database.read() as session:
        pupils = session.scalars(select(Pupil).where(col(Pupil.establishment_id) == school.id))
        return {pupil.upn: pupil for pupil in pupils}


def audit_actions(database: Database) -> list[str]:
    with database.read() as session:
        return list(session.scalars(select(col(AuditEntry.action)).order_by(col(AuditEntry.id))))


def refused(
    database: Database, actor: Actor, school: EstablishmentInfo, data: bytes
) -> list[ImportProblem]:
    with pytest.raises(ImportRefused) as caught:
        import_pupils(database, actor, school.id, data, TODAY)
    return caught.value.problems


def lines_of(problems: Sequence[ImportProblem]) -> list[str]:
    return [str(problem) for problem in problems]


# --- clean files ----------------------------------------------------------------------------


def test_a_clean_file_imports_every_pupil_in_one_go(
    database: Database, clerk: Actor, school: EstablishmentInfo
) -> None:
    rows = [
        pupil_row(1, Surname="Smith, Jr", Forename="Zoë", FSM="Y", SEN="SEN_K"),
        pupil_row(2, Postcode="pr12ab", Ethnic_code="weng", English_as_additional_language="y"),
        pupil_row(3, Gender="Female", SEN="SEN_E", DOB="2021-03-04"),
    ]
    result = import_pupils(database, clerk, school.id, csv_bytes(rows), TODAY, file_name="a.csv")
    assert (result.added, result.updated, result.unchanged) == (3, 0, 0)
    assert result.summary == "3 added, 0 updated, 0 unchanged"
    assert result.hints_row_skipped and result.ignored_columns == ("LCCNo",)
    pupils = stored(database, school)
    first, second, third = (pupils[upn(n)] for n in (1, 2, 3))
    assert (first.surname, first.forenames, first.fsm, first.sen) == ("Smith, Jr", "Zoë", True, "K")
    assert first.gender == "F" and first.date_of_birth == date(2021, 2, 2)
    assert (second.postcode, second.ethnicity, second.eal) == ("PR1 2AB", "WENG", True)
    assert (third.gender, third.sen, third.date_of_birth) == ("F", "E", date(2021, 3, 4))
    assert first.include_in_data and first.class_slot is None and not first.archived
    assert audit_actions(database) == [
        "create establishment",
        *["import pupil"] * 3,
        "import pupils",
    ]
    with database.read() as session:
        summary = session.scalars(
            select(AuditEntry).where(col(AuditEntry.action) == "import pupils")
        ).one()
        assert summary.target == "a.csv" and summary.actor == "clerk"
        assert summary.new_value is not None and "3 added" in summary.new_value
        added = session.scalars(select(AuditEntry).where(col(AuditEntry.target) == upn(1))).one()
        assert added.pupil_id == first.id and added.new_value == "SMITH, JR, Zoë"


@pytest.mark.parametrize(
    ("encoding", "name"),
    [("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8 with BOM"), ("cp1252", "Windows-1252")],
)
def test_encodings_keep_accented_and_apostrophe_names(
    database: Database, clerk: Actor, school: EstablishmentInfo, encoding: str, name: str
) -> None:
    rows = [
        pupil_row(1, Forename="Zoë", Surname="O'Brien"),
        pupil_row(2, Forename="Siobhán", Surname="Ní Bhriain"),
        pupil_row(3, Forename="Renée", Surname="Müller-Lüdenscheidt"),
    ]
    result = import_pupils(database, clerk, school.id, csv_bytes(rows, encoding), TODAY)
    assert result.encoding == name and result.added == 3
    pupils = stored(database, school)
    assert [(pupils[upn(n)].forenames, pupils[upn(n)].surname) for n in (1, 2, 3)] == [
        ("Zoë", "O'Brien"),
        ("Siobhán", "Ní Bhriain"),
        ("Renée", "Müller-Lüdenscheidt"),
    ]


def test_excel_unicode_text_is_utf16_and_tab_separated(
    database: Database, clerk: Actor, school: EstablishmentInfo
) -> None:
    text = "\t".join(HEADER) + "\r\n" + "\t".join(pupil_row(1, Forename="Zoë").values()) + "\r\n"
    data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    result = import_pupils(database, clerk, school.id, data, TODAY)
    assert result.encoding == "UTF-16" and result.added == 1
    assert stored(database, school)[upn(1)].forenames == "Zoë"


@pytest.mark.parametrize("end", ["\r\n", "\n", "\r"])
def test_line_ends_and_quoted_commas(
    database: Database, clerk: Actor, school: EstablishmentInfo, end: str
) -> None:
    rows = [pupil_row(1, Surname="Smith, Jr"), pupil_row(2, Surname='Jones "JJ"')]
    import_pupils(database, clerk, school.id, csv_bytes(rows, end=end), TODAY)
    assert {pupil.surname for pupil in stored(database, school).values()} == {
        "Smith, Jr",
        'Jones "JJ"',
    }


def test_empty_rows_anywhere_are_skipped_and_lines_still_count(
    database: Database, clerk: Actor, school: EstablishmentInfo
) -> None:
    text = (
        csv_text([pupil_row(1)])
        + ",,,,,,,,,,\r\n\r\n"
        + csv_text([pupil_row(2, DOB="31/02/2020")], header=HEADER, hints=False).split("\r\n", 1)[1]
        + ",,,,,,,,,,\r\n" * 5
    )
    problems = refused(database, clerk, school, text.encode())
    # header 1, hints 2, pupil 3, blank rows 4 and 5, the bad pupil on line 6 as Excel shows it
    assert lines_of(problems) == [
        "line 6, DOB: 31/02/2020 is not a date: February 2020 has 29 days."
    ]
    fixed = text.replace("31/02/2020", "28/02/2021").encode()
    assert import_pupils(database, clerk, school.id, fixed, TODAY).added == 2


def test_extra_columns_aliases_and_any_column_order(
    database: Database, clerk: Actor, school: EstablishmentInfo
) -> None:
    header = (
        "Admission No",
        "Forenames",
        " surname ",
        "UPN",
        "Date of Birth",
        "Sex",
        "Ethnicity",
        "Post code",
        "EAL",
        "Free School Meals",
        "SEN Provision",
        "LCCNo",
        "Notes",
    )
    line = "A17,Zoë,Smith,{upn},05/06/2021,F,WBRI,PR1 2AB,Y,N,K,999,likes, commas\r\n"
    text = ",".join(header) + "\r\n" + line.format(upn=upn(5))
    result = import_pupils(database, clerk, school.id, text.encode(), TODAY)
    assert result.added == 1 and not result.hints_row_skipped
    assert result.ignored_columns == ("Admission No", "LCCNo", "Notes")
    pupil = stored(database, school)[upn(5)]
    assert (pupil.forenames, pupil.surname, pupil.eal, pupil.fsm, pupil.sen) == (
        "Zoë",
        "Smith",
        True,
        False,
        "K",
    )


def test_a_title_row_above_the_header_is_passed_over(
    database: Database, clerk: Actor, school: EstablishmentInfo
) -> None:
    text = "Pupil upload - St Mary's,,,\r\n,,\r\n" + csv_text([pupil_row(1, DOB="")])
    problems = refused(database, clerk, school, text.encode())
    assert [(problem.line, problem.column) for problem in problems] == [(5, "DOB")]


@pytest.mark.parametrize("hints", [True, False])
def test_the_hints_row_is_optional(
    database: Database, clerk: Actor, school: EstablishmentInfo, hints: bool
) -> None:
    data = csv_bytes([pupil_row(1), pupil_row(2, Gender="X")], hints=hints)
    problems = refused(database, clerk, school, data)
    assert [(problem.line, problem.column) for problem in problems] == [
        (4 if hints else 3, "Gender")
    ]
    upload = read_upload(csv_bytes([pupil_row(1)], hints=hints))
    assert upload.hints_line == (2 if hints else None)
    assert [row.line for row in upload.rows] == [3 if hints else 2]


def test_two_thousand_pupils(database: Database, clerk: Actor, school: EstablishmentInfo) -> None:
    rows = [pupil_row(number) for number in range(1, 2001)]
    calls: list[tuple[int, int]] = []
    result = import_pupils(
        database, clerk, school.id, csv_bytes(rows), TODAY, progress=lambda *a: calls.append(a)
    )
    assert result.added == 2000
    assert len(stored(database, school)) == 2000
    assert calls[0] == (0, 2 * STEPS) and calls[-1] == (2 * STEPS, 2 * STEPS)
    done = [step for step, _ in calls]
    assert done == sorted(set(done))  # forward, one call per step: not a callback per row
    checking = [step for step in done if 0 < step < STEPS]
    writing = [step for step in done if STEPS < step < 2 * STEPS]
    assert len(checking) >= 5 and len(writing) >= 3  # both halves move
    changed = [
        pupil_row(n, Postcode="LA1 1AA") if n % 4 == 0 else pupil_row(n) for n in range(1, 2001)
    ]
    again = import_pupils(database, clerk, school.id, csv_bytes(changed), TODAY)
    assert (again.added, again.updated, again.unchanged) == (0, 500, 1500)
    assert audit_actions(database).count("import pupil") == 2500


# --- re-import ------------------------------------------------------------------------------


def test_reimport_updates_by_upn_and_keeps_what_the_file_does_not_carry(
    database: Database, clerk: Actor, school: EstablishmentInfo
) -> None:
    import_pupils(database, clerk, school.id, csv_bytes([pupil_row(1), pupil_row(2)]), TODAY)
    first = stored(database, school)[upn(1)]
    assert first.id is not None
    set_characteristics(
        database,
        clerk,
        school.id,
        [
            (first.id, "class_slot", 3),
            (first.id, "include_in_data", False),
            (first.id, "custom_2", True),
        ],
    )
    rows = [
        pupil_row(1, Surname="Smith-Jones", FSM="Y"),
        pupil_row(2),
        pupil_row(3),
    ]
    result = import_pupils(database, clerk, school.id, csv_bytes(rows), TODAY)
    assert (result.added, result.updated, result.unchanged) == (1, 1, 1)
    pupils = stored(database, school)
    assert len(pupils) == 3
    updated = pupils[upn(1)]
    assert updated.id == first.id and updated.surname == "Smith-Jones" and updated.fsm
    assert (updated.class_slot, updated.include_in_data, updated.custom_2) == (3, False, True)
    with database.read() as session:
        entry = session.scalars(
            select(AuditEntry)
            .where(col(AuditEntry.action) == "import pupil", col(AuditEntry.pupil_id) == first.id)
            .order_by(col(AuditEntry.id).desc())
        ).first()
    assert entry is not None
    assert entry.old_value == "Surname: Surname1; FSM: No"
    assert entry.new_value == "Surname: Smith-Jones; FSM: Yes"
    same = import_pupils(database, clerk, school.id, csv_bytes(rows), TODAY)
    assert (same.added, same.updated, same.unchanged) == (0, 0, 3)


def test_columns_left_out_are_kept_on_reimport(
    database: Database, clerk: Actor, school: EstablishmentInfo
) -> None:
    import_pupils(database, clerk, school.id, csv_bytes([pupil_row(1, FSM="Y", SEN="E")]), TODAY)
    header = ("UPN", "Surname", "Forename", "DOB", "Gender", "Postcode", "Ethnic code")
    text = csv_text([pupil_row(1, Postcode="LA1 1AA")], header=header, hints=False)
    result = import_pupils(database, clerk, school.id, text.encode(), TODAY)
    assert result.updated == 1
    pupil = stored(database, school)[upn(1)]
    assert (pupil.postcode, pupil.fsm, pupil.sen) == ("LA1 1AA", True, "E")


def test_upn_in_lower_case_matches_the_stored_pupil(
    database: Database, clerk: Actor, school: EstablishmentInfo
) -> None:
    import_pupils(database, clerk, school.id, csv_bytes([pupil_row(1)]), TODAY)
    again = csv_bytes([pupil_row(1, UPN=f"  {upn(1).lower()} ")])
    assert import_pupils(database, clerk, school.id, again, TODAY).unchanged == 1


# --- dirty files: every problem, nothing written ---------------------------------------------


def test_a_dirty_file_reports_every_bad_row_and_writes_nothing(
    database: Database, clerk: Actor, school: EstablishmentInfo
) -> None:
    rows = [
        pupil_row(1),
        pupil_row(2, DOB="31/02/2020", Gender="X"),
        pupil_row(3),
        pupil_row(4, UPN="A12345678901", Surname=""),
        pupil_row(5, FSM="maybe", English_as_additional_language="si", SEN="Q"),
        pupil_row(6, Postcode="", Ethnic_code="White"),
    ]
    problems = refused(database, clerk, school, csv_bytes(rows))
    assert lines_of(problems) == [
        "line 4, DOB: 31/02/2020 is not a date: February 2020 has 29 days.",
        "line 4, Gender: Gender is M (male) or F (female).",
        "line 6, UPN: A UPN has 13 characters; this one has 12.",
        "line 6, Surname: Surname is required.",
        "line 7, FSM: 'maybe' is not Y, N or blank.",
        "line 7, English as additional language: 'si' is not Y, N or blank.",
        "line 7, SEN: 'Q' is not an SEN code: use blank, K (support) or E (EHC plan).",
        "line 8, Postcode: Postcode is required; if the child's is not known, use the school's "
        "own.",
        "line 8, Ethnic code: WHITE is not an ethnicity code; use a DfE code such as WBRI, WOTH "
        "or AIND.",
    ]
    assert stored(database, school) == {}
    assert audit_actions(database) == ["create establishment"]


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("UPN", "", "UPN is required"),
        ("UPN", "B000000000001", "The check letter should be"),
        ("UPN", "A00000000000I", "cannot be I, O or S"),
        ("Surname", "", "Surname is required."),
        ("Surname", "x" * 61, "At most 60 characters"),
        ("Forename", "1234", "has no letters in it"),
        ("DOB", "", "Write the date as dd/mm/yyyy"),
        ("DOB", "31/02/2020", "February 2020 has 29 days"),
        ("DOB", "01/13/2021", "there is no month 13"),
        ("DOB", "01/01/2026", "is in the future"),
        ("DOB", "01/01/2001", "older than a primary pupil"),
        ("DOB", "01/10/2025", "under 3 months old"),
        ("Gender", "", "Gender is M (male) or F (female)."),
        ("Postcode", "12345", "is not the shape of a UK postcode"),
        ("Ethnic code", "", "Ethnicity is required"),
        ("FSM", "2", "'2' is not Y, N or blank."),
        ("English as additional language", "English", "is not Y, N or blank"),
        ("SEN", "SEN_X", "is not an SEN code"),
    ],
)
def test_every_validation_names_line_and_column(
    database: Database,
    clerk: Actor,
    school: EstablishmentInfo,
    column: str,
    value: str,
    message: str,
) -> None:
    row = pupil_row(1)
    row[column] = value
    problems = refused(database, clerk, school, csv_bytes([pupil_row(2), row]))
    assert [(problem.line, problem.column) for problem in problems] == [(4, column)]
    assert message in problems[0].message


def test_a_upn_twice_in_one_file(
    database: Database, clerk: Actor, school: EstablishmentInfo
) -> None:
    rows = [pupil_row(1), pupil_row(2), pupil_row(1, Forename="Twin"), pupil_row(1)]
    problems = refused(database, clerk, school, csv_bytes(rows, hints=False))
    assert lines_of(problems) == [
        f"line 4, UPN: UPN {upn(1)} is also on line 2.",
        f"line 5, UPN: UPN {upn(1)} is also on line 2.",
    ]
    assert stored(database, school) == {}


def test_a_upn_of_another_establishment(
    database: Database, support: Actor, clerk: Actor, school: EstablishmentInfo
) -> None:
    other = create_establishment(database, support, "2042", "ST JOHN'S")
    import_pupils(database, support, other.id, csv_bytes([pupil_row(7)]), TODAY)
    rows = [pupil_row(1), pupil_row(7), pupil_row(8, DOB="bad")]
    problems = refused(database, clerk, school, csv_bytes(rows))
    assert lines_of(problems) == [
        f"line 4, UPN: UPN {upn(7)} belongs to a pupil at another establishment: ask the support "
        "team to transfer the record.",
        "line 5, DOB: Write the date as dd/mm/yyyy, e.g. 05/10/2025 (not 'bad').",
    ]
    assert stored(database, school) == {}
    # Found inside the write transaction too, when the file is otherwise clean.
    only = refused(database, clerk, school, csv_bytes(rows[:2]))
    assert [problem.line for problem in only] == [4]
    assert len(stored(database, other)) == 1


def test_an_archived_pupil_of_this_establishment(
    database: Database, clerk: Actor, school: EstablishmentInfo
) -> None:
    form = PupilForm(
        upn=upn(9),
        surname="Archer",
        forenames="Ava",
        date_of_birth="01/01/2021",
        gender="F",
        postcode="PR1 2AB",
        ethnicity="WBRI",
    )
    pupil_id = create_pupil(database, clerk, school.id, form, TODAY)
    archive_pupils(database, clerk, school.id, [pupil_id])
    problems = refused(database, clerk, school, csv_bytes([pupil_row(1), pupil_row(9)]))
    assert lines_of(problems) == [
        f"line 4, UPN: UPN {upn(9)} is ARCHER, Ava, an archived pupil of this establishment: "
        "ask the support team to bring the record back."
    ]
    assert list(stored(database, school)) == [upn(9)]


# --- files that are not what they should be --------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty"),
        (b"\r\n\r\n  \r\n", "The file is empty"),
        (b",,,,\r\n,,,,\r\n", "The file is empty"),
        (codecs.BOM_UTF8, "The file is empty"),
        (",".join(HEADER).encode() + b"\r\n", "a header row but no pupils"),
        (csv_bytes([]), "a header row but no pupils"),
        (csv_bytes([]) + b",,,,,,,,,,\r\n" * 3, "a header row but no pupils"),
        (b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 4, "is an Excel workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200), "is an Excel workbook"),
        (bytes(range(256)) * 8, "not a CSV file"),
        (b"\x01\x02\x03\x04\x05\x06\x07\x08abc\x0b\x0c\x0e\x0f", "not a CSV file"),
        (codecs.BOM_UTF8 + b"UPN,Surname\r\nZo\xeb,x\r\n", "Line 2 is not UTF-8 text"),
        (b"UPN,Surname\r\nx\x81y\r\n", "Line 2 holds bytes that are neither UTF-8 nor Windows"),
        (b"Name,Age\r\nZoe,4\r\n", "Line 1 is not the upload template's header row"),
    ],
)
def test_a_file_that_cannot_be_read_gives_one_clear_problem(
    database: Database, clerk: Actor, school: EstablishmentInfo, data: bytes, message: str
) -> None:
    problems = refused(database, clerk, school, data)
    assert len(problems) == 1 and problems[0].line is None
    assert message in problems[0].message


def test_a_missing_column_names_the_template_columns(
    database: Database, clerk: Actor, school: EstablishmentInfo
) -> None:
    header = ("UPN", "Surname", "Forename", "DOB", "Gender", "FSM", "Ethnic code")
    problems = refused(database, clerk, school, csv_text([pupil_row(1)], header=header).encode())
    assert lines_of(problems) == [
        "The file has no Postcode column; the upload template's columns are: UPN, Surname, "
        "Forename, DOB, Gender, Postcode, FSM, Ethnic code, English as additional language, SEN, "
        "LCCNo."
    ]
    fewer = ("UPN", "Surname", "Forename", "Gender")
    problems = refused(database, clerk, school, csv_text([pupil_row(1)], header=fewer).encode())
    assert problems[0].message.startswith("The file has no DOB, Postcode or Ethnic code columns;")


def test_a_column_given_twice(database: Database, clerk: Actor, school: EstablishmentInfo) -> None:
    header = (*HEADER, "Date of birth")
    problems = refused(database, clerk, school, csv_text([pupil_row(1)], header=header).encode())
    assert lines_of(problems) == [
        "The file has two DOB columns (D and L): delete one and import again."
    ]


def test_decode_says_which_encoding() -> None:
    assert find_encoding("Zoë".encode()).name == "UTF-8"
    assert find_encoding(codecs.BOM_UTF8 + "Zoë".encode()).name == "UTF-8 with BOM"
    assert find_encoding("Zoë".encode("cp1252")).name == "Windows-1252"
    assert find_encoding("Zoë".encode("utf-16")).name == "UTF-16"


def test_problems_read_as_the_cli_prints_them() -> None:
    assert str(ImportProblem(7, "DOB", "Bad.")) == "line 7, DOB: Bad."
    assert str(ImportProblem(7, None, "Bad.")) == "line 7: Bad."
    assert str(ImportProblem(None, None, "Bad.")) == "Bad."
    assert str(ImportRefused([ImportProblem(None, None, "Bad.")])) == "Bad."
    two = ImportRefused([ImportProblem(1, None, "A."), ImportProblem(2, None, "B.")])
    assert str(two) == "2 problems in the file; nothing was imported."


# --- who may import -------------------------------------------------------------------------


def test_a_school_user_cannot_import_into_another_establishment(
    database: Database, support: Actor, school: EstablishmentInfo
) -> None:
    other = create_establishment(database, support, "2042", "ST JOHN'S")
    stranger = Actor("stranger", Role.MANAGER, other.id)
    with pytest.raises(PermissionDenied):
        import_pupils(database, stranger, school.id, csv_bytes([pupil_row(1)]), TODAY)
    with pytest.raises(NotFound):
        import_pupils(database, support, 999, csv_bytes([pupil_row(1)]), TODAY)
    with database.read() as session:
        assert session.scalar(select(func.count()).select_from(Pupil)) == 0


def test_an_unclosed_quote_is_named_not_its_consequences(
    database: Database, clerk: Actor, school: EstablishmentInfo
) -> None:
    good = csv_text([pupil_row(1)], hints=False)
    broken = (
        csv_text([pupil_row(2)], hints=False).split("\r\n")[1].replace(",Surname2", ',"Surname2')
    )
    rest = csv_text([pupil_row(3)], hints=False).split("\r\n")[1]
    problems = refused(database, clerk, school, f"{good}{broken}\r\n{rest}\r\n".encode())
    assert lines_of(problems) == [
        'line 3, Surname: The cell runs over several lines: a quote mark (") is probably missing '
        "its partner."
    ]


def test_a_header_with_few_columns_still_names_the_missing_ones(
    database: Database, clerk: Actor, school: EstablishmentInfo
) -> None:
    text = f"UPN,Surname\r\n{upn(1)},Smith\r\n"
    problems = refused(database, clerk, school, text.encode())
    assert problems[0].message.startswith(
        "The file has no Forename, DOB, Gender, Postcode or Ethnic code columns;"
    )
    no_upn = csv_text([pupil_row(1)], header=HEADER[1:], hints=False)
    problems = refused(database, clerk, school, no_upn.encode())
    assert problems[0].message.startswith("The file has no UPN column;")


def test_semicolon_separated_files_from_european_excel(
    database: Database, clerk: Actor, school: EstablishmentInfo
) -> None:
    text = csv_text([pupil_row(1, Surname="Smith, Jr")]).replace(",", ";")
    text = text.replace("Smith; Jr", "Smith, Jr")  # quoted, as Excel quotes it
    result = import_pupils(database, clerk, school.id, text.encode("cp1252"), TODAY)
    assert result.added == 1
    assert stored(database, school)[upn(1)].surname == "Smith, Jr"


def test_a_first_pupil_that_reads_like_a_hint_is_still_a_pupil(
    database: Database, clerk: Actor, school: EstablishmentInfo
) -> None:
    data = csv_bytes([pupil_row(1, Forename="Allow Y"), pupil_row(2)], hints=False)
    assert import_pupils(database, clerk, school.id, data, TODAY).added == 2

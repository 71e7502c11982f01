"""A small school for the export tests: a phase of pupils, formula-like names, judgements, ELGs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from store.assessments import periods as assessments
from store.assessments.changes import elg_edit, judgement_edit
from store.assessments.cohort import Cell
from store.assessments.judgements import write_changes
from store.core.access import Actor, Role
from store.core.db import Database
from store.core.models import ElgSection, Pupil
from store.curriculum.eyfs import AREA_CODES, ElgOutcome, GoneBeyond, Judgement, YearGroup
from store.curriculum.year_groups import birth_date_range
from store.establishments.establishments import EstablishmentInfo, create_establishment

YEAR = 2025
N1, N2, R = YearGroup.NURSERY_1, YearGroup.NURSERY_2, YearGroup.RECEPTION
HYPERLINK = '=HYPERLINK("http://x","y")'
# Reception pupils (surname, forenames, gender, include in data); the grid lists them by surname.
RECEPTION = [
    (HYPERLINK, "Eve", "F", True),
    ("+44 7700 900123", "Phone", "M", True),
    ("-1", "Minus", "F", True),
    ("@SUM(A1:A2)", "At", "M", True),
    ("Adeyemi", "Olamide", "M", True),
    ("Clarke", "Ivy", "F", False),
]
NURSERY_1 = [("Nowak", "Łukasz", "M", True), ("Byrne", "Aoife", "F", True)]
NURSERY_2 = [("Khan", "Zayn", "M", True)]


@dataclass
class GridSchool:
    database: Database
    establishment: EstablishmentInfo
    actor: Actor
    pupils: dict[str, int]
    """Surname -> pupil id."""
    periods: dict[str, int]
    """Period name -> id."""
    elg_section_id: int

    def submit_elg(self, when: datetime | None = None) -> None:
        """Mark the ELG section submitted (as the submission does) without its checks."""
        with self.database.write() as session:
            section = session.get(ElgSection, self.elg_section_id)
            assert section is not None
            section.submitted_by = "head"
            section.submitted_at = when or datetime(YEAR + 1, 6, 20, tzinfo=timezone.utc)
            session.add(section)


def _add_pupils(
    database: Database,
    establishment_id: int,
    group: YearGroup,
    rows: list[tuple[str, str, str, bool]],
    upn_start: int,
) -> dict[str, int]:
    first, _ = birth_date_range(group, YEAR)
    ids: dict[str, int] = {}
    with database.write() as session:
        for index, (surname, forenames, gender, include) in enumerate(rows):
            pupil = Pupil(
                establishment_id=establishment_id,
                upn=f"A{upn_start + index:012d}",
                surname=surname,
                forenames=forenames,
                gender=gender,
                include_in_data=include,
                date_of_birth=first + timedelta(days=30 * index),
            )
            session.add(pupil)
            session.flush()
            assert pupil.id is not None
            ids[surname] = pupil.id
    return ids


def build_school(database: Database, number: str = "2041", name: str = "ST MARY'S") -> GridSchool:
    """Reception, Nursery 1 and Nursery 2 pupils with judgements of every kind and ELGs.

    Reception "Autumn 1": Adeyemi LAU Below, SP On track gone beyond green with a note;
    HYPERLINK LAU On track; "+44..." LAU On track gone beyond blue. "Spring 1" is empty.
    Nursery (N1 and N2) "Nursery Autumn" (earlier than Autumn 1): Nowak LAU Below, Khan LAU
    On track. ELGs: Adeyemi all Expected (GLD Yes, 34); HYPERLINK all Emerging (GLD No, 17).
    """
    support = Actor("support", Role.SUPPORT, None)
    establishment = create_establishment(database, support, number, name)
    actor = Actor("clerk", Role.MANAGER, establishment.id)
    base = int(number) * 100
    pupils = _add_pupils(database, establishment.id, R, RECEPTION, base)
    pupils |= _add_pupils(database, establishment.id, N1, NURSERY_1, base + 50)
    pupils |= _add_pupils(database, establishment.id, N2, NURSERY_2, base + 80)
    periods = {}
    for period_name, day, groups in (
        ("Autumn 1", date(YEAR, 10, 17), [R]),
        ("Spring 1", date(YEAR + 1, 2, 6), [R]),
        ("Nursery Autumn", date(YEAR, 10, 20), [N1, N2]),
    ):
        period = assessments.create_period(
            database, actor, establishment.id, period_name, day, groups
        )
        periods[period_name] = period.id
    autumn, nursery = periods["Autumn 1"], periods["Nursery Autumn"]
    o, b = Judgement.ON_TRACK, Judgement.BELOW
    edits = [
        judgement_edit(pupils["Adeyemi"], autumn, "LAU", Cell(b)),
        judgement_edit(pupils["Adeyemi"], autumn, "SP", Cell(o, GoneBeyond.GREEN, "Loves stories")),
        judgement_edit(pupils[HYPERLINK], autumn, "LAU", Cell(o)),
        judgement_edit(pupils["+44 7700 900123"], autumn, "LAU", Cell(o, GoneBeyond.BLUE)),
        judgement_edit(pupils["Nowak"], nursery, "LAU", Cell(b)),
        judgement_edit(pupils["Khan"], nursery, "LAU", Cell(o)),
    ]
    write_changes(database, actor, establishment.id, edits, "test")
    section = assessments.create_elg_section(
        database, actor, establishment.id, YEAR, date(YEAR + 1, 6, 1)
    )
    elg = [
        elg_edit(section.id, pupils["Adeyemi"], code, ElgOutcome.EXPECTED) for code in AREA_CODES
    ] + [elg_edit(section.id, pupils[HYPERLINK], code, ElgOutcome.EMERGING) for code in AREA_CODES]
    write_changes(database, actor, establishment.id, elg, "test")
    return GridSchool(database, establishment, actor, pupils, periods, section.id)


def open_sheet(path: Path) -> Worksheet:
    sheet = load_workbook(path).active
    assert isinstance(sheet, Worksheet)
    return sheet


def formulas(sheet: Worksheet) -> list[str]:
    """Coordinates of every formula cell (there must be none)."""
    return [cell.coordinate for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]


def find_row(sheet: Worksheet, first_value: str) -> int:
    """The row whose column A holds `first_value`."""
    for row in range(1, sheet.max_row + 1):
        if sheet.cell(row, 1).value == first_value:
            return row
    raise AssertionError(f"No row starts with {first_value!r}")


def find_column(sheet: Worksheet, header_row: int, value: str, start: int = 1) -> int:
    for column in range(start, sheet.max_column + 1):
        if sheet.cell(header_row, column).value == value:
            return column
    raise AssertionError(f"No column {value!r} in row {header_row}")

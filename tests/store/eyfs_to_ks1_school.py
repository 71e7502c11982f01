"""A school with KS1 results and the same pupils' End of Year ELGs from Reception, for the KS1
reports: the Full Report, the phonics outcome and the EYFS to KS1 table.

Year 2 in 2025/26 (Reception in 2023/24), KS1 teacher assessment "KS1 summer"; their ELGs
(X Expected, E Emerging, A Absent, . blank; every goal not shown is Expected, except Drake's,
all Absent):

    pupil   RD   WR   MA   SC  | WR C  W  N NP  NW
    Adams   GDS  EXS  EXS  EXS | X  X  X  X X   X
    Brook   EXS  WTS  PK3  HNM | X  E  X  E X   E
    Cross   WTS  EXS  EM   EXS | E  E  E  X X   X
    Drake   A    A    A    A   | A  A  A  A A   A
    Evans   EXS  .    Q    .   | X  .  X  X X   .
    Frost   .    GDS  GDS  EXS | (no ELGs: joined the school in Year 1)
    Grant   EXS  EXS  EXS  EXS | X  X  X  X X   X   (Include in Data = No)
    Hughes  EXS  EXS  WTS  HNM | X  X  X  E X   X   (in Reception twice: 2022/23's, all
                                                      Emerging, are not the ones read)

Year 1 in 2025/26 (Reception in 2024/25): a KS1 teacher assessment "Year 1 TA" and a phonics
check "Phonics check":

    pupil   RD   phonics | WR C
    Ives    EXS  35      | X  X
    Jones   WTS  20      | E  X
    Khan    .    A       | X  X
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import insert

from store.assessments import periods as assessments
from store.assessments.changes import Change, include_edit, judgement_edit
from store.assessments.cohort import Cell
from store.assessments.judgements import write_changes
from store.core.access import Actor, Role
from store.core.db import Database
from store.core.models import ElgResult, Pupil
from store.curriculum.eyfs import AREA_CODES, YearGroup
from store.curriculum.ks1 import KS1_TA_ID, PHONICS_ID
from store.curriculum.year_groups import birth_date_range
from store.establishments.establishments import EstablishmentInfo, create_establishment

YEAR = 2025
Y1, Y2 = YearGroup.YEAR_1, YearGroup.YEAR_2
SUPPORT = Actor("support.tester", Role.SUPPORT, None)
SUBJECTS = ("RD", "WR", "MA", "SC")
YEAR_2 = {
    "Adams": ("GDS", "EXS", "EXS", "EXS"),
    "Brook": ("EXS", "WTS", "PK3", "HNM"),
    "Cross": ("WTS", "EXS", "EM", "EXS"),
    "Drake": ("A", "A", "A", "A"),
    "Evans": ("EXS", None, "Q", None),
    "Frost": (None, "GDS", "GDS", "EXS"),
    "Grant": ("EXS", "EXS", "EXS", "EXS"),
    "Hughes": ("EXS", "EXS", "WTS", "HNM"),
}
LEFT_OUT = "Grant"
# Each pupil's goals that are not Expected (None: blank); Drake is all Absent, Frost has none.
YEAR_2_ELGS: dict[str, dict[str, str | None]] = {
    "Adams": {},
    "Brook": {"C": "E", "N": "E", "NW": "E"},
    "Cross": {"WR": "E", "C": "E", "W": "E"},
    "Drake": dict.fromkeys(AREA_CODES, "A"),
    "Evans": {"C": None, "NW": None},
    "Grant": {},
    "Hughes": {"N": "E"},
}
HUGHES_EARLIER: dict[str, str | None] = dict.fromkeys(AREA_CODES, "E")
YEAR_1: dict[str, tuple[str | None, int | str]] = {
    "Ives": ("EXS", 35),
    "Jones": ("WTS", 20),
    "Khan": (None, "A"),
}
YEAR_1_ELGS: dict[str, dict[str, str | None]] = {"Ives": {}, "Jones": {"WR": "E"}, "Khan": {}}


@dataclass(frozen=True)
class Ks1ReportSchool:
    database: Database
    establishment: EstablishmentInfo
    actor: Actor
    ids: dict[str, int]
    """Pupil ids by surname."""
    ks1_period: int
    year_1_period: int
    phonics_period: int


def _pupils(
    database: Database, establishment_id: int, group: YearGroup, surnames: list[str]
) -> dict[str, int]:
    first, _ = birth_date_range(group, YEAR)
    ids: dict[str, int] = {}
    with database.write() as session:
        for index, surname in enumerate(surnames):
            pupil = Pupil(
                establishment_id=establishment_id,
                upn=f"X2041{group.offset}{index:07d}",
                surname=surname,
                forenames="Kid",
                date_of_birth=first + timedelta(days=20 * index),
            )
            session.add(pupil)
            session.flush()
            assert pupil.id is not None
            ids[surname] = pupil.id
    return ids


def _elgs(
    database: Database,
    actor: Actor,
    establishment_id: int,
    year: int,
    results: dict[int, dict[str, str | None]],
) -> None:
    """A section of `year` with every goal Expected unless said (None: blank), written as
    rows: the store writes a section's results for that year's Reception only."""
    section = assessments.create_elg_section(
        database, actor, establishment_id, year, date(year + 1, 6, 5)
    )
    rows = [
        {"section_id": section.id, "pupil_id": pupil_id, "area_code": code, "outcome": outcome}
        for pupil_id, goals in results.items()
        for code in AREA_CODES
        if (outcome := goals.get(code, "X")) is not None
    ]
    with database.write() as session:
        session.execute(insert(ElgResult), rows)


def build_ks1_report_school(database: Database) -> Ks1ReportSchool:
    """The module's school, its cohorts, periods and results."""
    establishment = create_establishment(database, SUPPORT, "2041", "ST MARY'S PRIMARY")
    eid = establishment.id
    actor = Actor("head", Role.MANAGER, eid)
    ids = _pupils(database, eid, Y2, list(YEAR_2)) | _pupils(database, eid, Y1, list(YEAR_1))
    ks1 = assessments.create_period(
        database, actor, eid, "KS1 summer", date(YEAR + 1, 6, 10), [Y2], framework=KS1_TA_ID
    )
    year_1 = assessments.create_period(
        database, actor, eid, "Year 1 TA", date(YEAR + 1, 6, 12), [Y1], framework=KS1_TA_ID
    )
    phonics = assessments.create_period(
        database, actor, eid, "Phonics check", date(YEAR + 1, 6, 9), [Y1], framework=PHONICS_ID
    )
    edits: list[Change] = [
        judgement_edit(ids[surname], ks1.id, subject, Cell(code))
        for surname, codes in YEAR_2.items()
        for subject, code in zip(SUBJECTS, codes, strict=True)
        if code is not None
    ]
    for surname, (reading, mark) in YEAR_1.items():
        if reading is not None:
            edits.append(judgement_edit(ids[surname], year_1.id, "RD", Cell(reading)))
        after = Cell(number=mark) if isinstance(mark, int) else Cell(mark)
        edits.append(judgement_edit(ids[surname], phonics.id, "PSC", after))
    edits.append(include_edit(ids[LEFT_OUT], False))
    write_changes(database, actor, eid, edits)
    _elgs(database, actor, eid, YEAR - 3, {ids["Hughes"]: HUGHES_EARLIER})
    _elgs(database, actor, eid, YEAR - 2, {ids[name]: goals for name, goals in YEAR_2_ELGS.items()})
    _elgs(database, actor, eid, YEAR - 1, {ids[name]: goals for name, goals in YEAR_1_ELGS.items()})
    return Ks1ReportSchool(database, establishment, actor, ids, ks1.id, year_1.id, phonics.id)

"""A school ready for its CTF returns: LA 873, DfE 2001, URN 100001, a Year 2 cohort with a
KS1 teacher assessment period judged as this table says, and a Reception cohort with its End of
Year ELG section (every goal Expected but Emerging in Number; Absent for Kaur throughout).

    pupil                 RD   WR   MA   SC    sex
    O'Brien, Siobhán      GDS  EXS  EXS  EXS   F
    Zoë & <Ann> Núñez     EXS  WTS  PK3  HNM   F   (surname "Núñez", forenames "Zoë & <Ann>")
    [bold]Rich[/bold]     A    A    A    A     M   (surname as typed, Rich markup and all)
    Left-out (Include in Data = No, blank everywhere: never in the return)

Reception: Kaur (all Absent), Smith (Expected but Number Emerging).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from store.assessments import periods as assessments
from store.assessments.changes import Change, elg_edit, include_edit, judgement_edit
from store.assessments.cohort import Cell
from store.assessments.judgements import write_changes
from store.core.access import Actor, Role
from store.core.db import Database
from store.core.models import AssessmentPeriod, ElgSection, Pupil
from store.curriculum.eyfs import AREA_CODES, ElgOutcome, YearGroup
from store.curriculum.ks1 import KS1_TA_ID
from store.curriculum.upn import upn_check_letter
from store.curriculum.year_groups import birth_date_range
from store.establishments.establishments import EstablishmentInfo, create_establishment
from store.establishments.return_identity import set_return_identity

YEAR = 2025
SUPPORT = Actor("support.tester", Role.SUPPORT, None)
SUBJECTS = ("RD", "WR", "MA", "SC")
YEAR_2 = (
    ("O'Brien", "Siobhán", "F", ("GDS", "EXS", "EXS", "EXS")),
    ("Núñez", "Zoë & <Ann>", "F", ("EXS", "WTS", "PK3", "HNM")),
    ("[bold]Rich[/bold]", "Tom", "M", ("A", "A", "A", "A")),
)
RECEPTION = (("Kaur", "Amrit", "F"), ("Smith", "Jo", "M"))


def upn(serial: int, dfe_number: str = "2001") -> str:
    twelve = f"873{dfe_number}{serial:05d}"
    return upn_check_letter(twelve) + twelve


@dataclass
class Ks1School:
    database: Database
    school: EstablishmentInfo
    head: Actor
    clerk: Actor
    period_id: int
    section_id: int
    ids: dict[str, int]
    """Pupil ids by surname."""
    dfe_number: str = "2001"
    """The school's number (and its DfE number, and in its pupils' UPNs)."""

    def add_pupil(
        self,
        surname: str,
        year_group: YearGroup,
        *,
        serial: int,
        sex: str = "F",
        born: date | None = None,
        upn_text: str | None = None,
        override: YearGroup | None = None,
    ) -> int:
        first, _ = birth_date_range(year_group, YEAR)
        with self.database.write() as session:
            pupil = Pupil(
                establishment_id=self.school.id,
                upn=upn_text if upn_text is not None else upn(serial, self.dfe_number),
                surname=surname,
                forenames="Kid",
                date_of_birth=born or first + timedelta(days=serial),
                gender=sex,
                year_override=override.value if override else None,
            )
            session.add(pupil)
            session.flush()
            assert pupil.id is not None
            self.ids[surname] = pupil.id
            return pupil.id

    def judge(self, surname: str, codes: tuple[str, ...]) -> None:
        edits: list[Change] = [
            judgement_edit(self.ids[surname], self.period_id, subject, Cell(code))
            for subject, code in zip(SUBJECTS, codes, strict=True)
        ]
        write_changes(self.database, self.clerk, self.school.id, edits)

    def mark_submitted(self) -> None:
        """Mark the KS1 period and the ELG section submitted by the head, whatever they hold
        (as older or imported data may be): the returns send submitted results only. Anything
        that writes results goes before this (submitted results are locked)."""
        when = datetime(YEAR + 1, 6, 20, tzinfo=timezone.utc)
        with self.database.write() as session:
            period = session.get(AssessmentPeriod, self.period_id)
            section = session.get(ElgSection, self.section_id)
            assert period is not None and section is not None
            for row in (period, section):
                row.submitted_by, row.submitted_at = self.head.username, when
                session.add(row)


def build_ks1_school(
    database: Database,
    *,
    identity: bool = True,
    number: str = "2001",
    name: str = "ST MARY'S C OF E PRIMARY",
    urn: str = "100001",
) -> Ks1School:
    """The module's school; `identity=False` leaves its LA number, DfE number and URN unset.
    Another `number` (4 digits: its DfE number too, and in its UPNs) makes a second school."""
    school = create_establishment(database, SUPPORT, number, name)
    if identity:
        school = set_return_identity(
            database, SUPPORT, school.id, la_number="873", dfe_number=number, urn=urn
        )
    head = Actor("head", Role.MANAGER, school.id)
    clerk = Actor("clerk", Role.USER, school.id)
    period = assessments.create_period(
        database, clerk, school.id, "KS1 summer", date(YEAR + 1, 6, 10), [YearGroup.YEAR_2],
        framework=KS1_TA_ID,
    )  # fmt: skip
    section = assessments.create_elg_section(database, clerk, school.id, YEAR, date(2026, 6, 5))
    built = Ks1School(database, school, head, clerk, period.id, section.id, {}, number)
    for serial, (surname, forenames, sex, _) in enumerate(YEAR_2, start=1):
        pupil_id = built.add_pupil(surname, YearGroup.YEAR_2, serial=serial, sex=sex)
        with database.write() as session:
            row = session.get(Pupil, pupil_id)
            assert row is not None
            row.forenames = forenames
    for _, (surname, _, _, codes) in enumerate(YEAR_2):
        built.judge(surname, codes)
    left_out = built.add_pupil("Leftout", YearGroup.YEAR_2, serial=9)
    write_changes(database, clerk, school.id, [include_edit(left_out, False)])
    for serial, (surname, forenames, sex) in enumerate(RECEPTION, start=20):
        pupil_id = built.add_pupil(surname, YearGroup.RECEPTION, serial=serial, sex=sex)
        with database.write() as session:
            row = session.get(Pupil, pupil_id)
            assert row is not None
            row.forenames = forenames
    edits: list[Change] = [elg_edit(section.id, built.ids["Kaur"], "LAU", ElgOutcome.ABSENT)]
    edits += [
        elg_edit(
            section.id,
            built.ids["Smith"],
            code,
            ElgOutcome.EMERGING if code == "N" else ElgOutcome.EXPECTED,
        )
        for code in AREA_CODES
    ]
    write_changes(database, clerk, school.id, edits)
    return built

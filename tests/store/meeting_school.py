"""A hand-worked Reception cohort for the progress-meeting tests.

Pupils (Reception 2025/2026 unless said): P1-P4 in class 1, P5-P6 in class 2, P7 in class 1
with Include in Data = No, P8 in class 1 archived, P9 in Nursery 2 (not the cohort).
Listening, Attention and Understanding (LAU):

    period      P1 P2 P3 P4 P5 P6 | P7 P8 P9 (never counted)
    Autumn 1    B  B  O  .  O  B  | B  B  B
    Spring 1    O  B  O  O  O  .  | B  B  B

A Nursery-only period between them ("N2 Check") is not Reception's, so it is never "previous".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from store.assessments import periods as assessments
from store.core.access import Actor, Role
from store.core.db import Database
from store.core.models import Judgement as JudgementRow
from store.core.models import Pupil
from store.curriculum.eyfs import YearGroup
from store.curriculum.year_groups import birth_date_range
from store.establishments.establishments import EstablishmentInfo, create_establishment

YEAR = 2025
TODAY = date(2026, 2, 20)
R = YearGroup.RECEPTION

LAU_AUTUMN = {
    "P1": "B",
    "P2": "B",
    "P3": "O",
    "P5": "O",
    "P6": "B",
    "P7": "B",
    "P8": "B",
    "P9": "B",
}
LAU_SPRING = {
    "P1": "O",
    "P2": "B",
    "P3": "O",
    "P4": "O",
    "P5": "O",
    "P7": "B",
    "P8": "B",
    "P9": "B",
}


@dataclass
class MeetingSchool:
    database: Database
    establishment: EstablishmentInfo
    actor: Actor
    pupils: dict[str, int] = field(default_factory=dict)
    autumn: int = 0
    nursery: int = 0
    spring: int = 0

    @property
    def id(self) -> int:
        return self.establishment.id


def _pupil(school: MeetingSchool, key: str, serial: int, born: date, **values: object) -> None:
    with school.database.write() as session:
        row = Pupil(
            establishment_id=school.id,
            upn=f"M{school.establishment.number}{serial:07d}"[:13],
            surname=f"Pupil{key[1:]}",
            forenames=key,
            date_of_birth=born,
            **values,
        )
        session.add(row)
        session.flush()
        assert row.id is not None
        school.pupils[key] = row.id


def make_school(database: Database, number: str = "2041") -> MeetingSchool:
    support = Actor("support", Role.SUPPORT, None)
    establishment = create_establishment(database, support, number, f"SCHOOL {number}")
    school = MeetingSchool(database, establishment, Actor("teacher", Role.USER, establishment.id))
    first, _ = birth_date_range(R, YEAR)
    for index in range(1, 9):
        extra: dict[str, object] = {"class_slot": 2 if index in (5, 6) else 1}
        if index == 7:
            extra["include_in_data"] = False
        if index == 8:
            extra["archived"] = True
        _pupil(school, f"P{index}", index, first + timedelta(days=20 * index), **extra)
    nursery_first, _ = birth_date_range(YearGroup.NURSERY_2, YEAR)
    _pupil(school, "P9", 9, nursery_first, class_slot=1)
    manager = Actor("head", Role.MANAGER, establishment.id)
    create = assessments.create_period
    school.autumn = create(database, manager, school.id, "Autumn 1", date(2025, 10, 17), [R]).id
    school.nursery = create(
        database, manager, school.id, "N2 Check", date(2025, 12, 1), [YearGroup.NURSERY_2]
    ).id
    school.spring = create(database, manager, school.id, "Spring 1", date(2026, 2, 10), [R]).id
    with database.write() as session:
        for period, values in ((school.autumn, LAU_AUTUMN), (school.spring, LAU_SPRING)):
            for key, value in values.items():
                session.add(
                    JudgementRow(
                        pupil_id=school.pupils[key], period_id=period, area_code="LAU", value=value
                    )
                )
        session.add(
            JudgementRow(
                pupil_id=school.pupils["P9"], period_id=school.nursery, area_code="LAU", value="B"
            )
        )
    return school

"""An intervention names one of the pupil's own assessments: chosen from a list, checked.

"Nonexistent period" was once saved as an intervention's assessment, typed as free text.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from store.assessments import periods as assessments
from store.core.access import Actor, Role
from store.core.db import Database
from store.core.errors import InvalidInput
from store.core.models import AssessmentPeriod, Intervention
from store.curriculum.eyfs import YearGroup
from store.curriculum.upn import upn_check_letter
from store.establishments.establishments import create_establishment
from store.pupils import editing, interventions
from store.pupils.fields import PupilForm
from store.pupils.intervention_periods import ELG_ASSESSMENT, intervention_assessments

TODAY = date(2025, 11, 3)
YEAR = 2025
N1, N2, R = YearGroup.NURSERY_1, YearGroup.NURSERY_2, YearGroup.RECEPTION
DIGITS = "999000000001"


class Setting:
    def __init__(self, database: Database) -> None:
        support = Actor("support", Role.SUPPORT, None)
        school = create_establishment(database, support, "2041", "ST MARY'S")
        self.database = database
        self.id = school.id
        self.actor = Actor("clerk", Role.USER, school.id)
        # Born March 2021: Reception in 2025/2026, Nursery 2 in 2024/2025.
        self.pupil_id = editing.create_pupil(
            database,
            self.actor,
            school.id,
            PupilForm(
                upn_check_letter(DIGITS) + DIGITS,
                "O'Brien",
                "Siobhán",
                "14/03/2021",
                gender="F",
                postcode="PR1 2AB",
                ethnicity="WIRI",
            ),
            TODAY,
        )

    def period(self, name: str, day: date, groups: list[YearGroup]) -> int:
        return assessments.create_period(self.database, self.actor, self.id, name, day, groups).id

    def add(self, year: int, assessment: str, details: str = "Speech group") -> int:
        return interventions.add_intervention(
            self.database, self.actor, self.id, self.pupil_id, year, assessment, details
        )

    def stored(self) -> list[tuple[int, str, str]]:
        with self.database.read() as session:
            rows = session.scalars(select(Intervention).order_by(Intervention.id))  # type: ignore[arg-type]
            return [(row.academic_year, row.assessment, row.details) for row in rows]


@pytest.fixture
def setting(database: Database) -> Setting:
    return Setting(database)


def test_the_choices_are_the_pupils_own_assessments_by_year(setting: Setting) -> None:
    setting.period("Spring 1", date(YEAR + 1, 2, 2), [N2, R])
    setting.period("Autumn 1", date(YEAR, 10, 17), [R])
    setting.period("Nursery only", date(YEAR, 10, 18), [N1])
    setting.period("Summer N2", date(YEAR, 6, 1), [N2])  # 2024/2025, when she was Nursery 2
    assessments.create_elg_section(
        setting.database, setting.actor, setting.id, YEAR, date(YEAR + 1, 6, 20)
    )
    years = intervention_assessments(setting.database, setting.actor, setting.id, setting.pupil_id)
    assert [(y.academic_year, y.year_group, y.assessments) for y in years] == [
        (YEAR, R, ("Autumn 1", "Spring 1", ELG_ASSESSMENT)),
        (YEAR - 1, N2, ("Summer N2",)),
    ]
    assert years[0].latest_by(TODAY) == "Autumn 1"
    assert years[0].label == "2025/2026 (Reception)"


def test_a_period_that_is_not_the_pupils_is_refused(setting: Setting) -> None:
    setting.period("Autumn 1", date(YEAR, 10, 17), [R])
    setting.period("Nursery only", date(YEAR, 10, 18), [N1])
    for year, name, field in [
        (YEAR, "Nonexistent period", "assessment"),
        (YEAR, "Nursery only", "assessment"),  # another year group's
        (YEAR, "", "assessment"),
        (YEAR, ELG_ASSESSMENT, "assessment"),  # no End of Year ELGs this year
        (YEAR - 1, "Autumn 1", "academic_year"),  # no assessments that year
    ]:
        with pytest.raises(InvalidInput) as refused:
            setting.add(year, name)
        assert refused.value.field == field, name
    assert setting.stored() == []
    setting.add(YEAR, "autumn 1".title())
    assert setting.stored() == [(YEAR, "Autumn 1", "Speech group")]


def test_with_no_assessments_at_all_the_refusal_says_what_to_do(setting: Setting) -> None:
    with pytest.raises(InvalidInput, match="create an assessment for their year group"):
        setting.add(YEAR, "Autumn 1")
    assert setting.stored() == []


def test_an_edit_keeps_an_assessment_since_deleted_but_takes_no_new_unknown_one(
    setting: Setting,
) -> None:
    autumn = setting.period("Autumn 1", date(YEAR, 10, 17), [R])
    setting.period("Spring 1", date(YEAR + 1, 2, 2), [R])
    first = setting.add(YEAR, "Autumn 1")
    with setting.database.write() as session:  # deleted (by a manager, in the grid)
        session.delete(session.get(AssessmentPeriod, autumn))
    args = (setting.database, setting.actor, setting.id, setting.pupil_id, first)
    interventions.update_intervention(*args, YEAR, "Autumn 1", "SALT weekly")
    with pytest.raises(InvalidInput, match="not one of the pupil's assessments"):
        interventions.update_intervention(*args, YEAR, "Nonexistent period", "SALT weekly")
    interventions.update_intervention(*args, YEAR, "Spring 1", "SALT weekly")
    assert setting.stored() == [(YEAR, "Spring 1", "SALT weekly")]
    with setting.database.read() as session:
        assert session.scalar(select(func.count()).select_from(Intervention)) == 1

"""The home headline against a hand-worked school: 11 included Reception pupils, 4 in Nursery 2."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from store.assessments import periods as assessments
from store.assessments.changes import Change, include_edit, judgement_edit
from store.assessments.cohort import Cell, load_cohort
from store.assessments.judgements import write_changes
from store.core.access import Actor, PermissionDenied, Role
from store.core.db import Database
from store.core.models import Pupil
from store.curriculum.eyfs import AREA_CODES, Judgement, YearGroup
from store.curriculum.year_groups import birth_date_range
from store.establishments.establishments import create_establishment
from store.pupils.editing import archive_pupils
from store.reports.headlines import Headline, cohort_headlines

YEAR = 2025
TODAY = date(2026, 1, 15)
R, N2 = YearGroup.RECEPTION, YearGroup.NURSERY_2
B, O = Judgement.BELOW, Judgement.ON_TRACK  # noqa: E741  (the letters on screen)
SUPPORT = Actor("support", Role.SUPPORT, None)


def add_pupils(database: Database, school_id: int, group: YearGroup, count: int) -> list[int]:
    first, _ = birth_date_range(group, YEAR)
    ids = []
    with database.write() as session:
        for index in range(count):
            pupil = Pupil(
                establishment_id=school_id,
                upn=f"{group.value}{school_id:03d}{index:08d}"[:13],
                surname=f"Pupil{index:02d}",
                forenames=group.label,
                date_of_birth=first + timedelta(days=index * 10),
            )
            session.add(pupil)
            session.flush()
            assert pupil.id is not None
            ids.append(pupil.id)
    return ids


@pytest.fixture
def school(database: Database) -> tuple[Database, Actor, int]:
    """Reception, Autumn 2 (the latest judged), Number: 7 of the 11 included pupils On track.

    The 12th Reception pupil is On track everywhere but Include in Data = No; the 13th is On
    track but archived: neither counts. Of the 11: 7 On track, 2 Below, 2 blank in Number;
    all 11 On track in Speaking; none in Writing. Autumn 1 (earlier) says otherwise, and the
    empty Spring 1 (later) is not the latest assessment. Nursery 2 (4 pupils), Autumn 1:
    3 On track in Listening, Attention and Understanding.
    """
    establishment = create_establishment(database, SUPPORT, "2041", "ASH GROVE PRIMARY")
    eid = establishment.id
    clerk = Actor("clerk", Role.USER, eid)
    reception = add_pupils(database, eid, R, 13)
    nursery = add_pupils(database, eid, N2, 4)
    autumn_1 = assessments.create_period(
        database, clerk, eid, "Autumn 1", date(2025, 10, 17), [N2, R]
    )
    autumn_2 = assessments.create_period(database, clerk, eid, "Autumn 2", date(2025, 12, 12), [R])
    assessments.create_period(database, clerk, eid, "Spring 1", date(2026, 2, 10), [R])
    last_year = assessments.create_period(database, clerk, eid, "Summer 2", date(2025, 7, 1), [R])
    number = [O] * 7 + [B, B, None, None] + [O, O]
    edits: list[Change] = [
        judgement_edit(pupil, autumn_2.id, "N", Cell(value))
        for pupil, value in zip(reception, number, strict=True)
        if value is not None
    ]
    edits += [judgement_edit(pupil, autumn_2.id, "SP", Cell(O)) for pupil in reception]
    edits += [judgement_edit(pupil, autumn_2.id, "W", Cell(B)) for pupil in reception[:5]]
    edits += [judgement_edit(pupil, autumn_1.id, "N", Cell(O)) for pupil in reception]
    edits += [judgement_edit(pupil, last_year.id, "N", Cell(O)) for pupil in reception]
    edits += [judgement_edit(pupil, autumn_1.id, "LAU", Cell(O)) for pupil in nursery[:3]]
    edits.append(include_edit(reception[11], False))
    write_changes(database, clerk, eid, edits)
    archive_pupils(database, clerk, eid, [reception[12]])
    return database, clerk, eid


def test_the_guides_example_figure(school: tuple[Database, Actor, int]) -> None:
    database, clerk, eid = school
    headlines = cohort_headlines(database, clerk, eid, TODAY)
    reception = {h.area_code: h for h in headlines if h.year_group is R}
    number = reception["N"]
    assert (number.period_name, number.on_track, number.pupils, number.percent) == (
        "Autumn 2",
        7,
        11,
        63,
    )
    assert number.sentence == ("63% of your Reception cohort (7/11 pupils) are on track in Number")
    assert (reception["SP"].on_track, reception["SP"].percent) == (11, 100)
    assert (reception["W"].on_track, reception["W"].percent) == (0, 0)
    assert reception["W"].sentence.startswith("0% of your Reception cohort (0/11 pupils)")


def test_every_area_of_each_cohort_in_order(school: tuple[Database, Actor, int]) -> None:
    database, clerk, eid = school
    headlines = cohort_headlines(database, clerk, eid, TODAY)
    assert [(h.year_group, h.area_code) for h in headlines] == [
        (group, code) for group in (N2, R) for code in AREA_CODES
    ]
    nursery = headlines[0]
    assert (nursery.period_name, nursery.on_track, nursery.pupils) == ("Autumn 1", 3, 4)
    assert nursery.sentence == (
        "75% of your Nursery 2 cohort (3/4 pupils) are on track in "
        "Listening, Attention and Understanding"
    )


def test_no_judgements_no_headline(database: Database) -> None:
    establishment = create_establishment(database, SUPPORT, "2042", "OAK")
    clerk = Actor("clerk", Role.USER, establishment.id)
    assert cohort_headlines(database, clerk, establishment.id, TODAY) == []
    add_pupils(database, establishment.id, R, 2)
    assessments.create_period(database, clerk, establishment.id, "Autumn 1", date(2025, 10, 1), [R])
    assert cohort_headlines(database, clerk, establishment.id, TODAY) == []


def test_another_school_cannot_read_the_headline(school: tuple[Database, Actor, int]) -> None:
    database, _, eid = school
    with pytest.raises(PermissionDenied):
        cohort_headlines(database, Actor("bob", Role.MANAGER, eid + 1), eid, TODAY)
    assert len(cohort_headlines(database, SUPPORT, eid, TODAY)) == 34


def test_rounding_down_and_an_empty_cohort() -> None:
    one_third = Headline(R, "Autumn 1", date(2025, 10, 1), "N", 2, 3)
    assert one_third.percent == 66
    assert Headline(R, "Autumn 1", date(2025, 10, 1), "N", 0, 0).percent == 0


def test_a_future_assessment_is_not_the_latest_even_with_judgements(
    school: tuple[Database, Actor, int],
) -> None:
    """Spring 1 (10/02/2026) gets judgements early: on 15/01/2026 the headline stays at
    Autumn 2 (12/12/2025); on 11/12/2025 Autumn 2 is still to come, so it is Autumn 1, where
    all 11 included pupils are On track in Number; from 10/02/2026 it is Spring 1."""
    database, clerk, eid = school
    cohort = load_cohort(database, clerk, eid, YEAR, R)
    spring = next(period for period in cohort.periods if period.name == "Spring 1")
    counted = [pupil.id for pupil in cohort.pupils if pupil.include_in_data]
    write_changes(
        database, clerk, eid, [judgement_edit(pupil, spring.id, "N", Cell(B)) for pupil in counted]
    )

    def number(today: date) -> tuple[str, date, int, int]:
        (line,) = [
            h
            for h in cohort_headlines(database, clerk, eid, today)
            if (h.year_group, h.area_code) == (R, "N")
        ]
        return line.period_name, line.period_day, line.on_track, line.pupils

    assert number(TODAY) == ("Autumn 2", date(2025, 12, 12), 7, 11)
    assert number(date(2025, 12, 11)) == ("Autumn 1", date(2025, 10, 17), 11, 11)
    assert number(date(2026, 2, 10)) == ("Spring 1", date(2026, 2, 10), 0, 11)
    # Before any assessment's date, no headline at all.
    assert cohort_headlines(database, clerk, eid, date(2025, 10, 16)) == []

"""Progress meetings are EYFS by name: their assessments and figures keep to EYFS in-year
periods, whatever other framework's periods the year holds (a Year 1 three-letter one, or a
Reception one of the same framework made for Reception, dated between Autumn 1 and Spring 1)."""

from __future__ import annotations

from datetime import date

import pytest

from store.core.db import Database
from store.core.errors import NotFound
from store.meetings import meetings
from store.meetings.figures import live_figures
from tests.store.meeting_school import TODAY, YEAR, MeetingSchool, make_school
from tests.store.three_letter_school import add_reception_period, add_year_1


@pytest.fixture
def school(
    database: Database,
    three_letter_framework: object,
    three_letter_reception_framework: object,
) -> tuple[MeetingSchool, int, int]:
    school = make_school(database)
    year_1 = add_year_1(database, school.actor, school.id)
    reception = [school.pupils[key] for key in ("P1", "P2", "P3")]
    reading = add_reception_period(
        database, school.actor, school.id, reception, day=date(YEAR, 12, 5)
    )
    return school, year_1.period_id, reading


def test_a_meeting_offers_only_eyfs_reception_assessments(
    school: tuple[MeetingSchool, int, int],
) -> None:
    meeting_school, _, _ = school
    choices = meetings.assessment_choices(
        meeting_school.database, meeting_school.actor, meeting_school.id, YEAR
    )
    assert [period.name for period in choices] == ["Autumn 1", "Spring 1"]


def test_the_previous_assessment_is_the_eyfs_one_before(
    school: tuple[MeetingSchool, int, int],
) -> None:
    meeting_school, _, _ = school
    grid = live_figures(
        meeting_school.database,
        meeting_school.actor,
        meeting_school.id,
        YEAR,
        meeting_school.spring,
        None,
    )
    # The Reception Reading test (05/12/2025) lies between them but is not EYFS in-year.
    assert grid.previous_period_name == "Autumn 1"
    assert grid.area("LAU").values == (17, 50, 67, 33)


def test_another_frameworks_period_has_no_meeting_figures(
    school: tuple[MeetingSchool, int, int],
) -> None:
    meeting_school, year_1, reading = school
    for period_id in (year_1, reading):
        with pytest.raises(NotFound):
            live_figures(
                meeting_school.database,
                meeting_school.actor,
                meeting_school.id,
                YEAR,
                period_id,
                None,
            )
        with pytest.raises(NotFound):
            meetings.create_meeting(
                meeting_school.database,
                meeting_school.actor,
                meeting_school.id,
                YEAR,
                teacher="Mrs Reid",
                day=TODAY,
                class_slot=None,
                period_id=period_id,
                today=TODAY,
            )

"""The Areas of Development grid of a progress meeting, against a hand-worked cohort."""

from __future__ import annotations

import pytest

from store.assessments.changes import include_edit, judgement_edit
from store.assessments.cohort import Cell
from store.assessments.judgements import write_changes
from store.core.access import Actor, PermissionDenied, Role
from store.core.db import Database
from store.core.errors import InvalidInput, NotFound
from store.curriculum.eyfs import AREA_CODES, Judgement
from store.meetings import meetings
from store.meetings.figures import AreaFigures, MeetingFigures, live_figures
from store.meetings.record import get_meeting
from tests.store.meeting_school import TODAY, YEAR, MeetingSchool, make_school


@pytest.fixture
def school(database: Database) -> MeetingSchool:
    return make_school(database)


def figures(
    school: MeetingSchool, period: int | None, class_slot: int | None = None
) -> MeetingFigures:
    return live_figures(school.database, school.actor, school.id, YEAR, period, class_slot)


def test_the_first_assessment_has_blank_previous_columns(school: MeetingSchool) -> None:
    grid = figures(school, school.autumn)
    # P1-P6 are counted: P7 (Include in Data = No), P8 (archived) and P9 (Nursery 2) are not.
    assert grid.cohort_size == 6
    assert grid.period_name == "Autumn 1" and grid.previous_period_name == ""
    assert grid.area("LAU") == AreaFigures("LAU", 50, None, 33, None)  # 3/6 below, 2/6 on track
    # An area nobody has judged yet is 0%, not blank: blanks count in the denominator.
    assert grid.area("SP") == AreaFigures("SP", 0, None, 0, None)


def test_the_previous_assessment_is_the_last_reception_one_before(school: MeetingSchool) -> None:
    grid = figures(school, school.spring)
    # N2 Check (Nursery 2 only) lies between them but is not Reception's.
    assert grid.previous_period_name == "Autumn 1"
    # Spring: P2 below (1/6 = 16.67 -> 17); P1, P3, P4, P5 on track (4/6 = 66.67 -> 67).
    assert grid.area("LAU").values == (17, 50, 67, 33)
    assert grid.area("BIE").values == (0, 0, 0, 0)
    assert [area.code for area in grid.areas] == list(AREA_CODES)


def test_a_class_counts_only_its_children(school: MeetingSchool) -> None:
    # Class 1 is P1-P4 (P7 excluded, P8 archived): spring 1/4 below, 3/4 on track.
    assert figures(school, school.spring, 1).area("LAU").values == (25, 50, 75, 25)
    assert figures(school, school.spring, 1).cohort_size == 4
    # Class 2 is P5 (O, O) and P6 (B, blank).
    assert figures(school, school.spring, 2).area("LAU").values == (0, 50, 50, 50)
    empty = figures(school, school.spring, 3)
    assert empty.cohort_size == 0
    assert empty.area("LAU").values == (None, None, None, None)


def test_include_in_data_no_leaves_a_child_out_of_numerator_and_denominator(
    school: MeetingSchool,
) -> None:
    manager = Actor("head", Role.MANAGER, school.id)
    write_changes(school.database, manager, school.id, [include_edit(school.pupils["P7"], True)])
    grid = figures(school, school.spring)
    assert grid.cohort_size == 7
    # P7 is below in both: spring 2/7 = 28.57 -> 29, 4/7 = 57.14 -> 57; autumn 4/7 -> 57, 2/7 -> 29.
    assert grid.area("LAU").values == (29, 57, 57, 29)
    write_changes(school.database, manager, school.id, [include_edit(school.pupils["P1"], False)])
    # Now P2-P7: spring below P2, P7 = 2/6; on track P3, P4, P5 = 3/6; autumn 3/6 and 2/6.
    assert figures(school, school.spring).area("LAU").values == (33, 50, 50, 33)


def test_no_assessment_gives_a_blank_grid(school: MeetingSchool) -> None:
    grid = figures(school, None)
    assert grid.cohort_size == 0
    assert all(area.values == (None, None, None, None) for area in grid.areas)


def test_only_reception_assessments_of_the_year_are_accepted(school: MeetingSchool) -> None:
    with pytest.raises(NotFound, match="Reception assessments"):
        figures(school, school.nursery)


def test_frozen_figures_stay_when_judgements_change(school: MeetingSchool) -> None:
    db, actor = school.database, school.actor
    meeting_id = meetings.create_meeting(
        db,
        actor,
        school.id,
        YEAR,
        teacher="Mrs Khan",
        day=TODAY,
        class_slot=None,
        period_id=school.spring,
        today=TODAY,
    )
    saved = get_meeting(db, actor, school.id, meeting_id).figures
    assert saved.area("LAU").values == (17, 50, 67, 33)
    assert not meetings.live_figures_differ(db, actor, school.id, meeting_id)

    below = Cell(Judgement.BELOW)
    write_changes(
        db, actor, school.id, [judgement_edit(school.pupils["P1"], school.spring, "LAU", below)]
    )
    record = get_meeting(db, actor, school.id, meeting_id)
    assert record.figures == saved  # the record of the meeting is not rewritten
    assert meetings.live_figures_differ(db, actor, school.id, meeting_id)

    refreshed = meetings.refresh_figures(db, actor, school.id, meeting_id)
    assert refreshed.area("LAU").values == (33, 50, 50, 33)
    assert get_meeting(db, actor, school.id, meeting_id).figures == refreshed
    assert not meetings.live_figures_differ(db, actor, school.id, meeting_id)


def test_changing_class_or_assessment_recounts_and_freezes(school: MeetingSchool) -> None:
    db, actor = school.database, school.actor
    meeting_id = meetings.create_meeting(
        db, actor, school.id, YEAR, teacher="", day=TODAY, class_slot=None,
        period_id=school.autumn, today=TODAY,
    )  # fmt: skip
    assert get_meeting(db, actor, school.id, meeting_id).figures.area("LAU").values == (
        50, None, 33, None,
    )  # fmt: skip
    after = meetings.update_header(
        db, actor, school.id, meeting_id, teacher="Mr Ali", day=TODAY, class_slot=1,
        period_id=school.spring,
    )  # fmt: skip
    assert after.area("LAU").values == (25, 50, 75, 25)
    record = get_meeting(db, actor, school.id, meeting_id)
    assert (record.class_name, record.period_name, record.teacher) == (
        "Class 1",
        "Spring 1",
        "Mr Ali",
    )
    assert record.figures.cohort_size == 4


def test_a_deleted_assessment_leaves_the_record_as_it_was(school: MeetingSchool) -> None:
    from store.accounts.reauth import SERVER_ADMINISTRATOR
    from store.assessments.period_deletion import delete_period

    db, actor = school.database, school.actor
    meeting_id = meetings.create_meeting(
        db, actor, school.id, YEAR, teacher="", day=TODAY, class_slot=None,
        period_id=school.spring, today=TODAY,
    )  # fmt: skip
    head = Actor("head", Role.MANAGER, school.id)
    delete_period(db, head, school.id, school.spring, SERVER_ADMINISTRATOR)
    record = get_meeting(db, actor, school.id, meeting_id)
    assert record.period_id is None and record.period_name == "Spring 1"
    assert record.figures.area("LAU").values == (17, 50, 67, 33)
    assert not meetings.live_figures_differ(db, actor, school.id, meeting_id)
    with pytest.raises(InvalidInput, match="has been deleted"):
        meetings.refresh_figures(db, actor, school.id, meeting_id)


def test_another_establishment_cannot_count_these_figures(
    school: MeetingSchool, database: Database
) -> None:
    other = make_school(database, "3050")
    with pytest.raises(PermissionDenied):
        live_figures(database, other.actor, school.id, YEAR, school.spring, None)
    with pytest.raises(NotFound):  # its own establishment, but not its assessment
        live_figures(database, other.actor, other.id, YEAR, school.spring, None)

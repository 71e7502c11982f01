"""A framework's names as data: the local authority words them for every school (support), a
school words them again for itself (its manager), blank goes back; the grid's columns, the
reports, a pupil's engagement record and the data download read them; statutory frameworks
refuse; bad words never half-write; schema revision 0009 holds them. The hand-worked
Reception cohort of tests/store/progress_school."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlmodel import col

from store.assessments.changes import judgement_edit
from store.assessments.cohort import Cell, load_cohort
from store.assessments.framework_wording import (
    ACTION,
    framework_names,
    set_framework_names,
)
from store.assessments.grid_columns import build_columns
from store.assessments.judgements import write_changes
from store.assessments.periods import create_period
from store.core.access import Actor, PermissionDenied, Role
from store.core.db import Database
from store.core.errors import InvalidInput, NotInFramework
from store.core.models import AuditEntry
from store.curriculum.engagement import ENGAGEMENT_ID
from store.curriculum.small_steps import SMALL_STEPS_ID
from store.establishments.establishments import create_establishment
from store.progress.engagement_story import engagement_story
from store.pupils.data_download import data_download
from tests.store.conftest import downgrade_to, upgraded_from
from tests.store.progress_school import SUPPORT, YEAR, R, Reception

LA_WORDS = {"level:P7": "Pivats P7", "strand:NUM": "Number (LA)", "stage:c": "developing well"}


def steps_school(database: Database) -> tuple[Reception, int]:
    """Adams assessed another way, at P7c in Number in a small-steps assessment."""
    school = Reception(database)
    school.assess_another_way("Adams")
    period = create_period(
        database, school.head, school.school.id, "Autumn steps", date(YEAR, 11, 3), [R],
        framework=SMALL_STEPS_ID,
    )  # fmt: skip
    put(school, period.id, "NUM", "P7c")
    return school, period.id


def put(school: Reception, period_id: int, code: str, value: str) -> None:
    edit = judgement_edit(school.ids["Adams"], period_id, code, Cell(value))
    write_changes(school.database, school.head, school.school.id, [edit])


def number_column_words(database: Database, school: Reception, period_id: int) -> tuple[str, str]:
    """The Number column's name, and the words of P7c, as the grid's columns have them."""
    cohort = load_cohort(database, school.head, school.school.id, YEAR, R)
    column = next(
        c for c in build_columns(cohort, [], False)
        if c.period is not None and c.period.id == period_id and c.code == "NUM"
    )  # fmt: skip
    assert column.subject is not None
    code = column.subject.code_for("P7c")
    assert code is not None
    return column.title, code.words


def test_the_authority_words_every_school_and_a_school_its_own(database: Database) -> None:
    school, period = steps_school(database)
    eid = school.school.id
    assert number_column_words(database, school, period) == (
        "Number", "P7 stage c: developing",
    )  # fmt: skip
    assert set_framework_names(database, SUPPORT, None, SMALL_STEPS_ID, LA_WORDS) == 3
    assert number_column_words(database, school, period) == (
        "Number (LA)", "Pivats P7 stage c: developing well",
    )  # fmt: skip
    # The school's own over the authority's; the rest stay the authority's.
    own = {"strand:NUM": "Maths: number"}
    assert set_framework_names(database, school.head, eid, SMALL_STEPS_ID, own) == 1
    assert number_column_words(database, school, period) == (
        "Maths: number", "Pivats P7 stage c: developing well",
    )  # fmt: skip
    other = create_establishment(database, SUPPORT, "2043", "ASH")
    names = {n.slot.key: n for n in framework_names(database, SUPPORT, other.id, SMALL_STEPS_ID)}
    assert (
        names["strand:NUM"].now == "Number (LA)" and names["strand:NUM"].source == "the authority's"
    )
    names = {n.slot.key: n for n in framework_names(database, school.head, eid, SMALL_STEPS_ID)}
    assert (names["strand:NUM"].now, names["strand:NUM"].source) == (
        "Maths: number",
        "the school's",
    )
    assert (names["strand:RD"].now, names["strand:RD"].source) == ("Reading", "as shipped")
    # Blank goes back to the authority's words; the same words again change nothing.
    assert set_framework_names(database, school.head, eid, SMALL_STEPS_ID, {"strand:NUM": " "}) == 1
    assert set_framework_names(database, school.head, eid, SMALL_STEPS_ID, {"strand:NUM": ""}) == 0
    assert number_column_words(database, school, period)[0] == "Number (LA)"
    with database.read() as session:
        audited = session.execute(
            select(col(AuditEntry.target), col(AuditEntry.old_value), col(AuditEntry.new_value))
            .where(col(AuditEntry.action) == ACTION)
            .order_by(col(AuditEntry.id))
        ).all()
    assert [tuple(row) for row in audited][-2:] == [
        ("Small steps, Strand 'Number' for the school", None, "Maths: number"),
        ("Small steps, Strand 'Number' for the school", "Maths: number", None),
    ]


def test_the_words_reach_the_engagement_record_and_the_data_download(database: Database) -> None:
    school, _ = steps_school(database)
    eid, adams = school.school.id, school.ids["Adams"]
    em = create_period(
        database, school.head, eid, "Autumn EM", date(YEAR, 11, 4), [R], framework=ENGAGEMENT_ID
    )
    put(school, em.id, "EXP", "EMG")
    set_framework_names(
        database, school.head, eid, ENGAGEMENT_ID,
        {"point:EMG": "Beginning to show", "strand:EXP": "Exploring"},
    )  # fmt: skip
    set_framework_names(database, school.head, eid, SMALL_STEPS_ID, {"level:P7": "Pivats P7"})
    story = next(
        s for s in engagement_story(database, school.head, eid, adams) if s.area.code == "EXP"
    )
    assert story.said().startswith("Exploring: Beginning to show (Autumn EM")
    rows = data_download(database, school.head, eid).rows
    words = {(row.subject, row.result.words) for row in rows if row.result is not None}
    assert ("Exploring", "Beginning to show") in words
    assert ("Number", "Pivats P7 stage c: developing") in words


def test_statutory_names_bad_words_and_the_wrong_people_are_refused(database: Database) -> None:
    school, period = steps_school(database)
    eid = school.school.id
    with pytest.raises(InvalidInput, match="statutory ones"):
        set_framework_names(database, SUPPORT, None, "eyfs-in-year", {"strand:CL": "Talk"})
    with pytest.raises(InvalidInput, match="a newer Pupil Tracker may"):
        set_framework_names(database, SUPPORT, None, "no-such", {})
    with pytest.raises(InvalidInput, match="no name 'level:P9'"):
        set_framework_names(
            database, SUPPORT, None, SMALL_STEPS_ID, {"strand:NUM": "ok", "level:P9": "x"}
        )
    with pytest.raises(InvalidInput, match="at most 60 characters"):
        set_framework_names(database, SUPPORT, None, SMALL_STEPS_ID, {"level:P7": "x" * 61})
    with pytest.raises(PermissionDenied, match="Only support can word the names every school"):
        set_framework_names(database, school.head, None, SMALL_STEPS_ID, {"level:P7": "x"})
    teacher = Actor("teacher", Role.USER, eid)
    with pytest.raises(PermissionDenied):
        set_framework_names(database, teacher, eid, SMALL_STEPS_ID, {"level:P7": "x"})
    stranger = Actor("head2", Role.MANAGER, eid + 1000)
    with pytest.raises(PermissionDenied):
        set_framework_names(database, stranger, eid, SMALL_STEPS_ID, {"level:P7": "x"})
    # Nothing was half-written: "ok" went with the refused P9.
    assert number_column_words(database, school, period) == ("Number", "P7 stage c: developing")


def test_a_database_at_0008_gains_the_table_and_goes_back_only_without_names(
    database: Database,
) -> None:
    school, period = steps_school(database)
    with upgraded_from(database, "0008", "wording") as reopened:
        set_framework_names(reopened, SUPPORT, None, SMALL_STEPS_ID, {"level:P7": "Pivats P7"})
        with pytest.raises(RuntimeError, match="1 names worded"):
            downgrade_to(reopened, "0008")
        assert number_column_words(reopened, school, period)[1].startswith("Pivats P7")


def test_a_school_adds_a_fifth_engagement_point_kept_while_observations_hold_it(
    database: Database,
) -> None:
    school = Reception(database)
    school.assess_another_way("Adams")
    eid, adams = school.school.id, school.ids["Adams"]
    em = create_period(
        database, school.head, eid, "Autumn EM", date(YEAR, 11, 4), [R], framework=ENGAGEMENT_ID
    )
    later = create_period(
        database, school.head, eid, "Spring EM", date(YEAR + 1, 2, 4), [R], framework=ENGAGEMENT_ID
    )
    with pytest.raises(NotInFramework, match="EM5"):
        put(school, em.id, "EXP", "EM5")  # not on the scale until named
    put(school, em.id, "EXP", "EST")
    set_framework_names(database, school.head, eid, ENGAGEMENT_ID, {"point:EM5": "Generalised"})
    put(school, later.id, "EXP", "EM5")
    story = next(
        s for s in engagement_story(database, school.head, eid, adams) if s.area.code == "EXP"
    )
    assert "forward to Generalised (Spring EM" in story.said()
    # Its name stays while an observation holds it; the authority naming it lets the school's go.
    with pytest.raises(InvalidInput, match="EM5 holds 1 observation"):
        set_framework_names(database, school.head, eid, ENGAGEMENT_ID, {"point:EM5": ""})
    set_framework_names(database, SUPPORT, None, ENGAGEMENT_ID, {"point:EM5": "Generalising"})
    set_framework_names(database, school.head, eid, ENGAGEMENT_ID, {"point:EM5": ""})
    with pytest.raises(InvalidInput, match="EM5 holds 1 observation"):
        set_framework_names(database, SUPPORT, None, ENGAGEMENT_ID, {"point:EM5": ""})
    other = create_establishment(database, SUPPORT, "2043", "ASH")
    assert {n.slot.key: n.now for n in framework_names(database, SUPPORT, other.id, ENGAGEMENT_ID)}[
        "point:EM6"
    ] == "(not used)"

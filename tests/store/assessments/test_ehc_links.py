"""Links from an engagement model observation to an outcome of the pupil's EHC plan: written,
read back, taken away with a blank, checked and audited, told in the pupil's record over time,
and kept by schema revision 0008 (a database at 0007 gains the table; going back refuses while a
link exists). The hand-worked Reception cohort of tests/store/progress_school."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlmodel import col

from store.assessments.ehc_links import ACTION, ehc_link, set_ehc_link
from store.assessments.periods import create_period
from store.core.db import Database
from store.core.errors import InvalidInput, NotFound
from store.core.models import AuditEntry
from store.curriculum.engagement import ENGAGEMENT_ID
from store.progress.engagement_story import engagement_story
from tests.store.conftest import downgrade_to, upgraded_from
from tests.store.progress_school import YEAR, R, Reception


def linked_school(database: Database) -> tuple[Reception, int]:
    """Adams assessed another way, and an engagement model assessment."""
    school = Reception(database)
    school.assess_another_way("Adams")
    period = create_period(
        database, school.head, school.school.id, "Autumn EM", date(YEAR, 11, 3), [R],
        framework=ENGAGEMENT_ID,
    )  # fmt: skip
    return school, period.id


def test_a_link_is_written_read_audited_told_and_taken_away(database: Database) -> None:
    school, period = linked_school(database)
    eid, adams = school.school.id, school.ids["Adams"]
    where = (database, school.head, eid, adams, period, "EXP")
    assert ehc_link(*where) == ""
    assert set_ehc_link(*where, "  Outcome 2:   communication ") == "Outcome 2: communication"
    assert ehc_link(*where) == "Outcome 2: communication"
    stories = engagement_story(database, school.head, eid, adams)
    exploration = next(story for story in stories if story.area.code == "EXP")
    assert exploration.notes() == [
        "  Autumn EM 2025/2026: towards EHC plan outcome Outcome 2: communication"
    ]
    assert set_ehc_link(*where, "") == ""
    assert ehc_link(*where) == ""
    with database.read() as session:
        audited = session.execute(
            select(col(AuditEntry.old_value), col(AuditEntry.new_value)).where(
                col(AuditEntry.action) == ACTION
            )
        ).all()
    assert [tuple(row) for row in audited] == [
        (None, "Outcome 2: communication"),
        ("Outcome 2: communication", None),
    ]


def test_a_link_is_refused_where_it_does_not_belong(database: Database) -> None:
    school, period = linked_school(database)
    eid, head, ids = school.school.id, school.head, school.ids
    with pytest.raises(InvalidInput, match="BROOK, Jo is not assessed another way"):
        set_ehc_link(database, head, eid, ids["Brook"], period, "EXP", "Outcome 1")
    with pytest.raises(InvalidInput, match="at most 120 characters"):
        set_ehc_link(database, head, eid, ids["Adams"], period, "EXP", "x" * 121)
    with pytest.raises(NotFound, match="engagement model observations only"):
        set_ehc_link(database, head, eid, ids["Adams"], school.autumn, "LAU", "Outcome 1")
    with pytest.raises(NotFound, match="engagement model observations only"):
        set_ehc_link(database, head, eid, ids["Adams"], period, "LAU", "Outcome 1")
    assert ehc_link(database, head, eid, ids["Adams"], period, "EXP") == ""


def test_a_database_at_0007_gains_the_table_and_goes_back_only_without_links(
    database: Database,
) -> None:
    school, period = linked_school(database)
    with upgraded_from(database, "0007", "ehclink") as reopened:
        eid, adams = school.school.id, school.ids["Adams"]
        set_ehc_link(reopened, school.head, eid, adams, period, "PER", "Outcome 3")
        with pytest.raises(RuntimeError, match="1 links to EHC plan outcomes"):
            downgrade_to(reopened, "0007")
        assert ehc_link(reopened, school.head, eid, adams, period, "PER") == "Outcome 3"

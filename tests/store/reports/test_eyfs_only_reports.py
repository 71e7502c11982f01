"""Reports that are EYFS by name (Venn, the home headline, reports over many establishments, the
ELG summary and the LA return) keep to EYFS periods and sections: another framework's period in
the same academic year (Year 1's three-letter one, or a Reception one of the same framework made
for Reception) is passed over, never read as Below / On track, and never breaks them."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from store.core.db import Database
from store.core.errors import InvalidInput
from store.core.models import ElgResult, ElgSection
from store.curriculum.eyfs import PSED, Judgement
from store.curriculum.eyfs_frameworks import EYFS_IN_YEAR_ID
from store.reports.headlines import cohort_headlines
from store.reports.la_return import return_rows, submitted_sections, submitted_years
from store.reports.many import many_reports, period_names
from store.reports.reports import ReportScope, open_reports
from store.reports.venn import venn_report
from tests.frameworks import THREE_LETTER_ID
from tests.store.reports.test_reports import Child, R, ReportSchool, build_school
from tests.store.reports.test_reports_many import SUPPORT
from tests.store.reports.test_reports_venn import EXPECTED, PSED_CHILDREN
from tests.store.three_letter_school import Y1, YEAR, add_reception_period, add_year_1

TODAY = date(2026, 1, 15)
O = Judgement.ON_TRACK  # noqa: E741  (the letter on screen)


def school_with_other_periods(database: Database) -> tuple[ReportSchool, int, int]:
    """The Venn tests' PSED cohort (EYFS Autumn 1, 17/10/2025), a Year 1 three-letter period
    (14/11/2025) and a later Reception three-letter one (01/12/2025), both holding values."""
    school = build_school(database, PSED_CHILDREN)
    eid = school.establishment.id
    year_1 = add_year_1(database, school.actor, eid)
    reception = add_reception_period(database, school.actor, eid, list(school.ids.values()))
    return school, year_1.period_id, reception


@pytest.mark.usefixtures("three_letter_framework", "three_letter_reception_framework")
def test_a_venn_is_drawn_at_eyfs_assessments_only(database: Database) -> None:
    school, year_1, reception = school_with_other_periods(database)
    eid = school.establishment.id
    data = open_reports(database, school.actor, eid, YEAR, R, "latest", today=TODAY)
    # The latest Reception period with values is the three-letter one; a Venn's is Autumn 1.
    assert data.latest_period_with_data(TODAY).id == reception  # type: ignore[union-attr]
    eyfs = data.latest_period_with_data(TODAY, framework=EYFS_IN_YEAR_ID)
    assert eyfs is not None and eyfs.id == school.period_id
    everything = open_reports(database, school.actor, eid, YEAR, R)
    assert [p.id for p in everything.periods_of(EYFS_IN_YEAR_ID)] == [school.period_id]
    report = venn_report(everything, ReportScope(school.period_id), PSED)
    shown = {region.goals: sorted(p.surname for p in region.pupils) for region in report.regions}
    assert shown == {goals: sorted(names) for goals, names in EXPECTED.items()}
    with pytest.raises(InvalidInput, match="A Venn report is of an EYFS in-year assessment"):
        venn_report(everything, ReportScope(reception), PSED)
    year_1_data = open_reports(database, school.actor, eid, YEAR, Y1)
    assert year_1_data.latest_period_with_data(TODAY, framework=EYFS_IN_YEAR_ID) is None
    with pytest.raises(InvalidInput, match="Autumn test is not one"):
        venn_report(year_1_data, ReportScope(year_1), PSED)


@pytest.mark.usefixtures("three_letter_framework", "three_letter_reception_framework")
def test_the_headline_is_at_the_latest_eyfs_assessment(database: Database) -> None:
    school, _, _ = school_with_other_periods(database)
    headlines = cohort_headlines(database, school.actor, school.establishment.id, TODAY)
    # Reception only (Year 1 has no EYFS headline), at Autumn 1, not the later Reading test.
    assert {line.year_group for line in headlines} == {R}
    assert {line.period_name for line in headlines} == {"Autumn 1"}
    self_regulation = next(line for line in headlines if line.area_code == "SR")
    # Ash, Elm, Fir, Oak, Ivy On track in SR; Zed is left out: 5 of 10.
    assert (self_regulation.on_track, self_regulation.pupils) == (5, 10)


@pytest.mark.usefixtures("three_letter_framework", "three_letter_reception_framework")
def test_reports_over_many_establishments_count_eyfs_assessments_only(
    database: Database,
) -> None:
    school_with_other_periods(database)
    build_school(database, [Child("Quinn", judgements={"SR": O})], "2052", "OTHER PRIMARY")
    assert period_names(database, SUPPORT, YEAR, R) == ["Autumn 1"]
    assert period_names(database, SUPPORT, YEAR, Y1) == []
    many = many_reports(database, SUPPORT, YEAR, R, today=TODAY)
    assert many.full is not None
    assert [(s.number, s.counted, s.note) for s in many.full.heading.schools] == [
        ("2051", 10, "Autumn 1 17/10/2025"),
        ("2052", 1, "Autumn 1 17/10/2025"),
    ]
    assert many.full.line("SR").on_track_count == 6  # 5 at 2051, Quinn at 2052
    assert many.venn(PSED).region(frozenset({"SR"})).count == 2  # Ash and Quinn
    named = many_reports(database, SUPPORT, YEAR, R, "Reading test", today=TODAY)
    assert named.full is not None
    assert [s.note for s in named.full.heading.schools] == ["no Reading test assessment"] * 2
    with pytest.raises(InvalidInput, match="not Year 1"):
        many_reports(database, SUPPORT, YEAR, Y1, today=TODAY)


@pytest.mark.usefixtures("three_letter_framework")
def test_the_elg_summary_and_the_la_return_read_eyfs_elg_sections_only(
    database: Database,
) -> None:
    """No store path makes a section of another framework yet (a later framework's End of Year
    results will): the school's section is relabelled here, submitted, with a three-letter
    result."""
    school = build_school(database, [Child("Able")])
    with database.write() as session:
        section = session.get(ElgSection, school.section_id)
        assert section is not None
        section.framework = THREE_LETTER_ID
        section.submitted_by = "head"
        section.submitted_at = datetime(YEAR + 1, 6, 20, tzinfo=timezone.utc)
        session.add(
            ElgResult(
                section_id=school.section_id,
                pupil_id=school.ids["Able"],
                area_code="RDG",
                outcome="EXS",
            )
        )
    assert submitted_sections(database, SUPPORT, YEAR) == []
    assert submitted_years(database, SUPPORT) == []
    assert list(return_rows(database, SUPPORT, YEAR)) == []
    data = open_reports(database, school.actor, school.establishment.id, YEAR, R, None)
    assert data.cohort.elg is None and data.cohort.elg_outcomes == {}

"""All data's phase: Reception's own End of Year ELGs, never the Year 1 pupils' ones from the
year before (which Year 1's grid shows beside it)."""

from __future__ import annotations

from datetime import date

from exports.all_data import load_phase
from store.assessments import periods as assessments
from store.assessments.changes import elg_edit
from store.assessments.judgements import write_changes
from store.core.db import Database
from store.curriculum.eyfs import ElgOutcome, YearGroup
from tests.store.ks1_school import YEAR, build_ks1_school


def test_the_phase_keeps_receptions_goals_not_year_1s_from_last_year(database: Database) -> None:
    school = build_ks1_school(database)
    year_1 = school.add_pupil("Ahmed", YearGroup.YEAR_1, serial=40)
    last_year = assessments.create_elg_section(
        database, school.clerk, school.school.id, YEAR - 1, date(YEAR, 6, 4)
    )
    write_changes(
        database,
        school.clerk,
        school.school.id,
        [elg_edit(last_year.id, year_1, "LAU", ElgOutcome.EXPECTED)],
    )
    phase, groups = load_phase(database, school.head, school.school.id, YEAR)
    assert groups[year_1] is YearGroup.YEAR_1
    assert phase.elg is not None and phase.elg.id == school.section_id
    assert not phase.elg.beside_year_1
    assert all(pupil_id != year_1 for pupil_id, _ in phase.elg_outcomes)
    assert phase.elg_outcomes  # Reception's own are there

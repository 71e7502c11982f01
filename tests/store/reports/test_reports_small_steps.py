"""Small steps are reported apart: the Full Report and the Progress report of a small-steps
assessment count the pupils assessed another way alone (the hand-worked Reception cohort of
tests/store/progress_school; Adams and Drake assessed another way), and progress is said in
steps."""

from __future__ import annotations

from datetime import date

from store.assessments.changes import judgement_edit
from store.assessments.cohort import Cell
from store.assessments.judgements import write_changes
from store.assessments.periods import create_period
from store.core.db import Database
from store.curriculum.small_steps import SMALL_STEPS_ID
from store.progress.progress import load_progress
from store.reports.progress_report import gain_unit
from store.reports.reports import ReportScope, full_report, open_reports
from tests.store.progress_school import YEAR, R, Reception

ANOTHER_WAY = ("Adams", "Drake")


def steps_school(database: Database) -> tuple[Reception, int, int]:
    """Two small-steps assessments: Adams P7c then P8a (7 steps up: b, a, then P8 e to a),
    Drake M1e then P8a (1 step down)."""
    school = Reception(database)
    school.assess_another_way(*ANOTHER_WAY)
    eid, head = school.school.id, school.head
    autumn, spring = (
        create_period(database, head, eid, name, day, [R], framework=SMALL_STEPS_ID).id
        for name, day in (
            ("Autumn steps", date(YEAR, 11, 2)),
            ("Spring steps", date(YEAR + 1, 2, 2)),
        )
    )
    ids = school.ids
    write_changes(
        database,
        head,
        eid,
        [
            judgement_edit(ids["Adams"], autumn, "RD", Cell("P7c")),
            judgement_edit(ids["Adams"], spring, "RD", Cell("P8a")),
            judgement_edit(ids["Drake"], autumn, "RD", Cell("M1e")),
            judgement_edit(ids["Drake"], spring, "RD", Cell("P8a")),
        ],
    )
    return school, autumn, spring


def test_the_full_report_counts_the_pupils_assessed_another_way_alone(
    database: Database,
) -> None:
    school, _, spring = steps_school(database)
    data = open_reports(database, school.head, school.school.id, YEAR, R)
    report = full_report(data, ReportScope(spring))
    reading = next(line for line in report.lines if line.area.code == "RD")
    assert sorted(pupil.surname for pupil in reading.pupils) == list(ANOTHER_WAY)
    assert report.heading.left_out == 0  # the others are not assessed so: not left out


def test_progress_in_small_steps_counts_them_alone_and_says_the_steps(
    database: Database,
) -> None:
    school, autumn, spring = steps_school(database)
    progress = load_progress(database, school.head, school.school.id, YEAR, R, autumn, spring)
    assert sorted(progress.pupils.values()) == ["ADAMS, Jo", "DRAKE, Jo"]
    reading = progress.subject("RD")
    assert gain_unit(reading) == "steps"
    gained = {change.pupil_id: change.gained for change in reading.changes}
    assert gained == {school.ids["Adams"]: 7, school.ids["Drake"]: -1}
    adams = next(c for c in reading.changes if c.pupil_id == school.ids["Adams"])
    assert adams.why.endswith("moved up (+7 steps)")
    assert reading.average_gained() == 3

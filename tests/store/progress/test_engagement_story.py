"""The engagement model: a pupil's areas over time, forward, lateral or back, with the notes,
across academic years; and never a total (the Full Report and Progress refuse it, and the grid's
foot counts nothing). The hand-worked Reception cohort of tests/store/progress_school, Adams
assessed another way."""

from __future__ import annotations

from datetime import date

import pytest

from store.assessments.changes import judgement_edit
from store.assessments.cohort import Cell, load_cohort
from store.assessments.grid_model import GridModel
from store.assessments.judgements import write_changes
from store.assessments.periods import create_period
from store.core.access import Actor, Role
from store.core.db import Database
from store.core.errors import InvalidInput, NotFound, PermissionDenied
from store.curriculum.engagement import ENGAGEMENT_ID
from store.progress.engagement_story import engagement_story
from store.progress.progress import default_pair, load_progress, progress_periods
from store.reports.reports import ReportScope, full_report, open_reports
from tests.store.progress_school import N2, YEAR, R, Reception


def engagement_school(database: Database) -> tuple[Reception, list[int]]:
    """Adams over three assessments, the first last year in Nursery 2:
    Exploration Emerging, Developing, Developing (forward, then lateral); Persistence
    Developing then Emerging (back); Initiation only a note."""
    school = Reception(database)
    school.assess_another_way("Adams")
    eid, head = school.school.id, school.head
    periods = [
        create_period(database, head, eid, name, day, [group], framework=ENGAGEMENT_ID).id
        for name, day, group in (
            ("Summer EM", date(YEAR, 6, 20), N2),
            ("Autumn EM", date(YEAR, 11, 20), R),
            ("Spring EM", date(YEAR + 1, 2, 20), R),
        )
    ]
    adams_id = school.ids["Adams"]
    values = {
        "EXP": ("EMG", "DEV", "DEV"),
        "PER": (None, "DEV", "EMG"),
    }
    edits = [
        judgement_edit(adams_id, period, area, Cell(value))
        for area, row in values.items()
        for period, value in zip(periods, row, strict=True)
        if value is not None
    ]
    edits.append(judgement_edit(adams_id, periods[1], "INI", Cell(note="Reaches for the drum")))
    write_changes(database, head, eid, edits)
    return school, periods


def test_each_area_says_forward_lateral_or_back_across_years(database: Database) -> None:
    school, _ = engagement_school(database)
    stories = engagement_story(database, school.head, school.school.id, school.ids["Adams"])
    said = {story.area.code: story.said() for story in stories}
    assert said["EXP"] == (
        "Exploration: Emerging (Summer EM 2024/2025), forward to Developing (Autumn EM "
        "2025/2026), lateral at Developing (Spring EM 2025/2026)."
    )
    assert said["PER"] == (
        "Persistence: Developing (Autumn EM 2025/2026), back to Emerging (Spring EM 2025/2026)."
    )
    assert said["REA"] == "Realisation: nothing recorded yet."
    initiation = next(story for story in stories if story.area.code == "INI")
    assert initiation.notes() == ["  Autumn EM 2025/2026: Reaches for the drum"]


def test_another_schools_pupil_or_account_is_refused(database: Database) -> None:
    school, _ = engagement_school(database)
    eid = school.school.id
    with pytest.raises(NotFound):
        engagement_story(database, school.head, eid, 10_000)
    stranger = Actor("head", Role.MANAGER, eid + 99)
    with pytest.raises(PermissionDenied):
        engagement_story(database, stranger, eid, school.ids["Adams"])


def test_the_engagement_model_is_never_totalled(database: Database) -> None:
    school, periods = engagement_school(database)
    eid, head = school.school.id, school.head
    cohort = load_cohort(database, head, eid, YEAR, R)
    model = GridModel(cohort, hidden_periods=[p.id for p in cohort.periods if p.id != periods[1]])
    assert model.columns[0].code == "EXP" and model.stats(0) is None
    data = open_reports(database, head, eid, YEAR, R)
    with pytest.raises(InvalidInput, match="Engagement model is not totalled or averaged"):
        full_report(data, ReportScope(periods[2]))
    with pytest.raises(InvalidInput, match="not totalled"):
        load_progress(database, head, eid, YEAR, R, periods[1], periods[2])
    choices = progress_periods(database, head, eid, YEAR, R)
    pair = default_pair(choices)
    assert pair is not None and {p.period.name for p in pair} == {"Autumn 2", "Spring 1"}

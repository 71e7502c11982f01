"""A period's layers (targets, judged progress): made once per period and kind, audited, read
with the cohort, written as judgements are, and never an assessment to any other reader."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import inspect, select, text
from sqlmodel import col

from store.assessments.changes import judgement_edit
from store.assessments.cohort import Cell, load_cohort, load_periods
from store.assessments.judgements import write_changes
from store.assessments.period_deletion import period_contents
from store.core.access import Actor, PermissionDenied, Role
from store.core.db import Database, open_database
from store.core.errors import InvalidInput, NotFound
from store.core.models import AssessmentPeriod, AuditEntry
from store.core.schema_revision import HEAD
from store.curriculum.eyfs import Judgement
from store.curriculum.layers import Layer
from store.progress.layers import ensure_layers, layer_name
from store.progress.progress import load_progress, progress_periods
from store.reports.many import period_names
from tests.store.conftest import downgrade_to
from tests.store.progress_school import SUPPORT, YEAR, R, Reception


def _layers(database: Database, school: Reception) -> list[tuple[int, str, str, str]]:
    cohort = load_cohort(database, school.head, school.school.id, YEAR, R)
    return [
        (layer.layer_of or 0, layer.layer or "", layer.name, layer.framework)
        for layer in cohort.layers
    ]


def test_each_period_gets_one_layer_of_each_kind_audited(database: Database) -> None:
    school = Reception(database)
    eid, wanted = school.school.id, [school.autumn, school.spring]
    assert ensure_layers(database, school.head, eid, wanted, Layer.TARGETS) == 2
    assert ensure_layers(database, school.head, eid, wanted, Layer.TARGETS) == 0  # made once
    assert ensure_layers(database, school.head, eid, [school.spring], Layer.JUDGED_PROGRESS) == 1
    assert sorted(_layers(database, school)) == sorted(
        [
            (school.autumn, "targets", "Autumn 2 targets", "eyfs-in-year"),
            (school.spring, "targets", "Spring 1 targets", "eyfs-in-year"),
            (school.spring, "judged", "Spring 1 judged progress", "eyfs-in-year-judged"),
        ]
    )
    with database.read() as session:
        made = session.execute(
            select(col(AuditEntry.target), col(AuditEntry.new_value)).where(
                col(AuditEntry.action) == "create layer"
            )
        ).all()
    assert sorted(tuple(row) for row in made) == [
        ("Autumn 2", "targets"),
        ("Spring 1", "judged progress"),
        ("Spring 1", "targets"),
    ]


def test_a_layer_is_no_assessment_to_any_list_or_report(database: Database) -> None:
    school = Reception(database)
    eid = school.school.id
    with database.read() as session:
        before = load_periods(session, eid, YEAR)
    ensure_layers(database, school.head, eid, [school.autumn], Layer.TARGETS)
    with database.read() as session:
        assert load_periods(session, eid, YEAR) == before
    found = progress_periods(database, school.head, eid, YEAR, R)
    assert [period.period.name for period in found].count("Autumn 2 targets") == 0
    assert "Autumn 2 targets" not in period_names(database, SUPPORT, YEAR, R)
    cohort = load_cohort(database, school.head, eid, YEAR, R)
    assert [period.id for period in cohort.periods] == [school.autumn, school.spring, school.summer]


def test_targets_are_written_and_checked_as_judgements_of_the_layer(database: Database) -> None:
    school = Reception(database)
    eid, adams = school.school.id, school.ids["Adams"]
    ensure_layers(database, school.head, eid, [school.spring], Layer.JUDGED_PROGRESS)
    cohort = load_cohort(database, school.head, eid, YEAR, R)
    [judged] = cohort.layers
    write_changes(database, school.head, eid, [judgement_edit(adams, judged.id, "LAU", Cell("E"))])
    again = load_cohort(database, school.head, eid, YEAR, R)
    assert again.cell(adams, judged.id, "LAU").value == "E"
    assert again.cell(adams, school.spring, "LAU").value == "O"  # the assessment untouched
    with pytest.raises(InvalidInput, match="not a value"):  # On track is no judgement of progress
        edit = judgement_edit(adams, judged.id, "LAU", Cell("O"))
        write_changes(database, school.head, eid, [edit])


def test_only_a_live_assessment_of_the_establishment_takes_a_layer(database: Database) -> None:
    school = Reception(database)
    eid = school.school.id
    stranger = Actor("other.head", Role.MANAGER, eid + 100)
    with pytest.raises(PermissionDenied):
        ensure_layers(database, stranger, eid, [school.autumn], Layer.TARGETS)
    with pytest.raises(NotFound, match="deleted meanwhile"):
        ensure_layers(database, school.head, eid, [school.autumn + 1000], Layer.TARGETS)
    with database.write() as session:  # deleted (recoverably) by its manager meanwhile
        row = session.get(AssessmentPeriod, school.summer)
        assert row is not None
        row.deleted_at = datetime.now(timezone.utc)
    with pytest.raises(NotFound):
        ensure_layers(database, school.head, eid, [school.summer], Layer.TARGETS)
    ensure_layers(database, school.head, eid, [school.autumn], Layer.TARGETS)
    [layer] = load_cohort(database, school.head, eid, YEAR, R).layers
    with pytest.raises(NotFound):  # a layer takes no layer of its own
        ensure_layers(database, school.head, eid, [layer.id], Layer.TARGETS)
    assert len(_layers(database, school)) == 1


def test_a_long_name_is_cut_to_fit_with_its_kind() -> None:
    name = layer_name("A" * 60, Layer.JUDGED_PROGRESS)
    assert len(name) == 60 and name.endswith(" judged progress")


def test_a_database_at_0006_gains_the_columns_and_goes_back_only_without_layers(
    database: Database,
) -> None:
    school = Reception(database)
    eid = school.school.id
    downgrade_to(database, "0006")
    columns = {c["name"] for c in inspect(database.engine).get_columns("assessmentperiod")}
    assert not columns & {"layer", "layer_of"}
    url = database.url
    database.dispose()
    reopened = open_database(url)
    try:
        done = reopened.schema_upgrade
        assert done is not None and (done.before, done.after) == ("0006", HEAD)
        with reopened.engine.connect() as connection:
            rows = connection.execute(
                text("SELECT name, layer_of, layer FROM assessmentperiod ORDER BY id")
            ).all()
        assert [tuple(row) for row in rows] == [
            ("Summer 2", None, None),
            ("Autumn 2", None, None),
            ("Spring 1", None, None),
            ("Summer 1", None, None),
        ]
        ensure_layers(reopened, school.head, eid, [school.autumn], Layer.TARGETS)
        with pytest.raises(RuntimeError, match="1 layers of targets or judged progress"):
            downgrade_to(reopened, "0006")
    finally:
        reopened.dispose()


def test_a_pupils_why_gives_their_target_for_the_later_assessment(database: Database) -> None:
    """Adams went from Below to On track, with On track as target (met); Brook from On track
    to Below, with the same target (below it); Cross has no target: the why says nothing."""
    school = Reception(database)
    eid = school.school.id
    ensure_layers(database, school.head, eid, [school.spring], Layer.TARGETS)
    [targets] = load_cohort(database, school.head, eid, YEAR, R).layers
    target = Cell(Judgement.ON_TRACK)
    edits = [
        judgement_edit(school.ids[name], targets.id, "LAU", target) for name in ("Adams", "Brook")
    ]
    write_changes(database, school.head, eid, edits)
    progress = load_progress(database, school.head, eid, YEAR, R, school.autumn, school.spring)
    assert progress.story(school.ids["Adams"])[0] == (
        "Listening, Attention and Understanding: Below in Autumn 2, On track in Spring 1: "
        "moved up. Target On track: met"
    )
    assert progress.story(school.ids["Brook"])[0].endswith("moved down. Target On track: below")
    assert "Target" not in progress.story(school.ids["Cross"])[0]


def test_a_layer_is_not_deleted_on_its_own(database: Database) -> None:
    """D on the targets deletes nothing and says why: they go with their assessment."""
    school = Reception(database)
    eid = school.school.id
    ensure_layers(database, school.head, eid, [school.autumn], Layer.TARGETS)
    cohort = load_cohort(database, school.head, eid, YEAR, R)
    (targets,) = cohort.layers
    with pytest.raises(InvalidInput, match="Autumn 2 targets belong to their assessment"):
        period_contents(database, school.head, eid, targets.id)
    assert [layer.id for layer in load_cohort(database, school.head, eid, YEAR, R).layers] == [
        targets.id
    ]

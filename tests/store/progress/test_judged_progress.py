"""The teacher's judgement of progress counted beside the computed change (SQLite and PostgreSQL),
on the hand-worked Reception cohort of tests/store/progress_school.py, Autumn 2 to Spring 1, with
Spring 1's judged-progress layer:

    pupil   LAU change         judged at Spring 1
    Adams   B -> O  up         A (Above expected progress)
    Brook   O -> B  down       B (Below expected progress)
    Cross   O -> .  n/c        E (Expected progress)
    Drake   . -> O  n/c        not judged
    Evans   B -> O             E, but Include in Data = No: not counted

A judgement in Autumn 2's layer (the earlier assessment's) is not read.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from exports.progress_workbook import write_progress
from store.core.db import Database
from store.curriculum.layers import Layer
from store.progress.layers import ensure_layers
from store.progress.progress import load_progress, progress_periods
from store.progress.transitions import Progress
from store.reports.progress_report import (
    JUDGED_COLUMNS,
    ProgressReport,
    judged_names,
    judged_pupils,
    movement_names,
)
from store.reports.reports import open_reports
from tests.store.progress_school import YEAR, R, Reception
from tests.store.reports.test_targets_report import give, layer_of


@pytest.fixture
def reception(database: Database) -> Reception:
    return Reception(database)


def load(reception: Reception) -> Progress:
    return load_progress(
        reception.database,
        reception.head,
        reception.school.id,
        YEAR,
        R,
        reception.autumn,
        reception.spring,
    )


def judged(reception: Reception) -> Reception:
    db, head, school = reception.database, reception.head, reception.school.id
    ensure_layers(db, head, school, [reception.autumn, reception.spring], Layer.JUDGED_PROGRESS)
    spring = layer_of(db, reception.spring, Layer.JUDGED_PROGRESS)
    give(
        reception,
        spring,
        {
            ("Adams", "LAU"): "A",
            ("Brook", "LAU"): "B",
            ("Cross", "LAU"): "E",
            ("Evans", "LAU"): "E",
        },
    )
    autumn = layer_of(db, reception.autumn, Layer.JUDGED_PROGRESS)
    give(reception, autumn, {("Drake", "LAU"): "A"})
    return reception


def test_without_a_judged_layer_nothing_is_judged(reception: Reception) -> None:
    progress = load(reception)
    assert progress.judged is None
    assert progress.judgement(reception.ids["Adams"], "LAU") is None


def test_the_teachers_judgement_is_counted_beside_the_change(reception: Reception) -> None:
    judged(reception)
    ids = reception.ids
    progress = load(reception)
    lau = progress.subject("LAU")
    counts = {words: judged_pupils(progress, lau, code) for code, words in JUDGED_COLUMNS}
    assert counts == {
        "Above": [ids["Adams"]],
        "Expected": [ids["Cross"]],
        "Below": [ids["Brook"]],
        "Not judged": [ids["Drake"]],
    }
    # Every other area: nobody judged.
    assert len(judged_pupils(progress, progress.subject("SP"), None)) == 4
    assert progress.judgement(ids["Cross"], "LAU") == "Teacher's judgement: Expected progress"
    assert progress.story(ids["Adams"])[0] == (
        "Listening, Attention and Understanding: Below in Autumn 2, On track in Spring 1: "
        "moved up. Teacher's judgement: Above expected progress"
    )


def report_of(reception: Reception, progress: Progress) -> ProgressReport:
    from store.reports.progress_report import progress_report

    data = open_reports(reception.database, reception.head, reception.school.id, YEAR, R, None)
    choices = {
        choice.period.id: choice
        for choice in progress_periods(
            reception.database, reception.head, reception.school.id, YEAR, R
        )
    }
    return progress_report(data, progress, choices[reception.autumn], choices[reception.spring])


def test_names_why_and_workbook(reception: Reception, tmp_path: Path) -> None:
    judged(reception)
    ids = reception.ids
    report = report_of(reception, load(reception))
    above = judged_names(report, "LAU", "A")
    assert [pupil.id for pupil in above.pupils] == [ids["Adams"]]
    assert above.title.endswith("teacher's judgement Above expected progress")
    why = movement_names(report, "LAU", None).why(ids["Brook"])
    assert why[0] == (
        "Listening, Attention and Understanding: On track in Autumn 2, Below in Spring 1: "
        "moved down. Teacher's judgement: Below expected progress."
    )
    workbook = load_workbook(write_progress(report, tmp_path / "progress.xlsx"))
    summary = [list(row) for row in workbook["Summary"].iter_rows(min_row=3, values_only=True)]
    assert summary[0][-4:] == ["Judged Above", "Judged Expected", "Judged Below", "Not judged"]
    lau = next(row for row in summary if row[0] == "Listening, Attention and Understanding")
    assert lau[-4:] == [1, 1, 1, 1]
    pupils = [list(row) for row in workbook["Pupils"].iter_rows(min_row=3, values_only=True)]
    assert pupils[0][-1] == "Teacher's judgement"
    cross = next(r for r in pupils if "CROSS" in str(r[0]) and str(r[4]).startswith("Listening"))
    assert cross[-1] == "Expected progress"


def test_a_school_without_judgements_sees_no_new_column(
    reception: Reception, tmp_path: Path
) -> None:
    report = report_of(reception, load(reception))
    workbook = load_workbook(write_progress(report, tmp_path / "progress.xlsx"))
    header = next(workbook["Summary"].iter_rows(min_row=3, max_row=3, values_only=True))
    assert "Not judged" not in header
    pupils = next(workbook["Pupils"].iter_rows(min_row=3, max_row=3, values_only=True))
    assert "Teacher's judgement" not in pupils

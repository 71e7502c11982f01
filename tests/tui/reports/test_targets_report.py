"""Pilot tests of the Targets report on the Reports screen (o), over the hand-worked Reception
cohort with targets of tests/store/reports/test_targets_report.py: the table per subject, the
pupils behind a figure and why, the workbook (E); and the teacher's judgement of progress beside
Progress's figures (g) where the later assessment has it."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from textual.widgets import DataTable, Static

from store.core.db import Database
from store.curriculum.layers import Layer
from store.progress.layers import ensure_layers
from tests.store.progress_school import Reception
from tests.store.reports.test_targets_report import give, layer_of, with_targets
from tests.tui.reports.test_progress_report import LAU, TODAY, key_bar, press
from tests.tui.reports.test_reports import exports as exports  # the fixture
from tests.tui.reports.test_reports import line, open_reports, status, table_rows
from tui.app import PupilTrackerApp
from tui.screens.dialogs.why import WhyDialog
from tui.screens.reports.names import NamesScreen


@pytest.fixture
def reception(database: Database) -> Reception:
    return Reception(database)


async def test_o_shows_who_is_above_met_or_below_target_with_names_and_why(
    reception: Reception, exports: Path
) -> None:
    with_targets(reception)
    app = PupilTrackerApp(reception.database, reception.head, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_reports(pilot)
        assert "o Targets" not in key_bar(screen)  # the key bar is full: r and F1 offer it
        await press(pilot, "o")
        assert line(screen).startswith("Targets · 2025/2026 · Reception · Spring 1")
        table = screen.query_one("#targets-table", DataTable)
        assert [str(column.label) for column in table.columns.values()] == [
            "Areas of Development",
            "Above",
            "Met",
            "Below",
            "Not compared",
            "Pupils",
        ]
        rows = table_rows(screen, "#targets-table")
        assert rows[0][1:] == ["1", "0", "1", "2", "4"]  # Adams above, Brook below
        assert rows[1][1:] == ["0", "1", "0", "3", "4"]  # Speaking: Adams met
        await press(pilot, "right", "right", "right")  # Below
        assert status(screen).startswith(f"{LAU}: 1 of 2 compared (50.00%) below target")
        await press(pilot, "enter")
        names = pilot.app.screen
        assert isinstance(names, NamesScreen)
        assert names.shown == ["BROOK, Jo"]
        assert names.names.details == ("B / O",)
        await press(pilot, "enter")
        why = pilot.app.screen
        assert isinstance(why, WhyDialog)
        assert why.lines[0] == f"{LAU}: Below now, target On track: below target."
        await press(pilot, "escape", "escape", "right")  # Not compared
        await press(pilot, "enter")
        assert pilot.app.screen.shown == ["CROSS, Jo", "DRAKE, Jo"]  # type: ignore[attr-defined]
        await press(pilot, "escape", "E")
    written = sorted(exports.rglob("*.xlsx"))
    assert len(written) == 1 and written[0].name.startswith("Targets Reception 2025-2026")
    workbook = load_workbook(written[0])
    assert workbook.sheetnames == ["Summary", "Pupils"]
    summary = [list(row) for row in workbook["Summary"].iter_rows(min_row=3, values_only=True)]
    assert summary[0] == [
        "Subject",
        "Above",
        "% Above",
        "Met",
        "% Met",
        "Below",
        "% Below",
        "Not compared",
        "Compared",
        "Num Pupils",
    ]
    assert summary[1] == [LAU, 1, 0.5, 0, 0, 1, 0.5, 2, 2, 4]
    pupils = [list(row) for row in workbook["Pupils"].iter_rows(min_row=3, values_only=True)]
    assert pupils[0] == ["Pupil", "UPN", "Class", "Subject", "Now", "Target", "Status", "Why"]
    assert pupils[1][:1] + pupils[1][3:] == [
        "ADAMS, Jo",
        LAU,
        "O",
        "B",
        "Above",
        "On track now, target Below: above target",
    ]


async def test_o_without_targets_says_what_is_needed(reception: Reception) -> None:
    app = PupilTrackerApp(reception.database, reception.head, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_reports(pilot)
        await press(pilot, "o")
        said = str(screen.query_one("#report-message", Static).render())
        assert "no assessment with targets" in said


async def test_progress_counts_the_teachers_judgement_beside_the_change(
    reception: Reception,
) -> None:
    db, head, school = reception.database, reception.head, reception.school.id
    ensure_layers(db, head, school, [reception.spring], Layer.JUDGED_PROGRESS)
    judged = layer_of(db, reception.spring, Layer.JUDGED_PROGRESS)
    give(reception, judged, {("Adams", "LAU"): "A", ("Brook", "LAU"): "B"})
    app = PupilTrackerApp(db, head, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_reports(pilot)
        await press(pilot, "g")
        table = screen.query_one("#progress-table", DataTable)
        headers = [str(column.label) for column in table.columns.values()]
        assert headers[-4:] == ["Above", "Expected", "Below", "Not judged"]
        assert table_rows(screen, "#progress-table")[0][-4:] == ["1", "0", "1", "2"]
        table.move_cursor(row=0, column=len(headers) - 2)  # Below (judged)
        await press(pilot)
        said = f"{LAU}: 1 of 4 by the teacher's judgement: Below expected progress"
        assert status(screen).startswith(said)
        await press(pilot, "enter")
        names = pilot.app.screen
        assert isinstance(names, NamesScreen)
        assert names.shown == ["BROOK, Jo"]
        await press(pilot, "enter")
        why = pilot.app.screen
        assert isinstance(why, WhyDialog)
        assert why.lines[0].endswith("Teacher's judgement: Below expected progress.")

"""The Reports screen over another framework's period: the Year 1 three-letter Full Report as the
store counts it (tests/store/three_letter_school.py), its figures' pupils, and the EYFS-only
reports offering EYFS in-year assessments only."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from textual.widgets import DataTable, Static

from exports.folder import EXPORTS_DIR_ENV
from store.core.db import Database
from tests.store.reports.test_reports import build_school, guide_children
from tests.store.three_letter_school import add_reception_period, add_year_1
from tests.tui.reports.test_reports import (
    app_for,
    line,
    names_shown,
    open_reports,
    settle,
    status,
    table_rows,
)
from tui.screens.dialogs.choose import ChooseDialog
from tui.screens.reports.names import NamesScreen
from tui.screens.reports.reports import ReportsScreen
from tui.widgets.reports.report_body import ReportBody


@pytest.fixture
def exports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "exports"
    monkeypatch.setenv(EXPORTS_DIR_ENV, str(folder))
    return folder


def headers(screen: ReportsScreen) -> list[str]:
    table = screen.query_one("#full-table", DataTable)
    return [str(column.label) for column in table.columns.values()]


def message(screen: ReportsScreen) -> str:
    return str(screen.query_one(ReportBody).query_one("#report-message", Static).render())


@pytest.mark.usefixtures("three_letter_framework")
async def test_the_year_1_full_report_reads_its_framework(
    database: Database, exports: Path
) -> None:
    school = build_school(database, guide_children())
    add_year_1(database, school.actor, school.establishment.id)
    async with app_for(school).run_test(size=(80, 24)) as pilot:
        screen = await open_reports(pilot)
        await pilot.press("right_square_bracket")  # Reception -> Year 1
        await settle(pilot)
        assert line(screen) == (
            "Full Report · 2025/2026 · Year 1 · Autumn test 14/11/2025 · All classes"
        )
        assert headers(screen) == [
            "Subjects",
            "Working",
            "%",
            "Expected",
            "%",
            "Pupils",
            "Average",
        ]
        assert table_rows(screen, "#full-table") == [
            ["Reading", "1", "16.67%", "2", "33.33%", "6", ""],
            ["Writing", "1", "16.67%", "3", "50.00%", "6", ""],
            ["Mathematics", "1", "16.67%", "2", "33.33%", "6", ""],
            ["Phonics mark", "", "", "", "", "6", "25.67"],
        ]
        # The name column's sentence says every group in full.
        assert status(screen).startswith(
            "Reading: 6 pupils (1 Working towards, 2 Expected or above, 2 with another code, "
            "1 blank)"
        )
        await pilot.press("right")
        assert status(screen).startswith("Reading: 1 Working towards (16.67%) of 6")
        assert await names_shown(pilot) == ["ADAMS, Kid"]
        await pilot.press("escape", "right", "right")
        assert status(screen).startswith("Reading: 2 Expected or above (33.33%) of 6")
        assert await names_shown(pilot) == ["BROOK, Kid", "CROSS, Kid"]
        # The phonics mark: its blank groups and its average both open the marks.
        await pilot.press("escape", "down", "down", "down")
        assert status(screen).startswith("Phonics mark: 3 of 6 pupils with a mark, average")
        await pilot.press("enter")
        await pilot.pause()
        names = pilot.app.screen
        assert isinstance(names, NamesScreen)
        assert names.names.title == "Phonics mark: With a mark"
        assert names.names.details == ("12", "30", "35")
        await pilot.press("escape", "E")
        await settle(pilot)
    (workbook,) = exports.rglob("Full Report Year 1*.xlsx")
    sheet = load_workbook(workbook).active
    assert sheet is not None
    assert ["Phonics mark", None, None, None, None, 6, 3, 25.67] in [
        list(row) for row in sheet.iter_rows(values_only=True)
    ]


@pytest.mark.usefixtures("three_letter_framework")
async def test_a_venn_of_year_1_says_it_is_drawn_at_eyfs_assessments(database: Database) -> None:
    school = build_school(database, guide_children())
    add_year_1(database, school.actor, school.establishment.id)
    async with app_for(school).run_test(size=(80, 24)) as pilot:
        screen = await open_reports(pilot)
        await pilot.press("right_square_bracket", "v")
        await settle(pilot)
        assert message(screen).startswith(
            "Venn: Communication and Language is drawn at EYFS in-year assessments, and Year 1 "
            "has none in 2025/2026"
        )
        await pilot.press("p")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, ChooseDialog)


@pytest.mark.usefixtures("three_letter_reception_framework")
async def test_the_period_list_of_a_venn_offers_eyfs_assessments_only(database: Database) -> None:
    school = build_school(database, guide_children())
    reading = add_reception_period(
        database, school.actor, school.establishment.id, list(school.ids.values())
    )
    async with app_for(school).run_test(size=(80, 24)) as pilot:
        screen = await open_reports(pilot)
        # The Full Report opens at the latest period with values, of whatever framework.
        assert line(screen).startswith("Full Report · 2025/2026 · Reception · Reading test")
        assert [row[0] for row in table_rows(screen, "#full-table")] == [
            "Reading",
            "Writing",
            "Mathematics",
            "Phonics mark",
        ]
        await pilot.press("p")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, ChooseDialog)
        assert [choice.value for choice in dialog.choices] == [reading, school.period_id]
        await pilot.press("escape", "v", "v")  # Communication and Language, then PSED
        await settle(pilot)
        assert (
            line(screen) == "Venn: PSED · 2025/2026 · Reception · Autumn 1 17/10/2025 · All classes"
        )
        await pilot.press("p")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, ChooseDialog)
        assert [choice.value for choice in dialog.choices] == [school.period_id]

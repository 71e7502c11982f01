"""Pilot test of the Progress report over many establishments (support): g over all of them,
the worker and its progress, a figure's names with their establishment and why, the choice of
two named assessments (p), and the workbook read back, over the hand-worked schools of
tests/store/reports/test_progress_many.py."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from textual.widgets import DataTable

from exports.folder import LA_FOLDER
from store.core.db import Database
from tests.store.reports.test_progress_many import SUPPORT, build_schools
from tests.tui.reports.test_reports import exports as exports  # the fixture
from tests.tui.reports.test_reports import line, settle, status, table_rows
from tui.app import PupilTrackerApp
from tui.screens.dialogs.choose import ChooseDialog
from tui.screens.dialogs.why import WhyDialog
from tui.screens.reports.breakdown import BreakdownScreen
from tui.screens.reports.names import NamesScreen
from tui.screens.reports.reports import ReportsScreen
from tui.widgets.reports.report_progress import ReportProgress

TODAY = date(2026, 3, 1)
LAU = "Listening, Attention and Understanding"


async def test_support_sees_progress_over_every_establishment(
    database: Database, exports: Path
) -> None:
    build_schools(database)
    async with PupilTrackerApp(database, SUPPORT, today=TODAY).run_test(size=(80, 24)) as pilot:
        await pilot.press("r")  # on the establishments list: reports over all of them
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ReportsScreen) and screen.all_scope
        await pilot.press("g")
        await settle(pilot)
        assert not screen.query_one(ReportProgress).display  # the worker is done
        assert line(screen) == (
            "Progress · 2025/2026 · Reception · Latest two assessments at each establishment"
        )
        rows = table_rows(screen, "#progress-table")
        assert rows[0][0].startswith("Listening, Attention")
        assert rows[0][1:] == ["2", "1", "1", "1", "5"]  # up, same, down, not compared, pupils
        assert "2 of 4 establishments counted" in status(screen)
        # Moved up in LAU: whose pupils, and why.
        await pilot.press("right", "enter")
        await pilot.pause()
        names = pilot.app.screen
        assert isinstance(names, NamesScreen)
        assert names.shown == ["ABLE, Child", "FORD, Child"]
        table = names.query_one(DataTable)
        assert [str(cell) for cell in table.get_row_at(1)][:2] == [
            "FORD, Child",
            "2062 - BIRCH INFANTS",
        ]
        await pilot.press("down", "enter")
        await pilot.pause()
        why = pilot.app.screen
        assert isinstance(why, WhyDialog)
        assert why.lines[0] == (f"{LAU}: Below in Autumn 1, On track in spring 1: moved up.")
        await pilot.press("escape", "E")  # the names to Excel
        await settle(pilot)
        await pilot.press("escape", "E")  # the report to Excel
        await settle(pilot)
        assert pilot.app.screen is screen
        await pilot.press("b")  # moved up, establishment by establishment (Cedar: why not)
        await pilot.pause()
        breakdown = pilot.app.screen
        assert isinstance(breakdown, BreakdownScreen)
        assert breakdown.shown == [
            ("2061", 1, "33.33"),
            ("2062", 1, "50.00"),
            ("2063", 0, ""),
            ("2064", 0, ""),
        ]
        await pilot.press("escape")
        await pilot.pause()
        # p: from Autumn 1 to Spring 1, by name at each establishment.
        await pilot.press("p")
        await pilot.pause()
        first = pilot.app.screen
        assert isinstance(first, ChooseDialog)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ChooseDialog)
        await pilot.press("enter")
        await settle(pilot)
        assert line(screen).endswith("Autumn 1 to Spring 1 at each establishment")
        assert table_rows(screen, "#progress-table")[0][1:] == ["2", "1", "1", "1", "5"]
    folder = exports / LA_FOLDER / "outbox"
    written = {path.name.split(" (")[0]: path for path in folder.glob("*.xlsx")}
    report_name = "Progress All establishments Reception 2025-2026 Latest two assessments"
    assert report_name in written
    workbook = load_workbook(written[report_name])
    assert workbook.sheetnames == ["Summary", "Transition tables", "Pupils", "By establishment"]
    summary = [list(row) for row in workbook["Summary"].iter_rows(values_only=True)]
    assert [LAU, 2, 0.5, 1, 0.25, 1, 0.25, 1, 4, 5] in summary
    pupils = [list(row) for row in workbook["Pupils"].iter_rows(values_only=True)]
    header = pupils.index(next(row for row in pupils if row[0] == "Establishment number"))
    assert pupils[header][:4] == ["Establishment number", "Establishment", "Pupil", "UPN"]
    first_row = pupils[header + 1]
    assert first_row[:3] == ["2061", "ASH PRIMARY", "BAKER, Child"]  # 1 subject moved down
    assert first_row[5] == 1
    schools = [list(row) for row in workbook["By establishment"].iter_rows(values_only=True)]
    assert ["2063", "CEDAR", "judgements only at Autumn 1 (17/10/2025)", None] in schools
    names_file = next(name for name in written if name.startswith("Names"))
    names_sheet = load_workbook(written[names_file]).active
    assert names_sheet is not None
    listed = [list(row)[:3] for row in names_sheet.iter_rows(values_only=True)]
    assert ["2062", "BIRCH INFANTS", "Ford"] in listed

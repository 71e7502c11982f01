"""Pilot tests of the Reports screen: real keys from the home screen, figures checked against the
hand-worked cohorts of the store tests, drill-down to names, and the workbooks read back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from exports.folder import EXPORTS_DIR_ENV
from store.core.access import Actor, Role
from store.core.db import Database
from store.establishments.establishments import create_establishment
from tests.store.reports.test_reports import ReportSchool, build_school, guide_children
from tests.store.reports.test_reports_elg import ELG_CHILDREN
from tests.store.reports.test_reports_venn import PSED_CHILDREN
from tui.app import PupilTrackerApp
from tui.screens.reports.names import NamesScreen
from tui.screens.reports.reports import ReportsScreen
from tui.widgets.reports.report_body import ReportBody
from tui.widgets.reports.venn import VennDiagram

TODAY = date(2026, 1, 15)  # in 2025/2026, the hand-worked cohorts' year


@pytest.fixture
def exports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "exports"
    monkeypatch.setenv(EXPORTS_DIR_ENV, str(folder))
    return folder


def app_for(school: ReportSchool, actor: Actor | None = None) -> PupilTrackerApp:
    return PupilTrackerApp(school.database, actor or school.actor, today=TODAY)


async def settle(pilot: Pilot[None]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_reports(pilot: Pilot[None]) -> ReportsScreen:
    """From the start screen: Enter opens the establishment, r its Reports."""
    await pilot.press("enter", "r")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReportsScreen)
    return screen


def table_rows(screen: ReportsScreen, table_id: str) -> list[list[str]]:
    table = screen.query_one(table_id, DataTable)
    return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]


def status(screen: ReportsScreen) -> str:
    return str(screen.query_one("#report-status", Static).render())


def line(screen: ReportsScreen) -> str:
    return str(screen.query_one("#report-line", Static).render())


async def names_shown(pilot: Pilot[None]) -> list[str]:
    await pilot.press("enter")
    await pilot.pause()
    names = pilot.app.screen
    assert isinstance(names, NamesScreen)
    return names.shown


async def test_full_report_shows_the_guides_table_and_drills_down(
    database: Database, exports: Path
) -> None:
    school = build_school(database, guide_children())
    async with app_for(school).run_test(size=(80, 24)) as pilot:
        screen = await open_reports(pilot)
        assert (
            line(screen)
            == "Full Report · 2025/2026 · Reception · Autumn 1 17/10/2025 · All classes"
        )
        rows = table_rows(screen, "#full-table")
        assert len(rows) == 17
        assert rows[0][1:] == ["3", "50.00%", "3", "50.00%", "6"]
        assert rows[3][0] == "Managing Self" and rows[3][1:] == ["4", "66.67%", "2", "33.33%", "6"]
        assert "1 pupil with Include in Data = No is left out" in status(screen)
        # Managing Self, Below: down 3 rows, right 1 column.
        await pilot.press("down", "down", "down", "right")
        assert "Managing Self: 4 Below (66.67%) of 6" in status(screen)
        assert await names_shown(pilot) == [
            "HIGH HADISA, Hadisa",
            "HIGH HARRIETT, Harriett",
            "HIGH HARRISON, Harrison",
            "HIGH HARRY, Harry",
        ]
        await pilot.press("E")
        await settle(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is screen
        # On track is two columns further right; Num Pupils at the end lists all six.
        await pilot.press("right", "right")
        assert len(await names_shown(pilot)) == 2
        await pilot.press("escape", "end")
        assert len(await names_shown(pilot)) == 6
        await pilot.press("escape", "E")
        await settle(pilot)
    written = sorted(exports.rglob("*.xlsx"))
    assert [path.name.split(" (")[0] for path in written] == [
        "Full Report Reception 2025-2026 Autumn 1",
        "Names Managing Self - Below Reception 2025-2026 Autumn 1",
    ]
    names = load_workbook(written[1]).active
    assert names is not None
    surnames = [row[0] for row in names.iter_rows(values_only=True)][3:]
    assert surnames == ["High Hadisa", "High Harriett", "High Harrison", "High Harry"]
    report = load_workbook(written[0]).active
    assert report is not None
    assert ["Managing Self", 4, 0.6667, 2, 0.3333, 6] in [
        list(row) for row in report.iter_rows(values_only=True)
    ]


async def test_class_and_filter_change_the_figures(database: Database) -> None:
    school = build_school(database, PSED_CHILDREN)
    async with app_for(school).run_test(size=(80, 24)) as pilot:
        screen = await open_reports(pilot)
        assert table_rows(screen, "#full-table")[2][1:] == ["3", "30.00%", "5", "50.00%", "10"]
        # c, then 2 picks the class called Wrens (Ivy's), Enter chooses it.
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("2", "enter")
        await settle(pilot)
        assert line(screen).endswith("· Wrens")
        assert table_rows(screen, "#full-table")[2][1:] == ["0", "0.00%", "1", "100.00%", "1"]
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("A", "enter")
        await settle(pilot)
        # The filter: search "ch" (Birch, Larch).
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("slash", "c", "h", "enter")
        await settle(pilot)
        assert table_rows(screen, "#full-table")[2][1:] == ["2", "100.00%", "0", "0.00%", "2"]
        assert "Filter: 'ch'" in str(screen.query_one("#filter-bar", Static).render())


async def test_venn_regions_are_chosen_by_number_and_by_arrows(database: Database) -> None:
    school = build_school(database, PSED_CHILDREN)
    async with app_for(school).run_test(size=(80, 24)) as pilot:
        screen = await open_reports(pilot)
        await pilot.press("v", "v")  # Communication and Language, then PSED
        await settle(pilot)
        venn = screen.query_one(VennDiagram)
        assert venn.report is not None and venn.report.area.short == "PSED"
        drawing = venn.render().plain
        assert "┼" in drawing and "7 SR+MS+BR" in drawing and "2 (20.00%)" in drawing
        assert "8 none" in drawing
        await pilot.press("7")
        await pilot.pause()
        names = pilot.app.screen
        assert isinstance(names, NamesScreen) and names.shown == ["IVY, Child", "OAK, Child"]
        await pilot.press("escape")
        await pilot.pause()
        # From region 1 (SR only): right is SR + MS, down from there is all three.
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("escape", "right")
        assert status(screen).startswith("4 SR + MS: 1 of 10 (10.00%)")
        await pilot.press("down")
        assert status(screen).startswith("7 SR + MS + BR: 2 of 10 (20.00%)")
        assert await names_shown(pilot) == ["IVY, Child", "OAK, Child"]


async def test_elg_summary_and_its_names(database: Database, exports: Path) -> None:
    school = build_school(database, ELG_CHILDREN)
    async with app_for(school).run_test(size=(80, 24)) as pilot:
        screen = await open_reports(pilot)
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("E", "L", "G", "enter")
        await settle(pilot)
        rows = table_rows(screen, "#elg-table")
        assert rows[0][:4] == ["Good Level of Development", "3", "8", "37.50%"]
        assert rows[1][0] == "Average ELG total score" and rows[1][4] == "27.60"
        assert rows[2][4] == "10.60"
        assert await names_shown(pilot) == ["AHMED, Child", "BROWN, Child", "FRASER, Child"]
        await pilot.press("escape", "down", "enter")
        await pilot.pause()
        names = pilot.app.screen
        assert isinstance(names, NamesScreen)
        assert names.names.title == "Pupils in the average ELG total score"
        assert names.names.details == ("34", "32", "33", "17", "22")
        await pilot.press("escape", "E")
        await settle(pilot)
        # Nursery 2 has no End of Year ELGs: the screen goes back to the Full Report.
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert line(screen).startswith("Full Report · 2025/2026 · Nursery 2")
        assert "no assessment" in str(
            screen.query_one(ReportBody).query_one("#report-message", Static).render()
        )
    (workbook,) = exports.rglob("ELG summary*.xlsx")
    sheet = load_workbook(workbook).active
    assert sheet is not None
    assert ["Good Level of Development", 3, 8, 0.375, None] in [
        list(row) for row in sheet.iter_rows(values_only=True)
    ]


async def test_another_establishments_manager_is_refused(database: Database) -> None:
    school = build_school(database, guide_children())
    other = create_establishment(database, Actor("s", Role.SUPPORT, None), "2052", "OTHER")
    stranger = Actor("nosy", Role.MANAGER, other.id)
    async with app_for(school, stranger).run_test(size=(80, 24)) as pilot:
        # The stranger's start screen lists only their own school; open the report directly.
        screen = ReportsScreen(database, stranger, school.establishment, today=TODAY)
        await pilot.app.push_screen(screen)
        await settle(pilot)
        message = str(screen.query_one("#report-message", Static).render())
        assert "only see and change your own establishment" in message
        assert screen.shown.result is None

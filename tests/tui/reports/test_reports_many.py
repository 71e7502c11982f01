"""Pilot tests of reports over all establishments (support): real keys from the establishments
list, the progress shown while the worker counts, the figures of the hand-worked schools of
tests/store/reports/test_reports_many.py, drill-down with establishments, Escape stopping the
worker, and
the workbooks read back with openpyxl."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

import tui.screens.reports.many as many_screen
from exports.folder import EXPORTS_DIR_ENV, LA_FOLDER
from store.core.access import Actor, Role
from store.core.db import Database
from store.reports.many import ManyReports, many_reports
from tests.store.reports.test_reports_many import SUPPORT, build_three
from tests.tui.reports.test_reports import TODAY, line, settle, status, table_rows
from tui.app import PupilTrackerApp
from tui.screens.reports.breakdown import BreakdownScreen
from tui.screens.reports.names import NamesScreen
from tui.screens.reports.reports import ReportsScreen
from tui.widgets.reports.report_progress import ReportProgress


@pytest.fixture
def exports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "exports"
    monkeypatch.setenv(EXPORTS_DIR_ENV, str(folder))
    return folder


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Holds the worker after the first establishment until the test opens the gate."""
    opened = threading.Event()

    def held(*args: Any, progress: Any, **kwargs: Any) -> ManyReports:
        def told(done: int, total: int) -> None:
            progress(done, total)
            if done == 1:
                opened.wait(timeout=60)  # a safety net only: every test opens the gate

        return many_reports(*args, progress=told, **kwargs)

    monkeypatch.setattr(many_screen, "many_reports", held)
    yield opened
    opened.set()


async def until_progress(pilot: Pilot[None], screen: ReportsScreen, text: str) -> str:
    """Let the app process the worker's progress messages until the line says `text`."""
    progress = screen.query_one(ReportProgress)
    for _ in range(500):
        if text in progress.text:
            break
        await pilot.pause()
    return progress.text


def body_message(screen: ReportsScreen) -> str:
    return str(screen.query_one("#report-message", Static).render())


async def test_support_reports_over_all_establishments(
    database: Database, exports: Path, gate: threading.Event
) -> None:
    build_three(database)
    async with PupilTrackerApp(database, SUPPORT, today=TODAY).run_test(size=(80, 24)) as pilot:
        await pilot.press("r")  # on the establishments list: reports over all of them
        screen = pilot.app.screen
        assert isinstance(screen, ReportsScreen) and screen.all_scope
        # The worker is held after the first establishment: the progress says so, and keys
        # still work meanwhile (the report chooser opens and closes).
        said = await until_progress(pilot, screen, "1 of 4")
        assert said == "1 of 4 establishments · Escape stops"
        assert screen.query_one(ReportProgress).display
        assert body_message(screen).startswith("Working out the reports")
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        gate.set()
        await settle(pilot)
        assert not screen.query_one(ReportProgress).display
        assert line(screen) == (
            "Full Report · 2025/2026 · Reception · Latest assessment at each establishment"
        )
        rows = table_rows(screen, "#full-table")
        assert rows[0][0].startswith("Listening, Attention")
        assert rows[0][1:] == ["1", "14.29%", "5", "71.43%", "7"]
        assert "3 of 4 establishments counted" in status(screen)
        # On track in Listening, Attention and Understanding: whose pupils, and where.
        await pilot.press("right", "right", "right", "enter")
        await pilot.pause()
        names = pilot.app.screen
        assert isinstance(names, NamesScreen)
        assert names.shown == [
            "BAKER, Child",
            "EVANS, Child",
            "FORD, Child",
            "GRAY, Child",
            "HILL, Child",
        ]
        table = names.query_one(DataTable)
        assert [str(cell) for cell in table.get_row_at(1)][:2] == [
            "EVANS, Child",
            "2062 - BIRCH INFANTS",
        ]
        await pilot.press("E")
        await settle(pilot)
        await pilot.press("escape", "b")
        await pilot.pause()
        breakdown = pilot.app.screen
        assert isinstance(breakdown, BreakdownScreen)
        assert breakdown.shown == [
            ("2061", 1, "33.33"),
            ("2062", 2, "100.00"),
            ("2063", 2, "100.00"),
            ("2064", 0, ""),
        ]
        await pilot.press("down", "enter")  # Birch's pupils behind the figure
        await pilot.pause()
        birch = pilot.app.screen
        assert isinstance(birch, NamesScreen) and birch.shown == ["EVANS, Child", "FORD, Child"]
        await pilot.press("escape", "E")
        await settle(pilot)
        await pilot.press("escape", "E")
        await settle(pilot)
        assert pilot.app.screen is screen
    folder = exports / LA_FOLDER / "outbox"
    written = {path.name.split(" (")[0]: path for path in folder.glob("*.xlsx")}
    assert sorted(written) == [
        "Full Report All establishments Reception 2025-2026 Latest assessment",
        "Listening, Attention and Understanding - On track by establishment All establishments "
        "Reception 2025-2026 Latest assessment",
        "Names Listening, Attention and Understanding - On track All establishments Reception "
        "2025-2026 Latest assessment",
    ]
    full = load_workbook(written[sorted(written)[0]])
    report = full["Full Report"]
    assert str(report["A1"].value).startswith(
        "Full Report · Latest assessment at each establishment"
    )
    assert "All establishments (4)" in str(report["A1"].value)
    values = [list(row) for row in report.iter_rows(values_only=True)]
    assert ["Listening, Attention and Understanding", 1, 0.1429, 5, 0.7143, 7] in values
    by_school = [list(row) for row in full["By establishment"].iter_rows(values_only=True)]
    assert by_school[3][:5] == ["2061", "ASH PRIMARY", "Autumn 1 17/10/2025", 3, 0.3333]
    assert by_school[6][:5] == ["2064", "DOVE NURSERY", "no Reception pupils", None, None]
    names_sheet = load_workbook(written[sorted(written)[2]]).active
    assert names_sheet is not None
    listed = [list(row)[:3] for row in names_sheet.iter_rows(values_only=True)][3:]
    assert listed[:2] == [["2061", "ASH PRIMARY", "Baker"], ["2062", "BIRCH INFANTS", "Evans"]]
    table_sheet = load_workbook(written[sorted(written)[1]]).active
    assert table_sheet is not None
    assert ["2062", "BIRCH INFANTS", "Autumn 1 17/10/2025", 2, 2, 1.0] in [
        list(row) for row in table_sheet.iter_rows(values_only=True)
    ]


async def test_escape_stops_the_worker_and_f5_starts_again(
    database: Database, gate: threading.Event
) -> None:
    build_three(database)
    async with PupilTrackerApp(database, SUPPORT, today=TODAY).run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        screen = pilot.app.screen
        assert isinstance(screen, ReportsScreen)
        await until_progress(pilot, screen, "1 of 4")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ReportsScreen)  # Escape stopped the work only
        assert pilot.app.screen.shown is screen.shown
        assert body_message(screen).startswith("Stopped at 1 of 4 establishments")
        assert not screen.query_one(ReportProgress).display
        gate.set()
        await settle(pilot)
        assert screen.shown.result is None  # the stopped pass shows nothing
        await pilot.press("f5")
        await settle(pilot)
        assert table_rows(screen, "#full-table")[0][1:] == ["1", "14.29%", "5", "71.43%", "7"]
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is not screen


async def test_a_switches_a_support_person_between_one_school_and_all(
    database: Database, gate: threading.Event
) -> None:
    gate.set()
    three = build_three(database)
    async with PupilTrackerApp(database, SUPPORT, today=TODAY).run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "r")  # Ash's home, then its Reports
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ReportsScreen) and not screen.all_scope
        assert table_rows(screen, "#full-table")[0][1:] == ["1", "33.33%", "1", "33.33%", "3"]
        await pilot.press("a")
        await settle(pilot)
        assert screen.all_scope
        assert table_rows(screen, "#full-table")[0][1:] == ["1", "14.29%", "5", "71.43%", "7"]
        # Spring 1 at each establishment that has it: only Cedar has.
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("S", "enter")
        await settle(pilot)
        assert line(screen).endswith("Spring 1 at each establishment")
        assert "1 of 4 establishments counted" in status(screen)
        assert table_rows(screen, "#full-table")[0][1:] == ["0", "0.00%", "2", "100.00%", "2"]
        # Only Birch (s, then its name): it has no Spring 1, so nobody is counted.
        await pilot.press("s")
        await pilot.pause()
        await pilot.press(*"birch", "enter")
        await settle(pilot)
        assert "0 of 1 establishments counted" in status(screen)
        assert table_rows(screen, "#full-table")[0][1:] == ["0", "0.00%", "0", "0.00%", "0"]
        await pilot.press("a")
        await settle(pilot)
        assert not screen.all_scope
        assert str(screen.query_one("#cohort-bar", Static).render()).startswith(
            three.ash.establishment.title
        )


async def test_a_manager_has_no_all_establishments_key(database: Database) -> None:
    three = build_three(database)
    manager = Actor("head", Role.MANAGER, three.ash.establishment.id)
    async with PupilTrackerApp(database, manager, today=TODAY).run_test(size=(80, 24)) as pilot:
        await pilot.press("r")  # not support: r on the establishments list does nothing
        await pilot.pause()
        assert not isinstance(pilot.app.screen, ReportsScreen)
        await pilot.press("enter", "r")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ReportsScreen)
        await pilot.press("a")
        await settle(pilot)
        assert not screen.all_scope
        assert "All schools" not in str(screen.query_one("KeyBar", Static).render())

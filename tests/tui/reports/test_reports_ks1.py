"""Pilot tests of the Reports screen over KS1 (tests/store/eyfs_to_ks1_school.py's school): the
Full Report of a phonics check (its outcome among pupils with a mark) and of a KS1 teacher
assessment (EXS+, GDS, below EXS), then k's EYFS to KS1 table, each figure's pupils behind Enter,
and E's workbook."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from store.core.db import Database
from tests.store.eyfs_to_ks1_school import Ks1ReportSchool, build_ks1_report_school
from tests.tui.reports.test_reports import exports as exports  # the fixture
from tests.tui.reports.test_reports import (
    line,
    names_shown,
    open_reports,
    settle,
    status,
    table_rows,
)
from tui.app import PupilTrackerApp
from tui.screens.reports.names import NamesScreen
from tui.screens.reports.reports import ReportsScreen

TODAY = date(2026, 1, 15)  # 2025/2026: the school's year


@pytest.fixture
def school(database: Database) -> Ks1ReportSchool:
    return build_ks1_report_school(database)


def app_for(school: Ks1ReportSchool) -> PupilTrackerApp:
    return PupilTrackerApp(school.database, school.actor, today=TODAY)


def headers(screen: ReportsScreen, table_id: str) -> list[str]:
    table = screen.query_one(table_id, DataTable)
    return [str(column.label) for column in table.columns.values()]


def key_bar(screen: ReportsScreen) -> str:
    return str(screen.query_one("KeyBar", Static).render())


async def press(pilot: Pilot[None], *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


async def test_the_full_report_counts_the_phonics_outcome_and_ks1s_groups(
    school: Ks1ReportSchool,
) -> None:
    async with app_for(school).run_test(size=(80, 24)) as pilot:
        screen = await open_reports(pilot)
        assert "EYFS→KS1" not in key_bar(screen)  # Reception: k is for Year 1 and Year 2
        await press(pilot, "right_square_bracket")  # Year 1
        await press(pilot, "p")
        await press(pilot, "P", "h", "enter")  # the phonics check, by its name
        assert line(screen) == (
            "Full Report · 2025/2026 · Year 1 · Phonics check 09/06/2026 · All classes"
        )
        assert headers(screen, "#full-table") == [
            "Phonics screening check",
            "Wt",
            "% Wt",
            "Wa",
            "% Wa",
            "Pupils",
            "Average",
        ]
        assert table_rows(screen, "#full-table") == [
            ["Phonics check mark", "", "", "", "", "3", "27.50"],
            ["Outcome", "1", "50.00%", "1", "50.00%", "2", ""],
        ]
        await press(pilot, "down")
        assert status(screen).startswith("Outcome: 2 pupils with an outcome (1 Wt, 1 Wa)")
        await press(pilot, "right", "right", "right")
        assert status(screen).startswith("Outcome: 1 Wa (50.00%) of 2 with an outcome")
        assert await names_shown(pilot) == ["IVES, Kid"]
        await press(pilot, "escape", "right_square_bracket")  # Year 2: KS1 summer
        assert line(screen).startswith("Full Report · 2025/2026 · Year 2 · KS1 summer")
        assert headers(screen, "#full-table") == [
            "Subjects",
            "EXS+",
            "% EXS+",
            "GDS",
            "% GDS",
            "Below EXS",
            "%",
            "Pupils",
        ]
        assert table_rows(screen, "#full-table") == [
            ["Reading", "4", "57.14%", "1", "14.29%", "1", "14.29%", "7"],
            ["Writing", "4", "57.14%", "1", "14.29%", "1", "14.29%", "7"],
            ["Mathematics", "2", "28.57%", "1", "14.29%", "3", "42.86%", "7"],
            ["Science", "3", "42.86%", "0", "0.00%", "2", "28.57%", "7"],
        ]
        table = screen.query_one("#full-table", DataTable)
        table.move_cursor(row=0, column=0)
        await settle(pilot)
        assert status(screen).startswith(
            "Reading: 7 pupils (4 EXS+, 1 GDS, 1 Below EXS, 2 Other; 1 blank)"
        )
        table.move_cursor(row=0, column=3)
        await settle(pilot)
        assert status(screen).startswith("Reading: 1 GDS (14.29%) of 7")
        assert await names_shown(pilot) == ["ADAMS, Kid"]
        await press(pilot, "escape", "down", "down", "right", "right")  # Mathematics, below EXS
        assert await names_shown(pilot) == ["BROOK, Kid", "CROSS, Kid", "HUGHES, Kid"]


async def test_k_crosses_the_reception_elgs_with_ks1_and_opens_each_figures_pupils(
    school: Ks1ReportSchool, exports: Path
) -> None:
    async with app_for(school).run_test(size=(80, 24)) as pilot:
        screen = await open_reports(pilot)
        await press(pilot, "right_square_bracket", "right_square_bracket")  # Year 2
        assert "k EYFS→KS1" in key_bar(screen)
        await press(pilot, "k")
        assert line(screen) == (
            "EYFS to KS1 · 2025/2026 · Year 2 · KS1 summer 10/06/2026 · All classes"
        )
        assert headers(screen, "#cross-table") == [
            "Subject",
            "Exp",
            "EXS+",
            "Both",
            "Exp only",
            "EXS+ only",
            "Neither",
            "No EYFS",
            "Pupils",
        ]
        assert table_rows(screen, "#cross-table") == [
            ["Reading", "2", "4", "2", "0", "1", "2", "2", "7"],
            ["Writing", "4", "4", "2", "2", "1", "1", "1", "7"],
            ["Mathematics", "3", "2", "1", "2", "0", "3", "1", "7"],
            ["Science", "3", "3", "2", "1", "0", "2", "2", "7"],
        ]
        assert status(screen).startswith(
            "Reading from Word Reading and Comprehension: 7 pupils, 1 without ELGs"
        )
        await press(pilot, *["right"] * 6)  # Neither
        assert status(screen).startswith(
            "Reading: 2 of 7 (28.57%) not Expected in Word Reading and Comprehension, not EXS+"
        )
        assert await names_shown(pilot) == ["CROSS, Kid", "DRAKE, Kid"]
        names = pilot.app.screen
        assert isinstance(names, NamesScreen)
        assert names.names.title == "Reading: Neither Expected nor EXS+"
        assert names.names.details == ("Emerg Emerg → WTS", "Absent Absent → A")
        await press(pilot, "escape", "E")
        assert len(list(exports.rglob("EYFS to KS1 Year 2 2025-2026 KS1 summer*.xlsx"))) == 1
        await press(pilot, "left_square_bracket")  # Year 1 keeps the table, at its own period
        assert line(screen).startswith("EYFS to KS1 · 2025/2026 · Year 1 · Year 1 TA")
        reading = ["Reading", "2", "1", "1", "1", "0", "1", "0", "3"]
        assert table_rows(screen, "#cross-table")[0] == reading
        await press(pilot, "left_square_bracket")  # Reception: back to the Full Report
        assert line(screen).startswith("Full Report · 2025/2026 · Reception")
        assert "EYFS→KS1" not in key_bar(screen)
        await press(pilot, "k")  # not here: nothing happens
        assert line(screen).startswith("Full Report · 2025/2026 · Reception")

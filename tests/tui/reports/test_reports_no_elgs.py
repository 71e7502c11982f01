"""The ELG summary of a year without End of Year ELGs says there are none (screen and workbook),
rather than a table of noughts."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from textual.widgets import Static

from exports.folder import EXPORTS_DIR_ENV
from store.core.db import Database
from tests.store.reports.test_reports import Child, build_school
from tests.tui.reports.test_reports import app_for, open_reports, settle, status
from tui.screens.reports.names import NamesScreen
from tui.widgets.reports.report_body import ReportBody


@pytest.fixture
def exports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "exports"
    monkeypatch.setenv(EXPORTS_DIR_ENV, str(folder))
    return folder


NONE = "There are no End of Year ELGs for 2024/2025"


async def test_a_year_without_elgs_says_so_on_screen_and_in_the_workbook(
    database: Database, exports: Path
) -> None:
    school = build_school(database, [Child("Ahmed"), Child("Brown")])
    async with app_for(school).run_test(size=(80, 24)) as pilot:
        screen = await open_reports(pilot)
        await pilot.press("less_than_sign")  # 2024/2025: no End of Year ELGs that year
        await settle(pilot)
        await pilot.press("r", "E", "L", "G", "enter")
        await settle(pilot)
        body = screen.query_one(ReportBody)
        assert body.current == "report-message"
        message = str(body.query_one("#report-message", Static).render())
        assert message.startswith(NONE) and "press l on the Assessments screen" in message
        assert status(screen).startswith(NONE) and "Enter lists" not in status(screen)
        await pilot.press("enter")  # no figure, so no names
        await pilot.pause()
        assert not isinstance(pilot.app.screen, NamesScreen)
        await pilot.press("E")
        await settle(pilot)
    (workbook,) = exports.rglob("ELG summary*.xlsx")
    sheet = load_workbook(workbook).active
    assert sheet is not None
    cells = [value for row in sheet.iter_rows(values_only=True) for value in row if value]
    assert f"{NONE} yet." in cells
    assert "Good Level of Development" not in cells

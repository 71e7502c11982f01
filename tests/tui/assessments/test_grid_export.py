"""Pilot tests: E on the Assessments screen writes Screen data or All data, and says where."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from textual.pilot import Pilot

from exports.folder import EXPORTS_DIR_ENV
from tests.tui.conftest import School
from tui.app import PupilTrackerApp
from tui.screens.assessments.grid_screen import AssessmentsScreen
from tui.screens.dialogs.choose import ChooseDialog


@pytest.fixture
def exports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "exports"
    monkeypatch.setenv(EXPORTS_DIR_ENV, str(folder))
    return folder


async def open_grid(pilot: Pilot[None]) -> None:
    await pilot.press("enter", "a")
    await pilot.pause()
    assert isinstance(pilot.app.screen, AssessmentsScreen)


async def export(pilot: Pilot[None], *keys: str) -> list[str]:
    """Press E, then `keys` in the dialog; wait for the worker; return what the app said."""
    await pilot.press("E")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ChooseDialog)
    await pilot.press(*keys)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(pilot.app.screen, AssessmentsScreen)
    return [str(notification.message) for notification in pilot.app._notifications]


def written(said: list[str], what: str) -> Path:
    (message,) = [text for text in said if text.startswith(f"{what} saved to ")]
    return Path(message.removeprefix(f"{what} saved to "))


def sheet_at(path: Path) -> Worksheet:
    sheet = load_workbook(path).active
    assert isinstance(sheet, Worksheet)
    return sheet


async def test_e_then_enter_writes_screen_data_with_what_was_just_entered(
    school: School, exports: Path
) -> None:
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        await open_grid(pilot)
        await pilot.press("b", "o", "left", "g")  # Adeyemi: LAU Below, SP On track gone beyond
        said = await export(pilot, "enter")
    path = written(said, "Screen data")
    assert path.is_absolute() and path.exists()
    assert path.parent == exports / "2041" / "outbox"
    assert path.name.startswith("Screen data Reception ")
    sheet = sheet_at(path)
    assert "Assessments: Screen data" in sheet["A1"].value
    assert "2041 - ST MARY'S" in sheet["A1"].value
    row = next(
        r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "ADEYEMI, Olamide"
    )
    assert [sheet.cell(row, column).value for column in (3, 4)] == ["B", "O+G"]
    assert any(sheet.cell(r, 1).value == "Displaying 4 pupils" for r in range(1, sheet.max_row + 1))


async def test_a_alone_writes_all_data(school: School, exports: Path) -> None:
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        await open_grid(pilot)
        said = await export(pilot, "a")  # one key is enough: no Enter
    path = written(said, "All data")
    assert path.name.startswith("All data ")
    sheet = sheet_at(path)
    assert sheet.title == "All data"
    assert "Nursery 1, Nursery 2, Reception" in sheet["A1"].value


async def test_escape_in_the_dialog_writes_nothing(school: School, exports: Path) -> None:
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        await open_grid(pilot)
        await pilot.press("E")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, AssessmentsScreen)
    assert not exports.exists() or not any(exports.rglob("*.xlsx"))


async def test_an_unwritable_exports_folder_is_reported_not_crashed(
    school: School, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(EXPORTS_DIR_ENV, str(blocker))
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        await open_grid(pilot)
        said = await export(pilot, "enter")
        assert isinstance(pilot.app.screen, AssessmentsScreen)
    assert any(text.startswith("Not exported: cannot write") for text in said)

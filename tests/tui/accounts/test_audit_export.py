"""Pilot tests: e on the audit trail writes a new private CSV in the exports folder, says where."""

from __future__ import annotations

import csv
import stat
from pathlib import Path

import pytest
from textual.pilot import Pilot

from exports.folder import EXPORTS_DIR_ENV, LA_FOLDER
from exports.trail_csv import HEADER
from store.core.access import Actor, Role
from tests.tui.conftest import School
from tui.app import PupilTrackerApp
from tui.screens.accounts.audit import AuditScreen

SAID = "Wrote "


@pytest.fixture
def exports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "exports"
    monkeypatch.setenv(EXPORTS_DIR_ENV, str(folder))
    monkeypatch.chdir(tmp_path)  # a file left in the current folder would show here
    return folder


async def open_trail(pilot: Pilot[None]) -> None:
    await pilot.press("enter", "t")
    await pilot.pause()
    assert isinstance(pilot.app.screen, AuditScreen)


async def export(pilot: Pilot[None]) -> Path:
    """Press e; return the file the app says it wrote (no question is asked)."""
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(pilot.app.screen, AuditScreen)
    said = str(list(pilot.app._notifications)[-1].message)
    assert said.startswith(SAID) and " to " in said and said.endswith(".")
    return Path(said.rsplit(" to ", 1)[1][:-1])


def rows_of(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


async def test_e_writes_a_new_private_file_in_the_establishments_folder(
    school: School, exports: Path, tmp_path: Path
) -> None:
    folder = exports / "2041" / "outbox"
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        await open_trail(pilot)
        first = await export(pilot)
        assert first.parent == folder and first.is_absolute()
        assert first.name.startswith("Audit trail 2041 (") and first.suffix == ".csv"
        assert stat.S_IMODE(first.stat().st_mode) == 0o600  # it was -rw-r--r--
        assert tuple(rows_of(first)[0]) == HEADER
        assert "create assessment" in {row[5] for row in rows_of(first)[1:]}

        # Again in the same minute: another name, the first file untouched.
        before = first.read_bytes()
        second = await export(pilot)
        assert second != first and second.parent == folder and second.is_file()
        assert stat.S_IMODE(second.stat().st_mode) == 0o600
        assert first.read_bytes() == before
    assert sorted(path.name for path in folder.iterdir()) == sorted([first.name, second.name])
    assert not list(tmp_path.glob("*.csv"))  # nothing in the current folder


async def test_support_reading_every_establishment_writes_to_the_la_folder(
    school: School, exports: Path
) -> None:
    support = Actor("helpdesk", Role.SUPPORT, None)
    async with PupilTrackerApp(school.database, support).run_test(size=(80, 24)) as pilot:
        await open_trail(pilot)
        await pilot.press("slash", "ctrl+a", "ctrl+k", "enter")  # School: blank, all of them
        await pilot.pause()
        written = await export(pilot)
    assert written.parent == exports / LA_FOLDER / "outbox"
    assert written.name.startswith("Audit trail all establishments (")
    assert written.is_file() and stat.S_IMODE(written.stat().st_mode) == 0o600


async def test_an_unwritable_exports_folder_is_one_sentence(
    school: School, exports: Path, tmp_path: Path
) -> None:
    exports.write_text("a file where the folder should be")
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        await open_trail(pilot)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(pilot.app.screen, AuditScreen)
        said = str(list(pilot.app._notifications)[-1].message)
    assert said.startswith("Not exported: cannot write ") and "\n" not in said
    assert exports.read_text() == "a file where the folder should be"

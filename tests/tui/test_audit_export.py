"""Pilot tests: e on the audit trail writes a new CSV in the exports folder and says where."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from textual.pilot import Pilot

from exports.folder import EXPORTS_DIR_ENV, LA_FOLDER
from exports.trail_csv import HEADER
from store.access import Actor, Role
from tests.tui.conftest import School
from tui.app import PupilTrackerApp
from tui.screens.audit import AuditScreen
from tui.screens.dialogs.prompt import PromptDialog


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


async def export(pilot: Pilot[None], *typed: str) -> tuple[str, list[str]]:
    """Press e, read the offered path, type `typed` (if any), Enter; return the offered path
    and what the app said."""
    await pilot.press("e")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, PromptDialog)
    offered = dialog.value
    if typed:
        await pilot.press("ctrl+a", "ctrl+k", *typed)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, AuditScreen)
    return offered, [str(notification.message) for notification in pilot.app._notifications]


def rows_of(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


async def test_e_writes_a_new_file_in_the_establishments_folder_never_over_another(
    school: School, exports: Path, tmp_path: Path
) -> None:
    folder = exports / "2041 ST MARY'S PRIMARY"
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        await open_trail(pilot)
        offered, said = await export(pilot)
        first = Path(offered)
        assert first.parent == folder
        assert first.name.startswith("Audit trail 2041 (") and first.suffix == ".csv"
        assert first.is_file()
        assert said[-1].startswith("Wrote ") and said[-1].endswith(f" entries to {first}.")
        assert tuple(rows_of(first)[0]) == HEADER
        assert "create assessment" in {row[5] for row in rows_of(first)[1:]}

        # Again in the same minute: another name, the first file untouched.
        before = first.read_bytes()
        offered, said = await export(pilot)
        second = Path(offered)
        assert second != first and second.parent == folder and second.is_file()
        assert first.read_bytes() == before

        # Typing the name of a file that exists: refused, and the file is left as it was.
        (tmp_path / "keep.csv").write_text("mine", encoding="utf-8")
        _, said = await export(pilot, *str(tmp_path / "keep.csv"))
        assert "already exists" in said[-1]
        assert (tmp_path / "keep.csv").read_text(encoding="utf-8") == "mine"
    assert sorted(path.name for path in folder.iterdir()) == sorted([first.name, second.name])
    assert not list(tmp_path.glob("audit-trail-*.csv"))


async def test_support_reading_every_establishment_writes_to_the_la_folder(
    school: School, exports: Path
) -> None:
    support = Actor("helpdesk", Role.SUPPORT, None)
    async with PupilTrackerApp(school.database, support).run_test(size=(80, 24)) as pilot:
        await open_trail(pilot)
        await pilot.press("slash", "ctrl+a", "ctrl+k", "enter")  # School: blank, all of them
        await pilot.pause()
        offered, said = await export(pilot)
    written = Path(offered)
    assert written.parent == exports / LA_FOLDER
    assert written.name.startswith("Audit trail all establishments (")
    assert written.is_file() and said[-1].endswith(f" entries to {written}.")

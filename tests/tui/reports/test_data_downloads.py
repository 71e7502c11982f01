"""Pilot test: support's L, then D, writes every establishment's data download into a new folder
of the "Local authority" outbox and says where; another role never gets there."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from exports.folder import EXPORTS_DIR_ENV, LA_FOLDER
from store.core.access import Actor, Role
from store.core.db import Database
from tests.store.pupils.download_school import FORMULA_SURNAME, make_download_school
from tests.tui.waiting import settle
from tui.app import PupilTrackerApp
from tui.screens.reports.data_downloads import DataDownloadsScreen

SUPPORT = Actor("la.officer", Role.SUPPORT, None)


async def test_support_writes_every_establishments_download(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exports = tmp_path / "exports"
    monkeypatch.setenv(EXPORTS_DIR_ENV, str(exports))
    make_download_school(database)
    app = PupilTrackerApp(database, SUPPORT, today=date(2026, 12, 7))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("L", "D")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, DataDownloadsScreen)
        outcome = screen.outcome
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, DataDownloadsScreen)
    (folder,) = (exports / LA_FOLDER / "outbox").iterdir()
    assert folder.name.startswith("Data downloads (")
    files = sorted(folder.iterdir())
    assert [path.name.split(" (")[0] for path in files] == [
        "Data download 3001",
        "Data download 3002",
    ]
    assert outcome.startswith("Wrote 2 data downloads (") and str(folder) in outcome
    with files[0].open(encoding="utf-8-sig", newline="") as file:
        surnames = {row["Surname"] for row in csv.DictReader(file)}
    assert "'" + FORMULA_SURNAME in surnames

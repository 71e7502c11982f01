"""Pilot test: D on the Pupils screen writes the data download (a CSV and a workbook beside it)
into the establishment's outbox in a worker, says where, and finds the judgement typed."""

from __future__ import annotations

import csv
import stat
from pathlib import Path

import pytest
from openpyxl import load_workbook

from exports.folder import EXPORTS_DIR_ENV
from store.core.models import Judgement, PeriodNote
from tests.tui.conftest import School
from tests.tui.waiting import settle
from tui.app import PupilTrackerApp


async def test_d_writes_the_data_download_into_the_outbox(
    school: School, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exports = tmp_path / "exports"
    monkeypatch.setenv(EXPORTS_DIR_ENV, str(exports))
    with school.database.write() as session:
        session.add(
            Judgement(
                pupil_id=school.pupil_ids[0], period_id=school.period_id, area_code="LAU",
                value="O", note="=cmd|' /C calc'!A0",
            )
        )  # fmt: skip
        session.add(
            PeriodNote(pupil_id=school.pupil_ids[1], period_id=school.period_id, text="Settled")
        )
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "p")
        await settle(pilot)
        await pilot.press("D")
        for _ in range(100):
            await settle(pilot)
            said = [str(n.message) for n in pilot.app._notifications]
            if any(text.startswith("Saved the data download") for text in said):
                break
        said = [str(n.message) for n in pilot.app._notifications]
    folder = exports / "2041" / "outbox"
    csv_file = next(folder.glob("Data download 2041 (*).csv"))
    workbook = next(folder.glob("Data download 2041 (*).xlsx"))
    assert f"Saved the data download (CSV, and the workbook beside it) to {csv_file}" in said
    for path in (csv_file, workbook):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with csv_file.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    assert ("LAU", "O", "'=cmd|' /C calc'!A0") in {
        (row["Subject code"], row["Result"], row["Note"]) for row in rows
    }
    assert "Settled" in {row["Assessment note"] for row in rows}
    sheet = load_workbook(workbook)["Data download"]
    assert sheet.max_row == len(rows) + 1

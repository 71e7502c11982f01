"""The audit trail CSV, read back."""

from __future__ import annotations

import csv
import os
import stat
from datetime import datetime, timezone
from pathlib import Path

from exports.trail_csv import HEADER, inert, write_trail_csv
from store.core.audit_trail import TrailEntry


def test_the_trail_reads_back_and_formulas_stay_text(tmp_path: Path) -> None:
    entry = TrailEntry(
        at=datetime(2025, 11, 3, 9, 30, tzinfo=timezone.utc),
        actor="clerk",
        source="ssh 10.0.0.7",
        establishment="2041 - ST MARY'S",
        pupil='=HYPERLINK("http://x"), Zoë',
        action="edit judgement",
        target="Autumn 1 / N",
        old_value="-1",
        new_value="@SUM(A1)",
    )
    path = write_trail_csv([entry], tmp_path / "trail.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == HEADER
    assert rows[1][0] == "03/11/2025 09:30:00"
    assert rows[1][4] == '\'=HYPERLINK("http://x"), Zoë'
    assert rows[1][7:] == ["'-1", "'@SUM(A1)"]
    assert inert("Smith") == "Smith"


def test_the_trail_file_is_private_whatever_the_umask(tmp_path: Path) -> None:
    previous = os.umask(0)  # the audit CSV used to be written -rw-r--r--
    try:
        path = write_trail_csv([], tmp_path / "trail.csv")
    finally:
        os.umask(previous)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600

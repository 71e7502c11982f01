"""exports.tidying: which files are past the local authority's time, and their removal."""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from exports.folder import EXPORTS_DIR_ENV, inbox, la_outbox, outbox
from exports.subject_access import FOLDER as SUBJECT_ACCESS
from exports.tidying import old_files, remove

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=timezone.utc)
DAY = 24 * 60 * 60


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(EXPORTS_DIR_ENV, str(tmp_path / "files"))
    return tmp_path / "files"


def aged(path: Path, days: float, data: bytes = b"pupils") -> Path:
    path.write_bytes(data)
    stamp = NOW.timestamp() - days * DAY
    os.utime(path, (stamp, stamp))
    return path


def test_only_files_past_the_time_in_the_kept_folders_go(files: Path, tmp_path: Path) -> None:
    old_export = aged(outbox("2041") / "All data.xlsx", 40)
    aged(outbox("2041") / "Screen data.xlsx", 10)
    old_upload = aged(inbox("2041") / "pupils.csv", 31)
    old_partial = aged(inbox("2042") / "pupils.csv.filepart", 90)
    old_return = aged(la_outbox() / "ELG return.xlsx", 365)
    (files / SUBJECT_ACCESS).mkdir()
    old_request = aged(files / SUBJECT_ACCESS / "Pupil A1.json", 60)
    outside = aged(tmp_path / "elsewhere.csv", 400)
    link = inbox("2041") / "link.csv"  # a link put in an inbox: it goes, what it names stays
    link.symlink_to(outside)
    os.utime(link, (NOW.timestamp() - 50 * DAY,) * 2, follow_symlinks=False)
    (inbox("2041") / "a folder").mkdir()
    os.utime(inbox("2041") / "a folder", (NOW.timestamp() - 99 * DAY,) * 2)
    aged(files / "2041" / "stray.txt", 99)  # not in a kept folder: not the command's

    found = old_files(timedelta(days=30), NOW)
    assert [file.path for file in found] == [
        old_export,
        link,  # folder by folder, oldest first
        old_upload,
        old_partial,
        old_return,
        old_request,
    ]
    assert found[0].modified == NOW - timedelta(days=40)
    assert remove(found) == []
    assert not any(file.path.exists() or file.path.is_symlink() for file in found)
    assert outside.read_bytes() == b"pupils"
    assert (outbox("2041") / "Screen data.xlsx").exists()
    assert (inbox("2041") / "a folder").is_dir() and (files / "2041" / "stray.txt").exists()
    assert old_files(timedelta(days=30), NOW) == []


def test_no_exports_folder_is_nothing_to_tidy(files: Path) -> None:
    assert old_files(timedelta(days=1), NOW) == []
    assert not files.exists()


def test_a_file_that_cannot_be_removed_is_reported_and_the_rest_go(
    files: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = aged(outbox("2041") / "a.xlsx", 40)
    second = aged(outbox("2041") / "b.xlsx", 39)
    found = old_files(timedelta(days=30), NOW)
    real_unlink = Path.unlink

    def refuse_first(path: Path, missing_ok: bool = False) -> None:
        if path == first:
            raise PermissionError(13, "Permission denied", str(path))
        real_unlink(path, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", refuse_first)
    failed = remove(found)
    assert [(file.path, error.strerror) for file, error in failed] == [(first, "Permission denied")]
    assert first.exists() and not second.exists()

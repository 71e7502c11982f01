"""Where a written file is said to be: its full path at the computer, or over SSH its place in
the files an establishment fetches with SFTP (tui/screens/file_places.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from exports.folder import EXPORTS_DIR_ENV, la_outbox, outbox
from tui.screens.file_places import cannot_write, no_inbox, saved_where, where_to_put

SSH = "192.0.2.7 50000 192.0.2.1 22"
FETCH = "(fetch it with SFTP: WinSCP, FileZilla or psftp)"


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(EXPORTS_DIR_ENV, str(tmp_path / "files"))
    monkeypatch.delenv("SSH_CONNECTION", raising=False)
    return tmp_path / "files"


def test_at_the_computer_the_full_path_is_said(files: Path) -> None:
    path = outbox("2041") / "All data.xlsx"
    assert saved_where(path) == str(files.resolve() / "2041" / "outbox" / "All data.xlsx")
    assert where_to_put(files / "2041" / "inbox") == str((files / "2041" / "inbox").resolve())


def test_over_ssh_the_place_in_the_sftp_folder_is_said(
    files: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSH_CONNECTION", SSH)
    school = outbox("2041") / "All data.xlsx"
    assert saved_where(school) == f"outbox/All data.xlsx in the files of 2041 {FETCH}"
    support = la_outbox() / "ELG return.xlsx"
    assert saved_where(support) == f"Local authority/outbox/ELG return.xlsx {FETCH}"
    chosen = tmp_path / "chosen.xlsx"  # the administrator's --out: a path on the server
    assert saved_where(chosen) == str(chosen.resolve())
    assert where_to_put(files / "2041" / "inbox") == "inbox/ with SFTP (WinSCP, FileZilla or psftp)"


def test_no_inbox_says_what_to_do() -> None:
    error = PermissionError(13, "Permission denied", "/srv/pupil-tracker/files/2041")
    assert no_inbox(error) == (
        "There is no inbox to import from: cannot make /srv/pupil-tracker/files/2041 "
        "(Permission denied). Ask the server's administrator to add this establishment's folders."
    )


def test_cannot_write_says_why_and_over_ssh_who_adds_the_folder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    denied = PermissionError(13, "Permission denied", "/srv/pupil-tracker/files/2041")
    monkeypatch.delenv("SSH_CONNECTION", raising=False)
    assert cannot_write(denied) == (
        "cannot write /srv/pupil-tracker/files/2041 (Permission denied). Nothing was left behind."
    )
    assert cannot_write(OSError(28, "No space left on device")) == (
        "cannot write the exports folder (No space left on device). Nothing was left behind."
    )
    monkeypatch.setenv("SSH_CONNECTION", SSH)
    assert cannot_write(denied).endswith(
        "Nothing was left behind. Ask the server's administrator to add this establishment's "
        "folders."
    )
    full = OSError(28, "No space left on device", "/srv/x.xlsx")  # not theirs to add: no hint
    assert cannot_write(full).endswith("Nothing was left behind.")

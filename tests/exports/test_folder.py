"""exports.folder.write_new_file: every export is private, whole, new, and in the exports folder."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import pytest

from exports.folder import (
    EXPORTS_DIR_ENV,
    OutsideExportsFolder,
    chosen_by_administrator,
    inbox,
    la_outbox,
    outbox,
    write_new_file,
)
from exports.inbox import inbox_files


def fill(text: bytes) -> Callable[[BinaryIO], None]:
    def write(file: BinaryIO) -> None:
        file.write(text)

    return write


@pytest.fixture
def exports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "exports"
    monkeypatch.setenv(EXPORTS_DIR_ENV, str(folder))
    return folder


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_files_are_0600_and_new_folders_0700_whatever_the_umask(exports: Path) -> None:
    previous = os.umask(0)
    try:
        folder = outbox("2041")
        path = write_new_file(folder / "a.csv", fill(b"x"))
    finally:
        os.umask(previous)
    assert path.read_bytes() == b"x"
    assert mode(path) == 0o600
    assert folder == exports / "2041" / "outbox"
    assert mode(folder) == mode(folder.parent) == mode(exports) == 0o700


def test_an_outbox_the_administrator_shared_gets_files_its_group_reads(exports: Path) -> None:
    # deploy/add-school makes the outbox setgid, owned by the school's group: its SFTP
    # accounts fetch what is written there, and nobody else reads it.
    folder = outbox("2041")
    folder.chmod(0o2750)
    previous = os.umask(0o077)
    try:
        path = write_new_file(folder / "a.csv", fill(b"x"))
    finally:
        os.umask(previous)
    assert mode(path) == 0o640
    assert path.stat().st_gid == folder.stat().st_gid
    assert mode(write_new_file(la_outbox() / "b.csv", fill(b"y"))) == 0o600  # not shared


def test_the_inbox_lists_regular_files_newest_first(exports: Path, tmp_path: Path) -> None:
    folder = inbox("2041")
    assert folder == exports / "2041" / "inbox"
    for age, name in enumerate(["old.csv", "new.csv", "same time b.csv", "same time a.csv"]):
        (folder / name).write_bytes(b"x" * age)
        stamp = 1_700_000_000 + min(age, 2)
        os.utime(folder / name, (stamp, stamp))
    (folder / "link.csv").symlink_to(tmp_path / "elsewhere.csv")
    (folder / "pipe.csv").parent.joinpath("sub").mkdir()
    os.mkfifo(folder / "pipe.csv")
    (folder / ".hidden").write_bytes(b"x")
    (folder / "big.xlsx.filepart").write_bytes(b"x")
    found = inbox_files(folder)
    assert [file.name for file in found] == [
        "same time b.csv",
        "same time a.csv",
        "new.csv",
        "old.csv",
    ]
    assert [file.size for file in found] == [2, 3, 1, 0]
    assert found[-1].modified.timestamp() == 1_700_000_000


def test_an_existing_file_or_link_is_never_written_over(exports: Path, tmp_path: Path) -> None:
    exports.mkdir()
    taken = exports / "taken.csv"
    taken.write_bytes(b"keep me")
    with pytest.raises(FileExistsError) as raised:
        write_new_file(taken, fill(b"new"))
    assert raised.value.filename == str(taken)
    assert taken.read_bytes() == b"keep me"
    # A link placed where the export goes is not followed to write somewhere else.
    elsewhere = tmp_path / "elsewhere.txt"
    (exports / "link.csv").symlink_to(elsewhere)
    with pytest.raises(FileExistsError):
        write_new_file(exports / "link.csv", fill(b"new"))
    assert not elsewhere.exists()
    assert sorted(path.name for path in exports.iterdir()) == ["link.csv", "taken.csv"]


def test_a_failed_fill_leaves_nothing_behind(exports: Path) -> None:
    exports.mkdir()

    def broken(file: BinaryIO) -> None:
        file.write(b"half")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError) as raised:
        write_new_file(exports / "a.xlsx", broken)
    assert raised.value.filename == str(exports / "a.xlsx")
    assert list(exports.iterdir()) == []


def test_only_the_administrator_writes_outside_the_exports_folder(
    exports: Path, tmp_path: Path
) -> None:
    exports.mkdir()
    outside = tmp_path / "outside.csv"
    for path in (outside, exports / ".." / "outside.csv"):
        with pytest.raises(OutsideExportsFolder):
            write_new_file(path, fill(b"x"))
    assert not outside.exists()
    (exports / "escape").symlink_to(tmp_path)  # a link out of the folder does not lead out
    with pytest.raises(OutsideExportsFolder):
        write_new_file(exports / "escape" / "outside.csv", fill(b"x"))
    assert not outside.exists()
    with chosen_by_administrator(outside):
        write_new_file(outside, fill(b"chosen"))
        with pytest.raises(OutsideExportsFolder):  # that file only, not its neighbours
            write_new_file(tmp_path / "other.csv", fill(b"x"))
        with pytest.raises(FileExistsError):  # nor over it, without --force
            write_new_file(outside, fill(b"again"))
    assert outside.read_bytes() == b"chosen" and mode(outside) == 0o600
    with chosen_by_administrator(outside, replace=True):
        write_new_file(outside, fill(b"forced"))
    assert outside.read_bytes() == b"forced" and mode(outside) == 0o600
    with pytest.raises(OutsideExportsFolder):  # the choice ends with its block
        write_new_file(outside, fill(b"x"))


def test_without_hard_links_the_name_is_still_never_taken_twice(
    exports: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exports.mkdir()

    def no_links(*_: object, **__: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    path = write_new_file(exports / "a.csv", fill(b"x"))
    assert path.read_bytes() == b"x" and mode(path) == 0o600
    with pytest.raises(FileExistsError):
        write_new_file(path, fill(b"y"))
    assert path.read_bytes() == b"x"
    assert [p.name for p in exports.iterdir()] == ["a.csv"]

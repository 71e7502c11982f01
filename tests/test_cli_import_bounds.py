"""`import-pupils` within bounds: only regular files up to 5 MB are read, every refusal of the
file is one line, and a bad file lists its first 50 problems and counts the rest."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.test_cli_pupils import HEADER, NUMBER, pupils_in, row, run_cli, upn
from tests.test_cli_pupils import db_file as db_file  # the fixture: a school numbered 2041


def import_file(db_file: Path, path: Path | str) -> tuple[int, list[str], str]:
    # run_cli gives up after 60 s: a file that hangs the command fails the test.
    done = run_cli("--db", str(db_file), "import-pupils", "--establishment", NUMBER, str(path))
    assert "Traceback" not in done.stderr
    return done.returncode, done.stderr.splitlines(), done.stdout


def test_a_pipe_nobody_writes_to_is_refused_at_once(db_file: Path, tmp_path: Path) -> None:
    pipe = tmp_path / "pupils.csv"
    os.mkfifo(pipe)
    code, lines, _ = import_file(db_file, pipe)
    assert (code, lines) == (
        2,
        [
            f"pupil-tracker: {pipe} is not a file but a device, pipe or socket: save the pupils "
            "as a CSV file and import that."
        ],
    )


def test_a_device_that_never_ends_is_refused_at_once(db_file: Path) -> None:
    code, lines, _ = import_file(db_file, "/dev/zero")  # took 5.9 GB, then MemoryError
    assert code == 2 and len(lines) == 1 and "/dev/zero is not a file but a device" in lines[0]


def test_a_file_over_5_mb_is_refused_before_it_is_read(db_file: Path, tmp_path: Path) -> None:
    big = tmp_path / "everyone.csv"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: nothing to read, had it been read
    code, lines, _ = import_file(db_file, big)
    assert (code, lines) == (
        2,
        [
            f"pupil-tracker: {big} is 50.0 MB: an upload file is at most 5 MB and 20,000 "
            "pupils (a school's roll is a few thousand rows), so this is not a pupil list; "
            "check the file."
        ],
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty"),
        (b"\r\n \r\n", "The file is empty"),
        (bytes(range(256)) * 40, "The file is not a CSV file"),
        (b"\x7fELF\x02\x01\x01" + bytes(4000), "The file is not a CSV file"),
        ("UPN,Surname\r\n".encode("utf-32"), "The file is UTF-32 text, which is not read"),
    ],
)
def test_empty_and_binary_files_are_one_line(
    db_file: Path, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "pupils.csv"
    path.write_bytes(content)
    code, lines, _ = import_file(db_file, path)
    assert code == 1 and len(lines) == 1
    assert lines[0].startswith(f"pupil-tracker: {path} was not imported: {message}")
    assert pupils_in(db_file) == {}


def test_a_bad_file_lists_fifty_problems_and_counts_the_rest(db_file: Path, tmp_path: Path) -> None:
    rows = [row(n, born="31/02/2020") for n in range(1, 1001)]
    rows[0] = f"{upn(1)},Smith,Zoë,{'1' * 100_000},F,PR1 2AB,N,WBRI,N,,"
    path = tmp_path / "pupils.csv"
    path.write_text("\r\n".join([HEADER, *rows, ""]), encoding="utf-8")
    code, lines, out = import_file(db_file, path)
    assert code == 1 and out == ""
    assert lines[0] == (
        f"pupil-tracker: {path} was not imported (1,000 problems; nothing was written):"
    )
    assert lines[1] == (
        "line 2, DOB: 100,000 characters is too long for DOB: check that the file's columns "
        "are in the right order."
    )
    assert lines[2] == "line 3, DOB: 31/02/2020 is not a date: February 2020 has 29 days."
    assert len(lines) == 1 + 50 + 1
    assert lines[-1] == "And 950 more problems (only the first 50 are listed)."
    assert pupils_in(db_file) == {}

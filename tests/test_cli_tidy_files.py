"""`pupil-tracker tidy-files`: the command line lists, then deletes, the files past their time."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

DAY = 24 * 60 * 60


def run_cli(exports: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", "tidy-files", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={
            **os.environ,
            "PUPIL_TRACKER_EXPORTS_DIR": str(exports),
            "XDG_DATA_HOME": str(exports.parent / "data"),  # where the default database is
        },
    )


def aged(path: Path, days: float) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"pupils")
    stamp = time.time() - days * DAY
    os.utime(path, (stamp, stamp))
    return path


def test_dry_run_lists_then_the_command_deletes(tmp_path: Path) -> None:
    exports = tmp_path / "files"
    old = aged(exports / "2041" / "outbox" / "All data.xlsx", 40)
    new = aged(exports / "2041" / "outbox" / "Screen data.xlsx", 2)
    upload = aged(exports / "2041" / "inbox" / "pupils.csv", 31)
    listed = run_cli(exports, "--older-than", "30", "--dry-run")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert [line.split("  ", 1)[1] for line in lines[:-1]] == [
        "2041/outbox/All data.xlsx",
        "2041/inbox/pupils.csv",
    ]
    assert lines[-1] == (
        f"2 files in {exports} would be deleted (--older-than 30); nothing was changed."
    )
    assert old.exists() and upload.exists()
    done = run_cli(exports, "--older-than", "30")
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"Deleted 2 files in {exports} (--older-than 30).\n"
    assert not old.exists() and not upload.exists() and new.exists()
    assert not (tmp_path / "data").exists()  # no database was opened, nor made


def test_a_nonsense_time_is_refused(tmp_path: Path) -> None:
    refused = run_cli(tmp_path, "--older-than", "0")
    assert refused.returncode == 2
    assert refused.stderr == (
        "pupil-tracker: --older-than is a number of days, at least 1, not 0.\n"
    )

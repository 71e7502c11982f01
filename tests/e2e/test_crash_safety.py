"""Kill the real app in a real terminal right after a keystroke: what it showed is kept."""

from __future__ import annotations

import os
import select
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from store.core.access import local_actor
from store.core.db import open_database
from store.demo import ensure_demo

pytestmark = pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")


class Terminal:
    """The app in a pseudo-terminal, read as a person's terminal would be."""

    def __init__(self, db: Path, columns: int = 80, lines: int = 24) -> None:
        import fcntl
        import struct
        import termios

        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(lines)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tui", "--db", str(db)],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
        )
        os.close(slave)

    def read_until_quiet(self, quiet: float = 0.4, limit: float = 30.0) -> bytes:
        """Everything the app writes until it has been silent for `quiet` seconds."""
        output = b""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], quiet)
            if not ready:
                if output:
                    return output
                continue
            try:
                output += os.read(self.master, 65536)
            except OSError:
                return output
        raise AssertionError("the app did not settle")

    def read_some(self, limit: float = 10.0) -> bytes:
        """The first bytes the app writes after now."""
        ready, _, _ = select.select([self.master], [], [], limit)
        assert ready, "the app wrote nothing"
        return os.read(self.master, 65536)

    def press(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)
        os.close(self.master)


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    path = tmp_path / "crash.db"
    database = open_database(f"sqlite:///{path}")
    ensure_demo(database, local_actor(None))
    database.dispose()
    return path


def first_cell(path: Path) -> tuple[str | None, ...]:
    """The Reception grid's first cell: first pupil alphabetically, first period, LAU."""
    with sqlite3.connect(path) as connection:
        row = connection.execute(
            """
            SELECT j.value FROM pupil p
            JOIN judgement j ON j.pupil_id = p.id AND j.area_code = 'LAU'
            JOIN assessmentperiod a ON a.id = j.period_id
            WHERE p.class_slot IN (1, 2)
            ORDER BY lower(p.surname), lower(p.forenames), p.id, a.day
            LIMIT 1
            """
        ).fetchone()
    return tuple(row) if row else (None,)


def test_sigkill_right_after_a_keystroke_loses_nothing(demo_db: Path) -> None:
    terminal = Terminal(demo_db)
    try:
        terminal.read_until_quiet()
        terminal.press(b"\r")  # open the demo school
        terminal.read_until_quiet()
        terminal.press(b"a")  # its Reception grid
        terminal.read_until_quiet()
        before = first_cell(demo_db)
        value = b"b" if before != ("B",) else b"o"
        terminal.press(value)
        terminal.read_some()  # the first bytes of the repaint: the entry is on screen
        terminal.process.send_signal(signal.SIGKILL)
        terminal.process.wait(timeout=10)
    finally:
        terminal.close()
    assert first_cell(demo_db) == (value.decode().upper(),)


@pytest.mark.parametrize("signal_number", [signal.SIGHUP, signal.SIGTERM])
def test_a_dropped_ssh_connection_ends_the_app_at_once(
    demo_db: Path, signal_number: signal.Signals
) -> None:
    """SIGHUP (the SSH connection dropped) or SIGTERM ends the app without waiting for a key."""
    terminal = Terminal(demo_db)
    try:
        terminal.read_until_quiet()
        terminal.press(b"\r")
        terminal.read_until_quiet()
        terminal.press(b"a")
        terminal.read_until_quiet()
        terminal.press(b"o")
        terminal.read_until_quiet()  # the entry's repaint (one write: cells and status line)
        terminal.process.send_signal(signal_number)
        assert terminal.process.wait(timeout=5) == 0
    finally:
        terminal.close()
    assert first_cell(demo_db) == ("O",)


def reception_lau(path: Path) -> list[str | None]:
    """LAU in the first period for every Reception pupil of the demo school."""
    with sqlite3.connect(path) as connection:
        period = connection.execute("SELECT min(day) FROM assessmentperiod").fetchone()[0]
        rows = connection.execute(
            """
            SELECT j.value FROM pupil p
            JOIN assessmentperiod a ON a.day = ?
            LEFT JOIN judgement j ON j.pupil_id = p.id AND j.period_id = a.id
                AND j.area_code = 'LAU'
            WHERE p.class_slot IN (1, 2)
            """,
            (period,),
        ).fetchall()
    return [row[0] for row in rows]


def test_keys_sent_in_one_burst_reach_the_dialog_they_open(demo_db: Path) -> None:
    """Over a laggy link keys arrive together: F then o must fill the column, not enter o."""
    terminal = Terminal(demo_db)
    try:
        terminal.read_until_quiet()
        terminal.press(b"\r")
        terminal.read_until_quiet()
        terminal.press(b"a")
        terminal.read_until_quiet()
        terminal.press(b"Fo")
        terminal.read_until_quiet()
    finally:
        terminal.close()
    assert set(reception_lau(demo_db)) == {"O"}

"""In a real terminal, keys written in one go (as a slow SSH link delivers them) act in order."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from tests.e2e.test_crash_safety import Terminal, demo_db, reception_lau

__all__ = ["demo_db"]  # the fixture, used by name

pytestmark = pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
RIGHT = b"\x1b[C"


def first_pupil_sp(path: Path) -> str | None:
    """Speaking in the first period for the Reception grid's first pupil (alphabetical)."""
    with sqlite3.connect(path) as connection:
        row = connection.execute(
            """
            SELECT (SELECT j.value FROM judgement j
                    WHERE j.pupil_id = p.id AND j.area_code = 'SP'
                    AND j.period_id = (SELECT id FROM assessmentperiod ORDER BY day LIMIT 1))
            FROM pupil p WHERE p.class_slot IN (1, 2)
            ORDER BY lower(p.surname), lower(p.forenames), p.id LIMIT 1
            """
        ).fetchone()
    return row[0] if row else None


def test_an_undo_written_with_the_entry_before_it_undoes_that_entry(demo_db: Path) -> None:
    terminal = Terminal(demo_db)
    try:
        terminal.read_until_quiet()
        terminal.press(b"\r")  # the demo school
        terminal.read_until_quiet()
        terminal.press(b"a")  # its Reception grid
        terminal.read_until_quiet()
        terminal.press(b"F")
        terminal.read_until_quiet()
        terminal.press(b"o")  # the whole column On track
        terminal.read_until_quiet()
        terminal.press(RIGHT)
        terminal.read_until_quiet()
        before = first_pupil_sp(demo_db)
        entry = b"b" if before == "O" else b"o"
        terminal.press(entry + b"u")  # one write: the entry and its undo arrive together
        terminal.read_until_quiet()
    finally:
        terminal.close()
    assert set(reception_lau(demo_db)) == {"O"}  # the fill stays
    assert first_pupil_sp(demo_db) == before  # the entry was undone

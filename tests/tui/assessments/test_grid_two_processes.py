"""Two clerks at two PCs: two processes of the real app, each in its own pseudo-terminal, on one
database (an SQLite file, and PostgreSQL). An entry typed in one appears in the other's open
grid without a key, and each sees the other's (tui/screens/assessments/colleagues_live.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from bench.pty_session import PtySession, child_environment, python_module
from store.curriculum.eyfs import Judgement
from tests.tui.conftest import School

GRID_SHOWN = b"Displaying 4 pupils"
HOME_SHOWN = b"Edit multiple pupils"
STARTED = b"Choose an establishment"
SAID = b"A colleague has just changed"
TIMEOUT = 30.0
"""Generous: two apps start at once on a loaded 2-core CI machine."""


def database_arguments(school: School) -> list[str]:
    url = school.database.engine.url
    if school.database.is_sqlite:
        return ["--db", str(url.database)]
    return ["--db-url", url.render_as_string(hide_password=False)]


@pytest.fixture
def two_clerks(school: School, tmp_path: Path) -> Iterator[list[PtySession]]:
    with ExitStack() as stack:
        clerks = []
        for name in ("amina", "bernard"):
            folder = tmp_path / name
            env = child_environment(
                {
                    "PUPIL_TRACKER_KEY_FILE": str(folder / "secret.key"),
                    "PUPIL_TRACKER_LOG_DIR": str(folder / "log"),
                    "PUPIL_TRACKER_EXPORTS_DIR": str(folder / "exports"),
                }
            )
            argv = python_module("tui", *database_arguments(school))
            clerks.append(stack.enter_context(PtySession(argv, 80, 24, env=env)))
        for clerk in clerks:
            clerk.wait_for(STARTED, TIMEOUT)
            clerk.send(b"\r")
            clerk.wait_for(HOME_SHOWN, TIMEOUT)
            clerk.send(b"a")
            clerk.wait_for(GRID_SHOWN, TIMEOUT)
        yield clerks


def test_each_clerk_sees_the_others_entry_without_a_key(
    school: School, two_clerks: list[PtySession]
) -> None:
    amina, bernard = two_clerks
    bernard.send(b"b")  # Listening for ADEYEMI, Olamide: Below; his cursor moves on to Speaking
    # Amina's grid, idle with its cursor on that cell, shows it and says so.
    amina.wait_for(SAID, TIMEOUT)
    assert school.cell(0, "LAU").value is Judgement.BELOW
    sent = bernard.send(b"\x1b[D")  # left: back on Listening
    bernard.wait_quiet(sent, 0.3, TIMEOUT)
    amina.send(b"o")  # over Bernard's Below, which her screen showed: written
    bernard.wait_for(SAID, TIMEOUT)
    assert school.cell(0, "LAU").value is Judgement.ON_TRACK

"""Launching the real app in a pseudo-terminal and opening the benchmark cohort's grid."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bench.pty_session import (
    ENTER,
    BenchError,
    PtySession,
    first_burst_end,
    marker_time,
    python_module,
)

START_MARKER = b"Choose an establishment"
HOME_MARKER = b"Edit multiple pupils"
GRID_MARKER = b"Displaying 90 pupils"
SCREEN_QUIET = 0.5
"""A screen has finished painting when nothing was written for this long."""
STARTUP_TIMEOUT = 30.0


@dataclass(frozen=True)
class OpenedGrid:
    """Timings of one launch, in seconds."""

    start_frame: float
    """From launch to the end of the start screen's first burst of output."""
    start_marker: float
    """From launch to the chunk that completed "Choose an establishment"."""
    grid_open: float
    """From the Enter key to the last byte of the grid's burst (the quiet window excluded)."""
    grid_first_paint: float
    """From the Enter key to the chunk that completed "Displaying 90 pupils" (the grid's foot)."""
    grid_bytes: int
    grid_cpu: float
    """The app's CPU time (all threads) from the key to the end of the quiet window."""


def launch_app(db_path: Path, columns: int, lines: int) -> PtySession:
    return PtySession(python_module("tui", "--db", str(db_path)), columns, lines).start()


def open_grid(session: PtySession) -> OpenedGrid:
    """Wait for the start screen, open the highlighted establishment, then time "a" to the grid."""
    marker_at = session.wait_for(START_MARKER, STARTUP_TIMEOUT)
    session.wait_quiet(marker_at, SCREEN_QUIET, STARTUP_TIMEOUT)
    start_frame = first_burst_end(session.chunks(), START_MARKER, SCREEN_QUIET)
    # Enter opens the establishment's home; "a" opens its Assessments grid: time that key.
    home_at = session.send(ENTER)
    session.wait_quiet(
        max(home_at, session.wait_for(HOME_MARKER, STARTUP_TIMEOUT)), SCREEN_QUIET, STARTUP_TIMEOUT
    )
    before = session.total_bytes
    cpu_before = session.cpu_ns()
    sent = session.send(b"a")
    last = session.wait_quiet(sent, SCREEN_QUIET, STARTUP_TIMEOUT)
    cpu = (session.cpu_ns() - cpu_before) / 1e9
    painted = session.output()[before:]
    first_paint = marker_time(session.chunks(), GRID_MARKER, sent)
    if last is None or first_paint is None:
        raise BenchError(
            f"After Enter, {session.describe()} did not paint the grid "
            f"({GRID_MARKER.decode()!r} not in {len(painted)} bytes)."
        )
    return OpenedGrid(
        start_frame - session.started_at,
        marker_at - session.started_at,
        last - sent,
        first_paint - sent,
        len(painted),
        cpu,
    )

"""Target 4: the app's first frame against a bare Textual DataTable app of the grid's size.

Both run as `python -m ...` in a pseudo-terminal of 80x24, alternately, ROUNDS times each after
one discarded warm-up of each (which fills the bytecode and file caches). A frame's time is from
launch to the last byte of the first burst of output that shows the screen (the burst ends at
500 ms of quiet, or where the bare app starts restoring the terminal on its way out).

For the app: to the start screen's first frame, and on to the painted Assessments grid (start
frame + Enter-to-grid, so the quiet wait before pressing Enter is not counted).
"""

from __future__ import annotations

from pathlib import Path

from bench.app_runs import SCREEN_QUIET, STARTUP_TIMEOUT, OpenedGrid, launch_app, open_grid
from bench.bare_datatable import FIRST_CELL
from bench.common import Figures, heading, line, median, report, scratch_folder
from bench.fixture import BenchDatabase, build_database
from bench.pty_session import BenchError, PtySession, first_burst_end, python_module

ROUNDS = 5
SIZE = (80, 24)
RATIO_TARGET = 1.3


def bare_run(columns: int, lines: int) -> tuple[float, int]:
    """Seconds to the bare DataTable app's first frame, and its peak RSS in KiB."""
    session = PtySession(python_module("bench.bare_datatable"), columns, lines).start()
    try:
        ended = session.wait_exit(STARTUP_TIMEOUT)
    finally:
        session.close()
    if ended.status != 0:
        raise BenchError(f"The bare DataTable app failed (wait status {ended.status}).")
    frame = first_burst_end(session.chunks(), FIRST_CELL.encode(), SCREEN_QUIET)
    return frame - session.started_at, ended.max_rss_kib


def app_run(bench: BenchDatabase, columns: int, lines: int) -> tuple[OpenedGrid, int]:
    """The app's start-screen and grid timings, and its VmHWM (KiB) once the grid is open."""
    session = launch_app(bench.path, columns, lines)
    try:
        opened = open_grid(session)
        peak = session.memory_kib("VmHWM")
    finally:
        session.close()
    return opened, peak


def main(bench: BenchDatabase | None = None) -> Figures:
    if bench is None:
        with scratch_folder() as folder:
            return main(build_database(Path(folder)))
    columns, lines = SIZE
    heading(f"First frame at {columns}x{lines}: the app against a bare DataTable app")
    bare_run(columns, lines)  # warm-up
    app_run(bench, columns, lines)
    bare: list[float] = []
    bare_rss: list[float] = []
    start: list[float] = []
    start_marker: list[float] = []
    grid: list[float] = []
    app_peak: list[float] = []
    for round_number in range(ROUNDS):
        order = ("bare", "app") if round_number % 2 == 0 else ("app", "bare")
        for which in order:
            if which == "bare":
                frame, rss = bare_run(columns, lines)
                bare.append(frame * 1000)
                bare_rss.append(rss / 1024)
            else:
                opened, peak = app_run(bench, columns, lines)
                start.append(opened.start_frame * 1000)
                start_marker.append(opened.start_marker * 1000)
                grid.append((opened.start_frame + opened.grid_open) * 1000)
                app_peak.append(peak / 1024)
    report("bare_datatable_first_frame_ms", bare, "90 x 110 DataTable")
    report("app_start_screen_frame_ms", start, "end of the start screen's first burst")
    report("app_start_screen_marker_ms", start_marker, "'Choose an establishment' written")
    report("app_grid_painted_ms", grid, "start frame + Enter to painted grid")
    start_ratio = median(start) / median(bare)
    grid_ratio = median(grid) / median(bare)
    line("first_frame_ratio_start_vs_bare", start_ratio, f"target <= {RATIO_TARGET}")
    line("first_frame_ratio_grid_vs_bare", grid_ratio, f"info; target <= {RATIO_TARGET}")
    line("bare_datatable_peak_mib", median(bare_rss), "ru_maxrss at exit")
    line("app_peak_mib_grid_open", median(app_peak), "VmHWM once the grid is open")
    return {
        "bare_first_frame_ms": median(bare),
        "app_start_frame_ms": median(start),
        "app_grid_painted_ms": median(grid),
        "first_frame_ratio_start": start_ratio,
        "first_frame_ratio_grid": grid_ratio,
        "bare_peak_mib": median(bare_rss),
        "app_peak_mib_grid_open": median(app_peak),
    }


if __name__ == "__main__":
    main()

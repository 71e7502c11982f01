"""Targets 1 and 2: what one entry keystroke costs in CPU and in bytes sent to the terminal.

The real app runs in a pseudo-terminal (80x24, then 200x50) on the benchmark database. After
the grid is open, each measured key flips one judgement (b on an On track cell, o on a Below
one), so every keystroke sets a value, commits it, updates the foot statistics and repaints.
Per keystroke: the child's CPU time (all threads, from /proc/PID/task/*/schedstat) from just
before the key until its output has been quiet for 150 ms, and the bytes it wrote meanwhile.
An idle baseline (the same wait with no key) is measured too and subtracted.

Two kinds of entry are measured:
  in view   the cursor stays inside the visible part of the grid (the common case);
  scrolling the entry's advance moves the cursor past the right edge, so the grid scrolls.
Afterwards the database is read with sqlite3 to check that exactly the typed cells changed.
bench/keystroke_ks1.py runs the same measurement in a Year 2 KS1 teacher assessment (a Mode),
bench/keystroke_steps.py in a Year 1 small-steps column.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.app_runs import launch_app, open_grid
from bench.common import Figures, heading, line, median, percentile, report, scratch_folder
from bench.fixture import BenchDatabase, audit_count, build_database, judgement_values, load_grid
from bench.pty_session import (
    CLOCK_TICKS,
    DOWN,
    HOME,
    RIGHT,
    BenchError,
    PtySession,
    painted_cells,
)
from store.assessments.grid_model import ColumnKind, GridModel
from store.curriculum.eyfs import Judgement, YearGroup
from tui.widgets.assessments.grid_layout import NAME_WIDTH, Geometry, fixed_width
from tui.widgets.line_grid import name_width

SIZES = ((80, 24), (200, 50))
IN_VIEW_ENTRIES = 40
SCROLL_ENTRIES = 16
KEY_QUIET = 0.15
"""A keystroke's repaint is over when nothing was written for this long."""
KEY_TIMEOUT = 10.0
IDLE_SAMPLES = 10
IDLE_WINDOW = 0.2
"""About what one keystroke's measurement lasts: its latency plus the quiet window."""
SCROLLBAR_WIDTH = 1
CPU_TARGET_MS = 15.0
SIZE_RATIO_TARGET = 1.2
BYTE_TARGETS = {(80, 24): 1024, (200, 50): 2048}


@dataclass(frozen=True)
class Sample:
    cpu_ms: float
    net_cpu_ms: float
    ticks: int
    bytes: int
    cells: int
    latency_ms: float
    areas: dict[str, int]


AREAS = ("grid", "status line", "scrollbar", "other")
_MOVE = re.compile(rb"\x1b\[(\d+);(\d+)H")


def bytes_by_area(data: bytes, columns: int, lines: int) -> dict[str, int]:
    """Split what one keystroke wrote by where it was painted on the Assessments screen.

    Line 1 is the cohort bar, lines 2 .. lines-3 the grid, the two above the last the status
    line, the last the key footer; the grid's vertical scrollbar is the rightmost column.
    """
    areas = dict.fromkeys(AREAS, 0)
    moves = list(_MOVE.finditer(data))
    areas["other"] += moves[0].start() if moves else len(data)
    for index, move in enumerate(moves):
        end = moves[index + 1].start() if index + 1 < len(moves) else len(data)
        row, column = int(move.group(1)), int(move.group(2))
        if column == columns and 2 <= row <= lines - 3:
            area = "scrollbar"
        elif row in (lines - 2, lines - 1):
            area = "status line"
        elif 2 <= row <= lines - 3:
            area = "grid"
        else:
            area = "other"
        areas[area] += end - move.start()
    return areas


@dataclass
class Typed:
    """What the benchmark typed, to check against the database afterwards."""

    cells: dict[tuple[int, int, str], str] = field(default_factory=dict)
    keys: int = 0


Flip = Callable[[str | None], tuple[str, str]]
"""From a cell's value, the key that changes it and the code that key stores."""


def eyfs_flip(current: str | None) -> tuple[str, str]:
    """b on an On track (or blank) cell, o on a Below one."""
    if current == Judgement.BELOW:
        return "o", Judgement.ON_TRACK.value
    return "b", Judgement.BELOW.value


def _store_key(model: GridModel, row: int, column: int) -> tuple[int, int, str]:
    col = model.columns[column]
    assert col.period is not None and col.subject is not None
    return model.rows[row].id, col.period.id, col.subject.code


class KeystrokeRun:
    """One app in one terminal size, typing entries and measuring each."""

    def __init__(
        self, session: PtySession, model: GridModel, idle_rate: float, flip: Flip = eyfs_flip
    ) -> None:
        self.session = session
        self.model = model
        self.idle_rate = idle_rate  # CPU ms per wall second while nothing happens
        self.flip = flip
        self.values: dict[tuple[int, int], str] = {}
        self.typed = Typed()

    def navigate(self, keys: bytes) -> None:
        sent = self.session.send(keys)
        self.session.wait_quiet(sent, KEY_QUIET, KEY_TIMEOUT)

    def entry(self, row: int, column: int) -> Sample:
        """Type the key that flips (row, column), where the cursor is, and measure it."""
        current = self.values.get((row, column)) or self.model.cell(row, column).value
        key, value = self.flip(current)
        return self.write(row, column, key, value)

    def write(self, row: int, column: int, key: str, value: str) -> Sample:
        """Type `key`, which stores `value` in (row, column) where the cursor is; measure it."""
        sample = self.press(key)
        self.values[(row, column)] = value
        self.typed.cells[_store_key(self.model, row, column)] = value
        self.typed.keys += 1
        return sample

    def press(self, key: str) -> Sample:
        """Type `key` and measure it; nothing is recorded as typed (a key of a code that only
        shows in its cell: keystroke_steps.py)."""
        session = self.session
        before_bytes = session.total_bytes
        before_ticks = session.cpu_ticks()
        before_cpu = session.cpu_ns()
        sent = session.send(key.encode())
        last = session.wait_quiet(sent, KEY_QUIET, KEY_TIMEOUT)
        after_cpu = session.cpu_ns()
        ended = time.perf_counter()
        after_ticks = session.cpu_ticks()
        written = session.output()[before_bytes:]
        cpu_ms = (after_cpu - before_cpu) / 1e6
        return Sample(
            cpu_ms,
            cpu_ms - self.idle_rate * (ended - sent),
            after_ticks - before_ticks,
            len(written),
            painted_cells(written),
            ((last or sent) - sent) * 1000,
            bytes_by_area(written, session.columns, session.lines),
        )


def _judgement_columns(model: GridModel) -> list[int]:
    return [i for i, c in enumerate(model.columns) if c.kind is ColumnKind.JUDGEMENT]


def _last_visible(model: GridModel, columns: int) -> int:
    """The rightmost judgement column shown whole before any horizontal scroll."""
    geometry = Geometry.of(model, wide=False)
    names = (pupil.display_name for pupil in model.rows)
    view = columns - SCROLLBAR_WIDTH - fixed_width(name_width(names, columns, NAME_WIDTH))
    shown = [
        index
        for index in _judgement_columns(model)
        if geometry.xs[index] + geometry.widths[index] <= view
    ]
    if len(shown) < 2:
        raise BenchError(f"At {columns} columns the grid shows fewer than 2 judgement columns.")
    return shown[-1]


def measure_idle(session: PtySession) -> tuple[list[float], int]:
    """CPU ms of the idle app over IDLE_WINDOW, IDLE_SAMPLES times, and the bytes it wrote."""
    samples: list[float] = []
    before_bytes = session.total_bytes
    for _ in range(IDLE_SAMPLES):
        before = session.cpu_ns()
        time.sleep(IDLE_WINDOW)
        samples.append((session.cpu_ns() - before) / 1e6)
    return samples, session.total_bytes - before_bytes


def eyfs_entries(run: KeystrokeRun, columns: int, lines: int) -> tuple[list[Sample], list[Sample]]:
    """Type the in-view entries along the first rows, then the scrolling ones along a row."""
    model = run.model
    last_visible = _last_visible(model, columns)
    per_row = min(16, last_visible)  # entries 0..per_row-1 advance onto visible cells
    in_view: list[Sample] = []
    for index in range(IN_VIEW_ENTRIES):
        row, column = divmod(index, per_row)
        if column == 0 and index:
            run.navigate(HOME + DOWN)
        in_view.append(run.entry(row, column))

    # Scrolling entries on the next row, starting at the rightmost cell in view.
    row = IN_VIEW_ENTRIES // per_row + 1
    down = row - (IN_VIEW_ENTRIES - 1) // per_row
    run.navigate(HOME + DOWN * down + RIGHT * last_visible)
    judgement_columns = _judgement_columns(model)
    start = judgement_columns.index(last_visible)
    scrolling = []
    cursor = last_visible
    for column in judgement_columns[start : start + SCROLL_ENTRIES]:
        # A run stops on a period's Notes: step over them to the next period, unmeasured.
        if column > cursor:
            run.navigate(RIGHT * (column - cursor))
        scrolling.append(run.entry(row, column))
        cursor = column + 1
    return in_view, scrolling


@dataclass(frozen=True)
class Mode:
    """Which grid a run types in and how: EYFS in-year (EYFS) or, in keystroke_ks1, KS1 (and
    small steps in keystroke_steps)."""

    prefix: str
    """Before every figure's name: "" for EYFS, so `python -m bench` reads the names it knows."""
    title: str
    year_group: YearGroup
    reach: Callable[[PtySession, str], None]
    """From the grid as it opens (Reception) to the one typed in; given the size, e.g. 80x24."""
    flip: Flip
    entries: Callable[[KeystrokeRun, int, int], tuple[list[Sample], list[Sample]]]
    """Types the in-view and the scrolling entries (run, columns, lines)."""


EYFS = Mode("", "Entry keystrokes", YearGroup.RECEPTION, lambda *_: None, eyfs_flip, eyfs_entries)


def run_size(bench: BenchDatabase, columns: int, lines: int, mode: Mode = EYFS) -> Figures:
    """Open the grid at columns x lines, type the entries, check the database."""
    size = f"{columns}x{lines}"
    name = mode.prefix
    heading(f"{mode.title} at {size}")
    _, model = load_grid(bench, mode.year_group)
    values_before = judgement_values(bench.path)
    audits_before = audit_count(bench.path, "entry judgement")
    figures: Figures = {}
    session = launch_app(bench.path, columns, lines)
    try:
        opened = open_grid(session)
        line(
            f"{name}grid_open_ms_{size}",
            opened.grid_open * 1000,
            f"Enter to last byte (first paint {opened.grid_first_paint * 1000:.0f} ms)",
        )
        mode.reach(session, size)
        idle, idle_bytes = measure_idle(session)
        idle_rate = median(idle) / IDLE_WINDOW
        run = KeystrokeRun(session, model, idle_rate, mode.flip)
        in_view, scrolling = mode.entries(run, columns, lines)
        hwm_kib = session.memory_kib("VmHWM")
        rss_kib = session.memory_kib("VmRSS")
    finally:
        session.close()
    values_after = judgement_values(bench.path)
    audits = audit_count(bench.path, "entry judgement") - audits_before
    changed = {key: value for key, value in values_after.items() if values_before.get(key) != value}
    verified = changed == run.typed.cells and audits == run.typed.keys

    print(
        f"idle: {median(idle):.2f} ms CPU per {IDLE_WINDOW * 1000:.0f} ms window "
        f"(p90 {percentile(idle, 0.9):.2f}), {idle_bytes} bytes written while idle",
        flush=True,
    )
    cpu_target = f"target <= {CPU_TARGET_MS:.0f} ms"
    byte_target = f"target <= {BYTE_TARGETS[(columns, lines)]} B"
    report(f"{name}keystroke_cpu_ms_{size}", [s.cpu_ms for s in in_view], cpu_target)
    report(f"{name}keystroke_cpu_net_ms_{size}", [s.net_cpu_ms for s in in_view], "idle subtracted")
    report(f"{name}keystroke_bytes_{size}", [s.bytes for s in in_view], byte_target)
    report(
        f"{name}keystroke_cells_painted_{size}", [s.cells for s in in_view], "characters written"
    )
    report(
        f"{name}keystroke_latency_ms_{size}", [s.latency_ms for s in in_view], "key to last byte"
    )
    print(
        "  bytes by area (medians): "
        + ", ".join(f"{area} {median([s.areas[area] for s in in_view]):.0f}" for area in AREAS),
        flush=True,
    )
    slowest = max(range(len(in_view)), key=lambda i: in_view[i].cpu_ms)
    print(
        f"  slowest in-view entry: #{slowest + 1} of {len(in_view)}, "
        f"{in_view[slowest].cpu_ms:.1f} ms CPU, {in_view[slowest].latency_ms:.0f} ms latency",
        flush=True,
    )
    report(f"{name}scrolling_keystroke_cpu_ms_{size}", [s.cpu_ms for s in scrolling], "info")
    report(f"{name}scrolling_keystroke_bytes_{size}", [s.bytes for s in scrolling], "info")
    ticks = sum(s.ticks for s in in_view) * 1000 / CLOCK_TICKS / len(in_view)
    print(
        f"cross-check: utime+stime from /proc/PID/stat averages {ticks:.1f} ms per in-view "
        f"entry (10 ms ticks); first entry {in_view[0].cpu_ms:.1f} ms CPU, "
        f"{in_view[0].bytes} B",
        flush=True,
    )
    line(
        f"{name}peak_memory_mib_{size}", hwm_kib / 1024, "VmHWM after the keystrokes; target <= 80"
    )
    line(f"{name}rss_mib_{size}", rss_kib / 1024, "VmRSS at the end")
    print(
        f"database check: {len(changed)} judgements changed, {len(run.typed.cells)} typed, "
        f"{audits} audit entries for {run.typed.keys} keys: "
        f"{'OK' if verified else 'MISMATCH'}",
        flush=True,
    )
    print(f"app ended by {session.ended_by} after {session.exit_seconds:.2f} s", flush=True)

    series = {
        "keystroke_cpu_ms": [s.cpu_ms for s in in_view],
        "keystroke_cpu_net_ms": [s.net_cpu_ms for s in in_view],
        "keystroke_bytes": [float(s.bytes) for s in in_view],
    }
    for key, values in series.items():
        figures[f"{name}{key}_{size}_median"] = median(values)
        figures[f"{name}{key}_{size}_p90"] = percentile(values, 0.9)
        figures[f"{name}{key}_{size}_p95"] = percentile(values, 0.95)
    figures.update(
        {
            f"{name}grid_open_ms_{size}": opened.grid_open * 1000,
            f"{name}idle_cpu_ms_per_window_{size}": median(idle),
            f"{name}keystroke_bytes_{size}_max": max(series["keystroke_bytes"]),
            f"{name}keystroke_cells_{size}_median": median([float(s.cells) for s in in_view]),
            f"{name}keystroke_latency_ms_{size}_median": median([s.latency_ms for s in in_view]),
            f"{name}scrolling_cpu_ms_{size}_median": median([s.cpu_ms for s in scrolling]),
            f"{name}scrolling_bytes_{size}_median": median([float(s.bytes) for s in scrolling]),
            f"{name}peak_memory_mib_{size}": hwm_kib / 1024,
            f"{name}entries_typed_{size}": float(run.typed.keys),
            f"{name}judgements_changed_{size}": float(len(changed)),
            f"{name}database_verified_{size}": 1.0 if verified else 0.0,
            f"{name}exit_seconds_{size}": session.exit_seconds,
            f"{name}exit_needed_key_{size}": 0.0 if session.ended_by == "SIGTERM" else 1.0,
        }
    )
    return figures


def size_ratio(figures: Figures, mode: Mode = EYFS) -> Figures:
    """The net CPU median at the larger size over the smaller one's, printed and returned."""
    small, large = (f"{c}x{r}" for c, r in SIZES)
    name = mode.prefix
    ratio = figures[f"{name}keystroke_cpu_net_ms_{large}_median"] / max(
        figures[f"{name}keystroke_cpu_net_ms_{small}_median"], 1e-9
    )
    heading(f"{mode.title}: sizes compared")
    line(
        f"{name}keystroke_cpu_ratio_{large}_vs_{small}",
        ratio,
        f"median, idle subtracted; target <= {SIZE_RATIO_TARGET}",
    )
    return {f"{name}keystroke_cpu_ratio_large_small": ratio}


def main(bench: BenchDatabase | None = None) -> Figures:
    if bench is None:
        with scratch_folder() as folder:
            return main(build_database(Path(folder)))
    figures: Figures = {}
    for columns, lines in SIZES:
        figures.update(run_size(bench, columns, lines))
    figures.update(size_ratio(figures))
    return figures


if __name__ == "__main__":
    main()

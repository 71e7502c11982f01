"""The support console: does a key press in it ever wait on the database?

The real app runs in a pseudo-terminal of 80x24, signed in as support (an explicit actor, as
the tests do), on a database of 300 establishments, 2,000 accounts and 500,000 audit rows
(bench.support_fixture). It opens the console and types searches one key at a time, then
walks the results with the arrow keys. For every key:

  stall    the longest stretch the UI thread (the event loop) was busy, from a probe inside
           the app that wakes every 2 ms and logs how late it woke: a key cannot be handled
           while it is busy, so this is how long a key may wait (target <= 16 ms, a frame);
  echo     from the key to the first byte the app wrote back (the typed letter, the moved
           highlight);
  ui cpu   the CPU time of the UI thread (the main thread only, from /proc) until the output
           was quiet, the idle rate subtracted: all its work for the key, in however many bits;
  results  from the key to the last byte of its burst: the results and details shown.

`python -m bench.support_console` runs just this one; `python -m bench` runs it with the rest.
"""

from __future__ import annotations

import asyncio
import math
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bench.common import Figures, heading, line, median, percentile, report, scratch_folder
from bench.pty_session import DOWN, ENTER, BenchError, PtySession, python_module
from bench.support_fixture import AUDIT_ROWS, NOW, build_console_database
from store.core.access import Actor, Role

SIZE = (80, 24)
SEARCHES = ("smith", "oak", "2030", "harry.evans0", "j.nobody")
"""A surname, a school's name, an establishment number, an account with no trail, nobody."""
ARROWS = 12
START_MARKER = b"Choose an establishment"
CONSOLE_MARKER = b"Support console"
CLEAR = b"\x15"  # ctrl+u: empty the search box
KEY_QUIET = 0.3
"""A key's work is over when nothing was written for this long."""
TIMEOUT = 30.0
PROBE_PERIOD = 0.002
STALL_FLOOR = 0.003
"""Lateness below this is the probe's own jitter, not worth a line in the log."""
TARGET_MS = 16.0
IDLE_WINDOW = 0.3
IDLE_SAMPLES = 5
BURST = "ella.smith"
BURST_GAP = 0.06
"""A fast typist: a key every 60 ms, quicker than a search with its details takes."""
SUPPORT = Actor("bench.support", Role.SUPPORT, None, "bench")


# --- the app side: the real app with a stall probe on its event loop -------------------------


async def _probe(log: Path) -> None:
    """Log `wake-time lateness` (seconds) whenever the loop woke this probe late."""
    with log.open("a") as out:
        while True:
            due = time.perf_counter() + PROBE_PERIOD
            await asyncio.sleep(PROBE_PERIOD)
            woke = time.perf_counter()
            if woke - due >= STALL_FLOOR:
                out.write(f"{woke:.6f} {woke - due:.6f}\n")
                out.flush()


async def _serve(db_path: Path, log: Path) -> None:
    from store.core.db import open_database
    from tui.app import PupilTrackerApp

    database = open_database(f"sqlite:///{db_path}")
    app = PupilTrackerApp(database, actor=SUPPORT, clock=lambda: NOW, today=date(2025, 11, 3))
    probe = asyncio.create_task(_probe(log))
    try:
        await app.run_async()
    finally:
        probe.cancel()
        database.dispose()


# --- the measuring side ----------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    label: str
    stall_ms: float
    echo_ms: float
    ui_cpu_ms: float
    results_ms: float


def _stalls(log: Path, start: float, end: float) -> float:
    """The longest stall logged between `start` and `end` (0 when none reached the floor)."""
    longest = 0.0
    for row in log.read_text().splitlines():
        woke, late = (float(cell) for cell in row.split())
        if start <= woke <= end:
            longest = max(longest, late)
    return longest * 1000


class ConsoleRun:
    """One app in one terminal, with the console open."""

    def __init__(self, session: PtySession, log: Path) -> None:
        self.session = session
        self.log = log
        self.idle_rate = 0.0  # UI-thread CPU ms per wall second while nothing happens

    def ui_cpu_ns(self) -> int:
        """CPU time of the app's main thread (the event loop) only."""
        path = Path(f"/proc/{self.session.pid}/task/{self.session.pid}/schedstat")
        return int(path.read_text().split()[0])

    def measure_idle(self) -> None:
        rates = []
        for _ in range(IDLE_SAMPLES):
            before = self.ui_cpu_ns()
            time.sleep(IDLE_WINDOW)
            rates.append((self.ui_cpu_ns() - before) / 1e6 / IDLE_WINDOW)
        self.idle_rate = median(rates)

    def key(self, data: bytes, label: str) -> Sample:
        session = self.session
        before_cpu = self.ui_cpu_ns()
        sent = session.send(data)
        last = session.wait_quiet(sent, KEY_QUIET, TIMEOUT)
        ended = time.perf_counter()
        cpu_ms = (self.ui_cpu_ns() - before_cpu) / 1e6
        if last is None:
            raise BenchError(f"{session.describe()} wrote nothing after {data!r}.")
        first = next(chunk.at for chunk in session.chunks() if chunk.at >= sent)
        return Sample(
            label,
            _stalls(self.log, sent, last + PROBE_PERIOD * 2),
            (first - sent) * 1000,
            cpu_ms - self.idle_rate * (ended - sent),
            (last - sent) * 1000,
        )

    def settle(self, data: bytes) -> None:
        sent = self.session.send(data)
        self.session.wait_quiet(sent, KEY_QUIET, TIMEOUT)

    def burst(self, text: str) -> tuple[list[float], float]:
        """Type `text` BURST_GAP apart: each key's longest stall, and last key to results (ms)."""
        sent = []
        for char in text:
            sent.append(self.session.send(char.encode()))
            time.sleep(BURST_GAP)
        last = self.session.wait_quiet(sent[-1], KEY_QUIET, TIMEOUT) or sent[-1]
        ends = [*sent[1:], last + PROBE_PERIOD * 2]
        stalls = [_stalls(self.log, start, end) for start, end in zip(sent, ends, strict=True)]
        return stalls, (last - sent[-1]) * 1000


def open_console(session: PtySession) -> float:
    """Wait for the start screen, press s; returns the ms from s to the console's last byte."""
    at = session.wait_for(START_MARKER, TIMEOUT)
    session.wait_quiet(at, KEY_QUIET, TIMEOUT)
    before = session.total_bytes
    sent = session.send(b"s")
    last = session.wait_quiet(sent, KEY_QUIET, TIMEOUT)
    if last is None or CONSOLE_MARKER not in session.output()[before:]:
        raise BenchError(f"{session.describe()} did not open the support console.")
    return (last - sent) * 1000


def _report(kind: str, samples: list[Sample], figures: Figures) -> None:
    series = {
        "stall_ms": [s.stall_ms for s in samples],
        "echo_ms": [s.echo_ms for s in samples],
        "ui_cpu_ms": [s.ui_cpu_ms for s in samples],
        "results_ms": [s.results_ms for s in samples],
    }
    notes = {
        "stall_ms": f"longest UI-thread stall; target <= {TARGET_MS:.0f} ms",
        "echo_ms": "key to the first byte back",
        "ui_cpu_ms": "UI-thread CPU per key, idle subtracted",
        "results_ms": "key to results and details shown",
    }
    for name, values in series.items():
        report(f"console_{kind}_{name}", values, notes[name])
        figures[f"console_{kind}_{name}_median"] = median(values)
        figures[f"console_{kind}_{name}_p90"] = percentile(values, 0.9)
        figures[f"console_{kind}_{name}_max"] = max(values)
    slowest = max(samples, key=lambda sample: sample.stall_ms)
    print(
        f"  slowest: {slowest.label}, stall {slowest.stall_ms:.1f} ms, "
        f"UI-thread CPU {slowest.ui_cpu_ms:.1f} ms, results in {slowest.results_ms:.0f} ms",
        flush=True,
    )


def measure(db_path: Path, folder: Path) -> Figures:
    log = folder / "stalls.log"
    log.write_text("")
    argv = python_module("bench.support_console", "--serve", str(db_path), str(log))
    session = PtySession(argv, *SIZE).start()
    figures: Figures = {}
    try:
        figures["console_open_ms"] = open_console(session)
        run = ConsoleRun(session, log)
        run.measure_idle()
        typed: list[Sample] = []
        for text in SEARCHES:
            run.settle(CLEAR)
            typed += [
                run.key(char.encode(), f"{text[:index]}[{char}]") for index, char in enumerate(text)
            ]
        run.settle(CLEAR)
        burst, burst_results = run.burst(BURST)
        run.settle(CLEAR)
        for char in "smith":  # over a hundred results to walk through
            run.settle(char.encode())
        run.settle(ENTER)  # to the results
        arrows = [run.key(DOWN, f"down #{index + 1}") for index in range(ARROWS)]
        run.settle(b"/")  # back to the search box; Escape goes to the results again
        escape = run.key(b"\x1b", "escape")
    finally:
        session.close()
    line("console_open_ms", figures["console_open_ms"], "s on the start screen to painted")
    print(f"UI thread idle: {run.idle_rate:.2f} ms CPU per second", flush=True)
    _report("typing", typed, figures)
    _report("arrows", arrows, figures)
    report("console_burst_stall_ms", burst, f"{BURST!r}, a key every {BURST_GAP * 1000:.0f} ms")
    line("console_burst_results_ms", burst_results, "its last key to the results shown")
    figures["console_burst_stall_ms_max"] = max(burst)
    figures["console_burst_results_ms"] = burst_results
    line("console_escape_stall_ms", escape.stall_ms, "Escape from the search box")
    figures["console_escape_stall_ms"] = escape.stall_ms
    print(f"app ended by {session.ended_by} after {session.exit_seconds:.2f} s", flush=True)
    return figures


def main(db_path: Path | None = None) -> Figures:
    heading(f"Support console keys at {SIZE[0]}x{SIZE[1]} ({AUDIT_ROWS:,} audit rows)")
    with scratch_folder() as folder:
        if db_path is None:
            started = time.perf_counter()
            db_path = build_console_database(folder)
            line("console_database_build_s", time.perf_counter() - started, "SQLAlchemy core")
        return measure(db_path, folder)


def summary_rows(figures: Figures) -> list[tuple[str, str, str, str]]:
    """The summary lines of `python -m bench`: target, limit, measured, verdict."""
    rows = []
    for kind, what in (("typing", "typed key"), ("arrows", "arrow key")):
        stall = figures.get(f"console_{kind}_stall_ms_median", math.nan)
        p90 = figures.get(f"console_{kind}_stall_ms_p90", math.nan)
        shown = figures.get(f"console_{kind}_results_ms_median", math.nan)
        verdict = "not measured" if math.isnan(p90) else "meets" if p90 <= TARGET_MS else "MISSES"
        rows.append(
            (
                f"support console: UI stall per {what}",
                f"<= {TARGET_MS:.0f} ms",
                f"median {stall:.1f} ms, p90 {p90:.1f} (results in {shown:.0f} ms)",
                verdict,
            )
        )
    return rows


if __name__ == "__main__":
    if sys.argv[1:2] == ["--serve"]:
        asyncio.run(_serve(Path(sys.argv[2]), Path(sys.argv[3])))
    elif sys.argv[1:2] == ["--db"]:
        main(Path(sys.argv[2]))
    else:
        main()

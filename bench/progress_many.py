"""Issue 14: the Progress report over many establishments (support), 600 establishments x 60
Reception pupils.

The data is bench/reports_many.py's (each establishment's Autumn 1 and Spring 1 with every area
filled, bulk inserted), only more of it. In a fresh Python process each: Progress between each
establishment's latest two assessments, then between the two named "Autumn 1" and "Spring 1",
as the Reports screen's worker works them out (with the progress callback). Printed: the time,
per establishment, and the process's memory before the report and at its peak (the report keeps
each pupil's change in each subject, not the judgements).
"""

from __future__ import annotations

import json
import math
import sys
import time
from datetime import date

from bench.common import Figures, heading, line, scratch_folder
from bench.pty_session import BenchError
from bench.reports_many import _CHILD, _in_child, _rss_mib, build_many
from store.core.db import open_database
from store.curriculum.dates import academic_year_of
from store.curriculum.eyfs import AREA_CODES, YearGroup

ESTABLISHMENTS = 600
PUPILS_EACH = 60
MODULE = "bench.progress_many"


def run_child(kind: str, url: str, year: int) -> dict[str, float]:
    """Progress over every establishment, in this (fresh) process."""
    from store.core.access import Actor, Role
    from store.curriculum.eyfs_frameworks import EYFS_IN_YEAR_ID
    from store.progress.transitions import Movement
    from store.reports.progress_many import ManyPair, NamedPeriod, many_progress

    pair = ManyPair(EYFS_IN_YEAR_ID)
    if kind == "named":
        pair = ManyPair(EYFS_IN_YEAR_ID, NamedPeriod("Autumn 1"), NamedPeriod("Spring 1"))
    database = open_database(url)
    support = Actor("bench", Role.SUPPORT, None)
    before = _rss_mib()
    ticks: list[int] = []
    started = time.perf_counter()
    many = many_progress(
        database,
        support,
        year,
        YearGroup.RECEPTION,
        pair,
        progress=lambda done, _: ticks.append(done),
    )
    seconds = time.perf_counter() - started
    database.dispose()
    report = many.report
    lau = report.progress.subject(AREA_CODES[0])
    counted = len(report.pupils)
    if counted != ESTABLISHMENTS * PUPILS_EACH or ticks[-1] != ESTABLISHMENTS:
        raise BenchError(f"Counted {counted} pupils over {ticks[-1]} establishments.")
    if len(lau.changes) != counted or len(report.subjects) != len(AREA_CODES):
        raise BenchError(f"{len(lau.changes)} changes in {AREA_CODES[0]} of {counted} pupils.")
    return {
        "seconds": seconds,
        "rss_before_mib": before,
        "peak_mib": _rss_mib(),
        "lau_down": float(len(lau.moved(Movement.DOWN))),
    }


def main() -> Figures:
    year = academic_year_of(date.today())
    figures: Figures = {}
    size = f"{ESTABLISHMENTS} establishments x {PUPILS_EACH} Reception pupils"
    heading(f"Progress over many establishments ({size})")
    with scratch_folder() as folder:
        started = time.perf_counter()
        url = build_many(folder, year, ESTABLISHMENTS, PUPILS_EACH)
        line("progress_many_fixture_s", time.perf_counter() - started, "building, not measured")
        for kind, what in (
            ("latest", "each one's latest two assessments"),
            ("named", "each one's Autumn 1 to Spring 1"),
        ):
            run = _in_child(kind, url, year, MODULE)
            line(f"progress_many_{kind}_s", run["seconds"], what)
            per_school = run["seconds"] * 1000 / ESTABLISHMENTS
            line(f"progress_many_{kind}_per_school_ms", per_school)
            line(f"progress_many_{kind}_rss_before_mib", run["rss_before_mib"], "imports + db")
            line(f"progress_many_{kind}_peak_mib", run["peak_mib"], "peak RSS of the process")
            figures[f"progress_many_{kind}_s"] = run["seconds"]
            figures[f"progress_many_{kind}_peak_mib"] = run["peak_mib"]
        line("progress_many_lau_down", run["lau_down"], "a figure, as a check")
    return figures


def summary_rows(figures: Figures) -> list[tuple[str, str, str, str]]:
    """The row `make bench` prints: issue 14 asks for a worker with progress, not a time."""
    seconds = figures.get("progress_many_latest_s", math.nan)
    peak = figures.get("progress_many_latest_peak_mib", math.nan)
    measured = "not measured" if math.isnan(seconds) else f"{seconds:.1f} s, peak {peak:.0f} MiB"
    return [
        (
            f"14. Progress over {ESTABLISHMENTS} x {PUPILS_EACH} pupils (support)",
            "in a worker",
            measured,
            "not measured" if math.isnan(seconds) else "measured",
        )
    ]


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == _CHILD:
        print(json.dumps(run_child(sys.argv[2], sys.argv[3], int(sys.argv[4]))))
    else:
        main()

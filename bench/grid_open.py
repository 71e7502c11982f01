"""Target 3: opening the grid of a 90-pupil Reception cohort with 6 periods (9,180 judgements).

In process: store.assessments.cohort.load_cohort, then store.assessments.grid_model.GridModel with
the foot statistics
of every column, as the Assessments screen does before its first paint. It runs in a fresh
Python process that has only listed the establishments (as the start screen has when Enter is
pressed), so the first call is as cold as the app's; the later calls are warm.
End to end: the real app in a pseudo-terminal, from the Enter key on the start screen to the
last byte of the grid's burst of output (the 500 ms quiet window that proves it was the last is
not counted); the time to the grid's first complete paint is printed too. One discarded run
first fills the bytecode and file caches, as in bench/first_frame.py: it is the first benchmark
of `make bench`, started as the PostgreSQL server has just been made.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from bench.app_runs import launch_app, open_grid
from bench.common import Figures, heading, line, median, report, scratch_folder
from bench.fixture import JUDGEMENTS, BenchDatabase, build_database
from bench.pty_session import PYTHON, ROOT, BenchError, child_environment
from store.assessments.cohort import load_cohort
from store.assessments.grid_model import GridModel
from store.core.access import Actor, Role
from store.core.db import open_database
from store.curriculum.eyfs import YearGroup
from store.establishments.establishments import list_establishments

REPEATS = 7
E2E_RUNS = {(80, 24): 5, (200, 50): 5}
TARGET_MS = 100.0
_IN_PROCESS = "--in-process"


def measure_here(path: Path, establishment_id: int, academic_year: int) -> dict[str, list[float]]:
    """Time load_cohort and the grid model REPEATS times in this process (the first is cold)."""
    database = open_database(f"sqlite:///{path}")
    actor = Actor("bench", Role.MANAGER, establishment_id)
    loads: list[float] = []
    models: list[float] = []
    try:
        list_establishments(database, actor)  # what the start screen did before the key
        for _ in range(REPEATS):
            started = time.perf_counter()
            cohort = load_cohort(
                database, actor, establishment_id, academic_year, YearGroup.RECEPTION
            )
            loaded = time.perf_counter()
            model = GridModel(cohort)
            for column in range(len(model.columns)):
                model.stats(column)
            built = time.perf_counter()
            loads.append((loaded - started) * 1000)
            models.append((built - loaded) * 1000)
            if len(cohort.cells) != JUDGEMENTS:
                raise BenchError(f"Loaded {len(cohort.cells)} judgements, not {JUDGEMENTS}.")
    finally:
        database.dispose()
    return {"load": loads, "model": models}


def in_process(bench: BenchDatabase) -> Figures:
    command = [
        PYTHON,
        "-m",
        "bench.grid_open",
        _IN_PROCESS,
        str(bench.path),
        str(bench.establishment_id),
        str(bench.academic_year),
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=120, cwd=ROOT, env=child_environment()
    )
    if done.returncode != 0:
        raise BenchError(f"The in-process grid benchmark failed:\n{done.stderr}")
    data = json.loads(done.stdout.strip().splitlines()[-1])
    loads = [float(value) for value in data["load"]]
    models = [float(value) for value in data["model"]]
    totals = [load + model for load, model in zip(loads, models, strict=True)]
    line("load_cohort_cold_ms", loads[0], f"first call in a fresh process, {JUDGEMENTS} cells")
    line("grid_model_and_stats_cold_ms", models[0], "GridModel + foot stats of every column")
    report("load_cohort_warm_ms", loads[1:], "later calls")
    report("grid_model_and_stats_warm_ms", models[1:], "later calls")
    line("grid_data_in_process_cold_ms", totals[0], f"target <= {TARGET_MS:.0f} ms for all of it")
    return {
        "load_cohort_cold_ms": loads[0],
        "load_cohort_ms": median(loads[1:]),
        "grid_model_ms": median(models[1:]),
        "grid_data_in_process_cold_ms": totals[0],
        "grid_data_in_process_ms": median(totals[1:]),
    }


def end_to_end(bench: BenchDatabase, columns: int, lines: int, runs: int) -> Figures:
    size = f"{columns}x{lines}"
    settled: list[float] = []
    first_paint: list[float] = []
    sizes: list[float] = []
    cpu: list[float] = []
    for _ in range(runs):
        session = launch_app(bench.path, columns, lines)
        try:
            opened = open_grid(session)
        finally:
            session.close()
        settled.append(opened.grid_open * 1000)
        first_paint.append(opened.grid_first_paint * 1000)
        sizes.append(float(opened.grid_bytes))
        cpu.append(opened.grid_cpu * 1000)
    report(f"grid_open_e2e_ms_{size}", settled, f"Enter to last byte; target <= {TARGET_MS:.0f}")
    report(f"grid_first_paint_ms_{size}", first_paint, "Enter to the grid's foot written")
    report(f"grid_open_bytes_{size}", sizes, "bytes written until quiet")
    report(f"grid_open_cpu_ms_{size}", cpu, "the app's CPU time, Enter to quiet")
    return {
        f"grid_open_e2e_ms_{size}": median(settled),
        f"grid_first_paint_ms_{size}": median(first_paint),
        f"grid_open_bytes_{size}": median(sizes),
        f"grid_open_cpu_ms_{size}": median(cpu),
    }


def main(bench: BenchDatabase | None = None) -> Figures:
    if bench is None:
        with scratch_folder() as folder:
            return main(build_database(Path(folder)))
    heading("Opening the grid (90 pupils x 17 areas x 6 periods)")
    figures = in_process(bench)
    warm_up = launch_app(bench.path, 80, 24)
    try:
        open_grid(warm_up)
    finally:
        warm_up.close()
    for (columns, lines), runs in E2E_RUNS.items():
        figures.update(end_to_end(bench, columns, lines, runs))
    return figures


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == _IN_PROCESS:
        print(json.dumps(measure_here(Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))))
    else:
        main()

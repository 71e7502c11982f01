"""`python -m bench`: run every benchmark and print a summary against the issue's targets.

Nothing here fails on a slow machine: the figures and verdicts are printed, never asserted.
"""

from __future__ import annotations

import math
import platform
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass

import textual

from bench import (
    colleagues_live,
    ctf,
    exports,
    first_frame,
    grid_open,
    keystroke,
    keystroke_ks1,
    keystroke_steps,
    load_postgres,
    pupil_import,
    pupil_search,
    session_cost,
    ui_reads,
)
from bench import progress as progress_bench
from bench import progress_many as progress_many_bench
from bench import reports as report_bench
from bench import signed_in_memory as signed_in_bench
from bench import support_console as console_bench
from bench.common import Figures

Benchmark = Callable[[], Figures]


@dataclass(frozen=True)
class Row:
    target: str
    limit: str
    measured: str
    verdict: str


def _get(figures: Figures, key: str) -> float:
    return figures.get(key, math.nan)


def _verdict(value: float, limit: float) -> str:
    if math.isnan(value):
        return "not measured"
    return "meets" if value <= limit else "MISSES"


def summary(figures: Figures) -> list[Row]:
    rows: list[Row] = []
    for size, cpu_limit in (("80x24", keystroke.CPU_TARGET_MS),):
        cpu = _get(figures, f"keystroke_cpu_net_ms_{size}_median")
        p90 = _get(figures, f"keystroke_cpu_net_ms_{size}_p90")
        raw = _get(figures, f"keystroke_cpu_ms_{size}_median")
        rows.append(
            Row(
                f"1. entry CPU at {size}",
                f"<= {cpu_limit:.0f} ms",
                f"median {cpu:.1f} ms (raw {raw:.1f}), p90 {p90:.1f}",
                _verdict(cpu, cpu_limit) + (" (p90 over)" if p90 > cpu_limit else ""),
            )
        )
    ratio = _get(figures, "keystroke_cpu_ratio_large_small")
    large = _get(figures, "keystroke_cpu_net_ms_200x50_median")
    rows.append(
        Row(
            "1. entry CPU 200x50 vs 80x24",
            f"<= {keystroke.SIZE_RATIO_TARGET}x",
            f"{large:.1f} ms, ratio {ratio:.2f}",
            _verdict(ratio, keystroke.SIZE_RATIO_TARGET),
        )
    )
    for (columns, lines), limit in keystroke.BYTE_TARGETS.items():
        size = f"{columns}x{lines}"
        sent = _get(figures, f"keystroke_bytes_{size}_median")
        p90 = _get(figures, f"keystroke_bytes_{size}_p90")
        rows.append(
            Row(
                f"2. bytes per entry at {size}",
                f"<= {limit} B",
                f"median {sent:.0f} B, p90 {p90:.0f}",
                _verdict(sent, limit),
            )
        )
    for size in ("80x24", "200x50"):
        opened = _get(figures, f"grid_open_e2e_ms_{size}")
        first = _get(figures, f"grid_first_paint_ms_{size}")
        rows.append(
            Row(
                f"3. grid open, key to paint, {size}",
                f"<= {grid_open.TARGET_MS:.0f} ms",
                f"settled {opened:.0f} ms (first paint {first:.0f})",
                _verdict(opened, grid_open.TARGET_MS)
                + (
                    ""
                    if opened <= grid_open.TARGET_MS
                    else f" (first paint {_verdict(first, grid_open.TARGET_MS)})"
                ),
            )
        )
    cold = _get(figures, "grid_data_in_process_cold_ms")
    warm = _get(figures, "grid_data_in_process_ms")
    rows.append(
        Row(
            "3. (in process: load + model + stats)",
            f"<= {grid_open.TARGET_MS:.0f} ms",
            f"cold {cold:.0f} ms (load {_get(figures, 'load_cohort_cold_ms'):.0f}), "
            f"warm {warm:.0f}",
            _verdict(cold, grid_open.TARGET_MS),
        )
    )
    start_ratio = _get(figures, "first_frame_ratio_start")
    rows.append(
        Row(
            "4. first frame vs bare DataTable",
            f"<= {first_frame.RATIO_TARGET}x",
            f"{_get(figures, 'app_start_frame_ms'):.0f} vs "
            f"{_get(figures, 'bare_first_frame_ms'):.0f} ms, ratio {start_ratio:.2f}",
            _verdict(start_ratio, first_frame.RATIO_TARGET),
        )
    )
    grid_ratio = _get(figures, "first_frame_ratio_grid")
    rows.append(
        Row(
            "4. (painted grid vs bare DataTable)",
            f"<= {first_frame.RATIO_TARGET}x",
            f"{_get(figures, 'app_grid_painted_ms'):.0f} ms, ratio {grid_ratio:.2f}",
            _verdict(grid_ratio, first_frame.RATIO_TARGET) + " (info)",
        )
    )
    peaks = [
        value
        for key in ("peak_memory_mib_80x24", "peak_memory_mib_200x50", "app_peak_mib_grid_open")
        if not math.isnan(value := _get(figures, key))
    ]
    peak = max(peaks) if peaks else math.nan
    rows.append(
        Row(
            "4. peak memory (VmHWM)",
            "<= 80 MiB",
            f"{peak:.1f} MiB (80x24 {_get(figures, 'peak_memory_mib_80x24'):.1f}, "
            f"200x50 {_get(figures, 'peak_memory_mib_200x50'):.1f})",
            _verdict(peak, 80.0),
        )
    )
    first = _get(figures, "pupil_import_first_ms")
    again = _get(figures, "pupil_import_update_ms")
    rows.append(
        Row(
            f"import {pupil_import.PUPILS:,} pupils",
            f"<= {pupil_import.TARGET_S:.0f} s",
            f"first {first:.0f} ms, re-import {again:.0f} ms "
            f"(command {_get(figures, 'pupil_import_cli_ms'):.0f} ms)",
            _verdict(max(first, again), pupil_import.TARGET_S * 1000),
        )
    )
    search = _get(figures, "pupil_search_cpu_ms")
    rows.append(
        Row(
            f"search {pupil_search.PUPILS:,} pupils, per key",
            f"<= {pupil_search.TARGET_MS:.0f} ms",
            f"median {search:.1f} ms CPU, max {_get(figures, 'pupil_search_cpu_max_ms'):.1f}",
            _verdict(search, pupil_search.TARGET_MS),
        )
    )
    checks = [_get(figures, f"database_verified_{size}") for size in ("80x24", "200x50")]
    rows.append(
        Row(
            "entries reached the database",
            "all typed",
            " / ".join(
                f"{_get(figures, f'judgements_changed_{s}'):.0f} of "
                f"{_get(figures, f'entries_typed_{s}'):.0f}"
                for s in ("80x24", "200x50")
            ),
            "OK" if all(check == 1.0 for check in checks) else "MISMATCH",
        )
    )
    rows += [Row(*cells) for cells in keystroke_ks1.summary_rows(figures)]
    rows += [Row(*cells) for cells in keystroke_steps.summary_rows(figures)]
    rows += [Row(*cells) for cells in exports.summary_rows(figures)]
    rows += [Row(*cells) for cells in ctf.summary_rows(figures)]
    rows += [Row(*cells) for cells in report_bench.summary_rows(figures)]
    rows += [Row(*cells) for cells in progress_bench.summary_rows(figures)]
    rows += [Row(*cells) for cells in progress_many_bench.summary_rows(figures)]
    rows += [Row(*cells) for cells in signed_in_bench.summary_rows(figures)]
    rows += [Row(*cells) for cells in session_cost.summary_rows(figures)]
    rows += [Row(*cells) for cells in console_bench.summary_rows(figures)]
    rows += [Row(*cells) for cells in ui_reads.summary_rows(figures)]
    rows += [Row(*cells) for cells in colleagues_live.summary_rows(figures)]
    rows += [Row(*cells) for cells in load_postgres.summary_rows(figures)]
    return rows


def print_table(rows: list[Row]) -> None:
    headers = Row("target", "limit", "measured", "verdict")
    widths = [
        max(len(getattr(row, name)) for row in [headers, *rows])
        for name in ("target", "limit", "measured", "verdict")
    ]

    def show(row: Row) -> str:
        cells = (row.target, row.limit, row.measured, row.verdict)
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True))

    print(show(headers))
    print("  ".join("-" * width for width in widths))
    for row in rows:
        print(show(row))


def main() -> int:
    started = time.perf_counter()
    print(
        f"Pupil Tracker benchmarks: Python {platform.python_version()}, "
        f"Textual {textual.__version__}, {platform.machine()} {platform.system()}",
        flush=True,
    )
    benchmarks: list[tuple[str, Benchmark]] = [
        ("grid_open", grid_open.main),
        ("first_frame", first_frame.main),
        ("keystroke", keystroke_ks1.main),  # EYFS and KS1 (issue 13) on one database
        ("keystroke_steps", keystroke_steps.main),  # small steps, on databases of their own
        ("pupil_import", pupil_import.main),
        ("pupil_search", pupil_search.main),
        ("exports", exports.main),
        ("ctf", ctf.main),
        ("reports", report_bench.main),
        ("progress", progress_bench.main),
        ("progress_many", progress_many_bench.main),
        ("signed_in_memory", signed_in_bench.main),
        ("session_cost", session_cost.main),
        ("support_console", console_bench.main),
        ("ui_reads", ui_reads.main),
        ("colleagues_live", colleagues_live.main),
        ("load_postgres", load_postgres.main),
    ]
    figures: Figures = {}
    failed: list[str] = []
    for name, benchmark in benchmarks:
        try:
            figures.update(benchmark())
        except Exception:
            failed.append(name)
            print(f"\n{name} could not be measured:", file=sys.stderr)
            traceback.print_exc()
    print(f"\n== Summary ({time.perf_counter() - started:.0f} s) ==")
    print_table(summary(figures))
    if failed:
        print(f"\nNot measured: {', '.join(failed)} (see the errors above).")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Issue 13: a KS1 keystroke within the EYFS budgets (targets 1 and 2 of bench/keystroke.py).

The same measurement as bench/keystroke.py, in the same run and on the same database (built
with the Year 2 cohort: 90 pupils, one KS1 teacher assessment, every subject judged): for each
size the EYFS in-year run, then the KS1 one. The KS1 run opens the grid, presses ] twice
(Reception, Year 1, Year 2) and types keys that flip Reading, Writing and Mathematics cells
between EXS and WTS (t on an EXS cell, e on any other: a GDS, PK or A cell becomes EXS):
  in view   along each row (Reading, Writing, Mathematics), then Home and Down to the next;
            a third of them advance onto Science, whose keys the key bar then shows (more bytes,
            printed apart);
  scrolling the grid's d makes entries move down: typed down the Reading column from the
            bottom row shown, the first entry's advance scrolls the grid, then one in each half
            page (a KS1 assessment's four subjects fit across even 80 columns, so nothing
            scrolls sideways as in the EYFS run).
The database is then read with sqlite3 to check that exactly the typed cells changed, and the
KS1 figures are printed beside the EYFS ones against the EYFS budgets.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from bench import keystroke
from bench.app_runs import SCREEN_QUIET, STARTUP_TIMEOUT
from bench.common import Figures, heading, line, median, scratch_folder
from bench.fixture import KS1_PUPILS, BenchDatabase, build_database
from bench.keystroke import (
    BYTE_TARGETS,
    CPU_TARGET_MS,
    IN_VIEW_ENTRIES,
    SCROLL_ENTRIES,
    SIZE_RATIO_TARGET,
    SIZES,
    KeystrokeRun,
    Mode,
    Sample,
)
from bench.pty_session import DOWN, HOME, BenchError, PtySession
from store.assessments.grid_model import ColumnKind
from store.curriculum.eyfs import YearGroup
from store.curriculum.ks1 import EXS, MATHEMATICS, READING, WRITING, WTS

FLIPPED = (READING, WRITING, MATHEMATICS)
YEAR_2_MARKER = b"Year 2  ([ ] group"
"""The cohort bar of the Year 2 grid."""
ROWS_MARKER = b"(rows "
"""The grid's foot says which rows are shown, repainted when it scrolls vertically."""


def ks1_flip(current: str | None) -> tuple[str, str]:
    """t on an EXS cell, e on any other."""
    if current == EXS.code:
        return WTS.keys[0], WTS.code
    return EXS.keys[0], EXS.code


def reach_year_2(session: PtySession, size: str) -> None:
    """] twice from Reception: Year 1 (no pupils here), then Year 2, timing the second key."""
    first = session.send(b"]")
    session.wait_quiet(first, SCREEN_QUIET, STARTUP_TIMEOUT)
    before = session.total_bytes
    sent = session.send(b"]")
    last = session.wait_quiet(sent, SCREEN_QUIET, STARTUP_TIMEOUT)
    painted = session.output()[before:]
    foot = f"Displaying {KS1_PUPILS} pupils".encode()
    if last is None or YEAR_2_MARKER not in painted or foot not in painted:
        raise BenchError(
            f"After ] ], {session.describe()} did not paint the Year 2 grid "
            f"({YEAR_2_MARKER.decode()!r} and {foot.decode()!r} not in {len(painted)} bytes)."
        )
    line(f"ks1_year_2_grid_ms_{size}", (last - sent) * 1000, "] from Year 1 to the last byte")


def ks1_entries(run: KeystrokeRun, columns: int, lines: int) -> tuple[list[Sample], list[Sample]]:
    model = run.model
    flipped = [
        index
        for index, column in enumerate(model.columns)
        if column.kind is ColumnKind.JUDGEMENT
        and column.subject is not None
        and column.subject.code in FLIPPED
    ]
    if flipped != list(range(len(FLIPPED))):
        raise BenchError(f"Reading, Writing and Mathematics are columns {flipped}, not 0 to 2.")
    per_row = len(flipped)
    in_view: list[Sample] = []
    for index in range(IN_VIEW_ENTRIES):
        row, column = divmod(index, per_row)
        if column == 0 and index:
            run.navigate(HOME + DOWN)
        in_view.append(run.entry(row, flipped[column]))
    onto_science = in_view[per_row - 1 :: per_row]
    others = [sample for index, sample in enumerate(in_view) if index % per_row != per_row - 1]
    print(
        "  in view, by where the advance goes: onto Science (the key bar shows its keys) "
        f"{median([s.bytes for s in onto_science]):.0f} B, "
        f"{median([s.cpu_ms for s in onto_science]):.1f} ms CPU (n={len(onto_science)}); "
        f"along Reading to Mathematics {median([s.bytes for s in others]):.0f} B, "
        f"{median([s.cpu_ms for s in others]):.1f} ms (n={len(others)}) (medians)",
        flush=True,
    )

    # Scrolling entries down the Reading column from the bottom row shown, below the rows
    # typed: the first entry's advance scrolls, then one in every half page (line_grid.py).
    run.navigate(b"d")  # after an entry the cursor moves down
    row = (IN_VIEW_ENTRIES - 1) // per_row
    bottom = _bottom_row_shown(run.session)
    if bottom <= row:  # the last row typed is the bottom one: jump further down first
        run.navigate(DOWN * (bottom + 1 - row))
        row, bottom = bottom + 1, _bottom_row_shown(run.session)
    if bottom + SCROLL_ENTRIES > len(model.rows):
        raise BenchError(f"{len(model.rows)} pupils: too few to scroll from row {bottom + 1}.")
    run.navigate(HOME + DOWN * (bottom - row))
    before = run.session.total_bytes
    scrolling = [run.entry(row, flipped[0]) for row in range(bottom, bottom + SCROLL_ENTRIES)]
    scrolled = run.session.output()[before:].count(ROWS_MARKER)
    print(
        f"  scrolling entries: from row {bottom + 1}, the bottom one shown; "
        f"{scrolled} of {SCROLL_ENTRIES} scrolled the grid",
        flush=True,
    )
    if not scrolled:
        raise BenchError("None of the scrolling entries scrolled the grid.")
    return in_view, scrolling


def _bottom_row_shown(session: PtySession) -> int:
    """The last row the grid shows (0 is the first), from its foot: "(rows 8-19)"."""
    shown = re.findall(rb"\(rows (\d+)-(\d+)\)", session.output())
    if not shown:
        raise BenchError(f"The grid's foot never said which rows it shows ({ROWS_MARKER!r}).")
    return int(shown[-1][1]) - 1


KS1 = Mode("ks1_", "KS1 entry keystrokes", YearGroup.YEAR_2, reach_year_2, ks1_flip, ks1_entries)


def _verdict(value: float, limit: float, p90: float = math.nan) -> str:
    """By the median, as `python -m bench` judges EYFS; says so when the p90 is over."""
    if math.isnan(value):
        return "not measured"
    if value > limit:
        return "MISSES"
    return "meets (p90 over)" if p90 > limit else "meets"


def comparison(figures: Figures) -> list[tuple[str, str, str, str, str]]:
    """(figure, budget, EYFS, KS1, KS1's verdict) for each size's CPU and bytes, and the ratio."""
    rows: list[tuple[str, str, str, str, str]] = []

    def spread(name: str, precision: int) -> str:
        values = [figures.get(f"{name}_{kind}", math.nan) for kind in ("median", "p90", "p95")]
        return " / ".join(f"{value:.{precision}f}" for value in values)

    for columns, lines in SIZES:
        size = f"{columns}x{lines}"
        for figure, limit, unit, precision in (
            ("keystroke_cpu_ms", CPU_TARGET_MS, "ms", 1),
            ("keystroke_cpu_net_ms", CPU_TARGET_MS, "ms", 1),
            ("keystroke_bytes", float(BYTE_TARGETS[(columns, lines)]), "B", 0),
        ):
            ks1 = figures.get(f"ks1_{figure}_{size}_median", math.nan)
            p90 = figures.get(f"ks1_{figure}_{size}_p90", math.nan)
            rows.append(
                (
                    f"{figure} {size}",
                    f"<= {limit:.0f} {unit}",
                    spread(f"{figure}_{size}", precision),
                    spread(f"ks1_{figure}_{size}", precision),
                    _verdict(ks1, limit, p90),
                )
            )
    rows.append(
        (
            "net CPU 200x50 / 80x24",
            f"<= {SIZE_RATIO_TARGET}",
            f"{figures.get('keystroke_cpu_ratio_large_small', math.nan):.2f}",
            f"{figures.get('ks1_keystroke_cpu_ratio_large_small', math.nan):.2f}",
            _verdict(
                figures.get("ks1_keystroke_cpu_ratio_large_small", math.nan), SIZE_RATIO_TARGET
            ),
        )
    )
    return rows


def print_comparison(figures: Figures) -> None:
    heading("KS1 beside EYFS (in-view entries, median / p90 / p95)")
    rows = [("figure", "EYFS budget", "EYFS", "KS1", "KS1 verdict"), *comparison(figures)]
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    checks = [figures.get(f"ks1_database_verified_{c}x{r}", 0.0) == 1.0 for c, r in SIZES]
    print(f"KS1 database check: {'OK' if all(checks) else 'MISMATCH'}", flush=True)


def budget_row(
    figures: Figures, target: str, figure: str, columns: int, lines: int
) -> tuple[str, str, str, str]:
    """A keystroke's (target, limit, measured, verdict) against the EYFS budgets at one size,
    from `figure`'s net CPU and bytes ("ks1_keystroke": ks1_keystroke_cpu_net_ms_80x24_median)."""
    cpu, cpu_p90, sent, sent_p90 = (
        figures.get(f"{figure}_{kind}_{columns}x{lines}_{spread}", math.nan)
        for kind in ("cpu_net_ms", "bytes")
        for spread in ("median", "p90")
    )
    limit = BYTE_TARGETS[(columns, lines)]
    return (
        target,
        f"<= {CPU_TARGET_MS:.0f} ms, {limit} B",
        f"median {cpu:.1f} ms net CPU (p90 {cpu_p90:.1f}), {sent:.0f} B (p90 {sent_p90:.0f})",
        _verdict(
            max(cpu / CPU_TARGET_MS, sent / limit),
            1.0,
            max(cpu_p90 / CPU_TARGET_MS, sent_p90 / limit),
        ),
    )


def summary_rows(
    figures: Figures,
    prefix: str = KS1.prefix,
    title: str = "13. KS1 entry",
    checked: str = "KS1 entries",
) -> list[tuple[str, str, str, str]]:
    """(target, limit, measured, verdict) lines for `python -m bench`'s summary table: the
    KS1 keystroke (or another Mode's, by its `prefix`) against the EYFS budgets (CPU by the
    net median, as EYFS's rows)."""
    rows = [
        budget_row(figures, f"{title} at {c}x{r}", f"{prefix}keystroke", c, r) for c, r in SIZES
    ]
    ratio = figures.get(f"{prefix}keystroke_cpu_ratio_large_small", math.nan)
    typed = " / ".join(
        f"{figures.get(f'{prefix}judgements_changed_{c}x{r}', math.nan):.0f} of "
        f"{figures.get(f'{prefix}entries_typed_{c}x{r}', math.nan):.0f}"
        for c, r in SIZES
    )
    checks = [figures.get(f"{prefix}database_verified_{c}x{r}") == 1.0 for c, r in SIZES]
    rows += [
        (
            f"{title} CPU 200x50 vs 80x24",
            f"<= {SIZE_RATIO_TARGET}x",
            f"ratio {ratio:.2f}",
            _verdict(ratio, SIZE_RATIO_TARGET),
        ),
        (
            f"{checked} reached the database",
            "all typed",
            typed,
            "OK" if all(checks) else "MISMATCH",
        ),
    ]
    return rows


def main(bench: BenchDatabase | None = None) -> Figures:
    """EYFS and KS1 at each size, one after the other, then both compared."""
    if bench is None:
        with scratch_folder() as folder:
            return main(build_database(Path(folder), ks1=True))
    figures: Figures = {}
    for columns, lines in SIZES:
        figures.update(keystroke.run_size(bench, columns, lines))
        figures.update(keystroke.run_size(bench, columns, lines, KS1))
    figures.update(keystroke.size_ratio(figures))
    figures.update(keystroke.size_ratio(figures, KS1))
    print_comparison(figures)
    return figures


if __name__ == "__main__":
    main()

"""Small steps: what typing a step costs, against the EYFS keystroke budgets (targets 1 and 2 of
bench/keystroke.py).

The same measurement as bench/keystroke.py, by its Mode (per key: the app's CPU with the idle
baseline subtracted, the bytes written, the latency; VmHWM after the keys), in the real app in
a pseudo-terminal at 80x24 and 200x50, on the benchmark database built with a Year 1 cohort of
90 pupils, 40 of them assessed another way (Alternative assessment Yes, four rows in every
nine: only their cells take a step, the others show "-" and refuse one) and one small-steps
period (store/curriculum/small_steps.py), nothing typed yet. The run presses d on the Reception
grid (after an entry the cursor moves down: in a small-steps column d is a stage, so it cannot
be pressed there), then ] to Year 1, and types down two strands:
  whole codes  down Reading, a code as teachers write it for each of the 40 pupils ("P7c",
               "M3b": three keys). The last key writes the step and moves down; the first two
               only show the keys typed in the cell and say so on the status line (measured
               apart, as "typing" keys);
  stage alone  down Writing, a whole code for the first pupil (counted with the whole codes),
               then one key for each of the other 39 (c: the level typed before it in the
               column, P6c).
When an entry moves the cursor onto a pupil who is not assessed another way, Down takes it to
the next one, unmeasured. A writing key whose move scrolled the grid (its foot's "(rows ..)"
was repainted) is printed apart as scrolling, as bench/keystroke_ks1.py does; the figures
keystroke.py prints (steps_keystroke_*) are the writing keys that did not scroll, of both kinds,
and each kind is printed apart too. The database is then read with sqlite3 to check that
exactly the typed cells changed, each to the code typed, and one audit entry per writing key
(BenchError if not). Each size has a database of its own, so both type into blank cells.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bench import keystroke
from bench.app_runs import SCREEN_QUIET, STARTUP_TIMEOUT
from bench.common import Figures, heading, line, median, percentile, report, scratch_folder
from bench.fixture import STEPS_ANOTHER_WAY, STEPS_PERIOD_NAME, build_database
from bench.keystroke import (
    BYTE_TARGETS,
    CPU_TARGET_MS,
    SIZES,
    KeystrokeRun,
    Mode,
    Sample,
)
from bench.keystroke_ks1 import ROWS_MARKER, budget_row
from bench.keystroke_ks1 import summary_rows as ks1_summary_rows
from bench.pty_session import DOWN, RIGHT, BenchError, PtySession
from store.assessments.grid_model import ColumnKind
from store.curriculum.eyfs import YearGroup
from store.curriculum.small_steps import SMALL_STEPS_ID, STAGES, parse_step

PREFIX = "steps_"
CODES = ("P7c", "M3b", "P4e", "M1a", "P8d", "P5b", "M2c", "P6a", "M4e", "P4c")
"""The whole codes typed down Reading, in turn: three keys each, as teachers write them."""
STEM, FIRST_STAGE = "P6", "d"
"""Writing's level and its first pupil's stage ("P6d"); the other pupils take a stage alone."""
YEAR_1_MARKER = b"Year 1  ([ ] group"
"""The cohort bar of the Year 1 grid."""
DOWN_MARKER = b"After an entry the cursor moves down"
PAGE_UP = b"\x1b[5~"


def no_flip(current: str | None) -> tuple[str, str]:
    """A step is typed key by key (KeystrokeRun.press and write), never flipped."""
    raise BenchError(f"A small step is not flipped (the cell holds {current!r}).")


def reach_year_1(session: PtySession, size: str) -> None:
    """d on the Reception grid (entries then move down), then ] to Year 1, timing the ]."""
    before = session.total_bytes
    pressed = session.send(b"d")
    session.wait_quiet(pressed, SCREEN_QUIET, STARTUP_TIMEOUT)
    if DOWN_MARKER not in session.output()[before:]:
        raise BenchError(f"d on the Reception grid did not say {DOWN_MARKER.decode()!r}.")
    before = session.total_bytes
    sent = session.send(b"]")
    last = session.wait_quiet(sent, SCREEN_QUIET, STARTUP_TIMEOUT)
    painted = session.output()[before:]
    period = STEPS_PERIOD_NAME.encode()  # its foot is Reception's: 90 pupils, rows 1-12
    if last is None or YEAR_1_MARKER not in painted or period not in painted:
        raise BenchError(
            f"After d ], {session.describe()} did not paint the Year 1 grid "
            f"({YEAR_1_MARKER.decode()!r} and {period.decode()!r} not in {len(painted)} bytes)."
        )
    line(
        f"{PREFIX}year_1_grid_ms_{size}", (last - sent) * 1000, "] from Reception to the last byte"
    )


@dataclass(frozen=True)
class Written:
    """A writing key: which kind of entry it ended and whether its move scrolled the grid."""

    kind: str
    sample: Sample
    scrolled: bool


TYPING, WHOLE, STAGE = "typing", "code", "stage"
KINDS = {
    TYPING: "a code's keys before its last (show in the cell, write nothing)",
    WHOLE: "a whole code's last key (writes)",
    STAGE: "a stage alone (writes)",
}
"""The kinds of key measured: each kind's figures are named steps_<kind>_keystroke_..."""


class StepsTyping:
    """Types the entries of one run, keeping each key's sample by kind."""

    def __init__(self, run: KeystrokeRun) -> None:
        self.run = run
        self.written: list[Written] = []
        self.typing: list[Sample] = []
        """The keys of a code before its last: they show in the cell, nothing is written."""
        self.row = 0
        self.column = 0

    def go(self, row: int) -> None:
        """Down to `row` (unmeasured): past the pupils who take no step."""
        if row < self.row:
            raise BenchError(f"The cursor is on row {self.row}, below row {row}.")
        if row > self.row:
            self.run.navigate(DOWN * (row - self.row))
            self.row = row

    def write(self, kind: str, key: str, value: str) -> None:
        """Type the key that writes `value` where the cursor is; the cursor then moves down."""
        session = self.run.session
        before = session.total_bytes
        sample = self.run.write(self.row, self.column, key, value)
        scrolled = ROWS_MARKER in session.output()[before:]
        self.written.append(Written(kind, sample, scrolled))
        self.row += 1

    def whole_code(self, code: str) -> None:
        if parse_step(code) is None or parse_step(code[:-1]) is not None:
            raise BenchError(f"{code} is not a step whose last key completes it.")
        self.typing += [self.run.press(key) for key in code[:-1]]
        self.write(WHOLE, code[-1], code)


def steps_entries(
    run: KeystrokeRun, columns: int, lines: int, figures: Figures
) -> tuple[list[Sample], list[Sample]]:
    """Whole codes down Reading, stages alone down Writing; the writing keys that did not
    scroll the grid and those that did. Each kind's figures go into `figures`."""
    model = run.model
    strands = [
        index
        for index, column in enumerate(model.columns)
        if column.kind is ColumnKind.JUDGEMENT and column.framework.id == SMALL_STEPS_ID
    ]
    subjects = [model.columns[index].subject for index in strands[:2]]
    if strands[:2] != [0, 1] or [s.code if s else None for s in subjects] != ["RD", "WR"]:
        raise BenchError(f"Reading and Writing are not the first two columns ({strands}).")
    takers = [row for row in range(len(model.rows)) if model.takes_values(row, 0)]
    if len(takers) != STEPS_ANOTHER_WAY or takers[0] != 0:
        raise BenchError(f"{len(takers)} pupils take small steps (from row {takers[:1]}).")
    typing = StepsTyping(run)
    for index, row in enumerate(takers):  # whole codes down Reading
        typing.go(row)
        typing.whole_code(CODES[index % len(CODES)])

    run.navigate(PAGE_UP * (len(model.rows) // 4 + 1) + RIGHT)  # to the top of Writing
    typing.row, typing.column = 0, 1
    typing.whole_code(STEM + FIRST_STAGE)
    for index, row in enumerate(takers[1:], start=1):  # a stage alone for each other pupil
        typing.go(row)
        stage = STAGES[(STAGES.index(FIRST_STAGE) + index) % len(STAGES)]
        typing.write(STAGE, stage, STEM + stage)

    size = f"{columns}x{lines}"
    byte_target = f"target <= {BYTE_TARGETS[(columns, lines)]} B"
    scrolled = [w for w in typing.written if w.scrolled]
    for kind, said in KINDS.items():
        samples = (
            typing.typing
            if kind == TYPING
            else [w.sample for w in typing.written if w.kind == kind and not w.scrolled]
        )
        print(f"  {said}, in view: n={len(samples)}", flush=True)
        name = f"{PREFIX}{kind}_keystroke"
        report(
            f"{name}_cpu_net_ms_{size}",
            [s.net_cpu_ms for s in samples],
            f"idle subtracted; target <= {CPU_TARGET_MS:.0f} ms",
        )
        report(f"{name}_bytes_{size}", [s.bytes for s in samples], byte_target)
        report(f"{name}_latency_ms_{size}", [s.latency_ms for s in samples], "key to last byte")
        for figure, values in (
            ("cpu_ms", [s.cpu_ms for s in samples]),
            ("cpu_net_ms", [s.net_cpu_ms for s in samples]),
            ("bytes", [float(s.bytes) for s in samples]),
            ("latency_ms", [s.latency_ms for s in samples]),
        ):
            figures[f"{name}_{figure}_{size}_median"] = median(values)
            figures[f"{name}_{figure}_{size}_p90"] = percentile(values, 0.9)
    print(
        f"  scrolling: {len(scrolled)} of {len(typing.written)} writing keys scrolled the grid "
        f"({sum(w.kind == WHOLE for w in scrolled)} whole codes, "
        f"{sum(w.kind == STAGE for w in scrolled)} stages alone)",
        flush=True,
    )
    slowest = max(typing.written, key=lambda w: w.sample.cpu_ms)
    print(
        f"  slowest writing key: {KINDS[slowest.kind]}, {slowest.sample.cpu_ms:.1f} ms CPU, "
        f"{slowest.sample.bytes} B{', scrolled' if slowest.scrolled else ''}",
        flush=True,
    )
    return [w.sample for w in typing.written if not w.scrolled], [s.sample for s in scrolled]


def steps_mode(figures: Figures) -> Mode:
    """The Mode of keystroke.run_size, its per-kind figures going into `figures`."""
    return Mode(
        PREFIX,
        "Small-steps entry keystrokes",
        YearGroup.YEAR_1,
        reach_year_1,
        no_flip,
        lambda run, columns, lines: steps_entries(run, columns, lines, figures),
    )


def summary_rows(figures: Figures) -> list[tuple[str, str, str, str]]:
    """(target, limit, measured, verdict) lines for `python -m bench`'s summary table: the
    writing keys as KS1's are judged, then the keys of a code before its last."""
    rows = ks1_summary_rows(figures, PREFIX, "Small-steps entry", "Small steps")
    rows[len(SIZES) : len(SIZES)] = [
        budget_row(
            figures, f"Small steps, typing key at {c}x{r}", f"{PREFIX}typing_keystroke", c, r
        )
        for c, r in SIZES
    ]
    return rows


def main() -> Figures:
    """Each size on a database of its own, so both type into blank cells, then both compared;
    raises BenchError if a database does not hold exactly the steps typed."""
    figures: Figures = {}
    for columns, lines in SIZES:
        with scratch_folder() as folder:
            bench = build_database(Path(folder), steps=True)
            figures.update(keystroke.run_size(bench, columns, lines, steps_mode(figures)))
    figures.update(keystroke.size_ratio(figures, steps_mode(figures)))
    heading("Small steps against the EYFS budgets (medians, CPU idle subtracted)")
    for target, limit, measured, verdict in summary_rows(figures):
        print(f"{target:<40} {limit:<20} {measured:<56} {verdict}", flush=True)
    if not all(figures.get(f"{PREFIX}database_verified_{c}x{r}") == 1.0 for c, r in SIZES):
        raise BenchError("A database does not hold exactly the small steps typed.")
    return figures


if __name__ == "__main__":
    main()

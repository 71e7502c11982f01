"""What one SSH session costs the server: the memory of an app process at the grid.

SESSIONS copies of the real app run at once in pseudo-terminals of 80x24, each on the grid of
the benchmark cohort, as clerks at one server would. For each process /proc/PID/smaps_rollup
gives its RSS, its PSS (shared pages divided among the processes sharing them) and its private
memory (USS: what the server gets back when that session ends). A server of 8 GiB holds the
pages all sessions share once, and each session's private memory: how many sessions fit is
printed from that, with nothing else on the server.

`python -m bench.session_cost` runs just this one; `python -m bench` runs it with the rest.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from bench.app_runs import launch_app, open_grid
from bench.common import Figures, heading, line, median, report, scratch_folder
from bench.fixture import BenchDatabase, build_database
from bench.pty_session import PtySession

SESSIONS = 3
SERVER_GIB = 8
SIZE = (80, 24)


@dataclass(frozen=True)
class Memory:
    rss_kib: int
    pss_kib: int
    private_kib: int

    @property
    def shared_kib(self) -> int:
        return self.rss_kib - self.private_kib


def memory_of(pid: int) -> Memory:
    """RSS, PSS and private memory (KiB) of a process, from /proc/PID/smaps_rollup."""
    fields: dict[str, int] = {}
    for text in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        name, _, rest = text.partition(":")
        if rest.strip().endswith("kB"):
            fields[name] = int(rest.split()[0])
    private = fields["Private_Clean"] + fields["Private_Dirty"]
    return Memory(fields["Rss"], fields["Pss"], private)


def sessions_in(server_gib: float, private_kib: float, shared_kib: float) -> int:
    """How many sessions of `private_kib` each fit beside `shared_kib` held once."""
    room = server_gib * 1024 * 1024 - shared_kib
    return max(0, math.floor(room / private_kib))


def main(bench: BenchDatabase | None = None) -> Figures:
    if bench is None:
        with scratch_folder() as folder:
            return main(build_database(Path(folder)))
    columns, lines = SIZE
    heading(f"One session's memory: {SESSIONS} apps at the grid at once, {columns}x{lines}")
    sessions: list[PtySession] = []
    try:
        for _ in range(SESSIONS):
            session = launch_app(bench.path, columns, lines)
            sessions.append(session)
            open_grid(session)
        measured = [memory_of(session.pid) for session in sessions]
    finally:
        for session in sessions:
            session.close()
    rss = [m.rss_kib / 1024 for m in measured]
    pss = [m.pss_kib / 1024 for m in measured]
    private = [m.private_kib / 1024 for m in measured]
    shared = median([m.shared_kib / 1024 for m in measured])
    report("session_rss_mib", rss, "RSS of one app at the grid", " MiB")
    report("session_pss_mib", pss, f"PSS, {SESSIONS} sessions sharing", " MiB")
    report("session_private_mib", private, "USS: what one more session costs", " MiB")
    fit = sessions_in(SERVER_GIB, median(private) * 1024, shared * 1024)
    line(
        f"sessions_in_{SERVER_GIB}_gib",
        fit,
        f"{SERVER_GIB} GiB / {median(private):.1f} MiB each, {shared:.1f} MiB shared once",
    )
    return {
        "session_rss_mib": median(rss),
        "session_pss_mib": median(pss),
        "session_private_mib": median(private),
        f"sessions_in_{SERVER_GIB}_gib": float(fit),
    }


def summary_rows(figures: Figures) -> list[tuple[str, str, str, str]]:
    """The summary line of `python -m bench`: informational (no target is set for it)."""
    fit = figures.get(f"sessions_in_{SERVER_GIB}_gib", math.nan)
    return [
        (
            "one SSH session at the grid",
            f"{SERVER_GIB} GiB server",
            f"RSS {figures.get('session_rss_mib', math.nan):.1f} MiB, PSS "
            f"{figures.get('session_pss_mib', math.nan):.1f}, private "
            f"{figures.get('session_private_mib', math.nan):.1f}: {fit:.0f} sessions fit",
            "not measured" if math.isnan(fit) else "(info)",
        )
    ]


if __name__ == "__main__":
    main()

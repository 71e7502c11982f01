"""Reports over many establishments (support): 200 establishments x 30 Reception pupils.

Each establishment has Autumn 1 and Spring 1 with every judgement filled and an End of Year ELG
section with every goal, written with bulk inserts. In a fresh Python process each: the Full
Report alone (each establishment's latest assessment, as the screen reads it, with the progress
callback), then every report at once (the Full Report, five Venns and the ELG summary, as the
Reports screen works them out), and the same by a named assessment ("Autumn 1"). Printed: the
time, per establishment, and the process's memory before the report and at its peak, so one sees
the report's own share (it keeps the pupils behind each figure, not the judgements).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert, select
from sqlmodel import col

from bench.common import Figures, heading, line, scratch_folder
from bench.pty_session import PYTHON, ROOT, BenchError, child_environment
from store.core.db import open_database
from store.core.models import (
    AssessmentPeriod,
    ElgResult,
    ElgSection,
    Establishment,
    PeriodYearGroup,
    Pupil,
)
from store.core.models import Judgement as JudgementRow
from store.curriculum.dates import academic_year_of
from store.curriculum.eyfs import AREA_CODES, ElgOutcome, Judgement, YearGroup
from store.curriculum.upn import upn_check_letter
from store.curriculum.year_groups import birth_date_range

ESTABLISHMENTS = 200
PUPILS_EACH = 30
PERIODS = (("Autumn 1", 10, 17, 0), ("Spring 1", 2, 6, 1))
_CHILD = "--many-child"


def _rss_mib() -> float:
    """This process's peak resident memory so far (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build_many(
    folder: Path, year: int, establishments: int = ESTABLISHMENTS, pupils_each: int = PUPILS_EACH
) -> str:
    """The establishments, pupils, two filled periods and a filled ELG section each."""
    url = f"sqlite:///{folder / 'many.db'}"
    database = open_database(url)
    first, last = birth_date_range(YearGroup.RECEPTION, year)
    span = (last - first).days + 1
    try:
        with database.write() as session:
            session.execute(
                insert(Establishment),
                [
                    {"number": f"{80000 + n}", "name": f"SCHOOL {n:03d} PRIMARY"}
                    for n in range(establishments)
                ],
            )
            schools = [
                school for school in session.scalars(select(col(Establishment.id))) if school
            ]
            for n, school in enumerate(schools):
                rows = []
                for index in range(pupils_each):
                    twelve = f"8{n * pupils_each + index:011d}"
                    rows.append(
                        {
                            "establishment_id": school,
                            "upn": upn_check_letter(twelve) + twelve,
                            "surname": f"Pupil {index:02d}",
                            "forenames": "Zoë",
                            "date_of_birth": first + timedelta(days=(index * 37) % span),
                            "gender": "MF"[index % 2],
                            "include_in_data": True,
                            "archived": False,
                        }
                    )
                session.execute(insert(Pupil), rows)
            pupils: dict[int, list[int]] = {}
            for school, pupil in session.execute(
                select(col(Pupil.establishment_id), col(Pupil.id)).order_by(col(Pupil.id))
            ):
                pupils.setdefault(school, []).append(pupil)
            for school in schools:
                judgements: list[dict[str, object]] = []
                for number, (name, month, day, later) in enumerate(PERIODS):
                    period = AssessmentPeriod(
                        establishment_id=school,
                        name=name,
                        day=date(year + later, month, day),
                        academic_year=year,
                    )
                    session.add(period)
                    session.flush()
                    session.add(PeriodYearGroup(period_id=period.id, year_group="R"))
                    judgements += [
                        {
                            "pupil_id": pupil,
                            "period_id": period.id,
                            "area_code": code,
                            "value": (
                                Judgement.BELOW
                                if (row + area + number) % 3 == 0
                                else Judgement.ON_TRACK
                            ).value,
                        }
                        for row, pupil in enumerate(pupils[school])
                        for area, code in enumerate(AREA_CODES)
                    ]
                session.execute(insert(JudgementRow), judgements)
                section = ElgSection(
                    establishment_id=school, academic_year=year, day=date(year + 1, 6, 1)
                )
                session.add(section)
                session.flush()
                session.execute(
                    insert(ElgResult),
                    [
                        {
                            "section_id": section.id,
                            "pupil_id": pupil,
                            "area_code": code,
                            "outcome": (
                                ElgOutcome.EMERGING
                                if (row + area) % 5 == 0
                                else ElgOutcome.EXPECTED
                            ).value,
                        }
                        for row, pupil in enumerate(pupils[school])
                        for area, code in enumerate(AREA_CODES)
                    ],
                )
    finally:
        database.dispose()
    return url


def run_child(kind: str, url: str, year: int) -> dict[str, float]:
    """One report over every establishment, in this (fresh) process."""
    from store.core.access import Actor, Role
    from store.reports.many import many_reports

    database = open_database(url)
    support = Actor("bench", Role.SUPPORT, None)
    before = _rss_mib()
    ticks: list[int] = []
    started = time.perf_counter()
    many = many_reports(
        database,
        support,
        year,
        YearGroup.RECEPTION,
        "Autumn 1" if kind == "named" else None,
        kinds={"full"} if kind == "full" else {"full", "venn", "elg"},
        progress=lambda done, _: ticks.append(done),
    )
    seconds = time.perf_counter() - started
    database.dispose()
    assert many.full is not None
    counted = many.full.line("LAU").pupil_count
    if counted != ESTABLISHMENTS * PUPILS_EACH or ticks[-1] != ESTABLISHMENTS:
        raise BenchError(f"Counted {counted} pupils over {ticks[-1]} establishments.")
    return {
        "seconds": seconds,
        "rss_before_mib": before,
        "peak_mib": _rss_mib(),
        "on_track_percent": float(many.full.line("LAU").percent_on_track),
        "gld_percent": float(many.elg.gld_percent) if many.elg is not None else -1.0,
    }


async def _screen(url: str, year: int) -> dict[str, float]:
    """Support's Reports screen over every establishment, headless: the time from pushing it to
    the Full Report shown, and the longest the event loop went without a turn meanwhile (what
    a key pressed then would wait)."""
    import asyncio

    from store.core.access import Actor, Role
    from tui.app import PupilTrackerApp
    from tui.screens.reports.reports import ReportsScreen

    database = open_database(url)
    support = Actor("bench", Role.SUPPORT, None)
    app = PupilTrackerApp(database, support, today=date(year + 1, 1, 15))
    longest = 0.0
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        started = time.perf_counter()
        screen = ReportsScreen(database, support, None, today=date(year + 1, 1, 15))
        await app.push_screen(screen)
        tick = time.perf_counter()
        while screen.shown.result is None:
            await asyncio.sleep(0.001)
            now = time.perf_counter()
            longest, tick = max(longest, now - tick), now
        shown = time.perf_counter() - started
    database.dispose()
    return {"seconds": shown, "longest_gap_ms": longest * 1000, "peak_mib": _rss_mib()}


def _in_child(
    kind: str, url: str, year: int, module: str = "bench.reports_many"
) -> dict[str, float]:
    command = [PYTHON, "-m", module, _CHILD, kind, url, str(year)]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=600, cwd=ROOT, env=child_environment()
    )
    if done.returncode != 0:
        raise BenchError(f"The {kind} report over many establishments failed:\n{done.stderr}")
    data: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return data


def main() -> Figures:
    year = academic_year_of(date.today())
    figures: Figures = {}
    size = f"{ESTABLISHMENTS} establishments x {PUPILS_EACH} Reception pupils"
    heading(f"Reports over many establishments ({size})")
    with scratch_folder() as folder:
        started = time.perf_counter()
        url = build_many(folder, year)
        line("many_fixture_s", time.perf_counter() - started, "building, not measured")
        for kind, what in (
            ("full", "Full Report, each one's latest assessment"),
            ("all", "Full Report + 5 Venns + ELG summary, latest"),
            ("named", "every report, each one's Autumn 1"),
        ):
            run = _in_child(kind, url, year)
            line(f"many_{kind}_s", run["seconds"], what)
            line(f"many_{kind}_per_school_ms", run["seconds"] * 1000 / ESTABLISHMENTS)
            line(f"many_{kind}_rss_before_mib", run["rss_before_mib"], "imports + database")
            line(f"many_{kind}_peak_mib", run["peak_mib"], "peak RSS of the process")
            figures[f"many_{kind}_s"] = run["seconds"]
            figures[f"many_{kind}_peak_mib"] = run["peak_mib"]
        line("many_lau_on_track_percent", run["on_track_percent"], "a figure, as a check")
        screen = _in_child("screen", url, year)
        line("many_screen_s", screen["seconds"], "Reports screen pushed to Full Report shown")
        line("many_screen_longest_gap_ms", screen["longest_gap_ms"], "event loop's longest wait")
        line("many_screen_peak_mib", screen["peak_mib"], "peak RSS of the app's process")
        figures["many_screen_longest_gap_ms"] = screen["longest_gap_ms"]
    return figures


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == _CHILD:
        kind, url, year = sys.argv[2], sys.argv[3], int(sys.argv[4])
        if kind == "screen":
            import asyncio

            print(json.dumps(asyncio.run(_screen(url, year))))
        else:
            print(json.dumps(run_child(kind, url, year)))
    else:
        main()

"""Excel exports: All data for 3 x 90 pupils x 6 periods, and the LA workbook for 600 schools.

The fixtures are written with bulk inserts (the export reads them; how they were written does
not matter here). Each export runs in a fresh Python process, so its peak memory (ru_maxrss) is
the export's own and the first call is as cold as the app's or the command's.
"""

from __future__ import annotations

import json
import math
import resource
import subprocess
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import insert, select
from sqlmodel import col

from bench.common import Figures, heading, line, median, report, scratch_folder
from bench.pty_session import PYTHON, ROOT, BenchError, child_environment
from exports.folder import EXPORTS_DIR_ENV
from store.core.access import Actor, Role
from store.core.db import Database, open_database
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
from store.curriculum.eyfs import AREA_CODES, EARLY_YEARS, ElgOutcome, GoneBeyond, Judgement
from store.curriculum.upn import upn_check_letter
from store.curriculum.year_groups import birth_date_range

PUPILS_PER_GROUP = 90
PERIODS_PER_GROUP = 6
ALL_DATA_TARGET_S = 1.0
LA_ESTABLISHMENTS = 600
LA_PUPILS = 30
LA_TARGET_S = 15.0
LA_TARGET_MIB = 150.0
REPEATS = 3
_CHILD = "--child"
_SURNAMES = ("Adeyemi", "Brown", "O'Brien", "Nowak", "Nguyễn", "Patel", "=HYPERLINK(1)", "Khan")
_FORENAMES = ("Amelia", "Zoë", "Mohammed", "Siobhán", "Łukasz")


def _upn(serial: int) -> str:
    twelve = f"9{serial:011d}"
    return upn_check_letter(twelve) + twelve


def _pupils(
    establishment_id: int, year: int, group_index: int, count: int, serial: int
) -> list[dict[str, object]]:
    first, last = birth_date_range(EARLY_YEARS[group_index], year)
    span = (last - first).days + 1
    return [
        {
            "establishment_id": establishment_id,
            "upn": _upn(serial + index),
            "surname": f"{_SURNAMES[index % len(_SURNAMES)]} {index:02d}",
            "forenames": _FORENAMES[index % len(_FORENAMES)],
            "date_of_birth": first + timedelta(days=(index * 37) % span),
            "gender": "MF"[index % 2],
            "include_in_data": True,
            "archived": False,
        }
        for index in range(count)
    ]


def _ids(database: Database, establishment_id: int) -> list[int]:
    with database.read() as session:
        return list(
            session.scalars(
                select(col(Pupil.id))
                .where(col(Pupil.establishment_id) == establishment_id)
                .order_by(col(Pupil.id))
            )
        )


def build_all_data(folder: Path, year: int) -> tuple[str, str]:
    """One establishment: 90 pupils in each of N1, N2, R, 6 filled periods per year group."""
    url = f"sqlite:///{folder / 'all_data.db'}"
    database = open_database(url)
    try:
        with database.write() as session:
            school = Establishment(number="98001", name="ALL DATA PRIMARY")
            session.add(school)
            session.flush()
            assert school.id is not None
            school_id = school.id
            for group_index in range(len(EARLY_YEARS)):
                rows = _pupils(school_id, year, group_index, PUPILS_PER_GROUP, group_index * 1000)
                session.execute(insert(Pupil), rows)
        pupil_ids = _ids(database, school_id)
        with database.write() as session:
            judgements: list[dict[str, object]] = []
            for group_index, group in enumerate(EARLY_YEARS):
                ids = pupil_ids[
                    group_index * PUPILS_PER_GROUP : (group_index + 1) * PUPILS_PER_GROUP
                ]
                for number in range(PERIODS_PER_GROUP):
                    day = date(year, 9, 20) + timedelta(days=50 * number)
                    period = AssessmentPeriod(
                        establishment_id=school_id,
                        name=f"{group.label} {number + 1}",
                        day=day,
                        academic_year=year,
                    )
                    session.add(period)
                    session.flush()
                    session.add(PeriodYearGroup(period_id=period.id, year_group=group.value))
                    for row, pupil_id in enumerate(ids):
                        for area, code in enumerate(AREA_CODES):
                            odd = (row + area + number) % 2
                            judgements.append(
                                {
                                    "pupil_id": pupil_id,
                                    "period_id": period.id,
                                    "area_code": code,
                                    "value": (Judgement.BELOW if odd else Judgement.ON_TRACK).value,
                                    "gone_beyond": None
                                    if odd or row % 7
                                    else GoneBeyond.BLUE.value,
                                    "note": "Seen in the garden"
                                    if (row + area) % 41 == 0
                                    else None,
                                }
                            )
            session.execute(insert(JudgementRow), judgements)
            section = ElgSection(
                establishment_id=school_id, academic_year=year, day=date(year + 1, 6, 1)
            )
            session.add(section)
            session.flush()
            reception = pupil_ids[2 * PUPILS_PER_GROUP :]
            session.execute(insert(ElgResult), _elg_rows(section.id or 0, reception))
    finally:
        database.dispose()
    return url, "98001"


def _elg_rows(section_id: int, pupil_ids: list[int]) -> list[dict[str, object]]:
    return [
        {
            "section_id": section_id,
            "pupil_id": pupil_id,
            "area_code": code,
            "outcome": (
                ElgOutcome.EMERGING if (row + area) % 5 == 0 else ElgOutcome.EXPECTED
            ).value,
        }
        for row, pupil_id in enumerate(pupil_ids)
        for area, code in enumerate(AREA_CODES)
    ]


def build_la(folder: Path, year: int) -> str:
    """600 establishments, each with 30 Reception pupils and a submitted ELG section."""
    url = f"sqlite:///{folder / 'la.db'}"
    database = open_database(url)
    submitted = datetime(year + 1, 6, 20, tzinfo=timezone.utc)
    try:
        with database.write() as session:
            session.execute(
                insert(Establishment),
                [
                    {"number": f"{70000 + n}", "name": f"SCHOOL {n:03d} C OF E PRIMARY"}
                    for n in range(LA_ESTABLISHMENTS)
                ],
            )
            schools: list[int] = [
                school_id
                for school_id in session.scalars(
                    select(col(Establishment.id)).order_by(col(Establishment.id))
                )
                if school_id is not None
            ]
            for n, school_id in enumerate(schools):
                session.execute(
                    insert(Pupil), _pupils(school_id, year, 2, LA_PUPILS, 100_000 + n * LA_PUPILS)
                )
            session.execute(
                insert(ElgSection),
                [
                    {
                        "establishment_id": school_id,
                        "academic_year": year,
                        "day": date(year + 1, 6, 1),
                        "submitted_by": "head",
                        "submitted_at": submitted,
                    }
                    for school_id in schools
                ],
            )
            sections = dict(
                session.execute(select(col(ElgSection.establishment_id), col(ElgSection.id))).all()
            )
            pupils = session.execute(
                select(col(Pupil.establishment_id), col(Pupil.id)).order_by(col(Pupil.id))
            ).all()
            by_school: dict[int, list[int]] = {}
            for school_id, pupil_id in pupils:
                by_school.setdefault(school_id, []).append(pupil_id)
            for school_id, ids in by_school.items():
                session.execute(insert(ElgResult), _elg_rows(sections[school_id], ids))
    finally:
        database.dispose()
    return url


def run_child(kind: str, url: str, year: int, out: Path, number: str) -> dict[str, float]:
    """One export in this (fresh) process: seconds, and peak RSS in MiB."""
    from exports.all_data import export_all_data
    from exports.la_workbook import write_la_return
    from store.establishments.establishments import find_establishment_by_number

    database = open_database(url)
    started = time.perf_counter()
    if kind == "all-data":
        info = find_establishment_by_number(database, number)
        assert info is not None
        export_all_data(database, Actor("bench", Role.MANAGER, info.id), info, year, out)
    else:
        ticks: list[int] = []
        summary = write_la_return(
            database,
            Actor("bench", Role.SUPPORT, None),
            year,
            out,
            lambda done, total: ticks.append(done),
        )
        expected = LA_ESTABLISHMENTS * LA_PUPILS
        if summary.pupils != expected or ticks[-1] != LA_ESTABLISHMENTS:
            raise BenchError(f"Wrote {summary.pupils} pupils, not {expected}.")
    seconds = time.perf_counter() - started
    database.dispose()
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": seconds, "peak_mib": peak_kib / 1024, "bytes": float(out.stat().st_size)}


def _in_child(kind: str, url: str, year: int, out: Path, number: str = "") -> dict[str, float]:
    command = [PYTHON, "-m", "bench.exports", _CHILD, kind, url, str(year), str(out), number]
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
        # Exports are written only inside the exports folder: the scratch folder is it.
        env=child_environment({EXPORTS_DIR_ENV: str(out.parent)}),
    )
    if done.returncode != 0:
        raise BenchError(f"The {kind} export failed:\n{done.stderr}")
    data: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return data


def summary_rows(figures: Figures) -> list[tuple[str, str, str, str]]:
    """(target, limit, measured, verdict) lines for `python -m bench`'s summary table."""

    def verdict(value: float, limit: float) -> str:
        if math.isnan(value):
            return "not measured"
        return "meets" if value <= limit else "MISSES"

    all_data = figures.get("all_data_export_ms", math.nan)
    seconds = figures.get("la_workbook_s", math.nan)
    peak = figures.get("la_workbook_peak_mib", math.nan)
    return [
        (
            "All data, 3 groups x 90 pupils x 6 periods",
            f"<= {ALL_DATA_TARGET_S * 1000:.0f} ms",
            f"median {all_data:.0f} ms",
            verdict(all_data, ALL_DATA_TARGET_S * 1000),
        ),
        (
            f"LA workbook, {LA_ESTABLISHMENTS} x {LA_PUPILS} pupils",
            f"<= {LA_TARGET_S:.0f} s, {LA_TARGET_MIB:.0f} MiB",
            f"{seconds:.1f} s, peak {peak:.0f} MiB",
            verdict(max(seconds / LA_TARGET_S, peak / LA_TARGET_MIB), 1.0),
        ),
    ]


def main() -> Figures:
    year = academic_year_of(date.today())
    figures: Figures = {}
    with scratch_folder() as folder:
        heading("All data export (3 year groups x 90 pupils x 6 periods)")
        started = time.perf_counter()
        url, number = build_all_data(folder, year)
        line("all_data_fixture_s", time.perf_counter() - started, "building, not measured")
        runs = [
            _in_child("all-data", url, year, folder / f"all{n}.xlsx", number)
            for n in range(REPEATS)
        ]
        seconds = [run["seconds"] * 1000 for run in runs]
        report("all_data_export_ms", seconds, f"target <= {ALL_DATA_TARGET_S * 1000:.0f} ms")
        line("all_data_peak_mib", max(run["peak_mib"] for run in runs), "ru_maxrss of the process")
        line("all_data_file_kib", runs[0]["bytes"] / 1024)
        figures["all_data_export_ms"] = median(seconds)
        heading("Local authority workbook (600 establishments x 30 Reception pupils)")
        started = time.perf_counter()
        la_url = build_la(folder, year)
        line("la_fixture_s", time.perf_counter() - started, "building, not measured")
        la = _in_child("la-return", la_url, year, folder / "la.xlsx")
        line("la_workbook_s", la["seconds"], f"target <= {LA_TARGET_S:.0f} s")
        line("la_workbook_peak_mib", la["peak_mib"], f"target <= {LA_TARGET_MIB:.0f} MiB")
        line("la_workbook_file_kib", la["bytes"] / 1024)
        figures["la_workbook_s"] = la["seconds"]
        figures["la_workbook_peak_mib"] = la["peak_mib"]
    return figures


if __name__ == "__main__":
    if len(sys.argv) >= 6 and sys.argv[1] == _CHILD:
        number = sys.argv[6] if len(sys.argv) > 6 else ""
        result = run_child(sys.argv[2], sys.argv[3], int(sys.argv[4]), Path(sys.argv[5]), number)
        print(json.dumps(result))
    else:
        main()

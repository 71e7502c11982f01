"""CTF returns: 600 schools' submitted KS1 teacher assessment CTFs of 60 Year 2 pupils each,
every one checked, numbered, audited and written as a school's manager would (the issue's
<= 10 s).

The fixture is written with bulk inserts; the exports run one after another in this process,
as support's LA-wide export of every school's CTF would.
"""

from __future__ import annotations

import math
import os
import time
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import insert, select
from sqlmodel import col

from bench.common import Figures, heading, line, scratch_folder
from bench.pty_session import BenchError
from exports.folder import EXPORTS_DIR_ENV
from store.core.access import Actor, Role
from store.core.db import open_database
from store.core.models import AssessmentPeriod, Establishment, PeriodYearGroup, Pupil
from store.core.models import Judgement as JudgementRow
from store.curriculum.codes import plain_code
from store.curriculum.dates import academic_year_of
from store.curriculum.eyfs import YearGroup
from store.curriculum.ks1 import KS1_TA, KS1_TA_ID
from store.curriculum.upn import upn_check_letter
from store.curriculum.year_groups import birth_date_range

SCHOOLS = 600
PUPILS = 60
TARGET_S = 10.0
_SURNAMES = ("Adeyemi", "O'Brien", "Nguyễn", "Patel", "Smith & Sons", "<Khan>")
_FORENAMES = ("Amelia", "Zoë", "Mohammed", "Siobhán", "Łukasz")


def _upn(serial: int) -> str:
    twelve = f"7{serial:011d}"
    return upn_check_letter(twelve) + twelve


def build(folder: Path, year: int) -> str:
    """SCHOOLS establishments with their return numbers, each a Year 2 cohort of PUPILS and
    a KS1 teacher assessment period with every subject judged."""
    url = f"sqlite:///{folder / 'ctf.db'}"
    database = open_database(url)
    first, last = birth_date_range(YearGroup.YEAR_2, year)
    span = (last - first).days + 1
    try:
        with database.write() as session:
            session.execute(
                insert(Establishment),
                [
                    {
                        "number": f"{60000 + n}",
                        "name": f"ST {n:03d}'S C OF E PRIMARY",
                        "la_number": "873",
                        "dfe_number": f"{2000 + n:04d}",
                        "urn": f"{100000 + n:06d}",
                    }
                    for n in range(SCHOOLS)
                ],
            )
            schools = [
                school_id
                for school_id in session.scalars(
                    select(col(Establishment.id)).order_by(col(Establishment.id))
                )
                if school_id is not None
            ]
            pupils = [
                {
                    "establishment_id": school_id,
                    "upn": _upn(n * PUPILS + index),
                    "surname": f"{_SURNAMES[index % len(_SURNAMES)]} {index:02d}",
                    "forenames": _FORENAMES[index % len(_FORENAMES)],
                    "date_of_birth": first + timedelta(days=(index * 37) % span),
                    "gender": "MF"[index % 2],
                    "include_in_data": True,
                    "archived": False,
                }
                for n, school_id in enumerate(schools)
                for index in range(PUPILS)
            ]
            session.execute(insert(Pupil), pupils)
            by_school: dict[int, list[int]] = {}
            for school_id, pupil_id in session.execute(
                select(col(Pupil.establishment_id), col(Pupil.id)).order_by(col(Pupil.id))
            ):
                by_school.setdefault(school_id, []).append(pupil_id)
            judgements: list[dict[str, object]] = []
            for school_id in schools:
                period = AssessmentPeriod(
                    establishment_id=school_id,
                    name="KS1 summer",
                    day=date(year + 1, 6, 10),
                    academic_year=year,
                    framework=KS1_TA_ID,
                    # Only submitted results are returned (store/returns/ctf_gather.py).
                    submitted_by="bench",
                    submitted_at=datetime.now(timezone.utc),
                )
                session.add(period)
                session.flush()
                session.add(PeriodYearGroup(period_id=period.id, year_group="Y2"))
                for row, pupil_id in enumerate(by_school[school_id]):
                    for subject in KS1_TA.subjects:
                        codes = [plain_code(code.code) for code in subject.codes]
                        judgements.append(
                            {
                                "pupil_id": pupil_id,
                                "period_id": period.id,
                                "area_code": subject.code,
                                "value": codes[row % len(codes)],
                            }
                        )
            session.execute(insert(JudgementRow), judgements)
    finally:
        database.dispose()
    return url


def run(url: str, year: int) -> tuple[float, int]:
    """Export every school's CTF into its outbox; (seconds, bytes of the last file)."""
    from exports.ctf import export_ctf_return
    from store.returns.ctf_data import ReturnKind

    database = open_database(url)
    with database.read() as session:
        schools = list(session.scalars(select(col(Establishment.id))))
    support = Actor("bench", Role.SUPPORT, None)
    started = time.perf_counter()
    path = Path()
    for school_id in schools:
        assert school_id is not None
        done = export_ctf_return(database, support, school_id, ReturnKind.KS1, year)
        path = done.path
        if len(done.ctf.pupils) != PUPILS or done.ctf.sequence != 1:
            raise BenchError(f"{done.path.name}: {len(done.ctf.pupils)} pupils written.")
    seconds = time.perf_counter() - started
    database.dispose()
    if len(ET.parse(path).getroot().findall("CTFpupilData/Pupil")) != PUPILS:
        raise BenchError(f"{path.name} does not read back with {PUPILS} pupils.")
    return seconds, path.stat().st_size


def summary_rows(figures: Figures) -> list[tuple[str, str, str, str]]:
    """(target, limit, measured, verdict) lines for `python -m bench`'s summary table."""
    seconds = figures.get("ctf_600_schools_s", math.nan)
    verdict = (
        "not measured" if math.isnan(seconds) else "meets" if seconds <= TARGET_S else "MISSES"
    )
    return [
        (
            f"KS1 CTF, {SCHOOLS} schools x {PUPILS} pupils",
            f"<= {TARGET_S:.0f} s",
            f"{seconds:.1f} s",
            verdict,
        )
    ]


def main() -> Figures:
    year = academic_year_of(date.today())
    with scratch_folder() as folder:
        heading(f"KS1 CTF returns ({SCHOOLS} schools x {PUPILS} Year 2 pupils)")
        started = time.perf_counter()
        url = build(folder, year)
        line("ctf_fixture_s", time.perf_counter() - started, "building, not measured")
        # Exports are written only inside the exports folder: the scratch folder is it.
        previous = os.environ.get(EXPORTS_DIR_ENV)
        os.environ[EXPORTS_DIR_ENV] = str(folder)
        try:
            seconds, size = run(url, year)
        finally:
            if previous is None:
                os.environ.pop(EXPORTS_DIR_ENV, None)
            else:
                os.environ[EXPORTS_DIR_ENV] = previous
        line("ctf_600_schools_s", seconds, f"target <= {TARGET_S:.0f} s")
        line("ctf_per_school_ms", seconds * 1000 / SCHOOLS)
        line("ctf_file_kib", size / 1024)
    return {"ctf_600_schools_s": seconds}


if __name__ == "__main__":
    main()

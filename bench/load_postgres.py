"""Issue 12's load: 600 establishments x 90 Reception pupils on PostgreSQL, 200 clerks entering
judgements at a person's pace (a key every 300 ms) for 2 minutes through the store API.

Each clerk does what the app does for one person at an open grid: every 300 ms an entry
(`write_as_seen`, the value they saw and the new one, flipping one of their cells: two clerks
share each of 100 establishments, one on each half of its pupils); every second the grid's look
for colleagues' changes (`changes_since`, its own entries known by their audit ids), and when
a colleague did change something, the rows of the pupils they changed read again
(`load_cohort(only=...)`), as tui/screens/assessments/colleagues_live.py does. The clerks run
as threads in several processes (a real server runs one app process per person, on more cores
than this machine has).

Printed: entries made, errors, conflicts (none are expected: nobody types in another's cells),
lost writes (a cell the database does not hold as its clerk last wrote it, or an audit count
that differs from the entries made), and the latency of entries, looks and reads (p50, p99).
Targets: 0 errors, 0 lost writes, p99 entry <= 50 ms.

It needs a PostgreSQL server: `make bench` runs under scripts/with-postgres (with fsync on, as
a server would be); run alone, `scripts/with-postgres .venv/bin/python -m bench.load_postgres`.
Set PUPIL_TRACKER_LOAD_SECONDS to run shorter, PUPIL_TRACKER_LOAD_CLERKS for fewer clerks.

On a 2-core machine the clerks' own Python is the limit: one clerk's entries, looks and reads
cost about 15 ms of CPU a second in the store API (2.6 ms an entry on PostgreSQL), so 200 of
them would need 3 cores before the server's share. `load_pace` says what share of the entries
were made on time; when it is low, the latencies measure the machine, not the database.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import create_engine, func, insert, select, text
from sqlalchemy.engine import make_url
from sqlmodel import col

from bench.common import Figures, heading, line, median, percentile
from bench.fixture import PUPILS
from bench.pty_session import BenchError
from store.assessments.changes import judgement_edit
from store.assessments.cohort import BLANK, Cell, load_cohort
from store.assessments.judgements import write_as_seen
from store.core.access import Actor, Role
from store.core.db import Database, open_database
from store.core.models import (
    AssessmentPeriod,
    AuditEntry,
    Establishment,
    Judgement,
    PeriodYearGroup,
    Pupil,
)
from store.core.recent_changes import changes_since, latest_change
from store.curriculum.dates import academic_year_of
from store.curriculum.eyfs import AREA_CODES, YearGroup
from store.curriculum.eyfs import Judgement as Code
from store.curriculum.year_groups import birth_date_range

PG_ENV = "PUPIL_TRACKER_TEST_PG_URL"
SECONDS_ENV = "PUPIL_TRACKER_LOAD_SECONDS"
ESTABLISHMENTS = 600
PUPILS_EACH = PUPILS
CLERKS_ENV = "PUPIL_TRACKER_LOAD_CLERKS"
CLERKS = int(os.environ.get(CLERKS_ENV, "200"))
CLERKS_PER_PROCESS = 8
"""A server gives each person a process; eight clerks share one here (200 processes would not
fit this machine), few enough that they seldom wait for each other's turn at Python's lock."""
KEY_EVERY = 0.3
LOOK_EVERY = 1.0
SECONDS = 120.0
TARGET_P99_MS = 50.0
R = YearGroup.RECEPTION


@dataclass(frozen=True)
class Clerk:
    number: int
    establishment_id: int
    period_id: int
    pupils: tuple[int, ...]
    """The pupils whose cells this clerk types in (half of the establishment's)."""


@dataclass
class Tally:
    entries: list[float] = field(default_factory=list)
    looks: list[float] = field(default_factory=list)
    reads: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    conflicts: int = 0
    late: int = 0
    """Entries that started more than one interval after their time (the clients fell behind)."""
    last_written: dict[tuple[int, int, str], str] = field(default_factory=dict)

    def add(self, other: Tally) -> None:
        self.entries += other.entries
        self.looks += other.looks
        self.reads += other.reads
        self.errors += other.errors
        self.conflicts += other.conflicts
        self.late += other.late
        self.last_written.update(other.last_written)


def build(url: str, year: int) -> list[Clerk]:
    """The establishments, pupils and one Autumn period each; the clerks' places."""
    database = open_database(url)
    first, last = birth_date_range(R, year)
    span = (last - first).days
    try:
        with database.write() as session:
            session.execute(
                insert(Establishment),
                [
                    {"number": f"{80000 + n}", "name": f"SCHOOL {n:03d}"}
                    for n in range(ESTABLISHMENTS)
                ],
            )
            ids = session.scalars(select(col(Establishment.id)).order_by(col(Establishment.id)))
            schools = [school for school in ids if school is not None]
            session.execute(
                insert(Pupil),
                [
                    {
                        "establishment_id": school,
                        "upn": f"L{n:04d}{p:08d}",
                        "surname": f"PUPIL{p:02d}",
                        "forenames": "Sam",
                        "date_of_birth": date.fromordinal(first.toordinal() + (p * 4) % span),
                    }
                    for n, school in enumerate(schools)
                    for p in range(PUPILS_EACH)
                ],
            )
            session.execute(
                insert(AssessmentPeriod),
                [
                    {
                        "establishment_id": school,
                        "name": "Autumn 2",
                        "day": date(year, 12, 1),
                        "academic_year": year,
                    }
                    for school in schools
                ],
            )
            periods = dict(
                session.execute(
                    select(col(AssessmentPeriod.establishment_id), col(AssessmentPeriod.id))
                ).all()
            )
            session.execute(
                insert(PeriodYearGroup),
                [{"period_id": p, "year_group": R.value} for p in periods.values()],
            )
            pupils: dict[int, list[int]] = {}
            for school, pupil in session.execute(
                select(col(Pupil.establishment_id), col(Pupil.id)).order_by(col(Pupil.id))
            ):
                pupils.setdefault(school, []).append(pupil)
    finally:
        database.dispose()
    clerks = []
    for number in range(CLERKS):
        school = schools[(number // 2) * (ESTABLISHMENTS // (CLERKS // 2))]
        half = PUPILS_EACH // 2
        mine = pupils[school][:half] if number % 2 == 0 else pupils[school][half:]
        clerks.append(Clerk(number, school, periods[school], tuple(mine)))
    return clerks


def _clerk_loop(
    database: Database,
    clerk: Clerk,
    year: int,
    start: float,
    until: float,
    tally: Tally,
    lock: threading.Lock,
) -> None:
    actor = Actor(f"clerk{clerk.number}", Role.USER, clerk.establishment_id)
    cells = [(pupil, code) for pupil in clerk.pupils for code in AREA_CODES]
    shown: dict[tuple[int, str], Cell] = {}
    mine: list[int] = []  # the audit ids of this clerk's own entries, as the grid keeps them
    seen = latest_change(database, actor, clerk.establishment_id)
    offset = (clerk.number % 30) * KEY_EVERY / 30  # the clerks do not all type at one instant
    next_key, next_look, index = start + offset, start + offset + LOOK_EVERY, 0
    local = Tally()
    while True:
        now = time.perf_counter()
        if now >= until:
            break
        if now >= next_look:
            started = time.perf_counter()
            since = changes_since(database, actor, clerk.establishment_id, seen, mine)
            local.looks.append((time.perf_counter() - started) * 1000)
            if since.by_others:
                started = time.perf_counter()
                load_cohort(database, actor, clerk.establishment_id, year, R, since.pupils)
                local.reads.append((time.perf_counter() - started) * 1000)
            seen = since.latest
            mine = [entry for entry in mine if entry > seen]
            next_look += LOOK_EVERY
        if now >= next_key:
            if now - next_key > KEY_EVERY:
                local.late += 1
            pupil, code = cells[index % len(cells)]
            index += 1
            before = shown.get((pupil, code), BLANK)
            after = Cell(Code.BELOW if before.value != Code.BELOW else Code.ON_TRACK)
            edit = judgement_edit(pupil, clerk.period_id, code, after, before)
            started = time.perf_counter()
            try:
                written = write_as_seen(database, actor, clerk.establishment_id, [edit])
            except Exception as error:  # counted and shown: the load must cause none
                local.errors.append(f"{type(error).__name__}: {error}"[:200])
            else:
                local.entries.append((time.perf_counter() - started) * 1000)
                if written.conflicts:
                    local.conflicts += len(written.conflicts)
                else:
                    mine += written.audit_ids
                    shown[(pupil, code)] = after
                    assert after.value is not None
                    local.last_written[(pupil, clerk.period_id, code)] = after.value
            next_key += KEY_EVERY
        time.sleep(max(0.0, min(next_key, next_look) - time.perf_counter()))
    with lock:
        tally.add(local)


def _process(
    url: str,
    clerks: list[Clerk],
    year: int,
    start_at: float,
    seconds: float,
    out: multiprocessing.Queue[Tally],
) -> None:
    database = open_database(url)
    # A connection for each clerk, as each person's process holds its own.
    database.engine.dispose()
    database.engine = create_engine(url, pool_size=len(clerks), max_overflow=0, pool_pre_ping=True)
    tally, lock = Tally(), threading.Lock()
    # perf_counter is not shared between processes: the start is given in wall-clock time.
    start = time.perf_counter() + max(0.0, start_at - time.time())
    threads = [
        threading.Thread(
            target=_clerk_loop, args=(database, clerk, year, start, start + seconds, tally, lock)
        )
        for clerk in clerks
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    database.dispose()
    out.put(tally)


def _throwaway(admin_url: str) -> str:
    name = f"pt_load_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def _drop(admin_url: str, url: str) -> None:
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        name = make_url(url).database
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _check(url: str, clerks: list[Clerk], tally: Tally) -> tuple[int, int]:
    """(cells not as their clerk last wrote them, audit entries minus entries made)."""
    database = open_database(url)
    try:
        with database.read() as session:
            stored = {
                (pupil, period, code): value
                for pupil, period, code, value in session.execute(
                    select(
                        col(Judgement.pupil_id),
                        col(Judgement.period_id),
                        col(Judgement.area_code),
                        col(Judgement.value),
                    )
                )
            }
            audited = session.scalar(
                select(func.count()).where(col(AuditEntry.actor).like("clerk%"))
            )
    finally:
        database.dispose()
    lost = sum(1 for key, value in tally.last_written.items() if stored.get(key) != value)
    return lost, (audited or 0) - len(tally.entries)


def main() -> Figures:
    heading(
        f"Load on PostgreSQL: {CLERKS} clerks, {ESTABLISHMENTS} x {PUPILS_EACH} pupils, "
        f"a key every {KEY_EVERY * 1000:.0f} ms"
    )
    admin_url = os.environ.get(PG_ENV, "")
    if not admin_url:
        line("load_not_measured", 0, f"no PostgreSQL: run under scripts/with-postgres ({PG_ENV})")
        return {}
    seconds = float(os.environ.get(SECONDS_ENV, SECONDS))
    year = academic_year_of(date.today())
    url = _throwaway(admin_url)
    try:
        started = time.perf_counter()
        clerks = build(url, year)
        line("load_fixture_s", time.perf_counter() - started, "building, not measured")
        context = multiprocessing.get_context("spawn")
        out: multiprocessing.Queue[Tally] = context.Queue()
        count = math.ceil(len(clerks) / CLERKS_PER_PROCESS)
        share = [clerks[n::count] for n in range(count)]
        # Every process started, connected and waiting (each imports the store: about a
        # second of this machine's CPU).
        start_at = time.time() + 5.0 + 0.5 * count
        processes = [
            context.Process(target=_process, args=(url, part, year, start_at, seconds, out))
            for part in share
        ]
        for process in processes:
            process.start()
        tally = Tally()
        for _ in processes:
            tally.add(out.get(timeout=seconds + 120))
        for process in processes:
            process.join(30)
        lost, audit_gap = _check(url, clerks, tally)
    finally:
        _drop(admin_url, url)
    expected = seconds / KEY_EVERY * CLERKS
    line("load_entries", len(tally.entries), f"of {expected:.0f} at a person's pace")
    line("load_entries_late", tally.late, "started more than 300 ms after their time")
    pace = len(tally.entries) / expected * 100
    line("load_pace_percent", pace, "entries made of those a person's pace asks for")
    line(
        "load_errors",
        len(tally.errors),
        "target 0" + (f"; first: {tally.errors[0]}" if tally.errors else ""),
    )
    line("load_conflicts", tally.conflicts, "none expected: nobody types in another's cells")
    line("load_lost_writes", lost, "cells not as their clerk last wrote them; target 0")
    line("load_audit_gap", audit_gap, "audit entries minus entries made; target 0")
    figures: Figures = {
        "load_pace_percent": pace,
        "load_errors": float(len(tally.errors)),
        "load_lost_writes": float(lost + abs(audit_gap)),
    }
    for name, values in (("entry", tally.entries), ("look", tally.looks), ("read", tally.reads)):
        if values:
            p50, p99 = median(values), percentile(values, 0.99)
            note = f"target <= {TARGET_P99_MS:.0f} ms" if name == "entry" else ""
            line(f"load_{name}_p50_ms", p50, f"n={len(values)}")
            line(f"load_{name}_p99_ms", p99, note)
            figures[f"load_{name}_p99_ms"] = p99
    if not tally.entries:
        raise BenchError("No entry was made.")
    return figures


def summary_rows(figures: Figures) -> list[tuple[str, str, str, str]]:
    """(target, limit, measured, verdict) for `python -m bench`'s summary."""
    p99 = figures.get("load_entry_p99_ms", math.nan)
    errors = figures.get("load_errors", math.nan) + figures.get("load_lost_writes", math.nan)
    if math.isnan(p99):
        verdict = "not measured (no PostgreSQL)"
    elif errors:
        verdict = "ERRORS"
    else:
        verdict = "meets" if p99 <= TARGET_P99_MS else "MISSES"
    return [
        (
            f"{CLERKS} clerks on PostgreSQL, entry p99",
            f"<= {TARGET_P99_MS:.0f} ms, 0 errors",
            f"p99 {p99:.0f} ms at {figures.get('load_pace_percent', math.nan):.0f}% of the "
            f"pace, {errors:.0f} errors or lost writes",
            verdict,
        )
    ]


if __name__ == "__main__":
    sys.exit(0 if main() is not None else 1)

"""The pupil list with 2,000 pupils: CPU and bytes per keystroke while typing a surname search.

The real app runs in a pseudo-terminal at 80x24 on a database of 2,000 pupils; the Pupils
screen is opened and a surname is typed one letter at a time, then rubbed out. Per keystroke:
the child's CPU time until its output has been quiet for 150 ms, and the bytes it wrote.
Target (issue 3): at most 30 ms CPU per keystroke, "no visible lag".
"""

from __future__ import annotations

import random
import sqlite3
from datetime import date, timedelta
from pathlib import Path

from bench.common import Figures, heading, line, report, scratch_folder
from bench.pty_session import PtySession, python_module
from store.core.access import Actor, Role
from store.core.db import open_database
from store.core.models import Pupil
from store.curriculum.dates import academic_year_of
from store.curriculum.eyfs import YearGroup
from store.curriculum.upn import upn_check_letter
from store.curriculum.year_groups import birth_date_range
from store.establishments.establishments import create_establishment

PUPILS = 2000
TARGET_MS = 30.0
KEY_QUIET = 0.15
SURNAMES = (
    "Smith",
    "Jones",
    "Taylor",
    "Khan",
    "O'Brien",
    "Nowak",
    "D'Souza",
    "Adeyemi",
    "Ali",
    "Brown",
    "Wilson",
    "Hussain",
    "Begum",
    "Murphy",
    "Nguyễn",
    "Clarke",
    "Patel",
    "Evans",
)
FORENAMES = ("Zoë", "Jack", "Aisha", "Olamide", "Siobhán", "Noah", "Ivy", "Łukasz", "Mia", "Leo")


def build(folder: Path) -> Path:
    """A school of 2,000 pupils across Nursery 1 to Year 2."""
    path = folder / "pupils.db"
    database = open_database(f"sqlite:///{path}")
    school = create_establishment(database, Actor("bench", Role.SUPPORT, None), "2041", "BENCH")
    year = academic_year_of(date.today())
    rng = random.Random(2000)
    groups = list(YearGroup)
    rows = []
    for serial in range(PUPILS):
        first, last = birth_date_range(groups[serial % len(groups)], year)
        born = first + timedelta(days=rng.randrange((last - first).days + 1))
        digits = f"999{serial:09d}"
        rows.append(
            Pupil(
                establishment_id=school.id,
                upn=upn_check_letter(digits) + digits,
                surname=f"{rng.choice(SURNAMES)}{'' if serial % 3 else '-' + rng.choice(SURNAMES)}",
                forenames=rng.choice(FORENAMES),
                date_of_birth=born,
                class_slot=serial % 20 + 1,
                postcode="PR1 2AB",
                ethnicity="WBRI",
            )
        )
    with database.write() as session:
        session.add_all(rows)
    database.dispose()
    return path


def cpu_ms(session: PtySession) -> float:
    return session.cpu_ns() / 1e6


def main() -> Figures:
    heading(f"Pupil list: typing a surname search over {PUPILS:,} pupils (80x24)")
    with scratch_folder() as folder:
        path = build(folder)
        with sqlite3.connect(path) as connection:
            assert connection.execute("select count(*) from pupil").fetchone()[0] == PUPILS
        session = PtySession(python_module("tui", "--db", str(path)), 80, 24).start()
        try:
            marker = session.wait_for(b"Choose an establishment", 30)
            session.wait_quiet(marker, 0.5, 30)
            session.wait_quiet(session.send(b"\r"), 0.5, 30)
            opened = session.send(b"p")
            session.wait_for(b"pupils", 30)
            session.wait_quiet(opened, 0.5, 30)
            session.wait_quiet(session.send(b"/"), 0.5, 30)
            cpu: list[float] = []
            sent_bytes: list[float] = []
            for key in [*"smi", "\x7f", "\x7f", "\x7f", *"o'br", "\x7f" * 1, *"nguy"]:
                before_cpu, before_bytes = cpu_ms(session), session.total_bytes
                session.wait_quiet(session.send(key.encode()), KEY_QUIET, 10)
                cpu.append(cpu_ms(session) - before_cpu)
                sent_bytes.append(float(session.total_bytes - before_bytes))
            report("pupil_search_cpu_ms", cpu, f"target <= {TARGET_MS:.0f} ms")
            report("pupil_search_bytes", sent_bytes)
            memory = session.memory_kib("VmHWM") / 1024
            line("pupil_list_peak_mib", memory, "VmHWM with 2,000 pupils listed")
        finally:
            session.close()
    ordered = sorted(cpu)
    return {
        "pupil_search_cpu_ms": ordered[len(ordered) // 2],
        "pupil_search_cpu_max_ms": ordered[-1],
        "pupil_list_peak_mib": memory,
    }


if __name__ == "__main__":
    main()

"""Importing a 2,000-pupil upload file: the issue's target is at most 2 s.

In process: store.pupils.importing.import_pupils on a generated template file (UTF-8 with BOM,
CRLF, the hints row, accented names and quoted commas) into a fresh SQLite file, as the first
import (2,000 inserts) and again as a re-import that changes every pupil's postcode (2,000
updates) and as one that changes nothing. Each is repeated on fresh databases for a median.
The `pupil-tracker import-pupils` command is timed once too, Python's start-up included.
"""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from bench.common import Figures, heading, line, median, report, scratch_folder
from store.core.access import Actor, Role
from store.core.db import open_database
from store.curriculum.upn import upn_check_letter
from store.establishments.establishments import create_establishment
from store.pupils.importing import import_pupils
from store.pupils.upload import UPLOAD_COLUMNS

PUPILS = 2000
REPEATS = 5
TARGET_S = 2.0
TODAY = date(2025, 11, 3)
NUMBER = "98766"
_SURNAMES = ("O'Brien", "Smith, Jr", "Nguyễn", "Müller", "Patel", "Ní Bhriain", "Jones")
_FORENAMES = ("Zoë", "Siobhán", "Mohammed", "Amelia", "Łukasz")
_HINTS = ',,,dd/mm/yyyy,M or F,,"Allow Y, N or blank",,"Allow Y, N or blank",'
_HINTS += '"Allow SEN_K, SEN_E, S",For office use only'


def upload_file(postcode: str = "PR1 2AB") -> bytes:
    """A valid template file of PUPILS pupils, as Excel saves "CSV UTF-8"."""
    lines = [",".join(UPLOAD_COLUMNS), _HINTS]
    for number in range(1, PUPILS + 1):
        digits = f"{number:012d}"
        surname = _SURNAMES[number % len(_SURNAMES)]
        lines.append(
            f'{upn_check_letter(digits)}{digits},"{surname}",{_FORENAMES[number % 5]},'
            f"{1 + number % 28:02d}/{1 + number % 12:02d}/2020,{'MF'[number % 2]},{postcode},"
            f"{'YN'[number % 3 > 0]},WBRI,N,{('', 'SEN_K', 'SEN_E')[number % 3]},"
        )
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def _fresh(folder: Path, name: str) -> tuple[str, int]:
    url = f"sqlite:///{folder / name}"
    database = open_database(url)
    info = create_establishment(database, Actor("bench", Role.SUPPORT, None), NUMBER, "BENCH")
    database.dispose()
    return url, info.id


def measure(folder: Path, run: int) -> tuple[float, float, float]:
    """Seconds for the first import, an updating re-import and an unchanged re-import."""
    url, establishment_id = _fresh(folder, f"import-{run}.db")
    database = open_database(url)
    actor = Actor("bench", Role.SUPPORT, None)
    first, moved = upload_file(), upload_file(postcode="LA1 1AA")
    timings = []
    try:
        for data, expected in ((first, "added"), (moved, "updated"), (moved, "unchanged")):
            started = time.perf_counter()
            result = import_pupils(database, actor, establishment_id, data, TODAY)
            timings.append(time.perf_counter() - started)
            if getattr(result, expected) != PUPILS:
                raise RuntimeError(f"Expected {PUPILS} {expected}, got {result.summary}.")
    finally:
        database.dispose()
    return timings[0], timings[1], timings[2]


def measure_cli(folder: Path) -> float:
    """Seconds for `python -m tui import-pupils` on a fresh database, start-up included."""
    url, _ = _fresh(folder, "cli.db")
    path = folder / "pupils.csv"
    path.write_bytes(upload_file())
    command = [sys.executable, "-m", "tui", "--db-url", url, "import-pupils"]
    started = time.perf_counter()
    done = subprocess.run(
        [*command, "--establishment", NUMBER, str(path)], capture_output=True, text=True
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"The import command failed:\n{done.stderr}")
    return elapsed


def main() -> Figures:
    heading(f"Importing {PUPILS:,} pupils from a CSV upload file")
    with scratch_folder() as folder:
        runs = [measure(folder, run) for run in range(REPEATS)]
        cli = measure_cli(folder)
    first, update, unchanged = ([run[kind] * 1000 for run in runs] for kind in range(3))
    target = f"target <= {TARGET_S:.0f} s"
    report("pupil_import_first_ms", first, f"{PUPILS:,} added; {target}", " ms")
    report("pupil_import_update_ms", update, f"{PUPILS:,} updated; {target}", " ms")
    report("pupil_import_unchanged_ms", unchanged, f"{PUPILS:,} unchanged", " ms")
    line("pupil_import_cli_ms", cli * 1000, "the command, Python start-up included", " ms")
    return {
        "pupil_import_first_ms": median(first),
        "pupil_import_update_ms": median(update),
        "pupil_import_unchanged_ms": median(unchanged),
        "pupil_import_cli_ms": cli * 1000,
    }


if __name__ == "__main__":
    main()

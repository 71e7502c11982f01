"""Every submitted school's CTF return (KS1 teacher assessment, or the EYFS profile), written by
the support team into one new folder for the year in the "Local authority" outbox, so they can
send them on together.

Each school's return is checked, numbered, written and audited as the school's own export is
(store.returns.ctf.export_ctf); a school whose return does not pass its checks is listed with its
first problems, and the others are still written. Stopping keeps the files already written:
each is a whole, numbered return, recorded in the audit trail.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from exports.ctf import write_ctf_file
from exports.folder import FOLDER_MODE, export_path, la_outbox, write_new_file
from exports.return_workbook import NothingSubmitted
from store.core.access import Actor
from store.core.db import Database
from store.core.errors import StoreError
from store.curriculum.dates import format_academic_year
from store.reports.ks1_return import submitted_ks1_periods
from store.reports.la_return import Progress, StopAsked, submitted_sections
from store.returns.ctf import export_ctf
from store.returns.ctf_data import CtfReturn, ReturnKind, ReturnNotReady

PROBLEMS_SHOWN = 3
"""A refused school's first problems listed (its manager sees them all with their own check)."""
REFUSED_FILE = "Schools not written.txt"


@dataclass(frozen=True, slots=True)
class SubmittedSchool:
    """An establishment whose results of the return are submitted: the period or section."""

    establishment_id: int
    number: str
    name: str
    source_id: int


@dataclass(frozen=True, slots=True)
class SchoolRefused:
    """A submitted school whose file was not written, and why (its first problems)."""

    number: str
    name: str
    problems: tuple[str, ...]

    def said(self) -> str:
        return f"{self.number} {self.name}: {'; '.join(self.problems)}"


@dataclass(frozen=True)
class BatchSummary:
    """What was done: the folder, each file written, each school refused; `stopped` when the
    person stopped it after `done` of the `establishments` submitted."""

    kind: ReturnKind
    folder: Path
    written: tuple[Path, ...]
    refused: tuple[SchoolRefused, ...]
    establishments: int
    done: int
    stopped: bool = False


def submitted_schools(
    db: Database, actor: Actor, kind: ReturnKind, academic_year: int
) -> list[SubmittedSchool]:
    """The establishments that submitted the return's results in `academic_year`, by number:
    their KS1 teacher assessment of Year 2, or their End of Year ELGs (support only).

    Raises:
        PermissionDenied: `actor` is not support.
    """
    if kind is ReturnKind.KS1:
        return [
            SubmittedSchool(period.establishment_id, period.number, period.name, period.period_id)
            for period in submitted_ks1_periods(db, actor, academic_year)
        ]
    return [
        SubmittedSchool(section.establishment_id, section.number, section.name, section.section_id)
        for section in submitted_sections(db, actor, academic_year)
    ]


def batch_folder(kind: ReturnKind, academic_year: int, made_at: datetime) -> Path:
    """A new folder for one run, e.g. "KS1 CTF files 2025-2026 (2026-07-01 0930)" in the
    "Local authority" outbox (a second run never mixes its files with the first's).

    Raises:
        OSError: it cannot be created.
    """
    year = format_academic_year(academic_year).replace("/", "-")
    folder = export_path(la_outbox(), f"{kind.name} CTF files {year}", made_at, suffix="")
    folder.mkdir(mode=FOLDER_MODE)
    return folder


def _refused(school: SubmittedSchool, error: StoreError | OSError) -> SchoolRefused:
    if isinstance(error, ReturnNotReady):
        problems = [problem.describe() for problem in error.problems[:PROBLEMS_SHOWN]]
        more = len(error.problems) - PROBLEMS_SHOWN
        if more > 0:
            problems.append(f"and {more} more")
    elif isinstance(error, OSError):
        problems = [f"the file could not be written ({error.strerror or error})"]
    else:
        problems = [str(error)]
    return SchoolRefused(school.number, school.name, tuple(problems))


def export_all_ctfs(
    db: Database,
    actor: Actor,
    kind: ReturnKind,
    academic_year: int,
    *,
    folder: Path | None = None,
    progress: Progress | None = None,
    cancelled: StopAsked | None = None,
    made_at: datetime | None = None,
) -> BatchSummary:
    """Write the CTF return of every establishment that submitted its results for
    `academic_year` into one folder (a new one by `batch_folder`, or `folder`).

    Run it in a worker. A school whose return is refused is listed in the summary, and in
    REFUSED_FILE beside the files, with its first problems; the others are still written.

    Args:
        progress: Told (establishments done, establishments in all).
        cancelled: Asked before each establishment: True stops (the files written stay).

    Raises:
        PermissionDenied: `actor` is not support.
        NothingSubmitted: no establishment submitted the results (no folder is made).
        OSError: the folder cannot be made.
    """
    schools = submitted_schools(db, actor, kind, academic_year)
    if not schools:
        raise NothingSubmitted(academic_year, f"{kind.title} results")
    moment = made_at or datetime.now().astimezone()
    if folder is None:
        folder = batch_folder(kind, academic_year, moment)
    else:
        folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    into = folder

    def write(ctf: CtfReturn) -> Path:
        return write_ctf_file(ctf, into, moment)

    written: list[Path] = []
    refused: list[SchoolRefused] = []
    done = 0
    stopped = False
    if progress is not None:
        progress(0, len(schools))
    for school in schools:
        if cancelled is not None and cancelled():
            stopped = True
            break
        try:
            export = export_ctf(
                db, actor, school.establishment_id, kind, academic_year, write,
                source_id=school.source_id,
            )  # fmt: skip
            written.append(export.path)
        except (StoreError, OSError) as error:
            refused.append(_refused(school, error))
        done += 1
        if progress is not None:
            progress(done, len(schools))
    _list_refused(folder, refused)
    if not written and not refused:
        with suppress(OSError):  # stopped before the first: leave no empty folder behind
            folder.rmdir()
    return BatchSummary(kind, folder, tuple(written), tuple(refused), len(schools), done, stopped)


def _list_refused(folder: Path, refused: list[SchoolRefused]) -> None:
    """REFUSED_FILE in `folder`: one line per school not written, so support can follow up."""
    if not refused:
        return
    text = "".join(f"{school.said()}\n" for school in refused).encode("utf-8")

    def fill(file: BinaryIO) -> None:
        file.write(text)

    with suppress(FileExistsError):  # a folder chosen twice: the first list stays
        write_new_file(folder / REFUSED_FILE, fill)

"""The KS1 return as the DfE's KS1 spreadsheet saved as CSV (`KS1_DDDD_YY.csv`), for local
authorities whose import tool (NCER's Keypas) takes that rather than a CTF.

The same checked return as the CTF (store.returns.ctf.export_ks1_csv: submitted results only,
audited), laid out one pupil a row. UTF-8 with a byte order mark and CRLF line ends, as
exports/trail_csv.py writes, so Excel shows accents; text that a spreadsheet would run as a
formula gets a leading quote.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from exports.folder import FOLDER_MODE, outbox, unused_path, write_new_file
from exports.trail_csv import inert
from store.core.access import Actor
from store.core.db import Database
from store.curriculum.ks1 import MATHEMATICS, READING, SCIENCE_CODE, WRITING
from store.returns.ctf import CtfExport, export_ks1_csv
from store.returns.ctf_data import CtfPupil, CtfReturn, CtfSchool

Column = tuple[str, Callable[[CtfSchool, CtfPupil, dict[str, str]], str]]
"""A column's heading, and its value from the school, the pupil and their results by subject."""

# The DfE KS1 spreadsheet's columns as the LA tool reads them: confirm against the LA's template
# (the DfE does not publish it here). Results are the codes as stored: GDS, EXS, WTS, PK1-PK4,
# EM, HNM, A, Q.
COLUMNS: tuple[Column, ...] = (
    ("LA", lambda school, pupil, results: school.la_number),
    ("Estab", lambda school, pupil, results: school.dfe_number),
    ("UPN", lambda school, pupil, results: pupil.upn),
    ("Surname", lambda school, pupil, results: pupil.surname),
    ("Forenames", lambda school, pupil, results: pupil.forenames),
    ("DOB", lambda school, pupil, results: f"{pupil.date_of_birth:%d/%m/%Y}"),
    ("Sex", lambda school, pupil, results: pupil.sex),
    ("READ", lambda school, pupil, results: results[READING]),
    ("WRIT", lambda school, pupil, results: results[WRITING]),
    ("MATH", lambda school, pupil, results: results[MATHEMATICS]),
    ("SCI", lambda school, pupil, results: results[SCIENCE_CODE]),
)


def ks1_csv_name(ctf: CtfReturn) -> str:
    """e.g. "KS1_2001_26.csv": the DfE establishment number, the assessment (summer) year."""
    return f"KS1_{ctf.school.dfe_number}_{ctf.assessment_year % 100:02d}.csv"


def ks1_csv_rows(ctf: CtfReturn) -> list[list[str]]:
    """The heading row, then one row a pupil, every text made inert."""
    rows = [[heading for heading, _ in COLUMNS]]
    for pupil in ctf.pupils:
        results = {
            code: result.result
            for code, result in zip(ctf.subject_codes, pupil.results, strict=True)
        }
        rows.append([inert(value(ctf.school, pupil, results)) for _, value in COLUMNS])
    return rows


def write_ks1_csv(ctf: CtfReturn, folder: Path) -> Path:
    """Write the return into `folder` as KS1_DDDD_YY.csv, or "KS1_DDDD_YY (2).csv" when one is
    there already (a return sent again after a correction): nothing is written over.

    Raises:
        OSError: it cannot be written.
    """
    rows = ks1_csv_rows(ctf)

    def fill(file: BinaryIO) -> None:
        text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
        csv.writer(text, lineterminator="\r\n").writerows(rows)
        text.flush()
        text.detach()  # the binary file is write_new_file's to close

    return write_new_file(unused_path(folder / ks1_csv_name(ctf)), fill)


def export_ks1_csv_return(
    db: Database,
    actor: Actor,
    establishment_id: int,
    academic_year: int,
    *,
    source_id: int | None = None,
    folder: Path | None = None,
) -> CtfExport:
    """Check and write the school's KS1 CSV into its outbox (or `folder`); audited, with no
    CTF file number taken.

    Run it in a worker. Refusals are the store's (ReturnNotReady lists every problem).

    Raises:
        PermissionDenied, NotFound, ReturnNotReady: see store.returns.ctf.export_ks1_csv.
        OSError: the file cannot be written (nothing is audited).
    """

    def write(ctf: CtfReturn) -> Path:
        if folder is None:
            return write_ks1_csv(ctf, outbox(ctf.school.number))
        folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
        return write_ks1_csv(ctf, folder)

    return export_ks1_csv(db, actor, establishment_id, academic_year, write, source_id=source_id)

"""The pupil upload template: the CSV file a school fills in to import its pupils."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from exports.folder import export_path, outbox, write_new_file

TEMPLATE_COLUMNS: tuple[str, ...] = (
    "UPN",
    "Surname",
    "Forename",
    "DOB",
    "Gender",
    "Postcode",
    "FSM",
    "Ethnic code",
    "English as additional language",
    "SEN",
    "LCCNo",
)
"""Columns A to K of the user guide's upload template."""

TEMPLATE_HINTS: tuple[str, ...] = (
    "",
    "",
    "",
    "dd/mm/yyyy",
    "M or F",
    "",
    "Allow Y, N or blank",
    "",
    "Allow Y, N or blank",
    "Allow SEN_K (SEN support), SEN_E (EHC plan) or blank",
    "For office use only",
)
"""Row 2 of the template, as the user guide shows it (its SEN hint, cut short in the guide,
given whole: the import reads SEN_K or K, SEN_E or E, and blank); the import skips it."""

TEMPLATE_WHAT = "Pupil upload template"


def template_path(number: str, made_at: datetime) -> Path:
    """A new file for the template in the establishment's outbox.

    Raises:
        OSError: the folder cannot be created.
    """
    return export_path(outbox(number), TEMPLATE_WHAT, made_at, ".csv")


def write_pupil_template(path: Path) -> Path:
    """Write the upload template (header row and hints row) as the new file `path`.

    The file is UTF-8 with a byte-order mark, which is what makes Excel show accented names
    (Zoë, Siobhán) correctly, and has CRLF line ends, as Excel writes CSV itself. It is made as
    every export is (exports.folder.write_new_file: 0600, never over another file).

    Args:
        path: Where to write, usually ending in .csv.

    Returns:
        The path written.

    Raises:
        FileExistsError: `path` exists already.
        OSError: the file cannot be written.
    """

    def fill(file: BinaryIO) -> None:
        text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(TEMPLATE_COLUMNS)
        writer.writerow(TEMPLATE_HINTS)
        text.flush()
        text.detach()

    return write_new_file(path, fill)

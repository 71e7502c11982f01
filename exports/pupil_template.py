"""The pupil upload template: the CSV file a school fills in to import its pupils."""

from __future__ import annotations

import csv
from pathlib import Path

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
    "Allow SEN_K, SEN_E, S",
    "For office use only",
)
"""Row 2 of the template, word for word as the user guide shows it; the import skips it."""


def write_pupil_template(path: Path) -> Path:
    """Write the upload template (header row and hints row) to `path`, replacing any file there.

    The file is UTF-8 with a byte-order mark, which is what makes Excel show accented names
    (Zoë, Siobhán) correctly, and has CRLF line ends, as Excel writes CSV itself.

    Args:
        path: Where to write, usually ending in .csv.

    Returns:
        The path written.

    Raises:
        OSError: the file cannot be written.
    """
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file, lineterminator="\r\n")
        writer.writerow(TEMPLATE_COLUMNS)
        writer.writerow(TEMPLATE_HINTS)
    return path

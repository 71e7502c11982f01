"""The EYFS to KS1 table as an Excel workbook: a line per KS1 subject, each figure a count and its
percentage of the pupils counted (numbers, so a reader can sum and chart them)."""

from __future__ import annotations

from pathlib import Path

from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from exports.cells import CellValue, put
from exports.report_workbooks import title_of
from exports.sheet_style import (
    PERCENT_FORMAT,
    fit_widths,
    fraction,
    freeze,
    save_workbook,
    write_header,
    write_title,
)
from store.reports.eyfs_to_ks1 import Cross, EyfsToKs1, figure_words

FIGURES = (
    Cross.EXPECTED,
    Cross.KS1,
    Cross.BOTH,
    Cross.EXPECTED_ONLY,
    Cross.KS1_ONLY,
    Cross.NEITHER,
    Cross.NO_EYFS,
)
"""In the screen's order; the pupils counted close the line."""


def eyfs_to_ks1_header() -> tuple[str, ...]:
    """The subject, the goals it is compared with, each figure and its %, the pupils."""
    header = ["KS1 subject", "End of Year ELGs"]
    for figure in FIGURES:
        words = figure_words(figure)
        header += [words, f"% {words}"]
    return (*header, "Num Pupils")


def write_eyfs_to_ks1(report: EyfsToKs1, path: Path) -> Path:
    """Write the table to `path` (.xlsx); the pupils without End of Year ELGs are said under it."""
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    sheet.title = "EYFS to KS1"
    header_row = write_title(sheet, title_of(report.heading))
    write_header(sheet, header_row, eyfs_to_ks1_header())
    row = header_row
    for line in report.lines:
        row += 1
        values: list[CellValue] = [line.pair.subject_name, " and ".join(line.pair.goal_names)]
        for figure in FIGURES:
            values += [line.count(figure), fraction(line.percent(figure))]
        values.append(len(line.pupils))
        for column, value in enumerate(values, start=1):
            cell = put(sheet, row, column, value)
            if isinstance(value, float):
                cell.number_format = PERCENT_FORMAT
    if report.without_elgs:
        put(sheet, row + 2, 1, f"Pupils counted without End of Year ELGs: {report.without_elgs:,}")
    freeze(sheet, header_row)
    fit_widths(sheet, from_row=header_row, header_rows=(header_row,))
    return save_workbook(workbook, path)

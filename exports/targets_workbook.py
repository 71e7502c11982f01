"""The Targets report as an Excel workbook: a summary line per subject (above, met, below target
and their % of the pupils compared, not compared, pupils), and every pupil's value and target in
every subject with the reason for their status."""

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
from store.curriculum.percentages import percent
from store.progress.target_status import STATUS_WORDS, TargetStatus
from store.progress.transitions import Reading
from store.reports.targets_report import TargetsReport

SUMMARY, PUPILS = "Summary", "Pupils"
COUNTED = (TargetStatus.ABOVE, TargetStatus.MET, TargetStatus.BELOW)
PUPIL_HEADER = ("Pupil", "UPN", "Class", "Subject", "Now", "Target", "Status", "Why")


def summary_header() -> tuple[str, ...]:
    header = ["Subject"]
    for status in COUNTED:
        words = STATUS_WORDS[status]
        header += [words, f"% {words}"]
    return (*header, "Not compared", "Compared", "Num Pupils")


def _write_summary(sheet: Worksheet, report: TargetsReport) -> None:
    header_row = write_title(sheet, title_of(report.heading))
    header = summary_header()
    write_header(sheet, header_row, header)
    for offset, subject in enumerate(report.subjects, start=1):
        values: list[CellValue] = [subject.subject.name]
        for status in COUNTED:
            count = len(subject.with_status(status))
            values += [count, fraction(percent(count, subject.compared))]
        pupils = len(subject.pupils)
        values += [pupils - subject.compared, subject.compared, pupils]
        for column, value in enumerate(values, start=1):
            cell = put(sheet, header_row + offset, column, value)
            if header[column - 1].startswith("%"):
                cell.number_format = PERCENT_FORMAT
    freeze(sheet, header_row)
    fit_widths(sheet, from_row=header_row, header_rows=(header_row,))


def _said(reading: Reading) -> CellValue:
    """The value as stored: a code, a mark, or nothing."""
    return reading.number if reading.number is not None else reading.code


def _write_pupils(sheet: Worksheet, report: TargetsReport) -> None:
    heading = report.heading
    header_row = write_title(sheet, title_of(heading, "Targets: every pupil"))
    write_header(sheet, header_row, PUPIL_HEADER)
    row = header_row
    for pupil in report.pupils:
        for subject in report.subjects:
            found = subject.of(pupil.id)
            row += 1
            values: list[CellValue] = [
                pupil.display_name,
                pupil.upn,
                heading.class_of(pupil),
                subject.subject.name,
                _said(found.now),
                _said(found.target),
                STATUS_WORDS[found.status],
                found.why,
            ]
            for column, value in enumerate(values, start=1):
                put(sheet, row, column, value)
    freeze(sheet, header_row)
    fit_widths(sheet, from_row=header_row, header_rows=(header_row,), maximum=90)


def write_targets(report: TargetsReport, path: Path) -> Path:
    """Write the report to `path` (.xlsx): Summary and Pupils."""
    workbook = Workbook()
    summary = workbook.active
    assert isinstance(summary, Worksheet)
    summary.title = SUMMARY
    _write_summary(summary, report)
    _write_pupils(workbook.create_sheet(PUPILS), report)
    return save_workbook(workbook, path)

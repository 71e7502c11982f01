"""The Progress report as an Excel workbook: a summary line per subject, each subject's table of
values then against values now, and every pupil's value in every subject with the reason for
their status (the order of the list for a progress meeting: most subjects moved down first)."""

from __future__ import annotations

from pathlib import Path

from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from exports.cells import CellValue, put
from exports.report_workbooks import SCHOOL_HEADER, school_cells, title_of
from exports.sheet_style import (
    AVERAGE_FORMAT,
    HEADER_FONT,
    PERCENT_FORMAT,
    fit_widths,
    fraction,
    freeze,
    save_workbook,
    write_header,
    write_title,
)
from store.curriculum.percentages import percent
from store.progress.transitions import Movement, Reading, SubjectProgress
from store.reports.progress_report import (
    JUDGED_COLUMNS,
    MOVEMENT_WORDS,
    ProgressReport,
    gains_shown,
    judged_pupils,
    judged_words,
    row_label,
    table_rows,
)

SUMMARY, TABLES, PUPILS = "Summary", "Transition tables", "Pupils"
SCHOOLS = "By establishment"
COUNTED = (Movement.UP, Movement.SAME, Movement.DOWN)
"""The movements counted among the pupils compared (with their %)."""
PUPIL_HEADER = (
    "Pupil",
    "UPN",
    "Class",
    "Subjects moved down",
    "Subject",
    "Then",
    "Now",
    "Movement",
    "Gained",
    "Why",
)
JUDGED_HEADER = "Teacher's judgement"
"""The Pupils sheet's last column, where the teacher judges progress."""


def summary_header(with_gains: bool, judged: bool = False) -> tuple[str, ...]:
    """The subject, each movement and its % of the pupils compared, the pupils not compared,
    compared and counted; with gains, the average gained and how many gained each amount; where
    the teacher judges progress, the pupils judged each way and not judged."""
    header = ["Subject"]
    for movement in COUNTED:
        words = MOVEMENT_WORDS[movement]
        header += [words, f"% {words}"]
    header += ["Not compared", "Compared", "Num Pupils"]
    if with_gains:
        header += ["Average gained", "Pupils by gain"]
    if judged:
        header += [f"Judged {words}" if code else words for code, words in JUDGED_COLUMNS]
    return tuple(header)


def gains_text(subject: SubjectProgress) -> str:
    """ "-1: 1 · +1: 2": how many pupils gained each amount."""
    return " · ".join(f"{gain:+d}: {count}" for gain, count in subject.gains().items())


def _summary_row(report: ProgressReport, subject: SubjectProgress) -> list[CellValue]:
    with_gains = report.has_gains
    values: list[CellValue] = [subject.subject.name]
    for movement in COUNTED:
        count = len(subject.moved(movement))
        values += [count, fraction(percent(count, subject.compared))]
    pupils = len(subject.changes)
    values += [pupils - subject.compared, subject.compared, pupils]
    if with_gains:
        average = subject.average_gained() if gains_shown(subject) else None
        values += [None if average is None else float(average)]
        values += [(gains_text(subject) if gains_shown(subject) else "") or None]
    if report.progress.judged is not None:
        values += [len(judged_pupils(report.progress, subject, code)) for code, _ in JUDGED_COLUMNS]
    return values


def _write_summary(sheet: Worksheet, report: ProgressReport) -> None:
    header_row = write_title(sheet, title_of(report.heading))
    header = summary_header(report.has_gains, report.progress.judged is not None)
    write_header(sheet, header_row, header)
    for offset, subject in enumerate(report.subjects, start=1):
        values = _summary_row(report, subject)
        for column, value in enumerate(values, start=1):
            cell = put(sheet, header_row + offset, column, value)
            if header[column - 1].startswith("%"):
                cell.number_format = PERCENT_FORMAT
            elif header[column - 1] == "Average gained":
                cell.number_format = AVERAGE_FORMAT
    freeze(sheet, header_row)
    fit_widths(sheet, from_row=header_row, header_rows=(header_row,))


def _write_tables(sheet: Worksheet, report: ProgressReport) -> None:
    """Each subject's table in turn: its name, a header of the values now, a row for each
    value then (the pupils in each cell, and the row's total)."""
    progress = report.progress
    row = write_title(sheet, title_of(report.heading, "Progress: transition tables"))
    headers = []
    for subject in report.subjects:
        row += 1
        put(sheet, row, 1, subject.subject.name).font = HEADER_FONT
        row += 1
        rows = table_rows(subject)
        corner = f"{progress.then_name} \\ {progress.now_name}"
        write_header(sheet, row, [corner, *(row_label(subject, r) for r in rows), "Total"])
        headers.append(row)
        for then in rows:
            row += 1
            counts = [len(subject.cell(then, now)) for now in rows]
            put(sheet, row, 1, row_label(subject, then))
            for column, count in enumerate([*counts, sum(counts)], start=2):
                put(sheet, row, column, count)
        row += 1
    fit_widths(sheet, from_row=headers[0] if headers else 1, header_rows=headers)


def _said(reading: Reading) -> CellValue:
    """The value as stored: a code, a mark, or nothing."""
    return reading.number if reading.number is not None else reading.code


def _write_pupils(sheet: Worksheet, report: ProgressReport) -> None:
    heading = report.heading
    header_row = write_title(sheet, title_of(heading, "Progress: every pupil"))
    # Over many establishments each pupil's establishment comes first, as in the name lists.
    judged = report.progress.judged
    header = (*PUPIL_HEADER, JUDGED_HEADER) if judged is not None else PUPIL_HEADER
    write_header(sheet, header_row, (*SCHOOL_HEADER[:2], *header) if heading.many else header)
    rows = {pupil.id: pupil for pupil in report.pupils}
    changes = {
        (change.pupil_id, subject.subject.code): change
        for subject in report.subjects
        for change in subject.changes
    }
    row = header_row
    for pupil_id, down in report.progress.pupils_by_subjects_down():
        pupil = rows.get(pupil_id)
        if pupil is None:
            continue
        for subject in report.subjects:
            change = changes[(pupil_id, subject.subject.code)]
            row += 1
            values: list[CellValue] = [
                pupil.display_name,
                pupil.upn,
                report.heading.class_of(pupil),
                down,
                subject.subject.name,
                _said(change.then),
                _said(change.now),
                MOVEMENT_WORDS[change.movement],
                change.gained,
                change.why,
            ]
            if judged is not None:
                code = judged.get((pupil_id, subject.subject.code))
                values.append(None if code is None else judged_words(code))
            school = heading.school(pupil)
            if school is not None:
                values[:0] = [school.number, school.name]
            for column, value in enumerate(values, start=1):
                put(sheet, row, column, value)
    freeze(sheet, header_row)
    fit_widths(sheet, from_row=header_row, header_rows=(header_row,), maximum=90)


def _write_schools(sheet: Worksheet, report: ProgressReport) -> None:
    """Over many establishments: each one, the two assessments it was counted at (or why it
    is in no figure) and its pupils counted."""
    header_row = write_title(sheet, title_of(report.heading, "Progress by establishment"))
    write_header(sheet, header_row, SCHOOL_HEADER)
    for row, school in enumerate(report.heading.schools, start=header_row + 1):
        for column, value in enumerate(school_cells(school), start=1):
            put(sheet, row, column, value)
    freeze(sheet, header_row)
    fit_widths(sheet, from_row=header_row, header_rows=(header_row,))


def write_progress(report: ProgressReport, path: Path) -> Path:
    """Write the report to `path` (.xlsx): Summary, Transition tables and Pupils (and, over
    many establishments, By establishment)."""
    workbook = Workbook()
    summary = workbook.active
    assert isinstance(summary, Worksheet)
    summary.title = SUMMARY
    _write_summary(summary, report)
    _write_tables(workbook.create_sheet(TABLES), report)
    _write_pupils(workbook.create_sheet(PUPILS), report)
    if report.heading.many:
        _write_schools(workbook.create_sheet(SCHOOLS), report)
    return save_workbook(workbook, path)

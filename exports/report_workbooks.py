"""Reports and their name lists as Excel workbooks: a title block, a frozen header, numbers.

Every cell goes through exports.cells.put, so a pupil or class named like a formula stays text.
Counts are numbers, percentages are numbers shown as percentages (0.5 shows as 50.00%), and the
averages are numbers with 2 decimals, so a reader can sum and chart them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from exports.cells import CellValue, put
from exports.sheet_style import (
    AVERAGE_FORMAT,
    PERCENT_FORMAT,
    Title,
    fit_widths,
    fraction,
    freeze,
    save_workbook,
    write_header,
    write_title,
)
from store.assessments.cohort import PupilRow
from store.curriculum.eyfs_frameworks import EYFS_IN_YEAR
from store.curriculum.framework import CountedGroup, Framework
from store.curriculum.percentages import percent
from store.reports.breakdown import SchoolFigure, elg_by_school, full_report_by_school
from store.reports.elg_summary import ELG_SUMMARY, ElgSummary
from store.reports.many import AT_EACH
from store.reports.reports import FullReport, Heading, NameList, SchoolRef
from store.reports.subject_lines import AreaLine, Figure
from store.reports.venn import VennReport

_DATED = re.compile(r" \d\d/\d\d/\d{4}$")
MARKS_HEADER = ("Pupils with a mark", "Average mark")
"""A Full Report's last two columns when its framework has number subjects."""


def full_report_header(
    framework: Framework, with_marks: bool = False, groups: Sequence[CountedGroup] = ()
) -> tuple[str, ...]:
    """The guide's five columns after the subjects, named by the framework's two groups (or,
    when it names its own, a number and % for each reported one: KS1's EXS+, GDS and below
    EXS); then, `with_marks`, the number subjects' two."""
    names = [group.words for group in groups if group.reported] or list(framework.band_titles)
    counted = [title for name in names for title in (f"Total Number {name}", f"% {name}")]
    header = (framework.subjects_title, *counted, "Num Pupils")
    return header + MARKS_HEADER if with_marks else header


FULL_REPORT_HEADER = full_report_header(EYFS_IN_YEAR)
"""The EYFS in-year Full Report's header, as the web tracker's workbook has it."""


def title_of(heading: Heading, what: str = "") -> Title:
    """The sheet's title rows: what it is (report, period), establishment, year, group, the
    class and filter, who is left out, and when it was made."""
    text = what or heading.report
    if heading.period:
        text += f" · {heading.period}"
    return Title(
        heading=text,
        establishment=heading.establishment,
        year=heading.academic_year,
        made_at=heading.made_at,
        group=heading.year_group,
        filter=heading.pupils_text,
        extra=(heading.left_out_text,) if heading.left_out else (),
    )


def file_what(heading: Heading, what: str = "") -> str:
    """What a file holds, for its name: "Full Report Reception 2025-2026 Autumn 1"; over many
    establishments, "Full Report All establishments Reception 2025-2026 Latest assessment"."""
    # "Managing Self: Below" reads "Managing Self - Below" in a file name (no colons there).
    named = (what or heading.report).replace(": ", " - ")
    parts = [named, heading.year_group, heading.academic_year.replace("/", "-")]
    if heading.many:
        parts.insert(1, heading.establishment.rsplit(" (", 1)[0])
        if heading.period:
            parts.append(heading.period.removesuffix(AT_EACH))
    elif heading.period:
        # "Autumn 1 17/10/2025" loses its date; "Autumn 2 to Spring 1" (Progress) has none.
        parts.append(_DATED.sub("", heading.period))
    if heading.class_label and heading.class_label != "All classes":
        parts.append(heading.class_label)
    return " ".join(parts)


def _table(
    sheet: Worksheet,
    title: Title,
    header: Sequence[str],
    rows: Sequence[Sequence[CellValue]],
    formats: dict[int, str] | None = None,
) -> int:
    """Title block, header and rows; return the row after the table."""
    header_row = write_title(sheet, title)
    write_header(sheet, header_row, header)
    for offset, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            cell = put(sheet, header_row + offset, column, value)
            if formats and column in formats and isinstance(value, (int, float)):
                cell.number_format = formats[column]
    freeze(sheet, header_row)
    fit_widths(sheet, from_row=header_row, header_rows=(header_row,))
    return header_row + len(rows) + 1


def _new_sheet(title: str) -> tuple[Workbook, Worksheet]:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    return workbook, sheet


def _full_row(
    line: AreaLine, with_marks: bool, groups: Sequence[CountedGroup] = ()
) -> list[CellValue]:
    """A subject's line: its groups, or (a number subject) blank there and its marks."""
    reported = [index for index, group in enumerate(groups) if group.reported]
    if line.is_number or (reported and line.derived):
        average = line.average_mark if line.is_number else None
        marks: list[CellValue] = [line.marked_count, None if average is None else float(average)]
        blanks = [None] * 2 * (len(reported) or 2)
        return [line.area.name, *blanks, line.pupil_count, *(marks if with_marks else [])]
    if reported:
        counts = [len(line.names(Figure.GROUP, index)) for index in reported]
    else:
        counts = [line.below_count, line.on_track_count]
    figures = [
        value for count in counts for value in (count, fraction(percent(count, line.pupil_count)))
    ]
    row: list[CellValue] = [line.area.name, *figures, line.pupil_count]
    return [*row, None, None] if with_marks else row


def write_full_report(report: FullReport, path: Path) -> Path:
    """Every subject of the report's framework with the guide's five columns (EYFS: the 17
    areas, Below and On-Track); a framework with number subjects adds their marks."""
    workbook, sheet = _new_sheet("Full Report")
    with_marks = report.has_numbers
    groups = report.groups
    rows = [_full_row(line, with_marks, groups) for line in report.lines]
    header = full_report_header(report.framework, with_marks, groups)
    formats = {
        column: PERCENT_FORMAT
        for column, title in enumerate(header, start=1)
        if title.startswith("% ")
    }
    if with_marks:
        formats[len(header)] = AVERAGE_FORMAT
    _table(sheet, title_of(report.heading), header, rows, formats)
    if report.heading.many:
        _full_by_school(workbook.create_sheet("By establishment"), report)
    return save_workbook(workbook, path)


SCHOOL_HEADER = ("Establishment number", "Establishment", "Counted at", "Pupils counted")


def school_cells(school: SchoolRef) -> list[CellValue]:
    return [school.number, school.name, school.note, school.counted if school.included else None]


def _full_by_school(sheet: Worksheet, report: FullReport) -> None:
    """One line per establishment: its % On track in each area (blank where not counted)."""
    areas, lines = full_report_by_school(report)
    at_or_above = report.framework.band_titles[1]
    header = [*SCHOOL_HEADER, *(f"% {at_or_above} {area.name}" for area in areas)]
    rows = [
        [*school_cells(line.school), *(_fraction_or_none(value) for value in line.on_track)]
        for line in lines
    ]
    formats = {column: PERCENT_FORMAT for column in range(len(SCHOOL_HEADER) + 1, len(header) + 1)}
    _table(sheet, title_of(report.heading, "Full Report by establishment"), header, rows, formats)


def _fraction_or_none(value: Decimal | None) -> float | None:
    return None if value is None else fraction(value)


def write_venn_report(report: VennReport, path: Path) -> Path:
    """Sheet "Venn": each region's pupils and %, then each goal's whole circle; sheet "Pupils":
    every pupil counted and the region they are in."""
    workbook, sheet = _new_sheet("Venn")
    names = {goal.code: goal.name for goal in report.goals}
    rows: list[list[CellValue]] = []
    for region in report.regions:
        goals = "; ".join(names[code] for code in names if code in region.goals)
        rows.append([region.label, goals or "None of them", region.count, fraction(region.percent)])
    header = ("Region", "On track in exactly", "Pupils", "% of pupils")
    after = _table(sheet, title_of(report.heading), header, rows, {4: PERCENT_FORMAT})
    # Below the regions, each goal's whole circle (a pupil counts in every goal they are in).
    circles = after + 1
    write_header(sheet, circles, ("Whole circle", "On track in", "Pupils", "% of pupils"))
    total = len(report.pupils)
    for offset, goal in enumerate(report.goals, start=1):
        inside = len(report.on_track_in(goal.code))
        row = circles + offset
        put(sheet, row, 1, goal.code)
        put(sheet, row, 2, goal.name)
        put(sheet, row, 3, inside)
        put(sheet, row, 4, fraction(percent(inside, total))).number_format = PERCENT_FORMAT
    put(sheet, circles + len(report.goals) + 1, 1, "Pupils counted")
    put(sheet, circles + len(report.goals) + 1, 3, total)
    pupils = workbook.create_sheet("Pupils")
    region_of = {pupil.id: region.label for region in report.regions for pupil in region.pupils}
    _name_rows(
        pupils,
        title_of(report.heading, f"Venn pupils: {report.area.name}"),
        report.heading,
        report.pupils,
        "Region",
        tuple(region_of[pupil.id] for pupil in report.pupils),
    )
    return save_workbook(workbook, path)


def elg_summary_rows(summary: ElgSummary) -> list[list[CellValue]]:
    """The summary's rows as the Reports screen lists them, in its order and with its labels:
    (figure, pupils, of pupils, % as a fraction, average)."""
    counted = len(summary.pupils)
    scored = len(summary.scored)

    def average(value: Decimal | None) -> float | None:
        return None if value is None else float(value)

    gld = fraction(summary.gld_percent)
    rows: list[list[CellValue]] = [
        ["Good Level of Development", len(summary.gld), counted, gld, None],
        ["Average ELG total score", scored, counted, None, average(summary.average_score)],
        ["Average goals at Expected", scored, counted, None, average(summary.average_at_expected)],
        ["Not (yet) at GLD", counted - len(summary.gld), counted, None, None],
    ]
    rows += [
        [
            f"Expected: {line.area.name}",
            len(line.expected),
            line.pupils,
            fraction(line.percent_expected),
            None,
        ]
        for line in summary.goals
    ]
    rows.append(["Pupils counted", counted, None, None, None])
    return rows


def write_elg_summary(summary: ElgSummary, path: Path) -> Path:
    """GLD, the two averages, who is not (yet) at GLD, % Expected per goal and the pupils
    counted: the rows the Reports screen shows, each with the pupils it is of."""
    workbook, sheet = _new_sheet("ELG summary")
    if summary.none_reason:
        # No End of Year ELGs: say so, rather than a table of noughts.
        put(sheet, write_title(sheet, title_of(summary.heading)), 1, summary.none_reason)
        return save_workbook(workbook, path)
    rows = elg_summary_rows(summary)
    header = ("Figure", "Pupils", "Of pupils", "%", "Average")
    _table(
        sheet,
        title_of(summary.heading),
        header,
        rows,
        {4: PERCENT_FORMAT, 5: AVERAGE_FORMAT},
    )
    note_row = sheet.max_row + 2
    put(
        sheet,
        note_row,
        1,
        "The averages are over the pupils whose 17 goals are all Emerging or Expected "
        "(Absent and incomplete pupils are left out); the percentages are of every pupil "
        "counted.",
    )
    if summary.heading.many:
        _elg_by_school(workbook.create_sheet("By establishment"), summary)
    return save_workbook(workbook, path)


def _elg_by_school(sheet: Worksheet, summary: ElgSummary) -> None:
    header = (
        *SCHOOL_HEADER,
        "GLD pupils",
        "% GLD",
        "Average ELG total score",
        "Average number of goals at Expected",
    )
    rows = [
        [
            *school_cells(line.school),
            line.gld if line.school.included else None,
            _fraction_or_none(line.gld_percent),
            None if line.average_score is None else float(line.average_score),
            None if line.average_at_expected is None else float(line.average_at_expected),
        ]
        for line in elg_by_school(summary)
    ]
    formats = {6: PERCENT_FORMAT, 7: AVERAGE_FORMAT, 8: AVERAGE_FORMAT}
    _table(
        sheet, title_of(summary.heading, f"{ELG_SUMMARY} by establishment"), header, rows, formats
    )


def write_breakdown(names: NameList, parts: Sequence[SchoolFigure], path: Path) -> Path:
    """One figure of a report over many establishments, one line per establishment."""
    workbook, sheet = _new_sheet("By establishment")
    header = (*SCHOOL_HEADER, "Pupils in the figure", "% of pupils counted")
    rows = [
        [
            *school_cells(part.school),
            part.count if part.school.included else None,
            _fraction_or_none(part.percent),
        ]
        for part in parts
    ]
    what = f"{names.heading.report}: {names.title} by establishment"
    _table(sheet, title_of(names.heading, what), header, rows, {6: PERCENT_FORMAT})
    return save_workbook(workbook, path)


def _name_rows(
    sheet: Worksheet,
    title: Title,
    heading: Heading,
    pupils: Sequence[PupilRow],
    detail_title: str = "",
    details: Sequence[str] = (),
) -> None:
    header = ["Surname", "Forenames", "UPN", "Class"]
    if heading.many:
        header[:0] = SCHOOL_HEADER[:2]
    if detail_title:
        header.append(detail_title)
    rows: list[list[CellValue]] = []
    for index, pupil in enumerate(pupils):
        row: list[CellValue] = [pupil.surname, pupil.forenames, pupil.upn, heading.class_of(pupil)]
        school = heading.school(pupil)
        if school is not None:
            row[:0] = [school.number, school.name]
        if detail_title:
            detail = details[index]
            row.append(int(detail) if detail.isdigit() else detail)
        rows.append(row)
    _table(sheet, title, header, rows)


def write_name_list(names: NameList, path: Path) -> Path:
    """The alphabetical pupils behind one figure, with their UPN and class."""
    workbook, sheet = _new_sheet("Pupils")
    what = f"{names.heading.report}: {names.title} ({names.count:,} pupils)"
    _name_rows(
        sheet,
        title_of(names.heading, what),
        names.heading,
        names.pupils,
        names.detail_title,
        names.details,
    )
    return save_workbook(workbook, path)

"""The local authority's workbook of every submitted KS1 teacher assessment of Year 2: a sheet of
pupils, written as a stream, and a sheet of each school's figures (EXS+, GDS, below EXS)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from openpyxl.workbook import Workbook

from exports.return_workbook import (
    NothingSubmitted,
    ReturnSummary,
    SheetLayout,
    date_cell,
    fitted_widths,
    la_return_path,
    start_sheet,
    write_unless_stopped,
    year_sheet_name,
)
from exports.sheet_style import PERCENT_FORMAT, Title, fraction, stream_cell
from store.core.access import Actor
from store.core.db import Database
from store.core.words import plural
from store.curriculum.codes import Band
from store.curriculum.dates import format_academic_year
from store.curriculum.ks1 import KS1_TA
from store.curriculum.percentages import percent
from store.reports.ks1_return import (
    SUBJECTS,
    YEAR_GROUP,
    Ks1Row,
    Ks1Tally,
    SchoolFigures,
    SubjectFigures,
    SubmittedPeriod,
    ks1_return_rows,
    record_ks1_return_export,
    submitted_ks1_periods,
)
from store.reports.la_return import Progress, StopAsked

WHAT = "KS1 teacher assessment results"
SCHOOL_HEADERS = ("Establishment number", "Establishment", "LA number", "DfE number", "URN")
PUPIL_HEADERS = ("UPN", "Surname", "Forename", "Date of birth", "Sex")
HEADERS = (*SCHOOL_HEADERS, *PUPIL_HEADERS, *(subject.name for subject in SUBJECTS))
_SCHOOL_WIDTHS = (14, 30, 7, 8, 8)
WIDTHS = fitted_widths(
    HEADERS,
    (*_SCHOOL_WIDTHS, 15, 18, 18, 12, 5, *(9 for _ in SUBJECTS)),
    tuple(2 for _ in HEADERS),
)

BELOW_WORDS, AT_OR_ABOVE_WORDS = KS1_TA.band_words
# The code above the expected standard (GDS) of each subject, where it has one (Science has not).
_ABOVE = tuple(
    next((code.code for code in subject.codes if code.band is Band.ABOVE), None)
    for subject in SUBJECTS
)
SUMMARY_HEADERS = (
    *SCHOOL_HEADERS[:4],
    "Pupils",
    *(
        header
        for subject, above in zip(SUBJECTS, _ABOVE, strict=True)
        for header in (
            f"{subject.name} pupils",
            f"{subject.name} {AT_OR_ABOVE_WORDS}",
            f"{subject.name} % {AT_OR_ABOVE_WORDS}",
            *((f"{subject.name} {above}",) if above else ()),
            f"{subject.name} {BELOW_WORDS}",
        )
    ),
)
ALL_SCHOOLS = "All establishments"


def _school(sheet: Any, school: SubmittedPeriod) -> list[Any]:
    return [
        stream_cell(sheet, value or None)
        for value in (school.number, school.name, school.la_number, school.dfe_number, school.urn)
    ]


def _pupil_cells(sheet: Any, row: Ks1Row) -> list[Any]:
    # Results are the framework's own codes: plain values, no per-cell checks needed.
    return [
        *_school(sheet, row.school),
        stream_cell(sheet, row.upn),
        stream_cell(sheet, row.surname),
        stream_cell(sheet, row.forenames),
        date_cell(sheet, row.date_of_birth),
        stream_cell(sheet, row.sex),
        *row.results,
    ]


PUPILS = SheetLayout(HEADERS, WIDTHS, _pupil_cells, frozen_columns=2)


def _figures(sheet: Any, subjects: list[SubjectFigures]) -> list[Any]:
    cells: list[Any] = []
    for figures, above in zip(subjects, _ABOVE, strict=True):
        share = stream_cell(sheet, fraction(percent(figures.expected_or_above, figures.pupils)))
        share.number_format = PERCENT_FORMAT
        cells += [figures.pupils, figures.expected_or_above, share]
        if above:
            cells.append(figures.greater_depth)
        cells.append(figures.below)
    return cells


def _summary_cells(sheet: Any, school: SchoolFigures) -> list[Any]:
    return [*_school(sheet, school.school)[:4], school.pupils, *_figures(sheet, school.subjects)]


SUMMARY = SheetLayout(
    SUMMARY_HEADERS,
    fitted_widths(
        SUMMARY_HEADERS,
        (*_SCHOOL_WIDTHS[:4], 7, *(8 for _ in SUMMARY_HEADERS[5:])),
        (2, 2, 2, 2, 2, *(3 for _ in SUMMARY_HEADERS[5:])),
    ),
    _summary_cells,
    frozen_columns=2,
    wrapped_headers=(5, len(SUMMARY_HEADERS)),
)


def _add_summary(tally: Ks1Tally, title: Title, academic_year: int) -> Any:
    def add(workbook: Workbook) -> None:
        sheet: Any = workbook.create_sheet(year_sheet_name("Schools", academic_year))
        start_sheet(sheet, SUMMARY, title)
        for school in tally.schools:
            sheet.append(_summary_cells(sheet, school))
        pupils = sum(school.pupils for school in tally.schools)
        total = [stream_cell(sheet, ALL_SCHOOLS), None, None, None, pupils]
        sheet.append([*total, *_figures(sheet, tally.total())])

    return add


def write_ks1_la_return(
    db: Database,
    actor: Actor,
    academic_year: int,
    path: Path,
    progress: Progress | None = None,
    made_at: datetime | None = None,
    *,
    cancelled: StopAsked | None = None,
    allow_empty: bool = True,
) -> ReturnSummary:
    """Write every establishment's submitted KS1 teacher assessment of Year 2 for
    `academic_year` to `path`: the pupils, then each school's figures and the LA's.

    Support only; the export is recorded in the audit trail (it holds pupils' personal data).
    The arguments are those of exports.la_workbook.write_la_return.

    Raises:
        PermissionDenied: `actor` is not support.
        NothingSubmitted: no submitted results for the year and not `allow_empty`.
        Cancelled: `cancelled` said so; nothing is left at `path`.
        OSError: the file cannot be written (nothing is left behind).
    """
    periods = submitted_ks1_periods(db, actor, academic_year)
    establishments = len(periods)
    if not periods and not allow_empty:
        raise NothingSubmitted(academic_year, WHAT)
    title = Title(
        heading="KS1 teacher assessment: local authority return",
        establishment=f"{plural(establishments, 'establishment')} submitted",
        year=format_academic_year(academic_year),
        made_at=made_at or datetime.now(timezone.utc),
        group=YEAR_GROUP.label,
        extra=("Only submitted results are included",),
    )
    tally = Ks1Tally()
    rows = ks1_return_rows(db, actor, academic_year, progress, periods, cancelled)
    pupils = write_unless_stopped(
        path,
        title,
        year_sheet_name("KS1", academic_year),
        PUPILS,
        tally.counted(rows),
        establishments=establishments,
        cancelled=cancelled,
        more=_add_summary(tally, title, academic_year),
    )
    record_ks1_return_export(db, actor, academic_year, establishments, pupils)
    return ReturnSummary(path, establishments, pupils)


def ks1_return_path(academic_year: int, made_at: datetime, folder: Path | None = None) -> Path:
    """A new file for the KS1 return, in `folder` or the "Local authority" outbox.

    Raises:
        OSError: the folder cannot be created.
    """
    return la_return_path("KS1 return", academic_year, made_at, folder)

"""A report over many establishments, establishment by establishment: for any figure, who in each
school is behind it and of how many counted there (what a local authority compares schools by).

Pure over what store.reports.many returned: a breakdown is worked out from the name list behind a
figure and the heading's establishments, so it always adds up to the figure itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from store.assessments.cohort import PupilRow
from store.core.errors import InvalidInput
from store.curriculum.framework import Subject
from store.curriculum.percentages import percent
from store.reports.elg_summary import ElgFigure, ElgSummary, elg_names
from store.reports.reports import FullReport, NameList, SchoolRef, full_report_names
from store.reports.subject_lines import Figure

_HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class SchoolFigure:
    """One establishment's part of a figure: its pupils behind it (and their details)."""

    school: SchoolRef
    pupils: tuple[PupilRow, ...]
    details: tuple[str, ...] = ()

    @property
    def count(self) -> int:
        return len(self.pupils)

    @property
    def percent(self) -> Decimal | None:
        """Of the pupils counted at the establishment; None when it is in no figure."""
        if not self.school.included:
            return None
        return percent(self.count, self.school.counted)


def breakdown(names: NameList) -> tuple[SchoolFigure, ...]:
    """The pupils behind `names`' figure, establishment by establishment (every one of the
    report's establishments, in its order, those with nobody in the figure too).

    Raises:
        InvalidInput: the report is over one establishment.
    """
    heading = names.heading
    if not heading.many:
        raise InvalidInput("Only a report over many establishments breaks down by establishment.")
    pupils: list[list[PupilRow]] = [[] for _ in heading.schools]
    details: list[list[str]] = [[] for _ in heading.schools]
    for index, pupil in enumerate(names.pupils):
        school = heading.school_of[pupil.id]
        pupils[school].append(pupil)
        if names.details:
            details[school].append(names.details[index])
    return tuple(
        SchoolFigure(school, tuple(pupils[index]), tuple(details[index]))
        for index, school in enumerate(heading.schools)
    )


def school_names(names: NameList, part: SchoolFigure) -> NameList:
    """The pupils of one establishment behind the figure, as a name list of their own."""
    return NameList(
        f"{names.title} at {part.school.title}",
        names.heading,
        part.pupils,
        names.detail_title,
        part.details,
    )


@dataclass(frozen=True)
class SchoolAreas:
    """One establishment's line of the Full Report by establishment: % On track (the second
    counted group) per area."""

    school: SchoolRef
    on_track: tuple[Decimal | None, ...]
    """In the order of the report's areas; None where the establishment is in no figure."""


def full_report_by_school(
    report: FullReport,
) -> tuple[tuple[Subject, ...], tuple[SchoolAreas, ...]]:
    """Each establishment's % On track in each area of the report (subjects counted in groups:
    a number subject's marks have no share On track)."""
    counted = [line for line in report.lines if not line.is_number]
    columns = [
        breakdown(full_report_names(report, line.area.code, Figure.ON_TRACK)) for line in counted
    ]
    rows = tuple(
        SchoolAreas(school, tuple(column[index].percent for column in columns))
        for index, school in enumerate(report.heading.schools)
    )
    return tuple(line.area for line in counted), rows


@dataclass(frozen=True)
class SchoolElg:
    """One establishment's line of the ELG summary by establishment."""

    school: SchoolRef
    gld: int
    gld_percent: Decimal | None
    average_score: Decimal | None
    average_at_expected: Decimal | None


def elg_by_school(summary: ElgSummary) -> tuple[SchoolElg, ...]:
    """Each establishment's GLD and averages (over its pupils with all 17 goals Emerging or
    Expected, as the whole summary's are)."""
    gld = breakdown(elg_names(summary, ElgFigure.GLD))
    scores = breakdown(elg_names(summary, ElgFigure.AVERAGE_SCORE))
    at_expected = breakdown(elg_names(summary, ElgFigure.AVERAGE_EXPECTED))
    return tuple(
        SchoolElg(
            part.school,
            part.count,
            part.percent,
            _average(scores[index].details),
            _average(at_expected[index].details),
        )
        for index, part in enumerate(gld)
    )


def _average(values: tuple[str, ...]) -> Decimal | None:
    if not values:
        return None
    total = sum((Decimal(value) for value in values), Decimal(0))
    return (total / Decimal(len(values))).quantize(_HUNDREDTH, ROUND_HALF_UP)

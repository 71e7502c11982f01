"""The Targets view of the Reports screen: working it out in the worker (at which assessment, or
why there is none), its table (a line per subject: above, met, below target, not compared,
pupils), the status line's sentences and the pupils behind each figure."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from store.core.access import Actor
from store.core.db import Database
from store.core.words import plural
from store.curriculum.dates import format_academic_year
from store.curriculum.percentages import percent
from store.progress.target_status import STATUS_WORDS, TargetStatus
from store.pupils.filters import PupilFilter
from store.reports.reports import ReportData
from store.reports.targets_report import (
    SubjectTargets,
    TargetsNames,
    TargetsReport,
    load_targets,
    status_names,
    targets_report,
)
from tui.screens.reports.views import fit, percent_text


@dataclass(frozen=True)
class TargetsColumn:
    """A column of the table and the figure its cells stand for (status None: the subject's
    name, or, kind "pupils", every pupil counted)."""

    header: str
    width: int
    status: TargetStatus | None = None
    kind: str = "status"


def targets_columns(report: TargetsReport) -> tuple[TargetsColumn, ...]:
    return (
        TargetsColumn(report.targets.framework.subjects_title, 0, kind="subject"),
        *(TargetsColumn(STATUS_WORDS[status], max(5, len(STATUS_WORDS[status])), status)
          for status in TargetStatus),
        TargetsColumn("Pupils", 6, kind="pupils"),
    )  # fmt: skip


def targets_name_width(screen_width: int, columns: tuple[TargetsColumn, ...]) -> int:
    others = sum(column.width for column in columns) + 2 * len(columns) + 2
    return max(16, min(38, screen_width - others))


def targets_rows(report: TargetsReport, name_width: int) -> list[list[Text]]:
    figures = targets_columns(report)[1:]
    return [
        [Text(fit(subject.subject.name, name_width))]
        + [Text(_count(subject, column), justify="right") for column in figures]
        for subject in report.subjects
    ]


def _count(subject: SubjectTargets, column: TargetsColumn) -> str:
    return str(len(subject.with_status(column.status)))


def _at(report: TargetsReport, row: int, column: int) -> tuple[SubjectTargets, TargetsColumn]:
    columns = targets_columns(report)
    subjects = report.subjects
    figure = columns[column] if 0 <= column < len(columns) else columns[0]
    return subjects[max(0, min(row, len(subjects) - 1))], figure


def targets_sentence(report: TargetsReport, row: int, column: int) -> str:
    """The highlighted figure in words: "Speaking: 1 of 2 compared (50.00%) below target"."""
    if not report.subjects:
        return ""
    subject, figure = _at(report, row, column)
    name, compared, pupils = subject.subject.name, subject.compared, len(subject.pupils)
    if figure.status is TargetStatus.NOT_COMPARED:
        count = len(subject.with_status(figure.status))
        return f"{name}: {count} of {pupils} not compared (no target, no value, or not a step)"
    if figure.status is not None:
        count = len(subject.with_status(figure.status))
        share = percent_text(percent(count, compared))
        return f"{name}: {count} of {compared} compared ({share}) {figure.status.value}"
    return f"{name}: {plural(pupils, 'pupil')} counted, {compared} with a target and a value"


def targets_names(report: TargetsReport, row: int, column: int) -> TargetsNames | None:
    """The pupils behind the highlighted figure (on a subject's name: every pupil counted)."""
    if not report.subjects:
        return None
    subject, figure = _at(report, row, column)
    return status_names(report, subject.subject.code, figure.status)


def targets_outcome(
    database: Database,
    actor: Actor,
    establishment_id: int,
    data: ReportData,
    period_id: int | None,
    class_slot: int | None,
    pupil_filter: PupilFilter,
) -> TargetsReport | str:
    """The cohort of `data` against its targets at `period_id` (None, or one without targets:
    the latest with targets), or why there is none (in the worker)."""
    year, group = data.cohort.academic_year, data.cohort.year_group
    targets = load_targets(
        database,
        actor,
        establishment_id,
        year,
        group,
        period_id,
        pupil_filter=pupil_filter,
        class_slot=class_slot,
    )
    if targets is None:
        return (
            f"Targets counts pupils above, met or below their targets, and {group.label} has "
            f"no assessment with targets in {format_academic_year(year)}: set them on the "
            "Assessments screen (T shows an assessment's targets), or press r for another report."
        )
    return targets_report(data, targets, class_slot, pupil_filter)

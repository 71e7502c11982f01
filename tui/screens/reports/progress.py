"""The Progress view of the Reports screen: working it out in the worker (which two assessments,
or why there are not two), its summary table (a line per subject: moved up, same, moved down,
not compared, and the average gained where codes have points), the status line's sentences, the
pupils behind each figure, and the dialogs that choose the two assessments (p)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text

from store.core.access import Actor
from store.core.db import Database
from store.core.errors import InvalidInput
from store.core.words import plural
from store.curriculum import frameworks
from store.curriculum.dates import format_academic_year
from store.curriculum.percentages import format_percent, percent
from store.progress.progress import ProgressPeriod, default_pair, load_progress, progress_periods
from store.progress.transitions import Movement, Progress, SubjectProgress
from store.pupils.filters import PupilFilter
from store.reports.progress_report import (
    JUDGED_COLUMNS,
    ProgressNames,
    ProgressReport,
    gain_unit,
    gained_names,
    gains_shown,
    judged_names,
    judged_pupils,
    judged_words,
    movement_names,
    progress_report,
)
from store.reports.reports import ReportData
from tui.screens.reports.views import fit, percent_text

if TYPE_CHECKING:
    from textual.screen import Screen

    from tui.screens.dialogs.choose import Choice, ChooseDialog

Pair = tuple[int, int]
"""The two assessments compared, by id: then, now."""


@dataclass(frozen=True)
class ProgressColumn:
    """A column of the summary and the figure its cells stand for: a movement, or (None) the
    subject, the pupils counted or the average gained (`kind`)."""

    header: str
    width: int
    """In cells; 0 for the subjects' names, which take what the terminal leaves."""
    movement: Movement | None = None
    kind: str = "movement"
    judged: str | None = None
    """kind "judged": the teacher's judgement counted (a code; None: not judged)."""


def progress_columns(report: ProgressReport) -> tuple[ProgressColumn, ...]:
    columns = [
        ProgressColumn(report.progress.framework.subjects_title, 0, kind="subject"),
        ProgressColumn("Up", 4, Movement.UP),
        ProgressColumn("Same", 4, Movement.SAME),
        ProgressColumn("Down", 4, Movement.DOWN),
        ProgressColumn("Not compared", 12, Movement.NOT_COMPARED),
        ProgressColumn("Pupils", 6, kind="pupils"),
    ]
    if report.progress.judged is not None:  # only where the teacher judges progress
        columns += [
            ProgressColumn(words, len(words), kind="judged", judged=code)
            for code, words in JUDGED_COLUMNS
        ]
    if report.has_gains:
        columns.append(ProgressColumn("Avg gained", 10, kind="gained"))
    return tuple(columns)


def progress_name_width(screen_width: int, columns: tuple[ProgressColumn, ...]) -> int:
    """Room for the subjects' names after the figures (a cell of padding each side of each
    column) and a scrollbar."""
    others = sum(column.width for column in columns) + 2 * len(columns) + 2
    return max(16, min(38, screen_width - others))


def _average(subject: SubjectProgress) -> str:
    average = subject.average_gained() if gains_shown(subject) else None
    return "" if average is None else format_percent(average)


def _cell(progress: Progress, subject: SubjectProgress, column: ProgressColumn) -> str:
    if column.movement is not None:
        return str(len(subject.moved(column.movement)))
    if column.kind == "pupils":
        return str(len(subject.changes))
    if column.kind == "judged":
        return str(len(judged_pupils(progress, subject, column.judged)))
    return _average(subject)


def progress_rows(report: ProgressReport, name_width: int) -> list[list[Text]]:
    figures = progress_columns(report)[1:]
    return [
        [Text(fit(subject.subject.name, name_width))]
        + [Text(_cell(report.progress, subject, column), justify="right") for column in figures]
        for subject in report.subjects
    ]


def _column(report: ProgressReport, column: int) -> ProgressColumn:
    columns = progress_columns(report)
    return columns[column] if 0 <= column < len(columns) else columns[0]


def progress_subject(report: ProgressReport, row: int) -> SubjectProgress | None:
    subjects = report.subjects
    return subjects[row] if 0 <= row < len(subjects) else None


def progress_sentence(report: ProgressReport, row: int, column: int) -> str:
    """The highlighted figure in words: "Speaking: 1 of 2 compared (50.00%) moved down" (the
    report's line says between which two assessments)."""
    subject = progress_subject(report, row)
    if subject is None:
        return ""
    name, figure = subject.subject.name, _column(report, column)
    compared, pupils = subject.compared, len(subject.changes)
    if figure.movement is Movement.NOT_COMPARED:
        count = len(subject.moved(Movement.NOT_COMPARED))
        return f"{name}: {count} of {pupils} not compared (blank, or not a step, then or now)"
    if figure.movement is not None:
        count = len(subject.moved(figure.movement))
        share = percent_text(percent(count, compared))
        return f"{name}: {count} of {compared} compared ({share}) {figure.movement.value}"
    if figure.kind == "pupils":
        return f"{name}: {plural(pupils, 'pupil')} counted, {compared} compared"
    if figure.kind == "judged":
        count = len(judged_pupils(report.progress, subject, figure.judged))
        said = judged_words(figure.judged)
        return f"{name}: {count} of {pupils} by the teacher's judgement: {said}"
    if figure.kind == "gained":
        if not gains_shown(subject):
            return f"{name}: compared by band, not by points"
        gains = " · ".join(f"{gain:+d}: {count}" for gain, count in subject.gains().items())
        average = _average(subject) or "none"
        return f"{name}: average {gain_unit(subject)} gained {average} ({gains or 'none'})"
    up, same, down = (len(subject.moved(m)) for m in (Movement.UP, Movement.SAME, Movement.DOWN))
    counts = f"{compared} of {pupils} compared ({up} up, {same} same, {down} down)"
    return f"Enter (or t): the table of {name} · {counts}"


def progress_names(report: ProgressReport, row: int, column: int) -> ProgressNames | None:
    """The pupils behind the highlighted figure; None on a subject's name (its table)."""
    subject = progress_subject(report, row)
    figure = _column(report, column)
    if subject is None or figure.kind == "subject":
        return None
    code = subject.subject.code
    if figure.kind == "judged":
        return judged_names(report, code, figure.judged)
    if figure.kind == "gained":
        if gains_shown(subject):
            return gained_names(report, code)
        return movement_names(report, code, None)
    return movement_names(report, code, figure.movement)


# --- working it out (in the screen's worker) -----------------------------------------------


def _chosen(
    periods: list[ProgressPeriod], wanted: Pair | None
) -> tuple[ProgressPeriod, ProgressPeriod] | None:
    """The two assessments asked for while both are still the cohort's, else the default."""
    by_id = {choice.period.id: choice for choice in periods}
    if wanted is not None and all(period_id in by_id for period_id in wanted):
        return by_id[wanted[0]], by_id[wanted[1]]
    return default_pair(periods)


def _framework(choice: ProgressPeriod) -> str:
    """The name of the assessment's framework (its id, for one a newer program made)."""
    try:
        return frameworks.by_id(choice.period.framework).name
    except frameworks.UnknownFramework:
        return choice.period.framework


def not_two(periods: list[ProgressPeriod], data: ReportData) -> str:
    """Why there are not two assessments to compare, and what is needed."""
    group = data.cohort.year_group.label
    year = format_academic_year(data.cohort.academic_year)
    filled = [choice for choice in periods if choice.with_data]
    start = "Progress compares two assessments of one framework, both with judgements"
    if not filled:
        return (
            f"{start}, and {group} has none with judgements in {year} (or last year): enter "
            "them on the Assessments screen, or choose another ([ ] year group, < > year)."
        )
    if len(filled) == 1:
        return (
            f"{start}, and {group} has judgements only in {filled[0].label}: enter them in a "
            "second assessment of its framework on the Assessments screen."
        )
    each = ", ".join(f"{choice.period.name} ({_framework(choice)})" for choice in filled)
    return f"{start}, and {group}'s are each of another framework: {each}."


def progress_outcome(
    database: Database,
    actor: Actor,
    establishment_id: int,
    data: ReportData,
    pair: Pair | None,
    class_slot: int | None,
    pupil_filter: PupilFilter,
) -> ProgressReport | str:
    """Progress of the cohort of `data` between the two assessments `pair` (None, or either no
    longer the cohort's: the default pair), or why there is none (in the worker)."""
    year, group = data.cohort.academic_year, data.cohort.year_group
    periods = progress_periods(database, actor, establishment_id, year, group)
    chosen = _chosen(periods, pair)
    if chosen is None:
        return not_two(periods, data)
    then, now = chosen
    try:
        progress = load_progress(
            database,
            actor,
            establishment_id,
            year,
            group,
            then.period.id,
            now.period.id,
            pupil_filter=pupil_filter,
            class_slot=class_slot,
        )
    except InvalidInput as refusal:
        return f"{refusal} Press p to choose two others."
    return progress_report(data, progress, then, now, class_slot, pupil_filter)


# --- choosing the two assessments (p) --------------------------------------------------------


def _later(periods: list[ProgressPeriod], then: ProgressPeriod) -> list[ProgressPeriod]:
    """The assessments after `then` of its framework: what it can be compared with."""
    return [
        choice
        for choice in periods
        if choice.period.framework == then.period.framework
        and (choice.period.day, choice.period.id) > (then.period.day, then.period.id)
    ]


def _dialog(
    title: str, choices: list[ProgressPeriod], selected: int | None
) -> ChooseDialog[ProgressPeriod]:
    from tui.screens.dialogs.choose import Choice, ChooseDialog

    options = [
        Choice(
            choice,
            choice.period.name,
            f"{choice.label[len(choice.period.name) + 1 :]} · {_framework(choice)}"
            + ("" if choice.with_data else " · no judgements"),
        )
        for choice in choices
    ]
    ids = [choice.period.id for choice in choices]
    return ChooseDialog(title, options, ids.index(selected) if selected in ids else 0)


def choose_pair(
    screen: Screen[Any],
    load: Callable[[], list[ProgressPeriod]],
    current: Pair | None,
    done: Callable[[Pair], object],
) -> None:
    """Read the cohort's assessments (`load`, in a worker), ask which to compare from, then
    which later one of its framework to compare with, and give `done` the two."""
    from tui.store_call import run_store_call

    def loaded(periods: list[ProgressPeriod]) -> None:
        starts = [choice for choice in periods if _later(periods, choice)]
        if not starts:
            screen.notify(
                "Progress needs two assessments of one framework: this cohort has not two.",
                severity="warning",
            )
            return
        pair = _chosen(periods, current)
        then_id = pair[0].period.id if pair is not None else None
        now_id = pair[1].period.id if pair is not None else None

        def from_chosen(chosen: Choice[ProgressPeriod] | None) -> None:
            if chosen is None:
                return
            then: ProgressPeriod = chosen.value
            later = _later(periods, then)
            title = f"Progress from {then.period.name} to"

            def to_chosen(to: Choice[ProgressPeriod] | None) -> None:
                if to is not None:
                    done((then.period.id, to.value.period.id))

            screen.app.push_screen(_dialog(title, later, now_id), to_chosen)

        screen.app.push_screen(_dialog("Progress from", starts, then_id), from_chosen)

    run_store_call(screen, load, loaded, group="progress-pair", exclusive=True)

"""The Progress report of one cohort: store.progress's figures between two assessments, with the
heading every report has and the pupils behind each figure (the names and the reasons why).
Pure over what store.progress and store.reports loaded: the screen works it out in its worker."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from store.assessments.cohort import PupilRow
from store.core.words import plural
from store.curriculum.layers import JUDGED_CODES
from store.progress.progress import ProgressPeriod
from store.progress.transitions import (
    BLANK,
    MARK,
    Movement,
    Progress,
    PupilChange,
    SubjectProgress,
)
from store.pupils.filters import PupilFilter
from store.reports.reports import (
    Heading,
    NameList,
    ReportData,
    ReportScope,
    make_heading,
    matching_pupils,
)

PROGRESS = "Progress"
MOVEMENT_WORDS = {
    Movement.UP: "Moved up",
    Movement.SAME: "Same",
    Movement.DOWN: "Moved down",
    Movement.NOT_COMPARED: "Not compared",
}
FEW_ROWS = 4
"""A transition table with this many rows or fewer shows them all; a longer one (KS1's codes)
only the codes some pupil had, and blank."""


@dataclass(frozen=True)
class ProgressReport:
    """Progress of the pupils counted (alphabetical) from `then` to `now`."""

    heading: Heading
    progress: Progress
    pupils: tuple[PupilRow, ...]
    then: ProgressPeriod
    now: ProgressPeriod

    @property
    def subjects(self) -> tuple[SubjectProgress, ...]:
        return self.progress.subjects

    @property
    def has_gains(self) -> bool:
        """Whether any subject ranks by points or marks (the report then shows the gains)."""
        return any(gains_shown(subject) for subject in self.subjects)


@dataclass(frozen=True)
class ProgressNames(NameList):
    """The pupils behind a Progress figure, each of whom can say why (`why`)."""

    progress: Progress | None = None
    subject_code: str | None = None
    """The subject whose figure it is (None: the list for a progress meeting)."""

    def why(self, pupil_id: int) -> list[str]:
        """The pupil's status in the figure's subject, then every subject's, one a line."""
        assert self.progress is not None
        story = self.progress.story(pupil_id)
        if self.subject_code is None:
            down = sum(
                change.movement is Movement.DOWN
                for subject in self.progress.subjects
                for change in subject.changes
                if change.pupil_id == pupil_id
            )
            first = f"{plural(down, 'subject')} moved down."
        else:
            subject = self.progress.subject(self.subject_code)
            first = f"{subject.subject.name}: {_change(subject, pupil_id).why}."
            judged = self.progress.judgement(pupil_id, self.subject_code)
            if judged is not None:
                first += f" {judged}."
        return [first, "", "Every subject:", *story]


JUDGED_COLUMNS: tuple[tuple[str | None, str], ...] = (
    *((code.code, code.words.split()[0]) for code in JUDGED_CODES),
    (None, "Not judged"),
)
"""The teacher's judgement of progress, counted beside the change: each code (by the short
word a column heads it with), then the pupils not judged."""


def judged_pupils(progress: Progress, subject: SubjectProgress, code: str | None) -> list[int]:
    """The pupils compared in the subject whom the teacher judged `code` (None: not judged)."""
    judged = progress.judged or {}
    return [
        change.pupil_id
        for change in subject.changes
        if judged.get((change.pupil_id, subject.subject.code)) == code
    ]


def judged_words(code: str | None) -> str:
    """ "Expected progress", "Not judged": a judgement of progress in words."""
    found = None if code is None else JUDGED_CODES.by_stored(code)
    return "Not judged" if found is None else found.words


def gains_shown(subject: SubjectProgress) -> bool:
    """Whether the subject's gains mean something: points, or marks."""
    return subject.uses_points or subject.subject.numbers is not None


def gain_unit(subject: SubjectProgress) -> str:
    codes = subject.subject.codes
    return "marks" if subject.subject.numbers is not None else codes.point_word or "points"


def progress_period_text(progress: Progress, then: ProgressPeriod) -> str:
    """ "Autumn 2 to Spring 1"; "Summer 2 (last year) to Autumn 2"."""
    then_name = progress.then_name
    if then.last_year and then_name == then.period.name:
        then_name += " (last year)"
    return f"{then_name} to {progress.now_name}"


def progress_report(
    data: ReportData,
    progress: Progress,
    then: ProgressPeriod,
    now: ProgressPeriod,
    class_slot: int | None = None,
    pupil_filter: PupilFilter | None = None,
    made_at: datetime | None = None,
) -> ProgressReport:
    """The report of `progress` (loaded for the cohort of `data` with the same class and
    filter), with its heading and the pupils it counts."""
    scope = ReportScope(None, class_slot, pupil_filter or PupilFilter())
    _, left_out = matching_pupils(data, scope)
    heading = make_heading(data, scope, PROGRESS, left_out, made_at)
    heading = replace(heading, period=progress_period_text(progress, then))
    pupils = tuple(pupil for pupil in data.cohort.pupils if pupil.id in progress.pupils)
    return ProgressReport(heading, progress, pupils, then, now)


def row_label(subject: SubjectProgress, row: str) -> str:
    """A row (or column) of the transition table in words: "Below", "EXS", "Mark", "Blank"."""
    if row in (MARK, BLANK):
        return row.capitalize()
    code = subject.subject.code_for(row)
    if code is None or len(code.code) > 1:
        return row
    return code.words  # a letter (EYFS's B, O) says less than its words


def table_rows(subject: SubjectProgress) -> tuple[str, ...]:
    """The transition table's rows (and columns): every one when few, else the codes some
    pupil had at either assessment, and blank."""
    if len(subject.rows) <= FEW_ROWS:
        return subject.rows
    used = {change.then.row() for change in subject.changes}
    used |= {change.now.row() for change in subject.changes}
    return tuple(row for row in subject.rows if row in used or row == BLANK)


def _change(subject: SubjectProgress, pupil_id: int) -> PupilChange:
    return next(change for change in subject.changes if change.pupil_id == pupil_id)


def _from_to(subject: SubjectProgress, change: PupilChange) -> str:
    return f"{row_label(subject, change.then.row())} → {row_label(subject, change.now.row())}"


def _names(
    report: ProgressReport,
    subject: SubjectProgress,
    title: str,
    changes: list[PupilChange],
    gained: bool = False,
) -> ProgressNames:
    ids = {change.pupil_id: change for change in changes}
    pupils = tuple(pupil for pupil in report.pupils if pupil.id in ids)
    if gained:
        details = tuple(f"{ids[pupil.id].gained:+d}" for pupil in pupils)
        column = f"{gain_unit(subject).capitalize()} gained"
    else:
        details = tuple(_from_to(subject, ids[pupil.id]) for pupil in pupils)
        column = f"{report.progress.then_name} → {report.progress.now_name}"
    return ProgressNames(
        title, report.heading, pupils, column, details, report.progress, subject.subject.code
    )


def movement_names(
    report: ProgressReport, subject_code: str, movement: Movement | None
) -> ProgressNames:
    """The pupils who moved so in the subject (None: every pupil counted), with their values."""
    subject = report.progress.subject(subject_code)
    changes = [c for c in subject.changes if movement is None or c.movement is movement]
    what = "Pupils" if movement is None else MOVEMENT_WORDS[movement]
    return _names(report, subject, f"{subject.subject.name}: {what}", changes)


def gained_names(report: ProgressReport, subject_code: str) -> ProgressNames:
    """The pupils compared in the subject, each with the points (or marks) gained."""
    subject = report.progress.subject(subject_code)
    changes = [change for change in subject.changes if change.gained is not None]
    title = f"{subject.subject.name}: {gain_unit(subject)} gained"
    return _names(report, subject, title, changes, gained=True)


def judged_names(report: ProgressReport, subject_code: str, code: str | None) -> ProgressNames:
    """The pupils whom the teacher judged `code` in the subject (None: not judged), each with
    their values then and now."""
    subject = report.progress.subject(subject_code)
    ids = set(judged_pupils(report.progress, subject, code))
    changes = [change for change in subject.changes if change.pupil_id in ids]
    title = f"{subject.subject.name}: teacher's judgement {judged_words(code)}"
    return _names(report, subject, title, changes)


def cell_names(
    report: ProgressReport, subject_code: str, then_row: str, now_row: str | None
) -> ProgressNames:
    """The pupils of a cell of the transition table (`now_row` None: its whole row)."""
    subject = report.progress.subject(subject_code)
    changes = [
        change
        for change in subject.changes
        if change.then.row() == then_row and now_row in (None, change.now.row())
    ]
    then_name, now_name = report.progress.then_name, report.progress.now_name
    what = f"{row_label(subject, then_row)} in {then_name}"
    if now_row is not None:
        what += f", {row_label(subject, now_row)} in {now_name}"
    return _names(report, subject, f"{subject.subject.name}: {what}", changes)


def meeting_names(report: ProgressReport) -> ProgressNames:
    """Every pupil counted, most subjects moved down first (for a progress meeting), each with
    how many and which."""
    progress = report.progress
    rows = {pupil.id: pupil for pupil in report.pupils}
    down: dict[int, list[str]] = {}
    for subject in progress.subjects:
        for pupil_id in subject.moved(Movement.DOWN):
            down.setdefault(pupil_id, []).append(subject.subject.code)
    pupils = [
        rows[pupil_id] for pupil_id, _ in progress.pupils_by_subjects_down() if pupil_id in rows
    ]
    details = tuple(
        f"{len(down[pupil.id])}: {', '.join(down[pupil.id])}" if pupil.id in down else "0"
        for pupil in pupils
    )
    return ProgressNames(
        "Pupils by subjects moved down",
        report.heading,
        tuple(pupils),
        "Down",
        details,
        progress,
    )

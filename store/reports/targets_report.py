"""The Targets report of one cohort: at one assessment, for each subject, how many pupils are
above, met or below the target in its targets layer (store.curriculum.layers), ranked as
Progress ranks values (store.progress.transitions), with the names and the reason behind each.
A loader reads the assessment and its targets; the rest is pure over what it loaded."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from store.assessments.cohort import (
    PeriodInfo,
    PupilRow,
    load_periods,
)
from store.assessments.period_layers import load_layers
from store.core.access import Actor
from store.core.db import Database
from store.curriculum import frameworks
from store.curriculum.eyfs import YearGroup
from store.curriculum.framework import Framework, Subject
from store.curriculum.layers import Layer
from store.progress.progress import counted_pupils, readings_at
from store.progress.target_status import STATUS_WORDS, TargetStatus, target_status
from store.progress.transitions import Reading
from store.pupils.filters import PupilFilter
from store.reports.reports import (
    Heading,
    NameList,
    ReportData,
    ReportScope,
    make_heading,
    matching_pupils,
)

TARGETS = "Targets"


@dataclass(frozen=True, slots=True)
class PupilTarget:
    """One pupil in one subject: the value now, the target, where it stands, and why."""

    pupil_id: int
    now: Reading
    target: Reading
    status: TargetStatus
    why: str


@dataclass(frozen=True)
class SubjectTargets:
    """One subject: every pupil counted against their target."""

    subject: Subject
    pupils: tuple[PupilTarget, ...]

    def with_status(self, status: TargetStatus | None) -> list[int]:
        """The pupils with that status (None: every pupil counted)."""
        return [p.pupil_id for p in self.pupils if status is None or p.status is status]

    @property
    def compared(self) -> int:
        return sum(p.status is not TargetStatus.NOT_COMPARED for p in self.pupils)

    def of(self, pupil_id: int) -> PupilTarget:
        return next(p for p in self.pupils if p.pupil_id == pupil_id)


@dataclass(frozen=True)
class Targets:
    """The pupils counted at `period` against the targets of its targets layer."""

    framework: Framework
    period: PeriodInfo
    subjects: tuple[SubjectTargets, ...]
    pupils: Mapping[int, str]
    """The pupils counted, by id: their display names."""
    periods: tuple[PeriodInfo, ...] = ()
    """The cohort's assessments with a targets layer, oldest first (what p may choose)."""

    def subject(self, code: str) -> SubjectTargets:
        return next(s for s in self.subjects if s.subject.code == code)

    def story(self, pupil_id: int) -> list[str]:
        """Where the pupil stands in every subject, one sentence a subject."""
        return [f"{s.subject.name}: {s.of(pupil_id).why}" for s in self.subjects]


def work_out_targets(
    framework: Framework,
    period: PeriodInfo,
    pupils: Mapping[int, str],
    now: Mapping[tuple[int, str], Reading],
    targets: Mapping[tuple[int, str], Reading],
    periods: tuple[PeriodInfo, ...] = (),
) -> Targets:
    """Each of `pupils` (id: display name; those counted) in each subject: the reading `now`
    against the target (both keyed by (pupil id, subject code); a missing key is a blank)."""
    worked = []
    for subject in framework.subjects:
        rows = []
        for pupil_id in pupils:
            reading = now.get((pupil_id, subject.code), Reading())
            target = targets.get((pupil_id, subject.code), Reading())
            status, why = target_status(subject, reading, target)
            rows.append(PupilTarget(pupil_id, reading, target, status, why))
        worked.append(SubjectTargets(subject, tuple(rows)))
    return Targets(framework, period, tuple(worked), dict(pupils), periods)


def load_targets(
    db: Database,
    actor: Actor,
    establishment_id: int,
    academic_year: int,
    year_group: YearGroup,
    period_id: int | None = None,
    *,
    pupil_filter: PupilFilter | None = None,
    class_slot: int | None = None,
) -> Targets | None:
    """The cohort (the pupils in `year_group` in `academic_year`, those the filter keeps, in
    `class_slot` unless None, included in data) against its targets at assessment `period_id`,
    or, when that has no targets layer (or is None), at the latest that has one; None when no
    assessment of the cohort has targets.

    Raises:
        PermissionDenied: not this establishment's.
    """
    actor.require_establishment(establishment_id)
    with db.read() as session:
        cohort_periods = [
            period
            for period in load_periods(session, establishment_id, academic_year)
            if year_group in period.year_groups
        ]
        layers = {
            layer.layer_of: layer
            for layer in load_layers(session, cohort_periods)
            if layer.layer is Layer.TARGETS
        }
        with_targets = tuple(
            sorted(
                (period for period in cohort_periods if period.id in layers),
                key=lambda period: (period.day, period.id),
            )
        )
        if not with_targets:
            return None
        chosen = next((p for p in with_targets if p.id == period_id), with_targets[-1])
        layer_id = layers[chosen.id].id
        where = (establishment_id, academic_year, year_group)
        framework = frameworks.by_id(chosen.framework)
        counted = counted_pupils(session, *where, pupil_filter, class_slot, framework)
        ids = {pupil.id for pupil in counted}
        readings = readings_at(session, [chosen.id, layer_id], ids)
    return work_out_targets(
        framework,
        chosen,
        {pupil.id: pupil.display_name for pupil in counted},
        readings[chosen.id],
        readings[layer_id],
        with_targets,
    )


# --- the report ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetsReport:
    """The Targets report of the pupils counted (alphabetical)."""

    heading: Heading
    targets: Targets
    pupils: tuple[PupilRow, ...]

    @property
    def subjects(self) -> tuple[SubjectTargets, ...]:
        return self.targets.subjects


@dataclass(frozen=True)
class TargetsNames(NameList):
    """The pupils behind a Targets figure, each of whom can say why (`why`)."""

    targets: Targets | None = None
    subject_code: str = ""

    def why(self, pupil_id: int) -> list[str]:
        """The pupil against their target in the figure's subject, then in every subject."""
        assert self.targets is not None
        subject = self.targets.subject(self.subject_code)
        first = f"{subject.subject.name}: {subject.of(pupil_id).why}."
        return [first, "", "Every subject:", *self.targets.story(pupil_id)]


def targets_report(
    data: ReportData,
    targets: Targets,
    class_slot: int | None = None,
    pupil_filter: PupilFilter | None = None,
    made_at: datetime | None = None,
) -> TargetsReport:
    """The report of `targets` (loaded for the cohort of `data` with the same class and filter),
    with its heading and the pupils it counts."""
    scope = ReportScope(None, class_slot, pupil_filter or PupilFilter())
    _, left_out = matching_pupils(data, scope)
    heading = make_heading(data, scope, TARGETS, left_out, made_at)
    period = targets.period
    heading = replace(heading, period=f"{period.name} {period.day:%d/%m/%Y}")
    pupils = tuple(pupil for pupil in data.cohort.pupils if pupil.id in targets.pupils)
    return TargetsReport(heading, targets, pupils)


def status_names(
    report: TargetsReport, subject_code: str, status: TargetStatus | None
) -> TargetsNames:
    """The pupils with `status` in the subject (None: every pupil counted), each with their
    value now and their target."""
    subject = report.targets.subject(subject_code)
    ids = set(subject.with_status(status))
    pupils = tuple(pupil for pupil in report.pupils if pupil.id in ids)
    details = tuple(_now_and_target(subject, subject.of(pupil.id)) for pupil in pupils)
    what = "Pupils" if status is None else STATUS_WORDS[status]
    return TargetsNames(
        f"{subject.subject.name}: {what}",
        report.heading,
        pupils,
        "Now / target",
        details,
        report.targets,
        subject_code,
    )


def _short(subject: Subject, reading: Reading) -> str:
    if reading.number is not None:
        return str(reading.number)
    return "-" if reading.code is None else reading.code


def _now_and_target(subject: SubjectTargets, row: PupilTarget) -> str:
    return f"{_short(subject.subject, row.now)} / {_short(subject.subject, row.target)}"

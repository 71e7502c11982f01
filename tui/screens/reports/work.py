"""The Reports screen's work off the screen: what a report depends on, working it out in the
worker, and the dialogs that choose a report, a period or a class."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

from store.core.access import Actor
from store.core.db import Database
from store.curriculum import frameworks
from store.curriculum.dates import format_academic_year
from store.curriculum.eyfs import CLASS_SLOTS, YearGroup
from store.curriculum.eyfs_to_ks1 import KS1_SIDE
from store.pupils.filters import PupilFilter, class_choices, class_name
from store.reports.eyfs_to_ks1 import EyfsToKs1, eyfs_to_ks1
from store.reports.load import CellsOf
from store.reports.progress_report import ProgressReport
from store.reports.reports import FullReport, ReportData, ReportScope, full_report, open_reports
from store.reports.venn import VennReport, venn_report
from tui.screens.reports.views import CHOICES, ELG, EYFS_KS1, PROGRESS, TARGETS, ReportChoice
from tui.widgets.characteristics_filter import FilterDialog

if TYPE_CHECKING:
    from store.reports.elg_summary import ElgSummary
    from store.reports.targets_report import TargetsReport
    from tui.screens.dialogs.choose import ChooseDialog

Result: TypeAlias = (
    "FullReport | VennReport | EyfsToKs1 | ElgSummary | ProgressReport | TargetsReport"
)
"""A report the screen shows. The ELG summary's module is imported with the first one worked
out (work_out): the screen opens without it."""


@dataclass(frozen=True)
class Request:
    """Everything a report depends on, copied for the worker (it must not read the screen)."""

    academic_year: int
    year_group: YearGroup
    period_id: int | None
    class_slot: int | None
    pupil_filter: PupilFilter
    choice: ReportChoice
    reload: bool = False
    pair: tuple[int, int] | None = None
    """Progress: the two assessments compared, by id (None: the default pair)."""


@dataclass
class Shown:
    """What the Reports screen shows now."""

    data: ReportData | None = None
    result: Result | None = None


def has_figures(result: Result) -> bool:
    """False for an ELG summary of a year without End of Year ELGs (nothing behind a figure)."""
    from store.reports.targets_report import TargetsReport  # light: plain data

    figures = FullReport | VennReport | EyfsToKs1 | ProgressReport | TargetsReport
    return isinstance(result, figures) or not result.none_reason


def not_for(choice: ReportChoice, year_group: YearGroup) -> str | None:
    """Why `choice` is not for `year_group` ("The End of Year ELG summary is for Reception"),
    or None when it is."""
    if choice == ELG and year_group is not YearGroup.RECEPTION:
        return f"The {ELG.label} is for {YearGroup.RECEPTION.label}"
    if choice == EYFS_KS1 and year_group not in KS1_SIDE.year_groups:
        return f"{EYFS_KS1.label} is for {KS1_SIDE.year_groups_said()}"
    return None


def report_year_groups() -> tuple[YearGroup, ...]:
    """The year groups some known framework assesses, youngest first ([ ] steps through them)."""
    return frameworks.year_groups_assessed()


def chosen_period(data: ReportData, wanted: int | None, choice: ReportChoice) -> int | None:
    """`wanted` if it is one of the cohort's periods the report may be of, else the latest of
    those with data (or None)."""
    periods = data.periods_of(choice.framework)
    if wanted is not None and wanted in {period.id for period in periods}:
        return wanted
    latest = data.latest_period_with_data(framework=choice.framework)
    return None if latest is None else latest.id


def work_out(data: ReportData, request: Request, period_id: int | None) -> Result | str:
    """The chosen report, or why there is none to show."""
    if request.choice.kind == "elg":
        from store.reports.elg_summary import elg_summary

        return elg_summary(data, ReportScope(None, request.class_slot, request.pupil_filter))
    cohort = data.cohort
    year = format_academic_year(cohort.academic_year)
    framework = request.choice.framework
    if period_id is None and request.choice == EYFS_KS1:
        return (
            f"{EYFS_KS1.label} compares the End of Year ELGs with {KS1_SIDE.name}, and "
            f"{cohort.year_group.label} has none in {year}: create one on the Assessments "
            "screen, or press r to choose another report."
        )
    if period_id is None and data.periods and framework is not None:
        return (
            f"{request.choice.label} is drawn at {frameworks.by_id(framework).name} "
            f"assessments, and {cohort.year_group.label} has none in {year}: press r to choose "
            "the Full Report."
        )
    if period_id is None:
        return (
            f"{cohort.year_group.label} has no assessment in {year} yet: create one on the "
            "Assessments screen, or choose another ([ ] year group, < > academic year)."
        )
    scope = ReportScope(period_id, request.class_slot, request.pupil_filter)
    if request.choice.kind == "venn" and request.choice.area is not None:
        return venn_report(data, scope, request.choice.area)
    if request.choice == EYFS_KS1:
        return eyfs_to_ks1(data, scope)
    return full_report(data, scope)


def outcome_for(
    database: Database,
    actor: Actor,
    establishment_id: int,
    data: ReportData,
    request: Request,
    period_id: int | None,
) -> Result | str:
    """The chosen report (Progress reads its two assessments' judgements here), or why there is
    none to show. In the worker."""
    if request.choice == PROGRESS:
        from tui.screens.reports.progress import progress_outcome

        pair, class_slot, pupil_filter = request.pair, request.class_slot, request.pupil_filter
        return progress_outcome(
            database, actor, establishment_id, data, pair, class_slot, pupil_filter
        )
    if request.choice == TARGETS:
        from tui.screens.reports.targets import targets_outcome

        return targets_outcome(
            database,
            actor,
            establishment_id,
            data,
            request.period_id,
            request.class_slot,
            request.pupil_filter,
        )
    return work_out(data, request, period_id)


def data_for(
    database: Database,
    actor: Actor,
    establishment_id: int,
    data: ReportData | None,
    request: Request,
) -> ReportData:
    """What the request needs: the data already loaded when it will do, else a fresh load of
    the cohort with only the judgements the report reads (none for the ELG summary and
    Progress, which reads its own), and the pupils' End of Year ELGs from Reception for the EYFS
    to KS1 table."""
    reception = request.choice == EYFS_KS1

    def load(cells_of: CellsOf) -> ReportData:
        return open_reports(
            database,
            actor,
            establishment_id,
            request.academic_year,
            request.year_group,
            cells_of,
            with_reception=reception,
        )

    same = data is not None and (data.cohort.academic_year, data.cohort.year_group) == (
        request.academic_year,
        request.year_group,
    )
    lacking = reception and data is not None and data.reception is None
    without_cells = request.choice.kind in ("elg", "progress", "targets")
    if data is None or not same or request.reload or lacking:
        if without_cells:
            return load(None)
        data = load("latest" if request.period_id is None else request.period_id)
    if without_cells:
        return data
    period_id = chosen_period(data, request.period_id, request.choice)
    if period_id is None or data.has_judgements_of(period_id):
        return data
    return load(period_id)


# The dialogs import the chooser when first asked for: the Reports screen opens without it.


def report_dialog(current: ReportChoice) -> ChooseDialog[ReportChoice]:
    from tui.screens.dialogs.choose import Choice, ChooseDialog

    choices = [Choice(choice, choice.key, choice.label) for choice in CHOICES]
    return ChooseDialog("Report", choices, CHOICES.index(current))


def period_dialog(
    data: ReportData, period_id: int | None, choice: ReportChoice
) -> ChooseDialog[int]:
    """The cohort's periods the report may be of, newest first."""
    from tui.screens.dialogs.choose import Choice, ChooseDialog

    periods = data.periods_of(choice.framework)
    choices = [Choice(p.id, p.name, f"{p.day:%d/%m/%Y}") for p in reversed(periods)]
    ids = [option.value for option in choices]
    return ChooseDialog(
        "Assessment period", choices, ids.index(period_id) if period_id in ids else 0
    )


def filter_dialog(data: ReportData, pupil_filter: PupilFilter, context: str) -> FilterDialog:
    """The characteristics filter over the cohort's pupils."""
    return FilterDialog(
        pupil_filter, data.cohort.pupils, data.custom_names, data.class_names, context=context
    )


def class_dialog(data: ReportData | None, class_slot: int | None) -> ChooseDialog[int | None]:
    """All classes, then the classes with pupils, then the others (marked so)."""
    from tui.screens.dialogs.choose import Choice, ChooseDialog

    names = data.class_names if data is not None else ()
    pupils = data.cohort.pupils if data is not None else []
    used = {pupil.class_slot for pupil in pupils}
    choices: list[Choice[int | None]] = [Choice(None, "All", "All classes")]
    choices += [
        Choice(slot, str(slot), class_name(names, slot) + ("" if slot in used else " (no pupils)"))
        for slot in class_choices(pupils, len(names) or CLASS_SLOTS)
    ]
    values = [choice.value for choice in choices]
    return ChooseDialog("Class", choices, values.index(class_slot) if class_slot in values else 0)

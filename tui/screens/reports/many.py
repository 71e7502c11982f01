"""The Reports screen over many establishments (support): what such a report depends on, working
it out off the screen with progress, and choosing among the reports one pass returned."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TypeAlias

from textual.message import Message
from textual.worker import get_current_worker

from store.core.access import Actor
from store.core.db import Database
from store.core.errors import StoreError
from store.curriculum.eyfs import YearGroup
from store.pupils.filters import PupilFilter
from store.reports.many import Cancelled, ManyReports, many_reports, period_names
from store.reports.progress_many import (
    ManyPair,
    ProgressOverMany,
    many_progress,
    progress_frameworks,
)
from tui.screens.dialogs.choose import Choice, ChooseDialog
from tui.screens.dialogs.prompt import PromptDialog
from tui.screens.reports.views import EYFS_KS1, PROGRESS, ReportChoice
from tui.screens.reports.work import Result
from tui.widgets.characteristics_filter import FilterDialog


@dataclass(frozen=True)
class ManyRequest:
    """Everything a report over many establishments depends on (the report chosen aside: one
    pass works them all out)."""

    academic_year: int
    year_group: YearGroup
    period_name: str | None
    pupil_filter: PupilFilter
    search: str
    progress: ManyPair | None = None
    """Progress between these two assessments at each establishment (None: the other reports,
    which one pass works out together)."""


ManyOutcome: TypeAlias = "ManyReports | ProgressOverMany | str"
"""What a pass over the establishments answers: its reports, Progress, or why there are none."""


def default_many_pair(year_group: YearGroup) -> ManyPair:
    """Each establishment's latest two assessments (with judgements) of the year group's first
    framework: EYFS in-year in the early years, KS1 teacher assessment in Years 1 and 2."""
    return ManyPair(progress_frameworks(year_group)[0].id)


class ManyProgress(Message):
    """`done` of `total` establishments are counted (posted from the worker's thread)."""

    def __init__(self, request: ManyRequest, done: int, total: int) -> None:
        super().__init__()
        self.request = request
        self.done = done
        self.total = total


def work_out_many(
    database: Database,
    actor: Actor,
    request: ManyRequest,
    progress: Callable[[int, int], None],
    cancelled: Callable[[], bool],
) -> ManyOutcome:
    """The reports over the request's establishments, or why there are none."""
    # Progress is a pass of its own; every other report comes out of one pass together.
    work: Callable[..., ManyReports | ProgressOverMany] = partial(
        many_reports, period_name=request.period_name
    )
    if request.progress is not None:
        work = partial(many_progress, pair=request.progress)
    try:
        return work(
            database,
            actor,
            request.academic_year,
            request.year_group,
            search=request.search,
            pupil_filter=request.pupil_filter,
            progress=progress,
            cancelled=cancelled,
        )
    except Cancelled as stopped:
        return f"{stopped} f5 works the report out again."
    except StoreError as error:
        return str(error)


def pick(many: ManyReports | ProgressOverMany, choice: ReportChoice, search: str) -> Result | str:
    """The chosen report out of those one pass worked out, or why there is none."""
    shown = many.report if isinstance(many, ProgressOverMany) else many.full
    if shown is None or not shown.heading.schools:
        if search:
            return f"No establishment's number or name contains '{search}': press s to change it."
        return "There is no establishment in this database yet."
    if isinstance(many, ProgressOverMany):
        return many.report
    if choice == EYFS_KS1:
        return f"{choice.label} is of one establishment: press a to go back to yours."
    if choice.kind == "elg":
        if many.elg is None:
            return "The End of Year ELG summary is for Reception: press ] to go there."
        return many.elg
    if choice.kind == "venn" and choice.area is not None:
        return many.venn(choice.area)
    return shown


def counted_text(result: Result) -> str:
    """ "3 of 4 establishments counted" (the status line's; b shows each, and why not)."""
    schools = result.heading.schools
    counted = sum(1 for school in schools if school.included)
    return f"{counted:,} of {len(schools):,} establishments counted"


def period_name_dialog(names: list[str], current: str | None) -> ChooseDialog[str | None]:
    """Each establishment's latest assessment, then the assessment names they use."""
    choices: list[Choice[str | None]] = [
        Choice(None, "Latest", "each establishment's latest assessment with judgements")
    ]
    choices += [Choice(name, name, "at each establishment that has it") for name in names]
    values = [choice.value for choice in choices]
    selected = values.index(current) if current in values else 0
    return ChooseDialog("Assessment over many establishments", choices, selected)


class ManyScope:
    """The Reports screen's state over many establishments, built from the database and the
    actor: the assessment name and establishments chosen, the last pass's reports, and the pass
    under way. The screen runs `work` in its worker (which tells it how far the pass has gone
    with ManyProgress messages) and shows the reports these methods answer."""

    def __init__(self, database: Database, actor: Actor) -> None:
        self.database = database
        self.actor = actor
        self.period_name: str | None = None
        """Each establishment's assessment of this name (None: its latest with judgements)."""
        self.search = ""
        """Part of the establishments' number or name (blank: every one)."""
        self.pair: ManyPair | None = None
        """Progress's two assessments at each establishment (None: the latest two of the
        year group's first framework)."""
        self.many: ManyReports | ProgressOverMany | None = None
        self.request: ManyRequest | None = None
        """What `many` is of, or what the pass under way is working out."""
        self.working = False

    def request_for(
        self,
        academic_year: int,
        year_group: YearGroup,
        pupil_filter: PupilFilter,
        choice: ReportChoice,
    ) -> ManyRequest:
        pair = None
        if choice == PROGRESS:
            pair = self.pair or default_many_pair(year_group)
        return ManyRequest(
            academic_year, year_group, self.period_name, pupil_filter, self.search, pair
        )

    def needs_pass(self, request: ManyRequest, reload: bool) -> bool:
        """Whether `request` needs a new pass (else the last one, or the one under way, has it)."""
        return reload or request != self.request

    def known(self, choice: ReportChoice) -> Result | str | None:
        """The chosen report out of the last pass (None while a pass is under way)."""
        return None if self.many is None else pick(self.many, choice, self.search)

    def begin(self, request: ManyRequest) -> None:
        self.many, self.request, self.working = None, request, True

    def work(self, request: ManyRequest, post: Callable[[Message], object]) -> ManyOutcome | None:
        """In the worker's thread: every report over the establishments, in one pass, or why
        there are none; None when the pass was stopped. Progress goes to `post`."""
        worker = get_current_worker()

        def progress(done: int, total: int) -> None:
            post(ManyProgress(request, done, total))

        outcome = work_out_many(
            self.database, self.actor, request, progress, lambda: worker.is_cancelled
        )
        return None if worker.is_cancelled else outcome

    def progressing(self, message: ManyProgress) -> bool:
        """Whether the progress message is of the pass under way (not one stopped since)."""
        return self.working and message.request == self.request

    def done(
        self,
        request: ManyRequest,
        outcome: ManyOutcome,
        choice: ReportChoice,
    ) -> Result | str | None:
        """The chosen report of the pass just done, or why there is none; None when the person
        has moved on since it started."""
        if request != self.request:
            return None
        self.working = False
        if isinstance(outcome, str):
            self.request = None
            return outcome
        self.many = outcome
        return pick(outcome, choice, self.search)

    def stopped(self) -> None:
        """The pass under way was stopped (Escape): the next recount starts another."""
        self.working, self.request = False, None

    def new_cohort(self) -> None:
        """Another year or group: each establishment's latest assessment (or two) again."""
        self.period_name = self.pair = None

    def filter_dialog(self, pupil_filter: PupilFilter, context: str) -> FilterDialog:
        """The pupil characteristics filter over every pupil of the last pass (each
        establishment names its own classes and custom flags: here by number)."""
        pupils = () if self.many is None else self.many.pupils
        context = f"{context}, all establishments"
        return FilterDialog(pupil_filter, pupils, context=context)

    def schools_dialog(self) -> PromptDialog:
        return PromptDialog(
            "Establishments whose number or name contains",
            self.search,
            "Blank: every establishment · Enter applies · Esc cancels",
            max_length=120,
        )

    def choose_schools(self, search: str | None) -> bool:
        """Keep the establishments' search the dialog answered; whether it changed."""
        if search is None or " ".join(search.split()) == self.search:
            return False
        self.search = " ".join(search.split())
        return True

    def period_dialog(self, academic_year: int, year_group: YearGroup) -> ChooseDialog[str | None]:
        """The assessment names the establishments use (a StoreError says why not)."""
        names = period_names(self.database, self.actor, academic_year, year_group, self.search)
        return period_name_dialog(names, self.period_name)

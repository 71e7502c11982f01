"""The Reports screen over many establishments (support): what such a report depends on, working
it out off the screen with progress, and choosing among the reports one pass returned."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual.message import Message
from textual.worker import get_current_worker

from store.core.access import Actor
from store.core.db import Database
from store.core.errors import StoreError
from store.curriculum.eyfs import YearGroup
from store.pupils.filters import PupilFilter
from store.reports.many import Cancelled, ManyReports, many_reports, period_names
from tui.screens.dialogs.choose import Choice, ChooseDialog
from tui.screens.dialogs.prompt import PromptDialog
from tui.screens.reports.views import ELG, FULL, ReportChoice
from tui.screens.reports.work import Result
from tui.widgets.characteristics_filter import FilterDialog
from tui.widgets.reports.report_body import ReportBody
from tui.widgets.reports.report_progress import ReportProgress

if TYPE_CHECKING:
    from tui.screens.reports.reports import ReportsScreen

ALL_SCOPE_HELP = (
    "Support: a switches between this establishment and all of them (from the establishments "
    "list, r opens them all). Over many establishments every report is worked out in one pass "
    "(Escape stops it), at each one's latest assessment with judgements or at the assessment "
    "of the name p chooses; s narrows the establishments by number or name; b shows the "
    "highlighted figure establishment by establishment; name lists say whose pupil."
)


@dataclass(frozen=True)
class ManyRequest:
    """Everything a report over many establishments depends on (the report chosen aside: one
    pass works them all out)."""

    academic_year: int
    year_group: YearGroup
    period_name: str | None
    pupil_filter: PupilFilter
    search: str


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
) -> ManyReports | str:
    """The reports over the request's establishments, or why there are none."""
    try:
        return many_reports(
            database,
            actor,
            request.academic_year,
            request.year_group,
            request.period_name,
            search=request.search,
            pupil_filter=request.pupil_filter,
            progress=progress,
            cancelled=cancelled,
        )
    except Cancelled as stopped:
        return f"{stopped} f5 works the report out again."
    except StoreError as error:
        return str(error)


def pick(many: ManyReports, choice: ReportChoice, search: str) -> Result | str:
    """The chosen report out of those one pass worked out, or why there is none."""
    if many.full is None or not many.full.heading.schools:
        if search:
            return f"No establishment's number or name contains '{search}': press s to change it."
        return "There is no establishment in this database yet."
    if choice.kind == "elg":
        if many.elg is None:
            return "The End of Year ELG summary is for Reception: press ] to go there."
        return many.elg
    if choice.kind == "venn" and choice.area is not None:
        return many.venn(choice.area)
    return many.full


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
    """The Reports screen's state and work over many establishments: the assessment name and
    establishments chosen, the last pass's reports, and the pass under way."""

    def __init__(self, screen: ReportsScreen) -> None:
        self.screen = screen
        self.period_name: str | None = None
        """Each establishment's assessment of this name (None: its latest with judgements)."""
        self.search = ""
        """Part of the establishments' number or name (blank: every one)."""
        self.many: ManyReports | None = None
        self.request: ManyRequest | None = None
        """What `many` is of, or what the pass under way is working out."""
        self.working = False

    def current_request(self) -> ManyRequest:
        screen = self.screen
        return ManyRequest(
            screen.academic_year,
            screen.year_group,
            self.period_name,
            screen.pupil_filter,
            self.search,
        )

    def recount(self, reload: bool) -> None:
        """Pick the chosen report from the last pass over the establishments, or start one."""
        screen = self.screen
        request = self.current_request()
        if request == self.request and not reload:
            if self.many is not None:
                screen.display_outcome(pick(self.many, screen.choice, self.search))
            return  # the pass under way shows the report chosen when it is done
        self.many, self.request, self.working = None, request, True
        screen.shown.result = None
        screen.query_one(ReportBody).show_message(
            "Working out the reports over the establishments… Escape stops."
        )
        screen.show_status("", "")
        screen.query_one(ReportProgress).start()
        screen.run_worker(
            partial(self._work, request),
            thread=True,
            exclusive=True,
            exit_on_error=False,
            group="report",
        )

    def _work(self, request: ManyRequest) -> None:
        """In the worker's thread: every report over the establishments, in one pass."""
        worker = get_current_worker()
        screen = self.screen

        def progress(done: int, total: int) -> None:
            screen.post_message(ManyProgress(request, done, total))

        outcome = work_out_many(
            screen.database, screen.actor, request, progress, lambda: worker.is_cancelled
        )
        if not worker.is_cancelled:
            screen.app.call_from_thread(self._done, request, outcome)

    def progress(self, message: ManyProgress) -> None:
        if self.working and message.request == self.request:
            self.screen.query_one(ReportProgress).advance(message.done, message.total)

    def _done(self, request: ManyRequest, outcome: ManyReports | str) -> None:
        screen = self.screen
        if not screen.all_scope or request != self.request:
            return  # the person has moved on
        self.working = False
        screen.query_one(ReportProgress).stop()
        if isinstance(outcome, str):
            self.request = None
            screen.display_outcome(outcome)
            return
        self.many = outcome
        screen.display_outcome(pick(outcome, screen.choice, self.search))

    def stop(self) -> None:
        """Stop the pass under way between two establishments (Escape)."""
        screen = self.screen
        screen.workers.cancel_group(screen, "report")
        progress = screen.query_one(ReportProgress)
        where = progress.text.split(" · ")[0] if "of" in progress.text else "the start"
        self.working, self.request = False, None
        progress.stop()
        screen.query_one(ReportBody).show_message(
            f"Stopped at {where}: f5 works the report out again, Escape goes back."
        )

    def new_cohort(self) -> None:
        """Another year or group: each establishment's latest assessment again."""
        self.period_name = None

    def filter_dialog(self, context: str) -> FilterDialog:
        """The pupil characteristics filter over every pupil of the last pass (each
        establishment names its own classes and custom flags: here by number)."""
        pupils = () if self.many is None else self.many.pupils
        context = f"{context}, all establishments"
        return FilterDialog(self.screen.pupil_filter, pupils, context=context)

    def choose_schools(self) -> None:
        def done(search: str | None) -> None:
            if search is not None and " ".join(search.split()) != self.search:
                self.search = " ".join(search.split())
                self.screen.recount()

        self.screen.app.push_screen(
            PromptDialog(
                "Establishments whose number or name contains",
                self.search,
                "Blank: every establishment · Enter applies · Esc cancels",
                max_length=120,
            ),
            done,
        )

    def choose_period(self) -> None:
        screen = self.screen
        try:
            names = period_names(
                screen.database, screen.actor, screen.academic_year, screen.year_group, self.search
            )
        except StoreError as error:
            screen.notify(str(error), severity="error")
            return

        def done(chosen: Choice[str | None] | None) -> None:
            if chosen is not None:
                self.period_name = chosen.value
                if screen.choice is ELG:
                    screen.choice = FULL
                screen.recount()

        screen.app.push_screen(period_name_dialog(names, self.period_name), done)

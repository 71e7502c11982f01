"""The Reports screen: Full Report, Venn diagrams, the End of Year ELG summary, EYFS to KS1 and
Progress of one cohort, or (support) of a year group over many establishments.

Choose the academic year (< >), year group ([ ]), assessment (p; in Progress, the two), class
(c), the pupil filter (f) and the report (r; v the next Venn, k EYFS to KS1, g Progress). Enter
on any figure lists the pupils behind it; E writes the report (or, in a list, the names) to
Excel. The cohort is loaded in a worker and kept: changing period, class, filter or report only
recounts it.

Support's `a` switches to all establishments: one worker works every report out over them,
establishment by establishment, with a progress bar (Escape stops it); `s` narrows the
establishments, `b` shows the highlighted figure establishment by establishment.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.css.query import NoMatches
from textual.widgets import Static

from store.core.access import Actor, Role
from store.core.db import Database
from store.core.errors import StoreError
from store.curriculum.dates import academic_year_of, format_academic_year
from store.curriculum.eyfs import YearGroup
from store.establishments.establishments import EstablishmentInfo
from store.pupils.filters import PupilFilter
from store.reports.reports import NameList, ReportData
from tui.screens.reports.keys import REPORT_BINDINGS, REPORT_LEGEND
from tui.screens.reports.progress_keys import ReportChoosing
from tui.screens.reports.views import ELG, EYFS_KS1, FULL, PROGRESS, ReportChoice, screen_line
from tui.screens.reports.work import (
    Request,
    Result,
    Shown,
    chosen_period,
    class_dialog,
    data_for,
    filter_dialog,
    has_figures,
    not_for,
    outcome_for,
    period_dialog,
    report_dialog,
    report_year_groups,
)
from tui.store_call import run_store_call
from tui.widgets.characteristics_filter import FilterBar
from tui.widgets.key_bar import KeyBar
from tui.widgets.reports.report_body import WORKING, ReportBody

if TYPE_CHECKING:
    from tui.screens.dialogs.choose import Choice
    from tui.screens.reports.many import ManyOutcome, ManyProgress, ManyRequest, ManyScope
    from tui.widgets.reports.report_progress import ReportProgress

# The first r waits for this module's imports: what the first Full Report does not need (names,
# breakdown, export, dialogs, support's reports over many establishments) is imported in use.


class ReportsScreen(ReportChoosing):
    """One report of one cohort (or, for support, of all establishments) at a time; every
    figure opens its pupils."""

    BINDINGS: ClassVar[list[BindingType]] = REPORT_BINDINGS
    DEFAULT_CSS = """
    ReportsScreen #report-line {
        height: 1; padding: 0 1; text-style: bold; text-wrap: nowrap; text-overflow: ellipsis;
    }
    ReportsScreen #report-body { height: 1fr; }
    ReportsScreen #report-status {
        height: 2; background: $panel; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis;
    }
    """
    HELP_LEGEND = REPORT_LEGEND

    def __init__(
        self,
        database: Database,
        actor: Actor,
        establishment: EstablishmentInfo | None,
        academic_year: int | None = None,
        year_group: YearGroup = YearGroup.RECEPTION,
        today: date | None = None,
        all_establishments: bool = False,
    ) -> None:
        super().__init__()
        self.database = database
        self.actor = actor
        self.establishment = establishment
        self.today = today or date.today()
        self.academic_year = academic_year or academic_year_of(self.today)
        self.year_group = year_group
        self.period_id: int | None = None
        self.class_slot: int | None = None
        self.pupil_filter = PupilFilter()
        self.choice = FULL
        self.shown = Shown()
        self.all_scope = all_establishments or establishment is None
        """Over all establishments (support) rather than `establishment`."""
        self._many: ManyScope | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="cohort-bar", markup=False)
        yield Static("", id="report-line", markup=False)
        yield FilterBar(id="filter-bar")
        yield ReportBody(id="report-body")
        # The progress bar (#report-progress) is mounted with the first pass over many.
        yield Static("", id="report-status", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.recount()

    def _bar(self) -> None:
        if self.all_scope:
            search = self.many.search
            text = f"Establishments matching '{search}'" if search else "All establishments"
            text += " (support) · s chooses which"
            if self.establishment is not None:
                text += f" · a: {self.establishment.number} only"
        else:
            assert self.establishment is not None
            text = f"{self.establishment.title} · Reports"
        self.query_one("#cohort-bar", Static).update(text)

    # --- working out -------------------------------------------------------------------------

    def recount(self, reload: bool = False) -> None:
        """Work the report out again (in a worker) from what the screen has chosen."""
        self._bar()
        self._show_line()
        if self.all_scope:
            self._recount_many(reload)
            return
        assert self.establishment is not None
        self._compute(
            Request(
                self.academic_year,
                self.year_group,
                self.period_id,
                self.class_slot,
                self.pupil_filter,
                self.choice,
                reload,
                self.pair,
            )
        )

    def _compute(self, request: Request) -> None:
        known = self.shown.data
        assert self.establishment is not None
        database, actor, establishment_id = self.database, self.actor, self.establishment.id

        def compute() -> tuple[ReportData | None, int | None, Result | str]:
            data, period_id = known, request.period_id
            try:
                data = data_for(database, actor, establishment_id, data, request)
                period_id = chosen_period(data, request.period_id, request.choice)
                outcome = outcome_for(database, actor, establishment_id, data, request, period_id)
            except StoreError as error:
                outcome = str(error)
            return data, period_id, outcome

        run_store_call(
            self,
            compute,
            lambda answer: self._show(request, *answer),
            group="report",
            exclusive=True,
        )

    def _show(
        self,
        request: Request,
        data: ReportData | None,
        period_id: int | None,
        outcome: Result | str,
    ) -> None:
        if (request.academic_year, request.year_group) != (self.academic_year, self.year_group):
            return  # the user has moved on: a newer worker shows the cohort now chosen
        if self.all_scope:
            return
        self.shown = Shown(data=data)
        if data is not None and request.period_id == self.period_id:
            self.period_id = period_id
        self.display_outcome(outcome)

    def display_outcome(self, outcome: Result | str) -> None:
        """Show a report, or why there is none."""
        body = self.query_one(ReportBody)
        if isinstance(outcome, str):
            self.shown.result = None
            body.show_message(outcome)
            self.show_status("", "")
        else:
            self.shown.result = outcome
            body.show(outcome, focus=self.app.screen is self)
        self._show_line()

    # --- over many establishments (support) ----------------------------------------------------

    @property
    def many(self) -> ManyScope:
        """Support's state over many establishments, made (its code imported) when first used."""
        if self._many is None:
            from tui.screens.reports.many import ManyScope

            self._many = ManyScope(self.database, self.actor)
        return self._many

    def _progress(self) -> ReportProgress:
        from tui.widgets.reports.report_progress import ReportProgress

        try:
            return self.query_one(ReportProgress)
        except NoMatches:  # the first pass: the bar goes above the status line
            progress = ReportProgress(id="report-progress")
            self.mount(progress, before="#report-status")
            return progress

    def _recount_many(self, reload: bool) -> None:
        """Pick the chosen report from the last pass over the establishments, or start one."""
        many = self.many
        request = many.request_for(
            self.academic_year, self.year_group, self.pupil_filter, self.choice
        )
        if not many.needs_pass(request, reload):
            if (outcome := many.known(self.choice)) is not None:
                self.display_outcome(outcome)
            return  # the pass under way shows the report chosen when it is done
        many.begin(request)
        self.shown.result = None
        self.query_one(ReportBody).show_message(
            "Working out the reports over the establishments… Escape stops."
        )
        self.show_status("", "")
        self._progress().start()
        run_store_call(
            self,
            partial(self.many.work, request, self.post_message),
            partial(self._many_done, request),
            group="report",
            exclusive=True,
        )

    def on_many_progress(self, message: ManyProgress) -> None:  # by name: many.py loads later
        if self.many.progressing(message):
            self._progress().advance(message.done, message.total)

    def _many_done(self, request: ManyRequest, outcome: ManyOutcome | None) -> None:
        if outcome is None or not self.all_scope:
            return  # stopped (Escape: the screen has said where), or the person has moved on
        shown = self.many.done(request, outcome, self.choice)
        if shown is not None:
            self._progress().stop()
            self.display_outcome(shown)

    def _stop_many(self) -> None:
        """Stop the pass under way between two establishments (Escape)."""
        self.workers.cancel_group(self, "report")
        progress = self._progress()
        where = progress.text.split(" · ")[0] if "of" in progress.text else "the start"
        self.many.stopped()
        progress.stop()
        self.query_one(ReportBody).show_message(
            f"Stopped at {where}: f5 works the report out again, Escape goes back."
        )

    def action_all_scope(self, all_establishments: bool) -> None:
        if self.establishment is None or all_establishments == self.all_scope:
            return
        if self._many is not None and self._many.working:
            self._stop_many()
        self.all_scope = all_establishments
        if self.all_scope:
            self.class_slot = None  # each establishment names its own classes
        self.shown.result = None
        self.refresh_bindings()
        self.recount()

    def action_choose_schools(self) -> None:
        def done(search: str | None) -> None:
            if self.many.choose_schools(search):
                self.recount()

        self.app.push_screen(self.many.schools_dialog(), done)

    def action_breakdown(self) -> None:
        names = self.query_one(ReportBody).breakdown_names()
        if names is None or not names.heading.many:
            self.notify("Press a for all establishments first: b shows them one by one.")
            return
        from tui.screens.reports.breakdown import BreakdownScreen  # support's only

        self.app.push_screen(BreakdownScreen(names))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "all_scope":
            support = self.actor.role is Role.SUPPORT and self.establishment is not None
            return support and parameters[0] != self.all_scope
        if action in ("choose_schools", "breakdown"):
            return self.all_scope
        if action == "choose_class":
            return not self.all_scope
        if action == "progress":  # not once shown: the key bar needs the room for m
            return self.choice != PROGRESS
        if action == "eyfs_to_ks1":  # Year 1 and Year 2 only: the key bar stays EYFS's
            return not self.all_scope and not_for(EYFS_KS1, self.year_group) is None
        return True

    # --- showing -----------------------------------------------------------------------------

    def _show_line(self) -> None:
        """The report's context in one line, and the filter bar."""
        result = self.shown.result
        if result is not None:
            line = screen_line(result.heading, self.choice)
        else:
            line = (
                f"{self.choice.label} · {format_academic_year(self.academic_year)} · "
                f"{self.year_group.label}"
            )
        self.query_one("#report-line", Static).update(Text(line, no_wrap=True, end=""))
        data = self.shown.data
        pupils = [] if data is None else data.cohort.pupils
        names = ((), ()) if data is None else (data.custom_names, data.class_names)
        if self.all_scope:
            many = self.many.many
            pupils, names = ([] if many is None else list(many.pupils)), ((), ())
        if self.class_slot is not None:
            pupils = [pupil for pupil in pupils if pupil.class_slot == self.class_slot]
        shown = len(self.pupil_filter.apply(pupils))
        self.query_one(FilterBar).show_filter(self.pupil_filter, *names, shown, len(pupils))

    def show_status(self, first: str, second: str | None = None) -> None:
        if second is None:
            result = self.shown.result
            second = "" if result is None else result.heading.left_out_text
            second = second + " of every figure." if second else "Enter lists the pupils."
            if result is not None and not has_figures(result):
                second = ""  # no End of Year ELGs: no figure, no pupils behind one
            if result is not None and result.heading.many:
                from tui.screens.reports.many import counted_text  # loaded with the pass

                second = counted_text(result) + " · " + second
        self.query_one("#report-status", Static).update(
            Text(f"{first}\n{second}", no_wrap=True, overflow="ellipsis", end="")
        )

    @on(ReportBody.Status)
    def _body_status(self, message: ReportBody.Status) -> None:
        self.show_status(message.text)

    @on(ReportBody.NamesWanted)
    def _open_names(self, message: ReportBody.NamesWanted) -> None:
        self._push_names(message.names)

    def action_names(self) -> None:
        names = self.query_one(ReportBody).names_here()
        if names is not None:
            self._push_names(names)

    def _push_names(self, names: NameList) -> None:
        from tui.screens.reports.names import NamesScreen  # on the first Enter, as above

        self.app.push_screen(NamesScreen(names, self.establishment))

    # --- choosing ----------------------------------------------------------------------------

    def action_choose_report(self) -> None:
        def done(chosen: Choice[ReportChoice] | None) -> None:
            if chosen is not None:
                self.choose(chosen.value)

        self.app.push_screen(report_dialog(self.choice), done)

    def choose(self, choice: ReportChoice) -> None:
        if (refusal := not_for(choice, self.year_group)) is not None:
            self.notify(f"{refusal}: press {']' if choice is ELG else '[ ]'} to go there.")
            return
        self.choice = choice
        self.recount()

    def action_choose_period(self) -> None:
        if self.choose_pair():  # Progress: its two assessments (at each establishment)
            return
        if self.all_scope:
            self._choose_many_period()
            return
        data = self.shown.data
        if data is None or not data.periods_of(self.choice.framework):
            self.notify(f"{self.year_group.label} has no assessment this year to choose.")
            return

        def done(chosen: Choice[int] | None) -> None:
            if chosen is not None:
                self.period_id = chosen.value
                if self.choice is ELG:
                    self.choice = FULL
                self.recount()

        self.app.push_screen(period_dialog(data, self.period_id, self.choice), done)

    def _choose_many_period(self) -> None:
        try:
            dialog = self.many.period_dialog(self.academic_year, self.year_group)
        except StoreError as error:
            self.notify(str(error), severity="error")
            return

        def done(chosen: Choice[str | None] | None) -> None:
            if chosen is not None:
                self.many.period_name = chosen.value
                if self.choice is ELG:
                    self.choice = FULL
                self.recount()

        self.app.push_screen(dialog, done)

    def action_choose_class(self) -> None:
        def done(chosen: Choice[int | None] | None) -> None:
            if chosen is not None:
                self.class_slot = chosen.value
                self.recount()

        self.app.push_screen(class_dialog(self.shown.data, self.class_slot), done)

    def action_filter(self) -> None:
        data = self.shown.data
        context = f"{self.year_group.label} {format_academic_year(self.academic_year)}"
        if self.all_scope:
            dialog = self.many.filter_dialog(self.pupil_filter, context)
            self.app.push_screen(dialog, self._filter_chosen)
        elif data is not None:
            dialog = filter_dialog(data, self.pupil_filter, context)
            self.app.push_screen(dialog, self._filter_chosen)

    def _filter_chosen(self, chosen: PupilFilter | None) -> None:
        if chosen is not None:
            self.pupil_filter = chosen
            self.recount()

    def _new_cohort(self) -> None:
        """Another year or group: its own periods, and (as on the grid) no filter or class."""
        self.period_id = self.pair = None
        if self._many is not None:
            self._many.new_cohort()
        self.class_slot = None
        self.pupil_filter = PupilFilter()
        self.shown = Shown(data=None)
        self.refresh_bindings()  # k is for Year 1 and Year 2
        if (refusal := not_for(self.choice, self.year_group)) is not None:
            self.choice = FULL
            self.notify(f"{refusal}: showing the Full Report.")
        self.query_one(ReportBody).show_message(WORKING)
        self.show_status("", "")
        self.recount()

    def action_year_group(self, step: int) -> None:
        groups = report_year_groups()
        here = self.year_group if self.year_group in groups else YearGroup.RECEPTION
        index = groups.index(here)
        self.year_group = groups[(index + step) % len(groups)]
        self._new_cohort()

    def action_academic_year(self, step: int) -> None:
        self.academic_year += step
        self._new_cohort()

    def action_reload(self) -> None:
        self.recount(reload=True)
        self.notify("Read again from the database.")

    # --- export --------------------------------------------------------------------------------

    def action_export(self) -> None:
        result = self.shown.result
        if result is None:
            self.notify("There is no report to export yet.")
            return
        from tui.screens.reports.export import export_report  # on the first E, as above

        export_report(self, self.establishment, result)

    def action_leave(self) -> None:
        if self._many is not None and self._many.working:
            self._stop_many()
            return
        self.dismiss(None)

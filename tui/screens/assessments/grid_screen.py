"""The Assessments screen: one cohort's grid and periods; every change is written as it is made."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from functools import partial
from typing import Any, ClassVar

from sqlalchemy.exc import SQLAlchemyError
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import Screen
from textual.widgets import Static

from store.assessments import changes, judgements
from store.assessments.changes import Change
from store.assessments.cohort import Cohort, ElgSectionInfo, PeriodInfo, load_cohort
from store.assessments.cohort_diff import ChangeKey, cohort_changes
from store.assessments.conflicts import Written
from store.assessments.grid_model import ColumnKind, GridModel
from store.core.access import Actor, Role
from store.core.db import Database
from store.core.errors import StoreError
from store.core.recent_changes import latest_change
from store.curriculum import frameworks
from store.curriculum.dates import academic_year_of, format_academic_year
from store.curriculum.eyfs import YearGroup
from store.curriculum.layers import Layer
from store.establishments.establishments import EstablishmentInfo
from store.pupils.filters import PupilFilter
from store.pupils.profile import Profile
from tui.history import History
from tui.screens.assessments import cell_edits, elg_submission, grid_keys, period_flows
from tui.screens.assessments.cell_edits import AnswerT, EditAsk, ReadFirst
from tui.screens.assessments.colleagues_live import ColleagueWatch, show_changes
from tui.screens.assessments.conflict_words import conflict_words
from tui.screens.assessments.grid_filter import ask_filter
from tui.screens.assessments.grid_legend import grid_legend
from tui.screens.assessments.grid_status import absent_notice, no_rows, status_text, step_label
from tui.screens.assessments.grid_view_prefs import GridViewMemory
from tui.screens.assessments.period_submission import Submissions, submission_allowed
from tui.screens.grid_words import EXCLUDED_BANNER, SAVE_FAILED
from tui.store_call import run_store_call
from tui.widgets.assessments.judgement_grid import JudgementGrid
from tui.widgets.assessments.status_line import StatusLine
from tui.widgets.characteristics_filter import FilterBar
from tui.widgets.key_bar import KeyBar

# What this screen mounts, whose styles Home parses ahead (tui/styles_ahead.py). Its keys'
# dialogs load when first asked for: Home imports this ahead, and they added to a grid's memory.
STYLED_CLASSES = (Static, FilterBar, JudgementGrid, StatusLine, KeyBar)


class AssessmentsScreen(Screen[None]):
    """Enter judgements for one academic year and year group."""

    BINDINGS: ClassVar[list[BindingType]] = grid_keys.GRID_BINDINGS

    def __init__(
        self,
        database: Database,
        actor: Actor,
        establishment: EstablishmentInfo,
        academic_year: int | None = None,
        year_group: YearGroup = YearGroup.RECEPTION,
        today: date | None = None,
    ) -> None:
        super().__init__()
        self.database = database
        self.actor = actor
        self.establishment = establishment
        self.today = today or date.today()
        self.academic_year = academic_year or academic_year_of(self.today)
        self.year_group = year_group
        self.history = History()
        self.view_memory = GridViewMemory(database, actor, establishment.id)
        self.hidden_periods: dict[tuple[int, YearGroup], set[int]] = {}
        self.show_elg: dict[int, bool] = {}
        self.shown_layer: Layer | None = None  # in the periods' place (T targets, J judged)
        self.cohort: Cohort | None = None
        # Kept in this year group (reloads, undo, periods); dropped for another group or year.
        self.pupil_filter = PupilFilter()
        self.submissions = Submissions(self, database, actor, establishment, self.reload)
        self._custom_names: tuple[str, ...] = ()
        self._class_names: tuple[str, ...] = ()
        self.colleagues = ColleagueWatch(
            self, database, actor, establishment.id, self._cohort_reader, self._colleagues_changed
        )

    def compose(self) -> ComposeResult:
        yield Static("", id="cohort-bar", markup=False)
        yield FilterBar(id="filter-bar")
        yield Static(EXCLUDED_BANNER, id="excluded-banner", markup=False)
        yield Static("", id=elg_submission.BANNER_ID, markup=False)
        yield JudgementGrid(id="grid", write=self._edit_requested, status=self._update_status)
        yield StatusLine(id="status-line")
        yield KeyBar()

    AUTO_FOCUS = "#grid"

    def on_mount(self) -> None:
        self.hidden_periods, self.show_elg = self.view_memory.load()
        # Read before the first frame: a read in a worker painted the screen twice as it opened
        # (30 ms more CPU, 14% more bytes at 80x24); later reads are in a worker (`reload`).
        # The newest audit id first (0.6 ms), so no colleague's change during the read is missed.
        seen = latest_change(self.database, self.actor, self.establishment.id)
        self.cohort = self._cohort_reader()()
        self._show()
        self.colleagues.start(seen)

    @property
    def HELP_LEGEND(self) -> str:
        """The codes of the frameworks shown, and what the grid's marks mean."""
        model = self.grid.model
        shown = model.frameworks_shown if model is not None else []
        return grid_legend(shown, self.year_group is YearGroup.RECEPTION)

    @property
    def grid(self) -> JudgementGrid:
        return self.query_one(JudgementGrid)

    def reload(self, keep_cursor: bool = True, then: Callable[[], None] | None = None) -> None:
        """Read the cohort in a worker (a cohort takes longer than a frame), then show it and
        do `then`. Keys typed meanwhile wait for it: they act on its cells."""

        def loaded(cohort: Cohort) -> None:
            self.cohort = cohort
            self._show(keep_cursor)
            if then is not None:
                then()

        read = self._cohort_reader()  # the year and group chosen now, not when it runs
        run_store_call(self, read, loaded, group="grid-load", exclusive=True, hold_keys=True)

    def _cohort_reader(self) -> partial[Cohort]:
        school, year, group = self.establishment.id, self.academic_year, self.year_group
        return partial(load_cohort, self.database, self.actor, school, year, group)

    def _colleagues_changed(
        self, fresh: Cohort, leave: frozenset[ChangeKey], only: frozenset[int] | None
    ) -> bool:
        """Show the cohort read again for colleagues' changes; False: read it whole again."""
        shown, key = self.cohort, (self.academic_year, self.year_group)
        if shown is None or (fresh.academic_year, fresh.year_group) != key:
            return False  # read for the cohort shown before a key changed it
        found = cohort_changes(shown, fresh, leave, only)
        if found is None:  # pupils or periods changed: the grid is shown again whole
            if leave or only is not None:
                return False  # older than cells written since, or not whole
            self.cohort = fresh
            self._show()
            return True
        if found and show_changes(self.grid, found):
            self._update_bar()  # Include in Data changed: the filter bar's counts did
        return True

    def _show(self, keep_cursor: bool = True) -> None:
        assert self.cohort is not None
        key = (self.academic_year, self.year_group)
        rows = None if self.pupil_filter.is_empty else self.pupil_filter.apply(self.cohort.pupils)
        model = GridModel(
            self.cohort,
            rows=rows,
            hidden_periods=self.hidden_periods.get(key, set()),
            show_elg=self.show_elg.get(self.academic_year, False),
            layer=self.shown_layer,
        )
        grid = self.grid
        if keep_cursor and grid.model is not None and grid.row < len(grid.model.rows):
            # Stay on the same pupil when the rows change (a filter, a colleague's new pupil).
            row = model.row_of(grid.model.rows[grid.row].id)
            if row is not None:
                grid.row = row
        grid.load(model, keep_cursor=keep_cursor)
        self._update_bar()
        banner = self.query_one(f"#{elg_submission.BANNER_ID}", Static)
        shown = self.show_elg.get(self.academic_year, False)
        elg_submission.show_banner(banner, self.cohort.elg, shown)

    def _update_bar(self) -> None:
        cohort = self.cohort
        assert cohort is not None
        bar = (
            f"{self.establishment.title} · {format_academic_year(self.academic_year)} · "
            f"{self.year_group.label}  ([ ] group, < > year)"
        )
        self.query_one("#cohort-bar", Static).update(bar, layout=False)
        # Over the pupils shown: the banner explains the figures on screen, which a filter limits.
        rows = self.grid.model.rows if self.grid.model is not None else cohort.pupils
        self.query_one(FilterBar).show_filter(
            self.pupil_filter, self._custom_names, self._class_names, len(rows), len(cohort.pupils)
        )
        excluded = any(not pupil.include_in_data for pupil in rows)
        banner = self.query_one("#excluded-banner")
        if banner.display != excluded:
            banner.display = excluded

    def _update_status(self) -> None:
        grid, filtered = self.grid, not self.pupil_filter.is_empty
        empty = no_rows(self.cohort, self.year_group, self.academic_year, filtered)
        first, second, news = status_text(grid.model, grid.row, grid.column, grid.notice, empty)
        self.query_one(StatusLine).show(first, second, news=news)

    def write(self, edits: Sequence[Change], action: str = "edit") -> list[Change] | None:
        """Write edits where their cells still hold what the person saw, showing a colleague's
        value instead (store/assessments/conflicts.py); None (and a message) if refused."""
        written = self._write_as_seen(edits, action)
        return None if written is None else written.applied

    def _write_as_seen(self, edits: Sequence[Change], action: str) -> Written | None:
        if not edits:
            return Written()
        try:
            written = judgements.write_as_seen(
                self.database, self.actor, self.establishment.id, edits, action, today=self.today
            )
        except StoreError as error:
            self.notify(str(error), severity="error")
            return None
        except SQLAlchemyError as error:
            reason = str(getattr(error, "orig", None) or error).splitlines()[0]
            self.notify(SAVE_FAILED.format(reason=reason), severity="error", timeout=10)
            return None
        applied, conflicts = written.applied, written.conflicts
        shown = applied + [conflict.current for conflict in conflicts]
        self.grid.apply_changes(shown)
        self.colleagues.wrote(shown, written.audit_ids)
        if any(isinstance(c, changes.IncludeChange) for c in shown):
            self._update_bar()
        if conflicts:
            short, sentence = conflict_words(conflicts, len(edits), action, self.grid.model)
            self.notify(sentence, severity="warning", timeout=10)
            self.grid.say(short)
        elif action not in ("undo", "redo") and (notice := absent_notice(self.grid.model, applied)):
            self.grid.say(notice)
        return written

    def _edit_requested(self, edits: list[Change], description: str) -> bool:
        """The grid's entries (see EditWriter); False keeps the cursor: refused, or showing a
        colleague's value."""
        written = self._write_as_seen(edits, description)
        if written is None:
            return False
        if applied := written.applied:
            self.history.record(applied, step_label(description, applied, self.grid.model))
        return not written.conflicts

    def action_undo(self) -> None:
        if message := self.history.undo(lambda edits: self.write(edits, "undo")):
            self.grid.say(message)

    def action_redo(self) -> None:
        if message := self.history.redo(lambda edits: self.write(edits, "redo")):
            self.grid.say(message)

    def _record(self, edits: Sequence[Change], action: str) -> None:
        applied = self.write(edits, action)
        if applied:
            self.history.record(applied, step_label(action, applied, self.grid.model))

    def _ready(self) -> GridModel | None:
        model = self.grid.model
        if model is not None and model.rows and model.columns:
            return model
        filtered = model is not None and model.columns and not self.pupil_filter.is_empty
        said = "No pupil matches the filter: press f to change it."
        self.grid.say(said if filtered else "There is nothing to fill here yet.")
        return None

    def _ask(self, edit: EditAsk[AnswerT] | ReadFirst[Any] | str) -> None:
        """Show the dialog and record the edits its answer makes; or say why there is none."""
        if isinstance(edit, ReadFirst):
            edit.run(self, self.database, self.actor, self._ask)
            return
        if isinstance(edit, str):
            self.grid.say(edit)
            return

        def done(answer: AnswerT | None) -> None:
            if answer is not None:
                self._record(edit.edits(answer), edit.action)

        self.app.push_screen(edit.dialog, done)

    def action_fill_column(self) -> None:
        model = self._ready()
        if model is None:
            return
        if refused := self.grid.entry_refused():
            self.grid.say(refused)
            return
        filtered = not self.pupil_filter.is_empty
        self._ask(cell_edits.fill_column(model, self.grid.column, filtered))

    def action_ask(self, what: str) -> None:
        """R, n, N, C: a dialog whose answer edits cells at the cursor (cell_edits.AT_CURSOR)."""
        if (model := self._ready()) is not None:
            self._ask(cell_edits.AT_CURSOR[what](model, self.grid.row, self.grid.column))

    def action_toggle_include(self) -> None:
        model = self.grid.model
        if model is None or not model.rows:
            self.grid.say("There are no pupils here to include or leave out of the figures.")
            return
        pupil = model.rows[self.grid.row]
        self._record([changes.include_edit(pupil.id, not pupil.include_in_data)], "edit")

    def action_choose_periods(self) -> None:
        if self.cohort is None:
            return
        key = (self.academic_year, self.year_group)
        from tui.screens.assessments.periods_dialog import PeriodsDialog, VisibleChoice

        def done(choice: VisibleChoice | None) -> None:
            if choice is not None:
                self.hidden_periods[key] = set(choice.hidden_periods)
                self.show_elg[self.academic_year] = choice.show_elg
                self._show()
                self._remember_view()

        self.app.push_screen(
            PeriodsDialog(
                self.cohort.periods,
                self.hidden_periods.get(key, set()),
                self.cohort.elg is not None,
                self.show_elg.get(self.academic_year, False),
            ),
            done,
        )

    def action_new_period(self) -> None:
        def made(period: PeriodInfo) -> None:
            if period.academic_year != self.academic_year or (
                self.year_group not in period.year_groups
            ):
                # The new period took the user to another cohort: the filter stays behind.
                self.pupil_filter = PupilFilter()
            self.academic_year = period.academic_year
            if self.year_group not in period.year_groups:
                self.year_group = period.year_groups[0]
            self.history.clear()
            self.reload()

        day = period_flows.new_period_day(self.today, self.academic_year)
        school = self.establishment.id
        period_flows.ask_new_period(
            self.app, self.database, self.actor, school, self.year_group, day, made
        )

    def action_toggle_elg(self) -> None:
        elg = self.cohort.elg if self.cohort is not None else None
        if refused := grid_keys.elg_refused(self.year_group, elg, self.academic_year):
            self.grid.say(refused)
            return
        if elg is None:
            self._create_elg()
            return
        self.show_elg[self.academic_year] = not self.show_elg.get(self.academic_year, False)
        self._show()
        self._remember_view()
        if self.show_elg[self.academic_year]:
            self._jump_to_elg()

    def _remember_view(self) -> None:
        key = (self.academic_year, self.year_group)
        hidden, shown = self.hidden_periods.get(key, set()), self.show_elg.get(key[0], False)
        self.view_memory.remember(self, *key, hidden, shown)

    def _jump_to_elg(self) -> None:
        model = self.grid.model
        kinds = [column.kind for column in model.columns] if model is not None else []
        if ColumnKind.ELG in kinds:
            self.grid.move_to(self.grid.row, kinds.index(ColumnKind.ELG))

    def _create_elg(self) -> None:
        year = self.academic_year

        def made(section: ElgSectionInfo) -> None:
            self.show_elg[year] = True
            self._remember_view()
            self.reload(then=self._jump_to_elg)

        school = self.establishment.id
        period_flows.ask_new_elg(self.app, self.database, self.actor, school, year, made)

    def action_delete_period(self) -> None:
        from tui.screens.assessments.period_deletion import ask_and_delete

        def deleted() -> None:
            self.history.clear()  # its steps would write into the deleted period
            self.reload()

        grid = self.grid
        school = self.establishment
        ask_and_delete(self, self.database, self.actor, school, grid.model, grid.column, deleted)

    def action_score_settings(self) -> None:
        from tui.screens.assessments.score_settings import ask_score_settings

        grid, args = self.grid, (self.app, self.database, self.actor, self.establishment.id)
        ask_score_settings(*args, grid.model, grid.say, partial(self.reload, True))

    def action_layer(self, kind: str) -> None:
        from tui.screens.assessments.grid_layers import layer_said, show_layer

        def shown(layer: Layer | None) -> None:
            self.shown_layer = layer
            self.reload(then=lambda: self.grid.say(layer_said(layer)))

        school = self.establishment.id
        show_layer(self, self.database, self.actor, school, self.grid.model, Layer(kind), shown)

    def action_engagement_story(self) -> None:
        from tui.screens.assessments.engagement_view import show_engagement_story

        show_engagement_story(self, self.database, self.actor, self.grid.model, self.grid.row)

    def action_ehc_link(self) -> None:
        from tui.screens.assessments.ehc_link_flow import ask_ehc_link

        grid = self.grid
        ask_ehc_link(self, self.database, self.actor, grid.model, grid.row, grid.column, grid.say)

    def action_word_names(self) -> None:
        from tui.screens.assessments.wording_screen import ask_wording

        grid, args = self.grid, (self.app, self.database, self.actor, self.establishment)
        ask_wording(*args, grid.model, grid.column, grid.say, self.reload)

    def action_year_group(self, step: int) -> None:
        groups = list(frameworks.year_groups_assessed())
        index = groups.index(self.year_group) if self.year_group in groups else 0
        self.year_group = groups[(index + step) % len(groups)]
        self.history.clear()
        self.pupil_filter = PupilFilter()
        self.reload(keep_cursor=False)

    def action_academic_year(self, step: int) -> None:
        self.academic_year += step
        self.history.clear()
        self.pupil_filter = PupilFilter()
        self.reload(keep_cursor=False)

    def action_filter(self) -> None:
        """Open the pupil characteristics filter; the grid shows only the pupils it lets through."""
        if self.cohort is None:
            return

        def named(profile: Profile) -> None:
            # Kept for the filter bar: the establishment's own names for classes and flags.
            self._custom_names, self._class_names = profile.custom_names, profile.class_names

        def chosen(choice: PupilFilter) -> None:
            self.pupil_filter = choice
            self._show()

        args = (self.app, self.database, self.actor, self.cohort, self.pupil_filter)
        ask_filter(*args, named, chosen)

    def action_reload(self) -> None:
        self.reload()
        self.notify("Reloaded from the database.")

    def action_export(self) -> None:
        """Ask what to export (a workbook; a manager's return) and write it in a worker."""
        from tui.screens.assessments.grid_export import GridExportRequest, choose_and_export

        year, group = self.academic_year, self.year_group
        hidden = frozenset(self.hidden_periods.get((year, group), set()))
        request = GridExportRequest(
            self.database, self.actor, self.establishment, year, group, self.pupil_filter,
            hidden, self.show_elg.get(year, False), self.grid.wide, self.shown_layer,
        )  # fmt: skip
        choose_and_export(self, request, self.grid)

    def action_leave(self) -> None:
        self.dismiss(None)

    def action_not_here(self, key: str) -> None:
        self.grid.say(grid_keys.not_here(key, self.year_group, self.actor.role))

    def action_submit_elgs(self) -> None:
        self.submissions.submit(self.grid, self.year_group, self.today)

    def action_unlock_elgs(self) -> None:
        self.submissions.unlock(self.grid, self.year_group)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("submit_elgs", "unlock_elgs"):
            return submission_allowed(self.year_group, self.actor.role, action)
        if action == "delete_period":
            return self.actor.role is not Role.USER
        if action == "toggle_elg":
            return grid_keys.elg_key_works(self.year_group)
        if action == "ask" and parameters[0] in ("cell_note", "period_notes"):
            # The End of Year goals carry no notes.
            return not self.grid.in_elg
        return True

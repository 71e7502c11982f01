"""The Reports screen's keys that choose what it shows besides the Full Report: k EYFS to KS1,
v the next Venn, g Progress, o Targets; in Progress, p chooses the two assessments compared and
t (or Enter on a subject's name) opens the subject's table of values then against values now."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual import on
from textual.screen import Screen

from store.core.access import Actor
from store.core.db import Database
from store.curriculum.eyfs import YearGroup
from store.establishments.establishments import EstablishmentInfo
from store.progress.progress import progress_periods
from tui.screens.reports.views import EYFS_KS1, PROGRESS, TARGETS, VENNS, ReportChoice
from tui.widgets.reports.report_body import ReportBody

if TYPE_CHECKING:
    from tui.screens.reports.many import ManyScope


class ReportChoosing(Screen[None]):
    """A part of ReportsScreen (its base): these keys, over the state the screen keeps."""

    database: Database
    actor: Actor
    establishment: EstablishmentInfo | None
    academic_year: int
    year_group: YearGroup
    choice: ReportChoice
    pair: tuple[int, int] | None = None
    """Progress's two assessments, by id (None: the latest two with judgements)."""
    all_scope: bool
    """Over all establishments (support): there `many` chooses the two."""

    @property
    def many(self) -> ManyScope:
        raise NotImplementedError

    def choose(self, choice: ReportChoice) -> None:
        """Show `choice` (the screen's: it says why not where it is not for the cohort)."""
        raise NotImplementedError

    def recount(self, reload: bool = False) -> None:
        raise NotImplementedError

    def action_eyfs_to_ks1(self) -> None:
        self.choose(EYFS_KS1)

    def action_next_venn(self) -> None:
        index = VENNS.index(self.choice) + 1 if self.choice in VENNS else 0
        self.choose(VENNS[index % len(VENNS)])

    def action_progress(self) -> None:
        self.choose(PROGRESS)

    def action_targets(self) -> None:
        self.choose(TARGETS)

    def choose_pair(self) -> bool:
        """In Progress, ask which two assessments to compare (p) and show them; False
        elsewhere (there p chooses one assessment)."""
        if self.choice != PROGRESS:
            return False
        if self.all_scope:
            from tui.screens.reports.progress_many import choose_many_pair  # support's only

            choose_many_pair(self, self.many, self.academic_year, self.year_group, self.recount)
            return True
        if self.establishment is None:
            return False
        from tui.screens.reports.progress import choose_pair  # with the first p there

        cohort = (self.establishment.id, self.academic_year, self.year_group)
        load = partial(progress_periods, self.database, self.actor, *cohort)
        choose_pair(self, load, self.pair, self._pair_chosen)
        return True

    def _pair_chosen(self, pair: tuple[int, int]) -> None:
        self.pair = pair
        self.recount()

    @on(ReportBody.TableWanted)
    def _open_table(self, message: ReportBody.TableWanted) -> None:
        from tui.screens.reports.transitions import TransitionScreen  # with the first table

        report, subject_code = message.report, message.subject_code
        self.app.push_screen(TransitionScreen(report, subject_code, self.establishment))

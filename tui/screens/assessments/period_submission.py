"""Submitting results from the Assessments screen (S) and support's unlock (U): the End of Year
ELGs in Reception (tui/screens/assessments/elg_submission.py), and in Year 1 and 2 the KS1
period the cursor is in (KS1 teacher assessment or the phonics check).

Given plain values and the grid (its model and cursor), never the screen.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

from textual.screen import Screen

from store.assessments import period_submission
from store.assessments.cohort import PeriodInfo
from store.assessments.period_submission import IncompleteResults, MissingResults
from store.core.access import Actor, Role
from store.core.db import Database
from store.core.errors import StoreError
from store.core.words import plural
from store.curriculum import frameworks
from store.curriculum.eyfs import YearGroup
from store.curriculum.ks1 import KS1_YEAR_GROUPS
from store.establishments.establishments import EstablishmentInfo
from tui.screens.assessments.elg_submission import ElgSubmission, IncompleteDialog, SubmitDialog
from tui.screens.dialogs.password import PasswordDialog
from tui.store_call import run_store_call, screen_clock
from tui.widgets.assessments.judgement_grid import JudgementGrid

ResultT = TypeVar("ResultT")
NOT_A_RETURN = (
    "Put the cursor in a KS1 teacher assessment or phonics check column: those results are "
    "what S submits to the local authority here."
)


def submission_allowed(year_group: YearGroup, role: Role, action: str) -> bool:
    """S for managers (the Headteacher's authority), U for the support team: in Reception (the
    ELGs) and in Year 1 and 2 (KS1 results)."""
    if year_group is not YearGroup.RECEPTION and year_group not in KS1_YEAR_GROUPS:
        return False
    wanted = Role.SUPPORT if action == "unlock_elgs" else Role.MANAGER
    return role is wanted


class MissingResultsDialog(IncompleteDialog):
    """Why the submission was refused: every included pupil still without a result."""

    def __init__(self, pupils: list[MissingResults]) -> None:
        super().__init__(
            pupils,
            lacking="a result in every subject",
            advice=(
                "Give every included pupil a result in every subject (a, Absent, for a child "
                "who was absent), or set Include in Data to No for a child who is not to be "
                "submitted; then press S again."
            ),
        )


class Submissions:
    """S and U on the Assessments screen, for one establishment."""

    def __init__(
        self,
        host: Screen[Any],
        database: Database,
        actor: Actor,
        establishment: EstablishmentInfo,
        reload: Callable[[], None],
    ) -> None:
        self.host = host
        self.database = database
        self.actor = actor
        self.establishment = establishment
        self.reload = reload
        self.elg = ElgSubmission(host, database, actor, establishment, reload)

    def _period(self, grid: JudgementGrid) -> PeriodInfo | None:
        """The KS1 period the cursor is in, or None (said on screen)."""
        model = grid.model
        column = model.columns[grid.column] if model and model.columns else None
        period = column.period if column is not None else None
        if period is None or period.framework not in period_submission.SUBMITTED_FRAMEWORKS:
            self.host.notify(NOT_A_RETURN)
            return None
        return period

    def submit(self, grid: JudgementGrid, year_group: YearGroup, today: date) -> None:
        if year_group is YearGroup.RECEPTION:
            self.elg.submit(grid.model.cohort if grid.model else None, year_group, today)
            return
        host, database, actor, school = self.host, self.database, self.actor, self.establishment
        if actor.role is not Role.MANAGER:
            host.notify(period_submission.SUBMIT_MANAGERS_ONLY, severity="warning")
            return
        period = self._period(grid)
        if period is None:
            return
        if period.locked:
            host.notify(f"{period.name} is submitted already: it is locked.")
            return
        assert grid.model is not None
        included = sum(1 for pupil in grid.model.cohort.pupils if pupil.include_in_data)

        def checked(missing: list[MissingResults]) -> None:
            if missing:
                host.app.push_screen(MissingResultsDialog(missing))
                return
            framework = frameworks.by_id(period.framework)
            summary = (
                f"{school.title} · {period.name} ({framework.name}) · "
                f"{plural(included, 'pupil')} included in data, each with every result."
            )
            host.app.push_screen(
                SubmitDialog(summary, actor.username, today, title=f"Submit {period.name}"),
                lambda yes: self._submit(period) if yes else None,
            )

        self._in_worker(
            lambda: period_submission.check_period_submission(
                database, actor, school.id, period.id
            ),
            checked,
            timeout=None,
        )

    def _submit(self, period: PeriodInfo) -> None:
        database, actor, school = self.database, self.actor, self.establishment

        def done(_: datetime) -> None:
            self.reload()
            self.host.notify(f"{period.name} is submitted and now locked.")

        self._in_worker(
            lambda: period_submission.submit_period(
                database, actor, school.id, period.id, authority_confirmed=True, now=self._now()
            ),
            done,
        )

    def unlock(self, grid: JudgementGrid, year_group: YearGroup) -> None:
        if year_group is YearGroup.RECEPTION:
            self.elg.unlock(grid.model.cohort if grid.model else None, year_group)
            return
        host, database, actor, school = self.host, self.database, self.actor, self.establishment
        period = self._period(grid)
        if period is None:
            return
        if not period.locked:
            host.notify(f"{period.name} is not submitted: there is nothing to unlock.")
            return

        def entered(password: str | None) -> None:
            if not password:
                return

            def done(_: None) -> None:
                self.reload()
                host.notify(f"Unlocked: the school can change {period.name} and submit it again.")

            self._in_worker(
                lambda: period_submission.unlock_period(
                    database, actor, school.id, period.id, password, now=self._now()
                ),
                done,
            )

        host.app.push_screen(PasswordDialog(f"Unlock {period.name} of {school.title}"), entered)

    def _now(self) -> datetime:
        return screen_clock(self.host)

    def _in_worker(
        self,
        call: Callable[[], ResultT],
        done: Callable[[ResultT], None],
        timeout: float | None = 10,
    ) -> None:
        host = self.host

        def refused(error: StoreError) -> None:
            if isinstance(error, IncompleteResults):
                host.app.push_screen(MissingResultsDialog(error.pupils))
            host.notify(str(error), severity="error", timeout=timeout)

        run_store_call(host, call, done, refused, group="period-submission")

"""A colleague's entries appear on an open grid within about a second, without a key.

Every 0.8 s, while the grid is visible (a dialog in front of it leaves it visible), a worker
asks the store whether anyone else changed the establishment's data since the grid last looked
(store.core.recent_changes, one indexed query); only then does it read again the rows of the
pupils changed, and the grid shows what differs (store.assessments.cohort_diff). Nothing here
writes: a colleague's value that arrives while the person is typing is shown, and their own
later entry in that cell is checked against what they saw as always
(store.assessments.conflicts).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from textual.screen import Screen
from textual.timer import Timer

from store.assessments.changes import Change, IncludeChange
from store.assessments.cohort import Cohort
from store.assessments.cohort_diff import ChangeKey, change_key
from store.assessments.grid_model import ColumnKind, GridModel
from store.core.access import Actor
from store.core.db import Database
from store.core.errors import StoreError
from store.core.recent_changes import Since, changes_since
from tui.store_call import run_store_call
from tui.widgets.assessments.judgement_grid import JudgementGrid

CohortReader = Callable[..., Cohort]
"""Reads the cohort the grid shows now, or with `only=` some of its pupils (load_cohort bound on
the UI thread, run in the worker)."""
Shown = Callable[[Cohort, frozenset[ChangeKey], "frozenset[int] | None"], bool]
"""Shows a cohort read again (for only some pupils, or all: None), leaving alone what was
written here meanwhile; False if it could not be taken (the next look reads it whole)."""


class ColleagueWatch:
    """Looks for colleagues' changes for one grid screen and hands them to `shown`."""

    def __init__(
        self,
        screen: Screen[Any],
        database: Database,
        actor: Actor,
        establishment_id: int,
        reader: Callable[[], CohortReader],
        shown: Shown,
    ) -> None:
        self._screen = screen
        self._database = database
        self._actor = actor
        self._establishment_id = establishment_id
        self._reader = reader
        self._shown = shown
        self._seen = 0
        self._whole = False  # the next look reads the cohort whole
        self._looking = False
        self._written: set[ChangeKey] = set()
        self._mine: set[int] = set()  # audit entries this grid wrote since it last looked
        self._timer: Timer | None = None

    def start(self, seen: int) -> None:
        """Look for changes after audit entry `seen` (read before the cohort the grid shows, so
        that nothing written in between is missed) every `colleague_poll_seconds` of the app."""
        self._seen = seen
        seconds = getattr(self._screen.app, "colleague_poll_seconds", None)
        if self._timer is None and seconds is not None:
            self._timer = self._screen.set_interval(seconds, self.look, name="colleagues")

    def wrote(self, changes: Iterable[Change], audit_ids: Iterable[int] = ()) -> None:
        """Note what this grid wrote (or showed from a conflict): its audit entries are not a
        colleague's, and while a look is under way, the cohort it reads may be older for those
        cells than what is shown."""
        self._mine.update(audit_ids)
        if self._looking:
            self._written.update(change_key(change) for change in changes)

    def look(self) -> None:
        """Ask once, now (the timer's tick; tests call it to skip the wait)."""
        if self._looking or not self._screen.is_current:
            return
        self._looking = True
        self._written = set()
        database, actor, establishment_id = self._database, self._actor, self._establishment_id
        after, read, whole, mine = self._seen, self._reader(), self._whole, frozenset(self._mine)

        def job() -> tuple[Since, Cohort | None] | None:
            try:
                since = changes_since(database, actor, establishment_id, after, mine)
                if whole and since.by_others:
                    since = replace(since, pupils=None)
                return since, read(only=since.pupils) if since.by_others else None
            except SQLAlchemyError:
                # The server did not answer this time: the next tick asks again, and a write
                # meanwhile says what is wrong.
                return None

        run_store_call(
            self._screen, job, self._answered, self._refused, failed=self._stop, group="colleagues"
        )

    def _answered(self, answer: tuple[Since, Cohort | None] | None) -> None:
        self._looking = False
        if answer is None:
            return
        since, fresh = answer
        if fresh is None or self._shown(fresh, frozenset(self._written), since.pupils):
            self._seen = max(self._seen, since.latest)
            self._mine = {entry for entry in self._mine if entry > self._seen}
            self._whole = False
        else:
            self._whole = True

    def _refused(self, error: StoreError) -> None:
        # The session has ended or the establishment is no longer this account's: the screen's
        # next key says so; looking on would only ask again every second.
        self._stop()

    def _stop(self) -> None:
        self._looking = False
        if self._timer is not None:
            self._timer.stop()
            self._timer = None


def show_changes(grid: JudgementGrid, found: Sequence[Change]) -> bool:
    """Show colleagues' changes on `grid`, saying so when one is under the cursor; whether
    Include in Data changed for a pupil (the counts beside the filter then change too)."""
    grid.apply_changes(found)
    if notice := colleague_notice(found, grid.model, grid.row, grid.column):
        grid.say(notice)
    return any(isinstance(change, IncludeChange) for change in found)


def colleague_notice(
    changes: Iterable[Change], model: GridModel | None, row: int, column: int
) -> str | None:
    """What to say when a colleague's change is to the cell under the cursor; None otherwise."""
    if model is None or not 0 <= row < len(model.rows) or not 0 <= column < len(model.columns):
        return None
    pupil, at = model.rows[row].id, model.columns[column]
    code = at.subject.code if at.subject is not None else None
    here: ChangeKey
    if at.kind is ColumnKind.PERIOD_NOTES:
        here = ("note", pupil, at.section_key)
    elif at.period is None:
        here = ("elg", pupil, code)
    else:
        here = ("cell", pupil, at.section_key, code)
    if any(change_key(change) == here for change in changes):
        # The line above names the cell and its value: this line stays whole at 80 columns.
        return "A colleague has just changed this cell."
    return None

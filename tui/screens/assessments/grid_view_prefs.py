"""The Assessments screen remembers each person's view (hidden periods, the ELG toggle) between
visits: read once when the grid opens, written in a worker thread whenever it changes."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from textual.screen import Screen

from store.assessments.view_preferences import grid_view, save_grid_view
from store.core.access import Actor
from store.core.db import Database
from store.core.errors import StoreError
from store.curriculum.eyfs import YearGroup
from tui.store_call import run_store_call
from tui.unexpected import first_line

CohortKey = tuple[int, YearGroup]
NOT_KEPT = "Your view of the grid was not remembered for next time: {reason}"


class GridViewMemory:
    """One person's remembered grid view at one establishment."""

    def __init__(self, database: Database, actor: Actor, establishment_id: int) -> None:
        self.database = database
        self.actor = actor
        self.establishment_id = establishment_id
        self._pending: dict[CohortKey, tuple[frozenset[int], bool]] = {}
        self._pending_lock = threading.Lock()
        self._write_lock = threading.Lock()

    def load(self) -> tuple[dict[CohortKey, set[int]], dict[int, bool]]:
        """Hidden periods per cohort and the years with the ELGs shown; nothing remembered
        (everything shown, ELGs hidden) if it cannot be read: the grid opens anyway."""
        # On the UI thread, as the grid opens with it: one indexed row (bench/ui_reads.py).
        try:
            view = grid_view(self.database, self.actor, self.establishment_id)
        except (StoreError, SQLAlchemyError):
            return {}, {}
        hidden = {key: set(ids) for key, ids in view.hidden_periods.items()}
        return hidden, dict.fromkeys(view.elg_years, True)

    def remember(
        self,
        screen: Screen[Any],
        academic_year: int,
        year_group: YearGroup,
        hidden_periods: Iterable[int],
        show_elg: bool,
    ) -> None:
        """Keep this cohort's view, off the keystroke path; the last choice is the one kept."""
        with self._pending_lock:
            self._pending[(academic_year, year_group)] = (frozenset(hidden_periods), show_elg)

        def write() -> str:
            """The reason the view was not kept, or "" (a database error is only said: the
            grid works on without it)."""
            try:
                self._write_pending()
            except SQLAlchemyError as error:
                return first_line(error)
            return ""

        def not_kept(reason: str) -> None:
            if reason:
                screen.app.notify(NOT_KEPT.format(reason=reason))

        run_store_call(
            screen, write, not_kept, lambda error: not_kept(first_line(error)), group="grid-view"
        )

    def _write_pending(self) -> None:
        # One writer at a time, each taking the newest choice: an older one never lands last.
        with self._write_lock:
            while True:
                with self._pending_lock:
                    if not self._pending:
                        return
                    (year, group), (hidden, show_elg) = self._pending.popitem()
                save_grid_view(
                    self.database, self.actor, self.establishment_id, year, group, hidden, show_elg
                )

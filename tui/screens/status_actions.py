"""Actions a screen runs through the store and reports on its status line.

The account actions (Users screen, support console) and the console's actions on schools and
records share this: the screen they belong to, who acts, how to say what happened, and the one
way their store calls run (`run_store_call`), a refusal said in the status line as a sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from textual.screen import Screen

from store.core.access import Actor
from store.core.db import Database
from store.core.errors import StoreError
from tui.store_call import refusal_text, run_store_call, screen_clock

ResultT = TypeVar("ResultT")
Report = Callable[[str, bool], None]
"""Show a message on the screen's status line: (text, is_a_refusal)."""
Confirmed = Callable[[str, datetime], ResultT]
"""A store call given the actor's own password and the time."""

CANCELLED = "Cancelled: nothing was changed."
CHECKING = "Checking your password…"


class StatusActions:
    """Store calls for one screen, each reported on its status line."""

    def __init__(
        self,
        screen: Screen[Any],
        database: Database,
        actor: Actor,
        *,
        report: Report,
        changed: Callable[[], None],
    ) -> None:
        """Args:
        screen: The screen the dialogs open over and the workers belong to.
        database: The database.
        actor: The person acting.
        report: Shows a message (success or refusal) on the screen.
        changed: Called after an action changed something, to reload what is shown.
        """
        self.screen = screen
        self.database = database
        self.actor = actor
        self.report = report
        self.changed = changed
        self.busy = False
        """A call is under way (its answer has not come yet)."""

    def run(
        self,
        call: Callable[[], ResultT],
        done: Callable[[ResultT], object],
        refused: Callable[[StoreError], str] = refusal_text,
    ) -> None:
        """Run `call` in a worker; `done` takes its result; a refusal is reported as the
        sentence `refused` makes of it; after an unexpected error (which the app reports) the
        status line is cleared of "Checking…". `busy` holds until the answer comes."""
        self.busy = True

        def answered(result: ResultT) -> None:
            self.busy = False
            done(result)

        def said_no(error: StoreError) -> None:
            self.busy = False
            self.report(refused(error), True)

        def failed() -> None:
            self.busy = False
            self.report("", False)

        run_store_call(self.screen, call, answered, said_no, failed=failed)

    def with_password(
        self,
        password: str | None,
        call: Confirmed[ResultT],
        done: Callable[[ResultT], object],
    ) -> None:
        """Run `call(password, now)` once the actor has given their own password again; when
        the dialog was cancelled (None), say that nothing was changed."""
        if password is None:
            self.report(CANCELLED, False)
            return
        now = screen_clock(self.screen)
        self.report(CHECKING, False)
        self.run(lambda: call(password, now), done)

"""Deleting the assessment period the cursor is in (D on the Assessments screen, managers).

It says what will go (the period, its year groups, how many judgements and notes), then asks for
the manager's own password; the store marks the period deleted, recoverably (support can bring
it back), and audits what it held. Reads and writes run in worker threads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen

from store.accounts.count import count_accounts
from store.accounts.reauth import SERVER_ADMINISTRATOR, Confirmation
from store.assessments.cohort import PeriodInfo
from store.assessments.grid_model import GridModel
from store.assessments.period_deletion import (
    MANAGERS_ONLY,
    PeriodContents,
    delete_period,
    period_contents,
)
from store.core.access import Actor, Role
from store.core.db import Database
from store.core.errors import StoreError
from store.establishments.establishments import EstablishmentInfo
from tui.screens.dialogs.confirm import ConfirmDialog
from tui.screens.dialogs.password import PasswordDialog
from tui.store_call import refusal_text, run_store_call, screen_clock


def ask_and_delete(
    screen: Screen[Any],
    database: Database,
    actor: Actor,
    school: EstablishmentInfo,
    model: GridModel | None,
    column: int,
    deleted: Callable[[], None],
) -> None:
    """Name what the period in `column` holds, ask, take the password, delete, then call
    `deleted` (the grid reloads). `screen` is where the dialogs, notices and workers go."""
    if actor.role is Role.USER:
        screen.notify(MANAGERS_ONLY, severity="warning")
        return
    if model is None or not model.columns:
        screen.notify("There is no assessment here to delete.")
        return
    period = model.columns[column].period
    if period is None:
        screen.notify("Move the cursor into the assessment to delete (the ELGs are not one).")
        return

    def read() -> tuple[PeriodContents, bool]:
        contents = period_contents(database, actor, school.id, period.id)
        # With no accounts at all the app opens without signing in: there is no password to
        # give, and the person at the terminal is the server's administrator.
        return contents, count_accounts(database) > 0

    def refused(error: StoreError) -> None:
        screen.notify(refusal_text(error), severity="error", timeout=10)

    def ask(read_back: tuple[PeriodContents, bool]) -> None:
        contents, needs_password = read_back
        detail = (
            f"For {contents.groups}: {contents.held()}. All of it leaves every grid, report "
            f"and export of {school.title}; the support team can bring it back."
        )
        yes = "Delete (your password next)" if needs_password else "Delete"

        def answered(yes: bool | None) -> None:
            if not yes:
                screen.notify(f"Kept {contents.title}: nothing was deleted.")
            elif needs_password:
                screen.app.push_screen(
                    PasswordDialog(f"Delete {contents.title} for {contents.groups}"),
                    lambda password: confirmed(password, contents),
                )
            else:
                confirmed(SERVER_ADMINISTRATOR, contents)

        screen.app.push_screen(
            ConfirmDialog(f"Delete {contents.title}?", detail, yes=yes, no="Keep it"), answered
        )

    def confirmed(password: Confirmation | None, contents: PeriodContents) -> None:
        if password is None:
            screen.notify(f"Kept {contents.title}: nothing was deleted.")
            return
        now = screen_clock(screen)
        run_store_call(
            screen,
            lambda: delete_period(database, actor, school.id, period.id, password, now=now),
            lambda deleted: done(deleted.period),
            refused,
        )

    def done(gone: PeriodInfo) -> None:
        deleted()
        screen.notify(
            f"Deleted {gone.name}. The support team can bring it back if it was a mistake."
        )

    run_store_call(screen, read, ask, refused)

"""d on the first screen: open the training school, or reset it after saying what that deletes.

The first time, the demo school is made at once. Once it exists, d asks: Enter opens it as it
is, r resets it (its pupils, assessments, judgements, notes and End of Year goals are deleted
and made again), Escape goes back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Label

from store.core.access import Actor
from store.core.db import Database
from store.core.errors import StoreError
from store.establishments.establishments import EstablishmentInfo
from tui.store_call import run_store_call

DemoChoice = Literal["open", "reset"]


class DemoResetDialog(ModalScreen[DemoChoice | None]):
    """Open the training school as it is (Enter, o), reset it (r), or neither (Escape)."""

    BINDINGS = [
        Binding("enter,o", "choose('open')", "Open it"),
        Binding("r", "choose('reset')", "Reset it"),
        Binding("escape,n", "cancel", "Back"),
    ]

    def __init__(self, title: str, loses: str) -> None:
        super().__init__()
        self.title_text = title
        self.loses = loses

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"The training school {self.title_text}", classes="dialog-title")
            yield Label(
                f"Resetting it deletes {self.loses}, and makes its fictional pupils and "
                "judgements again as new. Other establishments are not touched.",
                markup=False,
            )
            yield Label("Enter Open it as it is · r Reset it · Esc Back", classes="dialog-hint")

    def action_choose(self, choice: DemoChoice) -> None:
        self.dismiss(choice)

    def action_cancel(self) -> None:
        self.dismiss(None)


def open_demo(
    screen: Screen[None],
    database: Database,
    actor: Actor,
    opened: Callable[[EstablishmentInfo], None],
) -> None:
    """Make the demo school, or ask before resetting the one there is; `opened` opens it."""
    # Imported here: the demo brings the grid's store modules, which the first frame does not
    # need.
    from store.demo import demo_reset_loses, ensure_demo
    from store.establishments.establishments import DEMO_NUMBER, find_establishment_by_number

    today = getattr(screen, "today", None)

    def build() -> None:
        # In a worker: making the school takes 60-90 ms (bench/ui_reads.py); the keys typed
        # meanwhile go to it once it is open.
        screen.notify("Preparing the demo school…")
        run_store_call(
            screen,
            lambda: ensure_demo(database, actor, today),
            opened,
            lambda error: screen.notify(str(error), severity="error"),
            group="demo",
            exclusive=True,
            hold_keys=True,
        )

    try:
        # On the UI thread: a few counts, about 3 ms (bench/ui_reads.py).
        loses = demo_reset_loses(database, actor)
    except StoreError as error:
        screen.notify(str(error), severity="error")
        return
    if loses is None:
        build()
        return

    existing = find_establishment_by_number(database, DEMO_NUMBER)  # one indexed row
    assert existing is not None  # demo_reset_loses found it

    def chosen(choice: DemoChoice | None) -> None:
        if choice == "reset":
            build()
        elif choice == "open":
            opened(existing)

    screen.app.push_screen(DemoResetDialog(existing.title, loses), chosen)

"""The Textual application: the database it works on, global keys and the first screen."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import signal
from datetime import date

from textual.app import App
from textual.binding import Binding

from store.access import Actor, local_actor
from store.db import Database
from tui import partial_updates
from tui.screens.help import HelpScreen
from tui.screens.start import StartScreen


class PupilTrackerApp(App[None]):
    """Pupil Tracker: keyboard-first Early Years assessment."""

    CSS_PATH = "app.tcss"
    TITLE = "Pupil Tracker"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        # Priority, so F1 also works inside dialogs (a modal screen leaves out app bindings).
        Binding("f1", "help", "Help", id="help", tooltip="Every key on this screen", priority=True),
        Binding("f10", "quit", "Quit", show=False, id="quit-app"),
    ]

    def __init__(
        self,
        database: Database,
        actor: Actor | None = None,
        today: date | None = None,
        end_on_hangup: bool = False,
    ) -> None:
        super().__init__()
        partial_updates.install()
        self.database = database
        self.actor = actor or local_actor(None)
        self.today = today
        self.end_on_hangup = end_on_hangup

    def on_mount(self) -> None:
        if self.end_on_hangup:
            self._end_on_hangup()
        self.push_screen(StartScreen(self.database, self.actor, self.today))
        # Start-up objects live as long as the app: keep them out of every later full garbage
        # collection, which otherwise stalls a keystroke now and then (measured 30-45 ms).
        self.call_after_refresh(gc.freeze)

    def _end_on_hangup(self) -> None:
        """A dropped SSH connection (SIGHUP) or a stop (SIGTERM) ends the app at once, cleanly.

        Every change is committed as it is made, so there is nothing to save.
        """
        loop = asyncio.get_running_loop()
        for signal_number in (signal.SIGHUP, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signal_number, self.exit)

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        self.push_screen(HelpScreen(self.screen))

"""The Textual application: the database it works on, global keys and the first screen."""

from __future__ import annotations

from datetime import date

from textual.app import App
from textual.binding import Binding

from store.access import Actor, local_actor
from store.db import Database
from tui.screens.help import HelpScreen
from tui.screens.start import StartScreen


class PupilTrackerApp(App[None]):
    """Pupil Tracker: keyboard-first Early Years assessment."""

    CSS_PATH = "app.tcss"
    TITLE = "Pupil Tracker"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("f1", "help", "Help", id="help", tooltip="Every key on this screen"),
        Binding("f10", "quit", "Quit", show=False, id="quit-app"),
    ]

    def __init__(
        self, database: Database, actor: Actor | None = None, today: date | None = None
    ) -> None:
        super().__init__()
        self.database = database
        self.actor = actor or local_actor(None)
        self.today = today

    def on_mount(self) -> None:
        self.push_screen(StartScreen(self.database, self.actor, self.today))

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))

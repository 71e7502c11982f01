"""The box showing a temporary password once: only Enter closes it, Escape only reminds."""

from __future__ import annotations

from textual.widgets import Label, Static

from store.core.access import local_actor
from store.core.db import Database
from tui.app import PupilTrackerApp
from tui.screens.dialogs.shown_once import REMINDER, ShownOnceDialog


async def test_escape_leaves_the_temporary_password_on_screen(database: Database) -> None:
    app = PupilTrackerApp(database, local_actor(None))
    async with app.run_test(size=(80, 24)) as pilot:
        under = pilot.app.screen
        dialog = ShownOnceDialog(
            "New temporary password for j.smith",
            "Plum-Anvil-73-Quartz",
            "Give it to j.smith: it is shown only this once.",
        )
        await pilot.app.push_screen(dialog)
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is dialog  # still there to be written down
        assert str(dialog.query_one("#shown-text", Static).render()) == "Plum-Anvil-73-Quartz"
        assert str(dialog.query_one("#shown-hint", Label).render()) == REMINDER
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.screen is under

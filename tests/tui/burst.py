"""Keys as a terminal delivers them over a slow link: many in one read, all queued at once."""

from __future__ import annotations

from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot

CHARACTERS = {"space": " ", "enter": "\r", "tab": "\t", "delete": None, "backspace": None}


async def burst(pilot: Pilot[None], *keys: str) -> None:
    """Post every key to the app before it takes the first, then wait until all are taken.

    A key is a character ("o", "Y", "[") or a key name ("left", "enter", "delete").
    """
    post_keys(pilot, *keys)
    await all_taken(pilot, len(keys))


def post_keys(pilot: Pilot[None], *keys: str) -> None:
    """Post every key to the app at once, as one read from the terminal delivers them."""
    for key in keys:
        if len(key) == 1:
            name = key if key.isalnum() else _character_to_key(key)
            character: str | None = key
        else:
            name, character = key, CHARACTERS.get(key)
        event = events.Key(name, character)
        event.set_sender(pilot.app)
        pilot.app.post_message(event)


async def all_taken(pilot: Pilot[None], count: int = 1) -> None:
    """Wait until every key posted has been taken, those held behind another too."""
    for _ in range(count + 2):
        await pilot.pause()
    # Keys held behind a key that opened a dialog wait for it to settle (tui/key_order.py).
    order = getattr(pilot.app, "key_order", None)
    for _ in range(200):
        if order is None or (not order.held and order.in_flight is None):
            break
        await pilot.pause(0.01)
    await pilot.pause()

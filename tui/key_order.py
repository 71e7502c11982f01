"""Keys are taken one at a time, in the order typed, however many arrive in one read.

Over a slow SSH link a clerk's keys reach the app in bursts. Textual hands each key to the
focused widget's queue and goes straight on to the next, so a key that opens a dialog (`n`, a
note) can be overtaken by the keys typed after it: they reach the grid, not the dialog, and the
note's text is lost. Here a key is held until the one before has finished its journey (handled
by a widget, or bubbled back to the app and its bindings) and everything it set off has settled
(a dialog mounted and focused, a dialog's answer handled), then it is handled as if just typed.

A key typed while nothing is held goes through at once: keys typed at a person's pace cost
nothing more than the check that none is waiting. The exception is a store call a screen needs
before its keys mean anything (its list, read in a worker: tui/store_call.py, `hold_keys`):
keys typed while it runs wait for its answer, so "p i" acts on the pupils once they are listed.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from textual import events
from textual._context import active_app
from textual.message import Message
from textual.message_pump import MessagePump
from textual.screen import Screen

from tui.store_call import keys_wait

# A key whose journey was never seen to end (a widget removed under it) stops holding the
# keys behind it after this long. Timed out holds are counted, for tests to see.
HOLD_LIMIT_SECONDS = 1.0
# How often the keys held are looked at while the app settles.
SETTLE_POLL_SECONDS = 0.002

_installed = False


class KeyOrder:
    """Holds keys while an earlier one is on its way; hands them on in order."""

    def __init__(self, handle: Callable[[events.Key], Awaitable[None]]) -> None:
        """Args:
        handle: What the app does with a key typed now (its bindings, then the focused
            widget); called from the app's own message loop.
        """
        self.handle = handle
        self.in_flight: events.Key | None = None
        self.held: deque[events.Key] = deque()
        self.started = 0.0
        self.timed_out = 0
        self._draining: asyncio.Task[None] | None = None

    async def take(self, event: events.Key) -> None:
        """A key from the terminal: handled now, or held behind the keys before it."""
        app = active_app.get()
        if self.in_flight is not None or self.held or keys_wait(app) or _screen_mounting(app):
            if self.in_flight is None and not self.held:
                self.started = time.monotonic()  # held for a read: the limit runs from now
            self.held.append(event)
            self._drain()
            return
        await self._start(event)

    async def _start(self, event: events.Key) -> None:
        self.in_flight = event
        self.started = time.monotonic()
        await self.handle(event)
        if not event.is_forwarded:
            # Handled by the app itself (a priority binding), or not for any widget.
            self.finished(event)

    def finished(self, event: Message) -> None:
        """`event`'s journey has ended (called from the dispatch of whichever pump ended it)."""
        if event is self.in_flight:
            self.in_flight = None

    def _drain(self) -> None:
        if self._draining is None or self._draining.done():
            self._draining = asyncio.get_running_loop().create_task(self._release_held())

    async def _release_held(self) -> None:
        app = active_app.get()
        while self.held:
            while not self._may_release(app):
                await asyncio.sleep(SETTLE_POLL_SECONDS)
            if self.in_flight is not None:
                self.timed_out += 1
                self.in_flight = None
            released = asyncio.get_running_loop().create_future()
            app.call_later(self._start_next, released)
            await released

    def _may_release(self, app: Any) -> bool:
        if app._exit or not app.is_running:
            self.held.clear()
            return True
        if time.monotonic() - self.started > HOLD_LIMIT_SECONDS:
            return True
        return self.in_flight is None and settled(app)

    async def _start_next(self, released: asyncio.Future[None]) -> None:
        try:
            if self.held:
                await self._start(self.held.popleft())
        finally:
            released.set_result(None)


def _screen_mounting(app: Any) -> bool:
    """The top screen is still being set up: the key before pushed it, and its on_mount, which
    may start the read that keys must wait for (`hold_keys`), has not run yet. Without this a
    burst such as "p i" sometimes sent the i to a pupils list not yet asked for."""
    stack = app.screen_stack
    return bool(stack) and not stack[-1]._is_mounted


def settled(app: Any) -> bool:
    """Nothing the last key set off is still going: the top screen and every widget on it are
    mounted, with no message waiting or being handled, and the app's queue is empty."""
    if not app.screen_stack:
        return True
    if not app._message_queue.empty() or keys_wait(app):
        return False
    screen: Screen[Any] = app.screen_stack[-1]
    return all(_idle(node) for node in (screen, *screen.walk_children(with_self=False)))


def _idle(node: Any) -> bool:
    if not getattr(node, "_is_mounted", True):
        return False
    queue = node._message_queue
    return bool(queue.empty() and getattr(queue, "_unfinished_tasks", 0) == 0)


def install() -> None:
    """Tell a KeyOrder app where each forwarded key's journey ends (idempotent)."""
    global _installed
    if _installed:
        return
    _installed = True
    original = MessagePump._dispatch_message

    async def dispatch(self: MessagePump, message: Message) -> None:
        # A key the app takes from the terminal is forwarded while it is dispatched there: its
        # journey has only begun. It ends at a widget, or back at the app after its bindings.
        on_its_way = isinstance(message, events.Key) and message.is_forwarded
        try:
            await original(self, message)
        finally:
            if on_its_way and _journey_ends(self, message):
                order = getattr(getattr(self, "app", None), "key_order", None)
                if isinstance(order, KeyOrder):
                    order.finished(message)

    MessagePump._dispatch_message = dispatch  # type: ignore[method-assign]


def _journey_ends(pump: MessagePump, message: Message) -> bool:
    """Whether `message` goes no further than `pump` (as MessagePump._on_message decides)."""
    parent = pump._parent
    if parent is None or message._stop_propagation or not message.bubble:
        return True
    return not (getattr(pump, "is_parent_active", True) and getattr(pump, "is_attached", True))

"""Waiting for a screen's worker threads in Pilot tests, and checking who touched the database."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field

import pytest
from sqlmodel import Session
from textual.pilot import Pilot

from store.core.db import Database

ROUNDS = 50


async def settle(pilot: Pilot[None]) -> None:
    """Wait until no worker runs and every result is on the screen.

    A result may start the next read (new hits, then the highlighted one's details), so this
    waits round after round until a pause leaves nothing running.
    """
    for _ in range(ROUNDS):
        running = [worker for worker in pilot.app.workers if not worker.is_finished]
        await asyncio.gather(*(worker.wait() for worker in running), return_exceptions=True)
        await pilot.pause()
        if not running and all(worker.is_finished for worker in pilot.app.workers):
            return
    raise AssertionError(f"Workers still running after {ROUNDS} rounds: {list(pilot.app.workers)}")


class Gate:
    """Holds a call in its worker thread until released, to see what the screen does meanwhile."""

    def __init__(self) -> None:
        self.armed = True
        self.entered = threading.Event()
        self.released = threading.Event()

    def hold(self) -> None:
        if self.armed:
            self.entered.set()
            assert self.released.wait(10), "the test never released the call"

    async def reached(self) -> None:
        assert await asyncio.to_thread(self.entered.wait, 10), "the call never started"


@dataclass
class DatabaseThreads:
    """The threads that opened a database session while `watching` was on."""

    watching: bool = False
    threads: list[int] = field(default_factory=list)

    @property
    def on_ui_thread(self) -> int:
        """How many sessions were opened by the main thread, where the app's event loop runs."""
        main = threading.main_thread().ident
        return sum(1 for ident in self.threads if ident == main)


def watch_database_threads(monkeypatch: pytest.MonkeyPatch) -> DatabaseThreads:
    """Note the thread of every `Database.read()` and `Database.write()` from now on."""
    seen = DatabaseThreads()

    def watched(
        original: Callable[[Database], AbstractContextManager[Session]],
    ) -> Callable[[Database], AbstractContextManager[Session]]:
        def session(database: Database) -> AbstractContextManager[Session]:
            if seen.watching:
                seen.threads.append(threading.get_ident())
            return original(database)

        return session

    for name in ("read", "write"):
        monkeypatch.setattr(Database, name, watched(getattr(Database, name)))
    return seen


async def keys_held(pilot: Pilot[None]) -> int:
    """How many keys wait behind a read, once the posted keys have reached the app (on a busy
    machine the last of a burst may still be on its way after one pause)."""
    order = getattr(pilot.app, "key_order", None)
    for _ in range(ROUNDS):
        if order is not None and order.held:
            break
        await pilot.pause()
    return len(order.held) if order is not None else 0

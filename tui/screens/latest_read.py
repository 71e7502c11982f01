"""Reads a screen makes as keys are pressed, in a worker thread, one at a time, newest kept.

A search box or a moving highlight asks for a read on every key; the UI thread must never wait
for one. `LatestRead` runs each read in a thread worker. While one runs, a newer request waits
(replacing any older waiting one) and starts when it ends, so a fast typist never piles up
threads fighting the UI for the interpreter. A result is handed on only if nothing newer was
asked for meanwhile; the screen checks the rest (is the text still in the box?) itself.

The screen passes its `Worker.StateChanged` events to `state_changed`: results come back as
the worker's return value, on the UI thread, with no `call_from_thread`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar, cast

from textual.screen import Screen
from textual.worker import Worker, WorkerState

ResultT = TypeVar("ResultT")


class LatestRead(Generic[ResultT]):
    """One kind of read for one screen (the search, the details panel)."""

    def __init__(
        self,
        screen: Screen[Any],
        group: str,
        shown: Callable[[ResultT], None],
        failed: Callable[[Exception], None],
    ) -> None:
        """Args:
        screen: The screen the workers belong to (it receives their events).
        group: The workers' group name.
        shown: Called on the UI thread with the newest read's result.
        failed: Called on the UI thread when the newest read raised.
        """
        self.screen = screen
        self.group = group
        self.shown = shown
        self.failed = failed
        self.running: Worker[ResultT] | None = None
        self.waiting: Callable[[], ResultT] | None = None

    @property
    def busy(self) -> bool:
        """A read is running or waiting: what is shown may be about to change."""
        return self.running is not None or self.waiting is not None

    def want(self, read: Callable[[], ResultT]) -> None:
        """Make `read` in a thread, now or as soon as the one running ends."""
        self.waiting = read
        if self.running is None:
            self._start()

    def _start(self) -> None:
        read, self.waiting = self.waiting, None
        if read is not None:
            self.running = self.screen.run_worker(
                read, thread=True, group=self.group, exit_on_error=False
            )

    def state_changed(self, event: Worker.StateChanged) -> bool:
        """Take `event` if it is about this read's worker; returns whether it was."""
        worker = event.worker
        if worker is not self.running:
            return False
        if not worker.is_finished:
            return True
        self.running = None
        if self.waiting is not None:
            self._start()  # asked for again meanwhile: this result is already out of date
            return True
        if worker.state is WorkerState.SUCCESS:
            self.shown(cast(ResultT, worker.result))
        elif worker.state is WorkerState.ERROR and isinstance(worker.error, Exception):
            self.failed(worker.error)
        return True

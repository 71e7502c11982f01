"""Reads a screen makes as keys are pressed, in a worker thread, one at a time, newest kept.

A search box or a moving highlight asks for a read on every key; the UI thread must never wait
for one. `LatestRead` runs each read through `run_store_call`. While one runs, a newer request
waits (replacing any older waiting one) and starts when it ends, so a fast typist never piles up
threads fighting the UI for the interpreter. A result is handed on only if nothing newer was
asked for meanwhile; the screen checks the rest (is the text still in the box?) itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from textual.dom import DOMNode

from store.core.errors import StoreError
from tui.store_call import run_store_call

ResultT = TypeVar("ResultT")


class LatestRead(Generic[ResultT]):
    """One kind of read for one screen (the search, the details panel)."""

    def __init__(
        self,
        screen: DOMNode,
        group: str,
        shown: Callable[[ResultT], None],
        refused: Callable[[StoreError], None],
        failed: Callable[[], None] | None = None,
    ) -> None:
        """Args:
        screen: The screen the workers belong to.
        group: The workers' group name.
        shown: Called on the UI thread with the newest read's result.
        refused: Called on the UI thread when the store refused the newest read.
        failed: Called on the UI thread after the newest read failed unexpectedly (the app
            has logged it and told the person).
        """
        self.screen = screen
        self.group = group
        self.shown = shown
        self.refused = refused
        self.failed = failed
        self.running = False
        self.waiting: Callable[[], ResultT] | None = None

    @property
    def busy(self) -> bool:
        """A read is running or waiting: what is shown may be about to change."""
        return self.running or self.waiting is not None

    def want(self, read: Callable[[], ResultT]) -> None:
        """Make `read` in a thread, now or as soon as the one running ends."""
        self.waiting = read
        if not self.running:
            self._start()

    def _start(self) -> None:
        read, self.waiting = self.waiting, None
        if read is None:
            return
        self.running = True
        run_store_call(
            self.screen,
            read,
            self._read,
            self._refused,
            failed=self._failed,
            group=self.group,
        )

    def _newer(self) -> bool:
        """The read running has ended; whether a newer one was asked for (and now starts)."""
        self.running = False
        if self.waiting is None:
            return False
        self._start()  # asked for again meanwhile: this answer is already out of date
        return True

    def _read(self, result: ResultT) -> None:
        if not self._newer():
            self.shown(result)

    def _refused(self, error: StoreError) -> None:
        if not self._newer():
            self.refused(error)

    def _failed(self) -> None:
        if not self._newer() and self.failed is not None:
            self.failed()

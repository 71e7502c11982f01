"""Saving a meeting as it is typed: store calls in order, off the event loop, newest text wins."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from textual.dom import DOMNode

from store.core.errors import StoreError
from tui.store_call import in_thread, report_unexpected
from tui.unexpected import first_line

SAVE_FAILED = (
    "Not saved: the database could not be written ({reason}). What you typed is still here."
)


@dataclass
class _Job:
    run: Callable[[], Any]
    done: Callable[[Any], None] | None
    failed: Callable[[], None] | None


class AutoSaver:
    """A queue of store calls run one at a time in a thread, so keys never wait for the database.

    Each call has a key: a newer call under the same key (the same field typed again) replaces
    one still waiting, so a burst of typing becomes one write. Calls run in the order their key
    was first queued, so a row is added before its text is saved and deleted after.
    """

    def __init__(self, owner: DOMNode, on_error: Callable[[str], None]) -> None:
        self.owner = owner
        self.on_error = on_error
        self.pending: dict[Hashable, _Job] = {}
        self.running = False
        self._idle = asyncio.Event()
        self._idle.set()

    def put(
        self,
        key: Hashable,
        run: Callable[[], Any],
        done: Callable[[Any], None] | None = None,
        failed: Callable[[], None] | None = None,
    ) -> None:
        """Queue `run` (called in a thread); `done` gets its result back on the event loop,
        `failed` is called there instead when the store refuses or cannot write."""
        self.pending[key] = _Job(run, done, failed)
        self._idle.clear()
        if not self.running:
            self.running = True
            self.owner.run_worker(self._drain(), group="autosave")

    def discard(self, keep: Callable[[Hashable], bool]) -> None:
        """Forget waiting calls whose key fails `keep` (their row is being deleted)."""
        self.pending = {key: job for key, job in self.pending.items() if keep(key)}

    async def _drain(self) -> None:
        try:
            while self.pending:
                key = next(iter(self.pending))
                job = self.pending.pop(key)
                try:
                    result = await in_thread(job.run)
                except StoreError as error:
                    self._failed(job, str(error))
                    continue
                except SQLAlchemyError as error:
                    self._failed(job, SAVE_FAILED.format(reason=first_line(error)))
                    continue
                except Exception as error:  # logged for the support team; the rest still saves
                    escaped = report_unexpected(self.owner, error, "meeting autosave")
                    if job.failed is not None:
                        job.failed()
                    if escaped is not None:
                        raise  # under test: the worker fails, and the test with it
                    continue
                if job.done is not None:
                    job.done(result)
        finally:
            # No await between the empty check and here: a put() now starts a new worker.
            self.running = False
            self._idle.set()

    def _failed(self, job: _Job, message: str) -> None:
        self.on_error(message)
        if job.failed is not None:
            job.failed()

    async def wait(self) -> None:
        """Return once everything queued so far has been written (or refused)."""
        await self._idle.wait()

    @property
    def busy(self) -> bool:
        return self.running or bool(self.pending)

    def run_now(self, latest: dict[Hashable, Callable[[], Any]]) -> None:
        """Write what is still waiting, and `latest`, here and now (the screen is going away).

        `latest` replaces waiting calls under the same key: it holds the newest text.
        """
        jobs = (
            [job.run for job in self.pending.values()]
            if not latest
            else [job.run for key, job in self.pending.items() if key not in latest]
        )
        self.pending = {}
        for run in [*jobs, *latest.values()]:
            try:
                run()
            except (StoreError, SQLAlchemyError):
                continue

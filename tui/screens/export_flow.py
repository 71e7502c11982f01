"""Writing an Excel file in a worker thread, then saying where it is or why it was not written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.screen import Screen

from store.core.errors import StoreError
from tui.screens.file_places import cannot_write, saved_where
from tui.store_call import run_store_call


def write_in_worker(
    screen: Screen[Any],
    what: str,
    job: Callable[[], Path],
    *,
    group: str,
    saved: str = "Saved to",
) -> None:
    """Say `what` is being written, run `job` (it writes the file and returns its path) in a
    thread so typing carries on, then say "`saved` <where>" (file_places.saved_where) or why
    nothing was written."""
    screen.notify(f"Writing {what} to Excel…", timeout=3)

    def write() -> Path | OSError:
        try:
            return job()
        except OSError as error:  # a full disk, a folder not allowed: said, not logged
            return error

    def done(written: Path | OSError) -> None:
        if isinstance(written, OSError):
            screen.notify(f"Not exported: {cannot_write(written)}", severity="error", timeout=15)
        else:
            screen.notify(f"{saved} {saved_where(written)}", timeout=20, markup=False)

    def refused(error: StoreError) -> None:
        screen.notify(f"Not exported: {error}", severity="error")

    run_store_call(screen, write, done, refused, group=group)

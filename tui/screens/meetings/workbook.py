"""A meeting's workbook, written in a worker thread: then where it is, or why it is not."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widget import Widget

from store.core.errors import StoreError
from tui.store_call import run_store_call


def export_in_worker(
    host: Widget,
    write: Callable[[], Path],
    say: Callable[[str], None],
    say_error: Callable[[str], None],
) -> None:
    """Run `write` (it writes the workbook and returns its path) off the UI thread; say the path
    (and show it in a notice), or why nothing was written."""

    def written_or_why() -> Path | OSError:
        try:
            return write()
        except OSError as error:  # a full disk, a folder not allowed: said, not logged
            return error

    def done(written: Path | OSError) -> None:
        if isinstance(written, OSError):
            say_error(f"Not exported: {written}")
            return
        say(f"Exported to {written}")
        host.notify(f"Exported to {written}", timeout=10)

    def refused(error: StoreError) -> None:
        say_error(f"Not exported: {error}")

    run_store_call(host, written_or_why, done, refused, group="export", exclusive=True)

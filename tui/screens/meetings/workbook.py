"""A meeting's workbook, written in a worker thread: then where it is, or why it is not."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widget import Widget

from store.core.access import Actor
from store.core.db import Database
from store.core.errors import StoreError
from store.establishments.establishments import EstablishmentInfo
from tui.screens.file_places import cannot_write, saved_where
from tui.store_call import run_store_call


def meeting_writer(
    database: Database, actor: Actor, establishment: EstablishmentInfo, meeting_id: int
) -> Callable[[], Path]:
    """What writes the meeting's workbook, for `export_in_worker`."""

    def write() -> Path:
        # Imported here, in the worker: openpyxl's 200 modules (7 MiB, 0.1-0.3 s) load on the
        # first export, not when the meetings screens open.
        from exports.meeting_form import export_meeting

        return export_meeting(database, actor, establishment, meeting_id)

    return write


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
            say_error(f"Not exported: {cannot_write(written)}")
            return
        where = saved_where(written)
        say(f"Exported to {where}")
        host.notify(f"Exported to {where}", timeout=20, markup=False)

    def refused(error: StoreError) -> None:
        say_error(f"Not exported: {error}")

    run_store_call(host, written_or_why, done, refused, group="export", exclusive=True)

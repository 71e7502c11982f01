"""Writing an Excel file in a worker thread, then saying its full path or why it was not written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.screen import Screen

from store.core.errors import StoreError


def write_in_worker(
    screen: Screen[Any],
    what: str,
    job: Callable[[], Path],
    *,
    group: str,
    saved: str = "Saved to",
) -> None:
    """Say `what` is being written, run `job` (it writes the file and returns its path) in a
    thread so typing carries on, then say "`saved` <full path>" or why nothing was written."""
    app = screen.app
    screen.notify(f"Writing {what} to Excel…", timeout=3)

    def body() -> None:
        try:
            path = job()
        except StoreError as error:
            app.call_from_thread(screen.notify, f"Not exported: {error}", severity="error")
        except OSError as error:
            reason = error.strerror or str(error)
            where = f" {error.filename}" if error.filename else ""
            app.call_from_thread(
                screen.notify,
                f"Not exported: cannot write{where} ({reason}). Nothing was left behind.",
                severity="error",
                timeout=15,
            )
        except Exception as error:  # the person must hear of every failure
            app.call_from_thread(
                screen.notify,
                f"Not exported: something unexpected went wrong ({type(error).__name__}).",
                severity="error",
            )
        else:
            app.call_from_thread(screen.notify, f"{saved} {path.resolve()}", timeout=20)

    screen.run_worker(body, thread=True, group=group, exit_on_error=False)

"""Writing a report or a name list to Excel from a screen: in a worker, then say the full path."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from textual.screen import Screen

from exports.folder import export_path, exports_root
from exports.la_workbook import LA_FOLDER
from exports.report_workbooks import (
    file_what,
    write_elg_summary,
    write_full_report,
    write_venn_report,
)
from store.access import PermissionDenied
from store.errors import StoreError
from store.establishments import EstablishmentInfo
from store.reports import FullReport, Heading
from store.reports_elg import ElgSummary
from store.reports_venn import VennReport

Writer = Callable[[Path], Path]


def export_in_worker(
    screen: Screen[Any],
    establishment: EstablishmentInfo | None,
    heading: Heading,
    what: str,
    write: Writer,
) -> None:
    """Write with `write` into a new file in the establishment's exports folder (a report over
    many establishments: the "Local authority" folder), in a thread, and tell the user where it
    went (or why it could not be written)."""
    app = screen.app
    made_at = datetime.now(timezone.utc)
    name = file_what(heading, what)
    screen.notify(f"Writing {what or heading.report} to Excel…", timeout=3)

    def body() -> None:
        try:
            if establishment is None or heading.many:
                path = export_path("", "", name, made_at, folder=exports_root() / LA_FOLDER)
            else:
                path = export_path(establishment.number, establishment.name, name, made_at)
            written = write(path)
        except (StoreError, PermissionDenied) as error:
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
            app.call_from_thread(screen.notify, f"Saved to {written.resolve()}", timeout=20)

    screen.run_worker(body, thread=True, group="report-export", exit_on_error=False)


def export_report(
    screen: Screen[Any],
    establishment: EstablishmentInfo | None,
    report: FullReport | VennReport | ElgSummary,
) -> None:
    """Write a report shown on the Reports screen to Excel, in a worker."""
    write: Writer
    if isinstance(report, FullReport):
        write = lambda path: write_full_report(report, path)  # noqa: E731
        what = ""
    elif isinstance(report, VennReport):
        write = lambda path: write_venn_report(report, path)  # noqa: E731
        what = f"Venn {report.area.short}"
    else:
        write = lambda path: write_elg_summary(report, path)  # noqa: E731
        what = "ELG summary"
    export_in_worker(screen, establishment, report.heading, what, write)

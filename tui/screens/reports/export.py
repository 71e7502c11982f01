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
from store.establishments.establishments import EstablishmentInfo
from store.reports.elg_summary import ElgSummary
from store.reports.reports import FullReport, Heading
from store.reports.venn import VennReport
from tui.screens.export_flow import write_in_worker

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
    made_at = datetime.now(timezone.utc)
    name = file_what(heading, what)

    def job() -> Path:
        if establishment is None or heading.many:
            path = export_path("", "", name, made_at, folder=exports_root() / LA_FOLDER)
        else:
            path = export_path(establishment.number, establishment.name, name, made_at)
        return write(path)

    write_in_worker(screen, what or heading.report, job, group="report-export")


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

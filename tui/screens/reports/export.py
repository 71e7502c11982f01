"""Writing a report or a name list to Excel from a screen: in a worker, then say the full path."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from textual.screen import Screen

from exports.folder import export_path, la_outbox, outbox
from store.establishments.establishments import EstablishmentInfo
from store.reports.elg_summary import ElgSummary
from store.reports.eyfs_to_ks1 import EyfsToKs1
from store.reports.progress_report import ProgressReport
from store.reports.reports import FullReport, Heading
from store.reports.targets_report import TargetsReport
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
    """Write with `write` into a new file in the establishment's outbox (a report over
    many establishments: the "Local authority" outbox), in a thread, and tell the user where it
    went (or why it could not be written)."""
    made_at = datetime.now(timezone.utc)

    def job() -> Path:
        # Imported here, in the worker: openpyxl's 200 modules (7 MiB, 0.1-0.3 s) load on the
        # first export, not when the Reports screen opens.
        from exports.report_workbooks import file_what

        name = file_what(heading, what)
        if establishment is None or heading.many:
            path = export_path(la_outbox(), name, made_at)
        else:
            path = export_path(outbox(establishment.number), name, made_at)
        return write(path)

    write_in_worker(screen, what or heading.report, job, group="report-export")


def export_report(
    screen: Screen[Any],
    establishment: EstablishmentInfo | None,
    report: FullReport | VennReport | EyfsToKs1 | ElgSummary | ProgressReport | TargetsReport,
) -> None:
    """Write a report shown on the Reports screen to Excel, in a worker."""
    if isinstance(report, FullReport | EyfsToKs1 | ProgressReport | TargetsReport):
        what = ""
    elif isinstance(report, VennReport):
        what = f"Venn {report.area.short}"
    else:
        what = "ELG summary"

    def write(path: Path) -> Path:
        from exports import report_workbooks as workbooks  # in the worker, as above

        if isinstance(report, FullReport):
            return workbooks.write_full_report(report, path)
        if isinstance(report, VennReport):
            return workbooks.write_venn_report(report, path)
        if isinstance(report, EyfsToKs1):
            from exports.eyfs_to_ks1_workbook import write_eyfs_to_ks1

            return write_eyfs_to_ks1(report, path)
        if isinstance(report, ProgressReport):
            from exports.progress_workbook import write_progress

            return write_progress(report, path)
        if isinstance(report, TargetsReport):
            from exports.targets_workbook import write_targets

            return write_targets(report, path)
        return workbooks.write_elg_summary(report, path)

    export_in_worker(screen, establishment, report.heading, what, write)

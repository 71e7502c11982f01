"""`pupil-tracker export`: the grid, the Full Report or the LA return to Excel, from the shell."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from store.core.access import Actor
from store.core.db import Database, describe_url
from store.core.errors import StoreError
from store.curriculum.dates import format_academic_year, parse_academic_year
from store.curriculum.eyfs import YearGroup
from store.establishments.establishments import EstablishmentInfo, find_establishment_by_number

WHATS = ("all-data", "screen", "full-report", "la-return", "data-download")
GROUPS = {
    "nursery1": YearGroup.NURSERY_1,
    "n1": YearGroup.NURSERY_1,
    "nursery2": YearGroup.NURSERY_2,
    "n2": YearGroup.NURSERY_2,
    "reception": YearGroup.RECEPTION,
    "r": YearGroup.RECEPTION,
}


class ExportRefused(Exception):
    """A problem with what was asked; its message is the one line printed."""


def add_export_command(commands: Any, in_command: argparse.ArgumentParser) -> None:
    export = commands.add_parser(
        "export",
        parents=[in_command],
        help="write an Excel export (as the server's administrator)",
        description="Write an Excel workbook. all-data: every Nursery and Reception assessment "
        "of the year; screen: one year group's grid with every assessment shown (or only "
        "--assessment) and the End of Year ELGs when there are some; full-report: the Full "
        "Report of one assessment (the latest with data unless --assessment); la-return: every "
        "establishment's submitted End of Year ELG results (no --establishment); data-download: "
        "every value an establishment holds, as CSV (or .xlsx with --out FILE.xlsx), no --year "
        "(without --establishment: one file per establishment in a new folder). Without --out "
        "the file goes to the establishment's outbox (or the 'Local authority' one) in the exports "
        "folder ($PUPIL_TRACKER_EXPORTS_DIR, or 'Pupil Tracker' in your documents folder); the "
        "full path written is printed.",
    )
    export.add_argument("--what", choices=WHATS, required=True, help="what to export")
    export.add_argument("--establishment", metavar="NUMBER", help="the establishment, e.g. 99901")
    export.add_argument(
        "--year", metavar="YYYY/YYYY", help="e.g. 2025/2026 (every export but data-download)"
    )
    export.add_argument(
        "--group", metavar="GROUP", help="nursery-1, nursery-2 or reception (the default)"
    )
    export.add_argument("--assessment", metavar="NAME", help="an assessment period's name")
    export.add_argument(
        "--out", metavar="FILE.xlsx", type=Path, help="the file to write, or a folder for it"
    )
    export.add_argument("--force", action="store_true", help="replace FILE.xlsx if it exists")


def export_command(database: Database, arguments: argparse.Namespace, actor: Actor) -> int:
    """Run `export`; 0 when written, 2 with one line on stderr when refused."""
    try:
        path = _export(database, arguments, actor)
    except (ExportRefused, StoreError) as error:
        return _refuse(str(error))
    except FileExistsError as error:
        return _refuse(f"{error.filename} already exists (use --force to replace it).")
    except OSError as error:
        where = error.filename or arguments.out or "the exports folder"
        return _refuse(f"Cannot write {where}: {error.strerror or error}.")
    print(path.resolve())
    return 0


def _refuse(message: str) -> int:
    print(f"pupil-tracker: {message}", file=sys.stderr)
    return 2


def _export(database: Database, arguments: argparse.Namespace, actor: Actor) -> Path:
    if arguments.what == "data-download":
        from tui.cli_download import data_download_command

        _not_for(arguments, arguments.what, "year", "group", "assessment")
        return data_download_command(database, arguments, actor, ExportRefused)
    if arguments.year is None:
        raise ExportRefused(f"Say which academic year: --year 2025/2026 for {arguments.what}.")
    try:
        year = parse_academic_year(arguments.year)
    except ValueError as error:
        raise ExportRefused(str(error)) from error
    made_at = datetime.now(timezone.utc)
    what = arguments.what
    if what == "la-return":
        _not_for(arguments, what, "establishment", "group", "assessment")
        return _la_return(database, actor, year, arguments, made_at)
    if not arguments.establishment:
        raise ExportRefused(f"Say which establishment: --establishment NUMBER for {what}.")
    establishment = find_establishment_by_number(database, arguments.establishment)
    if establishment is None:
        raise ExportRefused(
            f"There is no establishment numbered {arguments.establishment.strip()} in "
            f"{describe_url(database.url)}."
        )
    label = format_academic_year(year).replace("/", "-")
    if what == "all-data":
        from exports.all_data import export_all_data

        _not_for(arguments, what, "group", "assessment")
        path = _target(arguments, establishment, f"All data {label}", made_at)
        with _chosen(arguments, path):
            return export_all_data(database, actor, establishment, year, path, made_at)
    group = _group(arguments.group)
    if what == "screen":
        return _screen(database, actor, establishment, year, group, arguments, made_at)
    return _full_report(database, actor, establishment, year, group, arguments, made_at)


def _not_for(arguments: argparse.Namespace, what: str, *names: str) -> None:
    for name in names:
        if getattr(arguments, name) is not None:
            raise ExportRefused(f"--{name} does not apply to {what}; leave it out.")


def _group(text: str | None) -> YearGroup:
    if text is None:
        return YearGroup.RECEPTION
    key = "".join(text.lower().replace("-", " ").replace("_", " ").split())
    if key not in GROUPS:
        raise ExportRefused(f"--group is nursery-1, nursery-2 or reception, not {text!r}.")
    return GROUPS[key]


def _target(
    arguments: argparse.Namespace,
    establishment: EstablishmentInfo | None,
    what: str,
    made_at: datetime,
) -> Path:
    """The file to write: --out, a new name in the --out folder, or in the exports folder."""
    from exports.folder import export_path, la_outbox, outbox

    out: Path | None = arguments.out.expanduser() if arguments.out is not None else None
    if out is not None and not out.is_dir():
        if out.suffix.lower() != ".xlsx":
            raise ExportRefused(f"{out} should end in .xlsx (Excel workbook).")
        if out.exists() and not arguments.force:
            raise ExportRefused(f"{out} already exists (use --force to replace it).")
        if not out.parent.is_dir():
            raise ExportRefused(f"Cannot write {out}: the folder {out.parent} does not exist.")
        if not os.access(out.parent, os.W_OK):
            raise ExportRefused(f"Cannot write {out}: the folder {out.parent} is not writable.")
        return out
    if out is None:
        out = la_outbox() if establishment is None else outbox(establishment.number)
    return export_path(out, what, made_at)


def _chosen(arguments: argparse.Namespace, path: Path) -> AbstractContextManager[Path]:
    """The administrator's --out may be outside the exports folder (and --force replaces)."""
    from exports.folder import chosen_by_administrator

    if arguments.out is None:
        return nullcontext(path)
    return chosen_by_administrator(path, replace=arguments.force)


def _screen(
    database: Database,
    actor: Actor,
    establishment: EstablishmentInfo,
    year: int,
    group: YearGroup,
    arguments: argparse.Namespace,
    made_at: datetime,
) -> Path:
    from exports.grid_workbook import GridChoices, export_screen_data
    from store.assessments.cohort import load_cohort

    cohort = load_cohort(database, actor, establishment.id, year, group)
    hidden: frozenset[int] = frozenset()
    if arguments.assessment is not None:
        wanted = _period_named(cohort.periods, arguments.assessment, group, year)
        hidden = frozenset(p.id for p in cohort.periods if p.id not in wanted)
    choices = GridChoices(hidden_periods=hidden, show_elg=True)
    label = format_academic_year(year).replace("/", "-")
    path = _target(arguments, establishment, f"Screen data {group.label} {label}", made_at)
    with _chosen(arguments, path):
        return export_screen_data(
            database, actor, establishment, year, group, choices, path, made_at
        )


def _period_named(periods: list[Any], name: str, group: YearGroup, year: int) -> set[int]:
    """Ids of the periods called `name` (any case); refused with the names there are."""
    wanted = " ".join(name.split()).casefold()
    found = {period.id for period in periods if period.name.casefold() == wanted}
    if not found:
        names = ", ".join(sorted({period.name for period in periods})) or "none yet"
        raise ExportRefused(
            f"{group.label} has no assessment called {name.strip()!r} in "
            f"{format_academic_year(year)} (there are: {names})."
        )
    return found


def _full_report(
    database: Database,
    actor: Actor,
    establishment: EstablishmentInfo,
    year: int,
    group: YearGroup,
    arguments: argparse.Namespace,
    made_at: datetime,
) -> Path:
    from exports.report_workbooks import write_full_report
    from store.reports.reports import ReportScope, full_report, open_reports

    data = open_reports(database, actor, establishment.id, year, group)
    if arguments.assessment is not None:
        found = _period_named(data.periods, arguments.assessment, group, year)
        period = next(p for p in data.periods if p.id in found)
    else:
        latest = data.latest_period_with_data()
        if latest is None:
            raise ExportRefused(
                f"{group.label} has no assessment in {format_academic_year(year)} to report on."
            )
        period = latest
    report = full_report(data, ReportScope(period_id=period.id), made_at)
    label = format_academic_year(year).replace("/", "-")
    what = f"Full Report {group.label} {period.name} {label}"
    path = _target(arguments, establishment, what, made_at)
    with _chosen(arguments, path):
        return write_full_report(report, path)


def _la_return(
    database: Database,
    actor: Actor,
    year: int,
    arguments: argparse.Namespace,
    made_at: datetime,
) -> Path:
    from exports.la_workbook import write_la_return
    from store.core.words import plural

    label = format_academic_year(year).replace("/", "-")
    path = _target(arguments, None, f"ELG return {label}", made_at)
    progress = _progress_printer() if sys.stderr.isatty() else None
    with _chosen(arguments, path):
        summary = write_la_return(database, actor, year, path, progress, made_at)
    pupils = plural(summary.pupils, "pupil")
    schools = plural(summary.establishments, "establishment")
    print(f"{pupils} of {schools} with submitted results.", file=sys.stderr)
    return summary.path


def _progress_printer() -> Callable[[int, int], None]:
    def show(done: int, total: int) -> None:
        end = "\n" if done >= total else ""
        print(f"\rEstablishments: {done:,} of {total:,}", end=end, file=sys.stderr, flush=True)

    return show

"""The local authority's returns from the app (support): choose what (the ELG or KS1 workbook, or
every submitted school's CTF files) and the year, then write it with progress; Escape stops."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen

from exports.ctf_batch import REFUSED_FILE, BatchSummary, export_all_ctfs
from exports.ks1_la_workbook import ks1_return_path, write_ks1_la_return
from exports.la_workbook import return_path, write_la_return
from exports.return_workbook import NothingSubmitted, ReturnSummary
from store.core.access import Actor, Role
from store.core.db import Database
from store.core.errors import StoreError
from store.core.words import plural
from store.curriculum.dates import academic_year_of, format_academic_year
from store.reports.ks1_return import submitted_ks1_years
from store.reports.la_return import SUPPORT_ONLY, SubmittedYear, submitted_years
from store.reports.many import Cancelled
from store.returns.ctf_data import ReturnKind
from tui.screens.dialogs.choose import Choice, ChooseDialog
from tui.screens.file_places import cannot_write, saved_where
from tui.screens.reports.data_downloads import KEY as DOWNLOADS_KEY
from tui.screens.reports.data_downloads import LABEL as DOWNLOADS_LABEL
from tui.screens.reports.data_downloads import DataDownloadsScreen
from tui.screens.reports.establishment_run import EstablishmentRun
from tui.store_call import run_store_call

WHAT_TITLE = "Local authority return: what to write?"
CHOOSE_TITLE = "Local authority return ({what}): which academic year?"
CHOOSE_HINT = "↑↓ or type the year · Enter writes it · Esc cancel"
WORKING_HINT = "Escape stops: nothing is written until every establishment is in"
FILES_HINT = "Escape stops: the files written so far stay"
REFUSED_SHOWN = 3
"""Schools not written named on screen; every one is in REFUSED_FILE beside the files."""


@dataclass(frozen=True)
class ReturnWork:
    """One thing support writes for the local authority: its key and words in the choice, the
    results it holds and the years they were submitted in."""

    key: str
    label: str
    results: str
    """What was submitted, e.g. "End of Year ELG results"."""
    years: Callable[[Database, Actor], list[SubmittedYear]]
    """The years with submissions, and how many establishments made them (support only)."""
    ctf: ReturnKind | None = None
    """Each school's CTF file of this return, or (None) one workbook."""


_ELG = "End of Year ELG results"
_KS1 = "KS1 teacher assessment results"
ELG_WORKBOOK = ReturnWork("ELG", "End of Year ELGs: the LA workbook", _ELG, submitted_years)
KS1_WORKBOOK = ReturnWork(
    "KS1", "KS1 teacher assessment: the LA workbook", _KS1, submitted_ks1_years
)
KS1_CTF = ReturnWork(
    "CTF",
    "KS1 teacher assessment: every submitted school's CTF",
    _KS1,
    submitted_ks1_years,
    ReturnKind.KS1,
)
EYFSP_CTF = ReturnWork(
    "FSP",
    "EYFS profile: every submitted school's CTF",
    _ELG,
    submitted_years,
    ReturnKind.EYFSP,
)
RETURNS = (ELG_WORKBOOK, KS1_WORKBOOK, KS1_CTF, EYFSP_CTF)


def submitted_text(establishments: int) -> str:
    """ "3 establishments submitted", or that none has."""
    if establishments == 0:
        return "no establishment has submitted yet"
    return f"{plural(establishments, 'establishment')} submitted"


def open_la_return(
    screen: Screen[Any], database: Database, actor: Actor, today: date | None = None
) -> None:
    """Ask what to write, then the academic year (this one first chosen), then write it in a
    worker."""
    if actor.role is not Role.SUPPORT:
        screen.notify(SUPPORT_ONLY, severity="error")
        return

    def chosen(choice: Choice[ReturnWork | None] | None) -> None:
        if choice is not None and choice.value is None:  # no year: everything each school holds
            screen.app.push_screen(DataDownloadsScreen(database, actor))
        elif choice is not None and choice.value is not None:
            choose_year(screen, database, actor, choice.value, today)

    choices: list[Choice[ReturnWork | None]] = [
        Choice(work, work.key, work.label) for work in RETURNS
    ]
    choices.append(Choice(None, DOWNLOADS_KEY, DOWNLOADS_LABEL))
    screen.app.push_screen(ChooseDialog(WHAT_TITLE, choices), chosen)


def choose_year(
    screen: Screen[Any],
    database: Database,
    actor: Actor,
    work: ReturnWork = ELG_WORKBOOK,
    today: date | None = None,
) -> None:
    """Ask the academic year of `work`, with each year's submissions, then write it."""
    try:
        years = work.years(database, actor)
    except StoreError as error:
        screen.notify(str(error), severity="error")
        return
    current = academic_year_of(today or date.today())
    counts = {year.academic_year: year.establishments for year in years}
    counts.setdefault(current, 0)
    ordered = sorted(counts, reverse=True)
    choices = [
        Choice(
            year,
            format_academic_year(year),
            submitted_text(counts[year]) + (" (this year)" if year == current else ""),
        )
        for year in ordered
    ]

    def chosen(choice: Choice[int] | None) -> None:
        if choice is not None:
            screen.app.push_screen(
                LaReturnScreen(database, actor, choice.value, counts[choice.value], work)
            )

    title = CHOOSE_TITLE.format(what=work.key)
    dialog = ChooseDialog(title, choices, ordered.index(current), hint=CHOOSE_HINT)
    screen.app.push_screen(dialog, chosen)


def files_written(summary: BatchSummary) -> str:
    """What a run of every school's CTF did: how many files where, and who was not written."""
    files = plural(len(summary.written), "CTF file")
    if summary.written:
        said = f"Wrote {files} to {saved_where(summary.folder)}"
    else:
        said = "No CTF file was written."
    if summary.stopped:
        said = f"Stopped after {summary.done} of {summary.establishments} establishments. {said}"
    if summary.refused:
        count = plural(len(summary.refused), "school")
        said += f"\nNot written, {count} (all in {REFUSED_FILE!r}):"
        said += "".join(f"\n{school.said()}" for school in summary.refused[:REFUSED_SHOWN])
        if len(summary.refused) > REFUSED_SHOWN:
            said += f"\nand {len(summary.refused) - REFUSED_SHOWN} more"
    return said


class LaReturnScreen(EstablishmentRun):
    """Writes one academic year's return, saying how far it has got; Escape stops it (no
    workbook is left; CTF files written stay) and, once it is over, closes. It ends by saying
    the full path and what it holds."""

    def __init__(
        self,
        database: Database,
        actor: Actor,
        academic_year: int,
        establishments: int,
        work: ReturnWork = ELG_WORKBOOK,
    ) -> None:
        super().__init__()
        self.work = work
        self.database = database
        self.actor = actor
        self.academic_year = academic_year
        self.establishments = establishments
        """How many establishments had submitted when the year was chosen."""

    def compose(self) -> ComposeResult:
        year = format_academic_year(self.academic_year)
        yield from self.dialog(f"Local authority return {year}: {self.work.label}")

    def on_mount(self) -> None:
        work = self.work
        if self.establishments == 0:
            self.finish(str(NothingSubmitted(self.academic_year, work.results)))
            return
        submitted = submitted_text(self.establishments)
        if work.ctf is None:
            self.say(f"Writing the {work.results} of {submitted}…", WORKING_HINT)
        else:
            self.say(f"Writing the CTF of each school: {submitted}…", FILES_HINT)
        self.start()
        run_store_call(
            self,
            self._write,
            self._done,
            # The app has said what went wrong, with its reference for the support team.
            failed=lambda: self.finish("Not exported."),
            group="la-return",
        )

    def _write(self) -> ReturnSummary | BatchSummary | str:
        """In the worker's thread: the workbook or the files, or what to say instead."""
        progress, cancelled = self.progress_and_stop()
        outcome: ReturnSummary | BatchSummary | str
        made_at = datetime.now(timezone.utc)
        database, actor, year, kind = self.database, self.actor, self.academic_year, self.work.ctf
        try:
            if kind is not None:
                outcome = export_all_ctfs(
                    database, actor, kind, year, progress=progress, cancelled=cancelled
                )
            elif self.work is KS1_WORKBOOK:
                path = ks1_return_path(year, made_at)
                outcome = write_ks1_la_return(
                    database, actor, year, path, progress=progress, made_at=made_at,
                    cancelled=cancelled, allow_empty=False,
                )  # fmt: skip
            else:
                path = return_path(year, made_at)
                outcome = write_la_return(
                    database, actor, year, path, progress=progress, made_at=made_at,
                    cancelled=cancelled, allow_empty=False,
                )  # fmt: skip
        except Cancelled as stopped:
            outcome = f"{stopped} Nothing was written."
        except StoreError as error:
            outcome = str(error)
        except OSError as error:
            outcome = f"Not exported: {cannot_write(error)}"
        return outcome

    def _done(self, outcome: ReturnSummary | BatchSummary | str) -> None:
        if isinstance(outcome, str):
            self.finish(outcome)
            return
        if isinstance(outcome, BatchSummary):
            self.finish(files_written(outcome))
            return
        pupils = plural(outcome.pupils, "pupil")
        schools = plural(outcome.establishments, "establishment")
        self.finish(f"Saved to {saved_where(outcome.path)}\nIt holds {pupils} of {schools}.")

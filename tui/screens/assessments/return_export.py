"""A school's return to the local authority from the Assessments screen's E: the CTF (KS1 or
the EYFS profile) or the KS1 CSV, checked and written in a worker; a refused return lists every
problem by pupil and subject.

Given plain values (the database, the actor, the cohort's year and the period the cursor is
in), never the screen: `host` is only where the dialog, the notices and the worker go.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

from store.assessments.cohort import Cohort
from store.core.access import Actor, Role
from store.core.db import Database
from store.core.errors import StoreError
from store.core.words import plural
from store.curriculum.eyfs import YearGroup
from store.curriculum.ks1 import KS1_TA_ID
from store.establishments.establishments import EstablishmentInfo
from store.returns.ctf import CtfExport
from store.returns.ctf_data import ReturnKind, ReturnNotReady, ReturnProblem
from tui.screens.file_places import cannot_write, saved_where
from tui.store_call import run_store_call

ADVICE = (
    "Put each one right, then press E again. Submitted results are locked: to correct one, "
    "ask the support team to unlock them, then submit again with S."
)


def returns_offered(
    role: Role, year_group: YearGroup, cohort: Cohort | None
) -> tuple[tuple[ReturnKind, bool], ...]:
    """The returns E offers, as (kind, as the KS1 CSV): to those who may export them (managers
    and support; a user is never offered one), for a cohort that has the results: Year 2 with a
    KS1 teacher assessment period (the CTF and the CSV), Reception with its End of Year ELGs."""
    if role is Role.USER or cohort is None:
        return ()
    if year_group is ReturnKind.KS1.year_group and any(
        period.framework == KS1_TA_ID for period in cohort.periods
    ):
        return ((ReturnKind.KS1, False), (ReturnKind.KS1, True))
    if year_group is ReturnKind.EYFSP.year_group and cohort.elg is not None:
        return ((ReturnKind.EYFSP, False),)
    return ()


@dataclass(frozen=True)
class ReturnRequest:
    """What to write, copied when it is chosen (the worker must not read the screen)."""

    database: Database
    actor: Actor
    establishment: EstablishmentInfo
    academic_year: int
    kind: ReturnKind
    csv: bool
    """The KS1 CSV rather than the CTF."""
    what: str
    """Its name on screen: "CTF return (KS1)", "KS1 CSV"."""
    source_id: int | None = None
    """The KS1 period the cursor is in; None: the year's latest (or the year's ELGs)."""

    def job(self) -> Callable[[], CtfExport]:
        """The export to run in the worker (the writers are imported there, not at E)."""
        database, actor, school = self.database, self.actor, self.establishment.id
        year, kind, source = self.academic_year, self.kind, self.source_id
        if self.csv:

            def ks1_csv() -> CtfExport:
                from exports.ks1_csv import export_ks1_csv_return

                return export_ks1_csv_return(database, actor, school, year, source_id=source)

            return ks1_csv

        def ctf() -> CtfExport:
            from exports.ctf import export_ctf_return

            return export_ctf_return(database, actor, school, kind, year, source_id=source)

        return ctf


class ReturnProblemsDialog(ModalScreen[None]):
    """Why the return was not written: every problem, by pupil and subject."""

    BINDINGS = [Binding("escape,enter,q", "close", "Close")]
    DEFAULT_CSS = """
    ReturnProblemsDialog #return-problems { height: auto; max-height: 14; }
    """

    def __init__(self, what: str, problems: Sequence[ReturnProblem]) -> None:
        super().__init__()
        self.what = what
        self.problems = list(problems)

    def compose(self) -> ComposeResult:
        count = plural(len(self.problems), "problem")
        with Vertical(classes="dialog"):
            yield Label(
                f"{self.what} not written: {count} to put right first",
                classes="dialog-title",
                markup=False,
            )
            with VerticalScroll(id="return-problems"):
                yield Static(Text("\n".join(problem.describe() for problem in self.problems)))
            yield Label(ADVICE, markup=False)
            yield Label("arrows scroll · Esc closes", classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)


def start_return_export(host: Screen[Any], request: ReturnRequest) -> None:
    """Check and write the return in a worker (typing carries on), then say where it was saved,
    or list why it was not written."""
    what = request.what
    host.notify(f"Checking and writing the {what}…", timeout=3)
    job = request.job()

    def write() -> CtfExport | OSError:
        try:
            return job()
        except OSError as error:  # a full disk, a folder not allowed: said, not logged
            return error

    def done(written: CtfExport | OSError) -> None:
        if isinstance(written, OSError):
            host.notify(f"Not exported: {cannot_write(written)}", severity="error", timeout=15)
            return
        pupils = plural(len(written.ctf.pupils), "pupil")
        host.notify(
            f"{what} ({pupils}) saved to {saved_where(written.path)}", timeout=20, markup=False
        )

    def refused(error: StoreError) -> None:
        if isinstance(error, ReturnNotReady):
            host.app.push_screen(ReturnProblemsDialog(what, error.problems))
        host.notify(f"Not exported: {error}", severity="error", markup=False)

    run_store_call(host, write, done, refused, group="return-export")

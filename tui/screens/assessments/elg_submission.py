"""Submitting the End of Year ELGs from the Assessments screen (S), and support's unlock (U).

The screen keeps only its bindings and one-line actions; the dialogs and the work are here, given
plain values (the database, the actor, the cohort shown) and never the screen itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, Protocol, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

from store.assessments import elg_submission
from store.assessments.cohort import Cohort, ElgSectionInfo
from store.assessments.elg_submission import AUTHORITY_STATEMENT, IncompleteCohort, IncompletePupil
from store.core.access import Actor, Role
from store.core.db import Database
from store.core.errors import StoreError
from store.core.words import plural
from store.curriculum.dates import format_academic_year
from store.curriculum.eyfs import AREA_CODES, YearGroup
from store.establishments.establishments import EstablishmentInfo
from tui.screens.dialogs.password import PasswordDialog
from tui.store_call import run_store_call, screen_clock
from tui.widgets.tick import TickBox

ResultT = TypeVar("ResultT")


class Described(Protocol):
    """A refused pupil that says what it lacks."""

    def describe(self) -> str: ...


BANNER_ID = "elg-submitted"


class IncompleteDialog(ModalScreen[None]):
    """Why the submission was refused: every included pupil still missing goals (or, given
    `lacking` and `advice`, results: tui/screens/assessments/period_submission.py)."""

    BINDINGS = [Binding("escape,enter,q", "close", "Close")]
    DEFAULT_CSS = """
    IncompleteDialog #incomplete-list { height: auto; max-height: 14; }
    """

    def __init__(
        self,
        pupils: Sequence[Described],
        lacking: str = f"all {len(AREA_CODES)} goals",
        advice: str = (
            "Give every included pupil all 17 goals (a, Absent, for a child who was absent), "
            "or set Include in Data to No for a child who is not to be submitted; then press "
            "S again."
        ),
    ) -> None:
        super().__init__()
        self.pupils = pupils
        self.lacking = lacking
        self.advice = advice

    def compose(self) -> ComposeResult:
        count = len(self.pupils)
        noun = "pupil does" if count == 1 else "pupils do"
        with Vertical(classes="dialog"):
            yield Label(
                f"Not submitted: {count} {noun} not have {self.lacking}",
                classes="dialog-title",
                markup=False,
            )
            with VerticalScroll(id="incomplete-list"):
                yield Static(Text("\n".join(pupil.describe() for pupil in self.pupils)))
            yield Label(self.advice, markup=False)
            yield Label("arrows scroll · Esc closes", classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)


class SubmitDialog(ModalScreen[bool]):
    """The guide's "Submit Early Learning Goals" box: tick the authority statement, then s."""

    BINDINGS = [
        Binding("s,f2", "submit", "Submit"),
        Binding("escape", "close", "Close"),
    ]
    DEFAULT_CSS = """
    SubmitDialog #authority { height: 2; width: 100%; text-wrap: wrap; margin: 1 0; }
    """

    def __init__(
        self, summary: str, username: str, today: date, title: str = "Submit Early Learning Goals"
    ) -> None:
        super().__init__()
        self.summary = summary
        self.username = username
        self.today = today
        self.heading = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.heading, classes="dialog-title", markup=False)
            yield Label(self.summary, markup=False)
            yield TickBox(f"{AUTHORITY_STATEMENT}.", id="authority")
            yield Label(f"Submitted By: {self.username}", markup=False)
            yield Label(f"Submitted On: {self.today:%d/%m/%Y}")
            yield Label(
                "Once submitted they are locked: only the support team can unlock them.",
                markup=False,
            )
            yield Label("", id="submit-error", classes="dialog-error")
            yield Label("space ticks · s Submit · Esc Close", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(TickBox).focus()

    def action_submit(self) -> None:
        if not self.query_one(TickBox).value:
            self.query_one("#submit-error", Label).update(
                "Tick the statement first (space): only someone with the Headteacher's "
                "authority may submit."
            )
            return
        self.dismiss(True)

    def action_close(self) -> None:
        self.dismiss(False)


# --- what the Assessments screen calls ----------------------------------------------------------


def show_banner(banner: Static, section: ElgSectionInfo | None, shown: bool) -> None:
    """Show "Submitted by X on D" above the grid while the submitted ELGs are shown."""
    text = ""
    if section is not None and section.beside_year_1 and shown:
        text = f"{section.label}, from Reception: read-only here, to compare"
    elif section is not None and section.locked and shown:
        text = f"{elg_submission.submitted_label(section)} · locked (support can unlock)"
    banner.update(text)
    if banner.display != bool(text):
        banner.display = bool(text)


class ElgSubmission:
    """S and U for one establishment's End of Year ELGs, built from plain values.

    `host` is the screen the dialogs, notices and worker belong to (any screen: nothing of it is
    read); `reload` reads the cohort again once the ELGs are submitted or unlocked.
    """

    def __init__(
        self,
        host: Screen[Any],
        database: Database,
        actor: Actor,
        establishment: EstablishmentInfo,
        reload: Callable[[], None],
    ) -> None:
        self.host = host
        self.database = database
        self.actor = actor
        self.establishment = establishment
        self.reload = reload

    def _section(self, cohort: Cohort | None, year_group: YearGroup) -> ElgSectionInfo | None:
        if year_group is not YearGroup.RECEPTION or cohort is None:
            self.host.notify("The End of Year Early Learning Goals are for Reception only.")
            return None
        if cohort.elg is None:
            self.host.notify(
                "There are no End of Year ELGs for this year yet: press l to create them."
            )
            return None
        return cohort.elg

    def submit(self, cohort: Cohort | None, year_group: YearGroup, today: date) -> None:
        """Check the cohort; list who is incomplete, or ask for the authority statement and
        submit."""
        host, database, actor, school = self.host, self.database, self.actor, self.establishment
        if actor.role is not Role.MANAGER:
            host.notify(elg_submission.SUBMIT_MANAGERS_ONLY, severity="warning")
            return
        section = self._section(cohort, year_group)
        if section is None:
            return
        assert cohort is not None
        if section.locked:
            host.notify(f"{elg_submission.submitted_label(section)}: they are locked already.")
            return
        self._in_worker(
            lambda: elg_submission.check_submission(database, actor, school.id, section.id),
            lambda incomplete: self._checked(incomplete, cohort, section, today),
            timeout=None,  # the app's own, as for any error notice
        )

    def _checked(
        self,
        incomplete: list[IncompletePupil],
        cohort: Cohort,
        section: ElgSectionInfo,
        today: date,
    ) -> None:
        """The cohort was checked: who is incomplete, or the authority statement to confirm."""
        host, database, actor, school = self.host, self.database, self.actor, self.establishment
        if incomplete:
            host.app.push_screen(IncompleteDialog(incomplete))
            return
        included = sum(1 for pupil in cohort.pupils if pupil.include_in_data)
        summary = (
            f"{school.title} · Reception {format_academic_year(section.academic_year)}"
            f" · {plural(included, 'pupil')} included in data, all with every goal."
        )

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return

            def call() -> ElgSectionInfo:
                return elg_submission.submit(
                    database,
                    actor,
                    school.id,
                    section.id,
                    authority_confirmed=True,
                    now=self._now(),
                )

            def done(info: ElgSectionInfo) -> None:
                self.reload()
                host.notify(f"{elg_submission.submitted_label(info)}: the ELGs are now locked.")

            self._in_worker(call, done)

        host.app.push_screen(SubmitDialog(summary, actor.username, today), confirmed)

    def unlock(self, cohort: Cohort | None, year_group: YearGroup) -> None:
        """Support: unlock submitted ELGs after giving their own password again."""
        host, database, actor, school = self.host, self.database, self.actor, self.establishment
        section = self._section(cohort, year_group)
        if section is None:
            return
        if not section.locked:
            host.notify("These End of Year ELGs are not submitted: there is nothing to unlock.")
            return
        year = format_academic_year(section.academic_year)
        title = f"Unlock the {year} End of Year ELGs of {school.title}"

        def entered(password: str | None) -> None:
            if not password:
                return

            def call() -> ElgSectionInfo:
                return elg_submission.unlock(
                    database, actor, school.id, section.id, password, now=self._now()
                )

            def done(_: ElgSectionInfo) -> None:
                self.reload()
                host.notify("Unlocked: the school can change these ELGs and submit them again.")

            self._in_worker(call, done)

        host.app.push_screen(PasswordDialog(title), entered)

    def _now(self) -> datetime:
        return screen_clock(self.host)

    def _in_worker(
        self,
        call: Callable[[], ResultT],
        done: Callable[[ResultT], None],
        timeout: float | None = 10,
    ) -> None:
        """Run the store call in a thread (password hashing and the cohort's check take a
        moment); answer on the app's thread, a refusal as a notice for `timeout` seconds."""
        host = self.host

        def refused(error: StoreError) -> None:
            if isinstance(error, IncompleteCohort):
                host.app.push_screen(IncompleteDialog(error.pupils))
            host.notify(str(error), severity="error", timeout=timeout)

        run_store_call(host, call, done, refused, group="elg-submission")

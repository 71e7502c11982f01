"""Submitting the End of Year ELGs from the Assessments screen (S), and support's unlock (U).

The screen keeps only its bindings and one-line actions; the dialogs and the work are here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, TypeVar

from rich.text import Text
from sqlalchemy.exc import SQLAlchemyError
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from store.accounts.settings import utc_now
from store.assessments import elg_submission
from store.assessments.cohort import ElgSectionInfo
from store.assessments.elg_submission import AUTHORITY_STATEMENT, IncompleteCohort, IncompletePupil
from store.core.access import Role
from store.core.errors import StoreError
from store.core.words import plural
from store.curriculum.eyfs import AREA_CODES, YearGroup
from store.curriculum.rules import format_academic_year
from tui.screens.dialogs.password import PasswordDialog
from tui.widgets.tick import TickBox

if TYPE_CHECKING:
    from tui.screens.assessments.grid_screen import AssessmentsScreen

ResultT = TypeVar("ResultT")
BANNER_ID = "elg-submitted"


class IncompleteDialog(ModalScreen[None]):
    """Why the submission was refused: every included pupil still missing goals."""

    BINDINGS = [Binding("escape,enter,q", "close", "Close")]
    DEFAULT_CSS = """
    IncompleteDialog #incomplete-list { height: auto; max-height: 14; }
    """

    def __init__(self, pupils: list[IncompletePupil]) -> None:
        super().__init__()
        self.pupils = pupils

    def compose(self) -> ComposeResult:
        count = len(self.pupils)
        noun = "pupil does" if count == 1 else "pupils do"
        with Vertical(classes="dialog"):
            yield Label(
                f"Not submitted: {count} {noun} not have all {len(AREA_CODES)} goals",
                classes="dialog-title",
                markup=False,
            )
            with VerticalScroll(id="incomplete-list"):
                yield Static(Text("\n".join(pupil.describe() for pupil in self.pupils)))
            yield Label(
                "Give every included pupil all 17 goals (a, Absent, for a child who was absent), "
                "or set Include in Data to No for a child who is not to be submitted; then press "
                "S again.",
                markup=False,
            )
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

    def __init__(self, summary: str, username: str, today: date) -> None:
        super().__init__()
        self.summary = summary
        self.username = username
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Submit Early Learning Goals", classes="dialog-title")
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


def action_allowed(screen: AssessmentsScreen, action: str) -> bool:
    """In Reception: S for managers (the Headteacher's authority), U for the support team."""
    if screen.year_group is not YearGroup.RECEPTION:
        return False
    wanted = Role.SUPPORT if action == "unlock_elgs" else Role.MANAGER
    return screen.actor.role is wanted


def show_banner(screen: AssessmentsScreen) -> None:
    """Show "Submitted by X on D" above the grid while the submitted ELGs are shown."""
    cohort = screen.cohort
    section = cohort.elg if cohort is not None else None
    shown = screen.show_elg.get(screen.academic_year, False)
    banner = screen.query_one(f"#{BANNER_ID}", Static)
    text = ""
    if section is not None and section.locked and shown:
        text = f"{elg_submission.submitted_label(section)} · locked (support can unlock)"
    banner.update(text)
    if banner.display != bool(text):
        banner.display = bool(text)


def _section(screen: AssessmentsScreen) -> ElgSectionInfo | None:
    cohort = screen.cohort
    if screen.year_group is not YearGroup.RECEPTION or cohort is None:
        screen.notify("The End of Year Early Learning Goals are for Reception only.")
        return None
    if cohort.elg is None:
        screen.notify("There are no End of Year ELGs for this year yet: press l to create them.")
        return None
    return cohort.elg


def submit(screen: AssessmentsScreen) -> None:
    """Check the cohort; list who is incomplete, or ask for the authority statement and submit."""
    if screen.actor.role is not Role.MANAGER:
        screen.notify(elg_submission.SUBMIT_MANAGERS_ONLY, severity="warning")
        return
    section = _section(screen)
    if section is None:
        return
    if section.locked:
        screen.notify(f"{elg_submission.submitted_label(section)}: they are locked already.")
        return
    try:
        incomplete = elg_submission.check_submission(
            screen.database, screen.actor, screen.establishment.id, section.id
        )
    except StoreError as error:
        screen.notify(str(error), severity="error")
        return
    if incomplete:
        screen.app.push_screen(IncompleteDialog(incomplete))
        return
    assert screen.cohort is not None
    included = sum(1 for pupil in screen.cohort.pupils if pupil.include_in_data)
    summary = (
        f"{screen.establishment.title} · Reception {format_academic_year(section.academic_year)}"
        f" · {plural(included, 'pupil')} included in data, all with every goal."
    )

    def confirmed(yes: bool | None) -> None:
        if not yes:
            return

        def call() -> ElgSectionInfo:
            return elg_submission.submit(
                screen.database,
                screen.actor,
                screen.establishment.id,
                section.id,
                authority_confirmed=True,
                now=_now(screen),
            )

        def done(info: ElgSectionInfo) -> None:
            screen.reload()
            screen.notify(f"{elg_submission.submitted_label(info)}: the ELGs are now locked.")

        _in_worker(screen, call, done)

    screen.app.push_screen(SubmitDialog(summary, screen.actor.username, screen.today), confirmed)


def unlock(screen: AssessmentsScreen) -> None:
    """Support: unlock submitted ELGs after giving their own password again."""
    section = _section(screen)
    if section is None:
        return
    if not section.locked:
        screen.notify("These End of Year ELGs are not submitted: there is nothing to unlock.")
        return
    year = format_academic_year(section.academic_year)
    title = f"Unlock the {year} End of Year ELGs of {screen.establishment.title}"

    def entered(password: str | None) -> None:
        if not password:
            return

        def call() -> ElgSectionInfo:
            return elg_submission.unlock(
                screen.database,
                screen.actor,
                screen.establishment.id,
                section.id,
                password,
                now=_now(screen),
            )

        def done(_: ElgSectionInfo) -> None:
            screen.reload()
            screen.notify("Unlocked: the school can change these ELGs and submit them again.")

        _in_worker(screen, call, done)

    screen.app.push_screen(PasswordDialog(title), entered)


def _now(screen: AssessmentsScreen) -> datetime:
    clock: Callable[[], datetime] = getattr(screen.app, "clock", utc_now)
    return clock()


def _in_worker(
    screen: AssessmentsScreen, call: Callable[[], ResultT], done: Callable[[ResultT], None]
) -> None:
    """Run the store call in a thread (password hashing is slow); answer on the app's thread."""
    app = screen.app

    def refused(error: Exception) -> None:
        if isinstance(error, IncompleteCohort):
            app.push_screen(IncompleteDialog(error.pupils))
        screen.notify(str(error), severity="error", timeout=10)

    def body() -> None:
        try:
            result = call()
        except StoreError as error:
            app.call_from_thread(refused, error)
        except SQLAlchemyError as error:
            reason = str(getattr(error, "orig", None) or error).splitlines()[0]
            app.call_from_thread(
                screen.notify, f"Not done: the database said {reason}.", severity="error"
            )
        else:
            app.call_from_thread(done, result)

    screen.run_worker(body, thread=True, group="elg-submission", exit_on_error=False)

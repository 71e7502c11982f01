"""The support console: find anyone, see why they cannot sign in, and put it right."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from store.accounts.diagnosis import AccountDetails
from store.core.access import Actor, Role
from store.core.db import Database
from store.core.errors import StoreError
from store.curriculum.ks1 import MET, NOT_MET
from store.establishments.establishments import EstablishmentInfo, create_establishment
from tui.screens.accounts.account_actions import (
    AccountActions,
    AccountTarget,
    account_bindings,
    screen_settings,
)
from tui.screens.accounts.school_accounts import SchoolAccountsScreen
from tui.screens.dialogs.choose import ChoiceList
from tui.screens.dialogs.forms import NewEstablishmentDialog
from tui.screens.latest_read import LatestRead
from tui.screens.support import console_reads
from tui.screens.support.console_reads import Details, Found, Hit
from tui.screens.support.console_records import RecordActions
from tui.screens.support.establishment_actions import EstablishmentActions
from tui.screens.support.phonics_threshold import ThresholdActions
from tui.store_call import screen_clock
from tui.widgets.accounts.account_panel import AccountPanel
from tui.widgets.key_bar import KeyBar

SLOW_READ = 0.15
"""Seconds a read may take before the panel says it is reading (and more rows wait that long)."""
PROMPT = "Type part of a username, a name or an establishment number."
ROWS_AT_ONCE = 50


@dataclass(frozen=True)
class SearchRequest:
    """A search asked for: the row to highlight afterwards, and whether to say how many."""

    text: str
    select: int = 0
    quiet: bool = False


class ResultList(ChoiceList):
    """Search results; Enter opens an establishment's users, or the actions on an account."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open", tooltip="A school: its users · a user: the actions"),
    ]


class SupportConsoleScreen(Screen[None]):
    """One search box; the highlighted result's details below; actions by key."""

    HELP_LEGEND = (
        "Type part of a username, a name or an establishment number; Enter or down goes to the "
        "results. For a user the details start with the diagnosis: why they cannot sign in right "
        "now, with the facts behind it (f5 reads them again). For a school, Enter manages its "
        "users, d brings back a deleted assessment and l sets the LA number, DfE number and URN "
        "a return names it by; m transfers a pupil, by UPN, to another establishment; h sets "
        f"the phonics check's threshold mark of an academic year ({MET} at or above it); f sets "
        "how a CTF codes each subject. Every change is recorded in the audit trail, and those on "
        "accounts and pupils ask for your own password first."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        # priority: / starts a new search even while the cursor is in the search box.
        Binding(
            "slash",
            "find",
            "Find",
            id="console-find",
            priority=True,
            tooltip="Search by name or number",
        ),
        *account_bindings("password", "code", "unlock", "session", "disable", "role"),
        *account_bindings("authenticator"),
        Binding(
            "n",
            "new_establishment",
            "New school",
            id="console-new-establishment",
            tooltip="Create an establishment (number and name)",
        ),
        Binding(
            "b",
            "archived",
            "Archived",
            id="console-archived",
            tooltip="Bring back the establishment's archived pupils",
        ),
        Binding(
            "i",
            "upns",
            "UPNs",
            id="console-upns",
            tooltip="Issue in-house UPNs for a private nursery",
        ),
        Binding(
            "m",
            "transfer",
            "Move pupil",
            id="console-transfer",
            tooltip="Transfer a pupil (by UPN) to another establishment, with their interventions",
        ),
        Binding(
            "d",
            "deleted_assessments",
            "Deleted",
            id="console-deleted-assessments",
            tooltip="The establishment's deleted assessments: bring one back",
        ),
        Binding(
            "l",
            "return_numbers",
            "LA/DfE/URN",
            id="console-return-numbers",
            tooltip="Set the establishment's LA number, DfE number and URN (returns name it so)",
        ),
        Binding(
            "h",
            "phonics_threshold",
            "Phonics mark",
            id="console-phonics-threshold",
            tooltip=f"Set a year's phonics check threshold ({MET} at or above it, {NOT_MET} below)",
        ),
        Binding(
            "f",
            "ctf_coding",
            "CTF codes",
            id="console-ctf-coding",
            tooltip="How a CTF codes each subject (confirm against the DfE's component files)",
        ),
        Binding(
            "f5",
            "refresh",
            "Refresh",
            show=False,
            id="console-refresh",
            tooltip="Read the details again, as they are now",
        ),
        Binding("down", "to_results", "Results", show=False),
        Binding("escape", "leave", "Back", id="console-back"),
    ]
    DEFAULT_CSS = """
    SupportConsoleScreen #console-search-line { height: 1; padding: 0 1; }
    SupportConsoleScreen #console-search-line Label { padding-right: 1; }
    SupportConsoleScreen #console-search { width: 1fr; }
    SupportConsoleScreen #console-results { height: 7; padding: 0 1; border-bottom: solid $panel; }
    SupportConsoleScreen #console-status { height: auto; max-height: 3; padding: 0 1;
                                           background: $panel; }
    """

    def __init__(self, database: Database, actor: Actor, today: date | None = None) -> None:
        super().__init__()
        self.database = database
        self.actor = actor
        self.today = today or date.today()
        self.hits: list[Hit] = []
        self.details: AccountDetails | None = None  # the highlighted account's, once read
        self.actions = AccountActions(
            self, database, actor, report=self.report, changed=self.search_again
        )
        self.school_actions = EstablishmentActions(
            self, database, actor, self.today, report=self.report, changed=self.search_again
        )
        self.records = RecordActions(
            self, database, actor, report=self.report, changed=self.search_again
        )
        self.thresholds = ThresholdActions(
            self, database, actor, report=self.report, changed=self.search_again
        )
        # The database is read in worker threads: a key press never waits for it.
        self.searching: LatestRead[Found] = LatestRead(
            self, "console-search", self._found, self._read_refused
        )
        self.reading: LatestRead[Details] = LatestRead(
            self, "console-details", self._read, self._read_refused
        )
        self.request = SearchRequest("")
        self.reading_hit: Hit | None = None
        self.read_message = ""

    def compose(self) -> ComposeResult:
        yield Static("Support console", id="cohort-bar", markup=False)
        with Horizontal(id="console-search-line"):
            yield Label("Find")
            yield Input(
                placeholder="part of a username, name or establishment number",
                id="console-search",
                compact=True,
            )
        yield ResultList(id="console-results", compact=True)
        yield AccountPanel(id="console-details")
        yield Static("", id="console-status", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        if self.actor.role is not Role.SUPPORT:
            self.report("The support console is for the local authority's support team.", True)
            return
        self.query_one(AccountPanel).show(Text(PROMPT))
        self.search("")
        self.query_one("#console-search", Input).focus()

    def on_screen_resume(self) -> None:
        # Back from a school's Users screen (or a dialog): show what is true now.
        self.search_again()

    def _read_refused(self, error: StoreError) -> None:
        # The reads say most refusals in what they return; one that escapes them, here.
        self.report(str(error), True)

    # --- searching ------------------------------------------------------------------------

    @on(Input.Changed, "#console-search")
    def _typed(self, event: Input.Changed) -> None:
        self.search(event.value)

    @on(Input.Submitted, "#console-search")
    def _submitted(self) -> None:
        self.action_to_results()

    def search_again(self) -> None:
        """Search again for what is typed (after a change), keeping the highlighted row."""
        if self.is_attached and self.actor.role is Role.SUPPORT:
            highlighted = self.query_one(ResultList).highlighted or 0
            self.search(self.query_one("#console-search", Input).value, highlighted, quiet=True)

    def search(self, text: str, select: int = 0, quiet: bool = False) -> None:
        """Look for `text` in a worker thread; the hits are shown when they come back."""
        self.request = SearchRequest(text, select, quiet)
        now = screen_clock(self)
        self.searching.want(partial(console_reads.search, self.database, self.actor, text, now))

    def _found(self, found: Found) -> None:
        request = self.request
        if not self.is_attached or found.text != request.text:
            return  # a search for what was in the box before
        if found.text != self.query_one("#console-search", Input).value:
            return
        if found.problem:
            self.report(found.problem, True)
            return
        self.show_hits(list(found.hits), request.select, request.quiet)

    def show_hits(self, hits: list[Hit], select: int = 0, quiet: bool = False) -> None:
        self.hits = hits
        results = self.query_one(ResultList)
        # A long list goes in a few rows at a time, a repaint apart: keys never wait for it.
        first = max(ROWS_AT_ONCE, select + 1)
        with results.prevent(OptionList.OptionHighlighted):
            results.set_options([Option(hit.row()) for hit in hits[:first]])
            if hits:
                results.highlighted = min(select, len(hits) - 1)
        if len(hits) > first:
            self.call_after_refresh(self._more_rows, hits, first)
        self.refresh_details()
        if quiet:
            return
        if hits:
            self.report(f"{len(hits)} found: Enter or ↓ goes to them, / searches again.")
        else:
            self.report("Nothing found: try part of a name, a username or a number.")

    def _more_rows(self, hits: list[Hit], start: int) -> None:
        if hits is not self.hits or not self.is_attached:
            return  # a newer search has replaced them
        if self.searching.busy:  # they are likely to be replaced: leave the UI thread be
            self.set_timer(SLOW_READ, partial(self._more_rows, hits, start))
            return
        end = start + ROWS_AT_ONCE
        self.query_one(ResultList).add_options([Option(hit.row()) for hit in hits[start:end]])
        if end < len(hits):
            self.call_after_refresh(self._more_rows, hits, end)

    @property
    def current(self) -> Hit | None:
        try:
            index = self.query_one(ResultList).highlighted
        except NoMatches:  # not composed yet, or closing
            return None
        return self.hits[index] if index is not None and index < len(self.hits) else None

    @on(OptionList.OptionHighlighted, "#console-results")
    def _highlighted(self) -> None:
        self.refresh_details()

    @on(OptionList.OptionSelected, "#console-results")
    def _opened(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        hit = self.current
        if hit is None:
            return
        if hit.establishment is not None:
            self.app.push_screen(SchoolAccountsScreen(self.database, self.actor, hit.establishment))
        elif hit.account is not None:
            self.actions.menu(self.target)
        else:
            self.report(f"No account is called {hit.unknown}: nothing to act on.", True)

    # --- the details ----------------------------------------------------------------------

    def refresh_details(self, message: str = "") -> None:
        """Read the highlighted result as it is now (the clock matters: locks run out).

        The panel keeps what it showed until the new details come (no flicker while the arrow
        keys move), but the account actions wait for them; `message` is reported with them.
        """
        if not self.is_attached:
            return
        hit = self.current
        self.details = None  # the actions apply to the highlighted account's details only
        if hit is self.reading_hit and self.reading.busy and not message:
            return  # already being read
        self.read_message = message
        if hit is None:
            self.reading_hit = None
            self.query_one(AccountPanel).show(Text(PROMPT))
            self.refresh_bindings()
            if message:
                self.report(message)
            return
        self.reading_hit = hit
        read = partial(
            console_reads.details,
            self.database,
            self.actor,
            hit,
            now=screen_clock(self),
            settings=screen_settings(self),
            today=self.today,
        )
        self.reading.want(read)
        self.set_timer(SLOW_READ, partial(self._still_reading, hit))

    def _still_reading(self, hit: Hit) -> None:
        if hit is self.reading_hit and self.reading.busy and self.is_attached:
            self.query_one(AccountPanel).show(Text(f"Reading {hit.name}…"))

    def _read(self, shown: Details) -> None:
        if not self.is_attached or shown.hit is not self.current:
            return  # the highlight has moved on
        self.query_one(AccountPanel).show(shown.text)
        self.details = shown.account
        self.refresh_bindings()
        if self.read_message:
            self.report(self.read_message)
            self.read_message = ""

    @property
    def target(self) -> AccountTarget | None:
        details = self.details
        if details is None:
            return None
        live = details.session
        if live is None:
            return AccountTarget.of(details.summary)
        return AccountTarget.of(details.summary, live.id, live.source)

    def report(self, message: str, refused: bool = False) -> None:
        for status in self.query("#console-status").results(Static):
            status.update(Text(message))
        if refused:
            self.notify(message, severity="warning")

    # --- keys -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "account":
            return str(parameters[0]) in self.actions.allowed(self.target)
        if action in ("archived", "upns", "deleted_assessments", "return_numbers"):
            hit = self.current
            return (
                self.actor.role is Role.SUPPORT
                and hit is not None
                and hit.establishment is not None
            )
        if action in ("phonics_threshold", "ctf_coding"):
            return self.actor.role is Role.SUPPORT
        return True

    def action_account(self, name: str) -> None:
        self.actions.start(name, self.target)

    def action_find(self) -> None:
        """Go to the search box with its text selected, so typing starts a new search."""
        search = self.query_one("#console-search", Input)
        search.focus()
        search.select_all()

    def action_to_results(self) -> None:
        self.query_one(ResultList).focus()

    def action_refresh(self) -> None:
        self.refresh_details("Details read again.")

    def action_leave(self) -> None:
        if isinstance(self.focused, Input):
            self.action_to_results()
            return
        self.dismiss(None)

    # --- establishments -------------------------------------------------------------------

    def action_new_establishment(self) -> None:
        def create(number: str, name: str) -> EstablishmentInfo:
            return create_establishment(self.database, self.actor, number, name)

        def done(created: EstablishmentInfo | None) -> None:
            if created is None:
                return
            search = self.query_one("#console-search", Input)
            with search.prevent(Input.Changed):
                search.value = created.number
            self.search(created.number, quiet=True)
            self.report(f"Created {created.title}. Enter on it adds its first users.")

        self.app.push_screen(NewEstablishmentDialog(create), done)

    def _school(self) -> EstablishmentInfo | None:
        hit = self.current
        if hit is None or hit.establishment is None:
            self.report("Highlight an establishment first (search for its number).", True)
            return None
        return hit.establishment

    def action_archived(self) -> None:
        school = self._school()
        if school is not None:
            self.school_actions.retrieve_archived(school)

    def action_upns(self) -> None:
        school = self._school()
        if school is not None:
            self.school_actions.issue_upns(school)

    def action_return_numbers(self) -> None:
        school = self._school()
        if school is not None:
            self.school_actions.set_return_numbers(school)

    def action_phonics_threshold(self) -> None:
        self.thresholds.ask(self.today)

    def action_ctf_coding(self) -> None:
        from tui.screens.support.ctf_coding import CtfCodingScreen

        self.app.push_screen(CtfCodingScreen(self.database, self.actor))

    def action_transfer(self) -> None:
        hit = self.current
        self.records.transfer(hit.establishment if hit is not None else None)

    def action_deleted_assessments(self) -> None:
        school = self._school()
        if school is not None:
            self.records.deleted_assessments(school)


def open_support_console(screen: Screen[Any], database: Database, actor: Actor) -> None:
    """Open the console, or say politely that it is the support team's."""
    if actor.role is not Role.SUPPORT:
        screen.notify(
            "The support console is for the local authority's support team.", severity="warning"
        )
        return
    today = getattr(screen, "today", None)
    screen.app.push_screen(SupportConsoleScreen(database, actor, today))

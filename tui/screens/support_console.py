"""The support console: find anyone, see why they cannot sign in, and put it right."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date
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

from store.access import Actor, PermissionDenied, Role
from store.accounts import AccountSummary, check_username, list_accounts
from store.db import Database
from store.diagnosis import (
    AccountDetails,
    account_details,
    diagnose_username,
    find_accounts,
    find_establishments,
)
from store.errors import InvalidInput, StoreError
from store.establishments import EstablishmentInfo, create_establishment
from tui.screens.account_actions import (
    AccountActions,
    AccountTarget,
    account_bindings,
    screen_clock,
    screen_settings,
)
from tui.screens.dialogs.choose import ChoiceList
from tui.screens.dialogs.forms import NewEstablishmentDialog
from tui.screens.establishment_actions import EstablishmentActions
from tui.screens.school_accounts import SchoolAccountsScreen
from tui.widgets.account_panel import (
    AccountPanel,
    account_text,
    establishment_text,
    fit,
    short_state,
    unknown_text,
)
from tui.widgets.key_bar import KeyBar


@dataclass(frozen=True)
class Hit:
    """One search result: an establishment, an account, or a username no account has."""

    establishment: EstablishmentInfo | None = None
    account: AccountSummary | None = None
    unknown: str = ""

    def row(self) -> Text:
        if self.establishment is not None:
            line = f"School  {self.establishment.number:<8} {self.establishment.name}"
        elif self.account is not None:
            number = self.account.establishment_number or "support"
            line = (
                f"User    {fit(self.account.username, 26)} {self.account.role.value:<8} "
                f"{number:<8} {short_state(self.account.state)}"
            )
        else:
            line = f"?       {self.unknown}: no account has this username"
        return Text(fit(line, 74), no_wrap=True, overflow="ellipsis")


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
        "users. Every action asks for your own password and is recorded in the audit trail."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "find", "Find", id="console-find", tooltip="Search by name or number"),
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
        self.details: AccountDetails | None = None
        self.actions = AccountActions(
            self, database, actor, report=self.report, changed=self.search_again
        )
        self.school_actions = EstablishmentActions(
            self, database, actor, self.today, report=self.report, changed=self.search_again
        )

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
        self.search("")
        self.query_one("#console-search", Input).focus()

    def on_screen_resume(self) -> None:
        # Back from a school's Users screen (or a dialog): show what is true now.
        self.search_again()

    # --- searching ------------------------------------------------------------------------

    @on(Input.Changed, "#console-search")
    def _typed(self, event: Input.Changed) -> None:
        self.search(event.value)

    @on(Input.Submitted, "#console-search")
    def _submitted(self) -> None:
        self.action_to_results()

    def search_again(self) -> None:
        """Search again for what is typed (after a change), keeping the highlighted row."""
        if self.is_attached:
            highlighted = self.query_one(ResultList).highlighted or 0
            self.search(self.query_one("#console-search", Input).value, highlighted, quiet=True)

    def search(self, text: str, select: int = 0, quiet: bool = False) -> None:
        """Establishments, then accounts, matching `text`; a username no account has, last."""
        try:
            schools = find_establishments(self.database, self.actor, text)
            accounts = find_accounts(self.database, self.actor, text, now=screen_clock(self))
        except (PermissionDenied, StoreError) as error:
            self.report(str(error), True)
            return
        hits = [Hit(establishment=school) for school in schools]
        hits += [Hit(account=summary) for summary in accounts]
        wanted = text.strip().lower()
        if wanted and not accounts:
            # Not a possible username: nobody can have tried to sign in with it.
            with contextlib.suppress(InvalidInput):
                hits.append(Hit(unknown=check_username(wanted)))
        self.show_hits(hits, select, quiet)

    def show_hits(self, hits: list[Hit], select: int = 0, quiet: bool = False) -> None:
        self.hits = hits
        results = self.query_one(ResultList)
        results.set_options([Option(hit.row()) for hit in hits])
        if hits:
            results.highlighted = min(select, len(hits) - 1)
        self.refresh_details()
        if quiet:
            return
        if hits:
            self.report(f"{len(hits)} found: Enter or ↓ goes to them, / searches again.")
        else:
            self.report("Nothing found: try part of a name, a username or a number.")

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

    def refresh_details(self) -> None:
        """Show the highlighted result as it is now (the clock matters: locks run out)."""
        if not self.is_attached:
            return
        hit, panel, now = self.current, self.query_one(AccountPanel), screen_clock(self)
        self.details = None
        try:
            if hit is None:
                panel.show(Text("Type part of a username, a name or an establishment number."))
            elif hit.account is not None:
                self.details = account_details(
                    self.database,
                    self.actor,
                    hit.account.username,
                    now=now,
                    settings=screen_settings(self),
                )
                panel.show(account_text(self.details))
            elif hit.establishment is not None:
                school = hit.establishment
                accounts = list_accounts(self.database, self.actor, school.id, now=now)
                archived = self.school_actions.archived_count(school)
                panel.show(establishment_text(school, accounts, archived))
            else:
                diagnosis = diagnose_username(self.database, self.actor, hit.unknown, now=now)
                panel.show(unknown_text(hit.unknown, diagnosis))
        except (PermissionDenied, StoreError) as error:
            panel.show(Text(str(error)))
        self.refresh_bindings()

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
        if action in ("archived", "upns"):
            hit = self.current
            return hit is not None and hit.establishment is not None
        return True

    def action_account(self, name: str) -> None:
        self.actions.start(name, self.target)

    def action_find(self) -> None:
        self.query_one("#console-search", Input).focus()

    def action_to_results(self) -> None:
        self.query_one(ResultList).focus()

    def action_refresh(self) -> None:
        self.refresh_details()
        self.report("Details read again.")

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
            self.search(created.number)
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


def open_support_console(screen: Screen[Any], database: Database, actor: Actor) -> None:
    """Open the console, or say politely that it is the support team's."""
    if actor.role is not Role.SUPPORT:
        screen.notify(
            "The support console is for the local authority's support team.", severity="warning"
        )
        return
    today = getattr(screen, "today", None)
    screen.app.push_screen(SupportConsoleScreen(database, actor, today))

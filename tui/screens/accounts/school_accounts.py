"""An establishment's users (its managers; support for any): list, add, reset, disable."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from store.accounts.accounts import AccountSummary, IssuedPassword, create_account, list_accounts
from store.accounts.settings import clock_time
from store.core.access import Actor, Role
from store.core.db import Database
from store.core.errors import InvalidInput, StoreError
from store.establishments.establishments import EstablishmentInfo
from tui.screens.accounts.account_actions import (
    AccountActions,
    AccountTarget,
    account_bindings,
    screen_settings,
)
from tui.screens.accounts.new_account import NewAccount, NewAccountDialog
from tui.screens.dialogs.choose import ChoiceList
from tui.screens.dialogs.shown_once import ShownOnceDialog
from tui.screens.latest_read import LatestRead
from tui.store_call import refusal_text, run_store_call, screen_clock
from tui.widgets.accounts.account_panel import fit, short_state
from tui.widgets.key_bar import KeyBar

HEADER = f"{'Username':<22} {'Role':<7} {'State':<22} Last sign-in"


def when(moment: datetime | None) -> str:
    return "never" if moment is None else moment.astimezone().strftime("%d/%m/%Y %H:%M")


def account_row(summary: AccountSummary) -> Text:
    return Text(
        f"{fit(summary.username, 22)} {summary.role.value:<7} "
        f"{fit(short_state(summary.state), 22)} {when(summary.last_success_at)}",
        no_wrap=True,
        overflow="ellipsis",
    )


class AccountList(ChoiceList):
    """Accounts one a line; Enter offers the actions on the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Actions", tooltip="Choose an action for this account"),
    ]


class SchoolAccountsScreen(Screen[None]):
    """The accounts of one establishment, and what a manager may do with them."""

    HELP_LEGEND = (
        "Enter lists the actions on the highlighted account. Each asks for your own password "
        "again and is recorded in the audit trail. A temporary password is shown once: give it "
        "to its owner in person or by phone; they choose their own at their first sign-in."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add user", id="accounts-add", tooltip="Add a user or a manager"),
        *account_bindings("password", "code", "disable", "role", "unlock", "authenticator"),
        Binding("f5", "reload", "Reload", show=False, id="accounts-reload"),
        Binding("escape", "leave", "Back", id="accounts-back"),
    ]
    DEFAULT_CSS = """
    SchoolAccountsScreen #accounts-header { height: 1; padding: 0 1; text-style: bold; }
    SchoolAccountsScreen #accounts-list { height: 1fr; padding: 0 1; }
    SchoolAccountsScreen #accounts-detail { height: 2; padding: 0 1; background: $panel; }
    SchoolAccountsScreen #accounts-status { height: auto; max-height: 3; padding: 0 1; }
    """

    def __init__(self, database: Database, actor: Actor, establishment: EstablishmentInfo) -> None:
        super().__init__()
        self.database = database
        self.actor = actor
        self.establishment = establishment
        self.accounts: list[AccountSummary] = []
        self.actions = AccountActions(
            self, database, actor, report=self.report, changed=self.reload
        )
        # The list is read in a worker thread: the screen opens at once, keys never wait.
        self.listing: LatestRead[list[AccountSummary]] = LatestRead(
            self,
            "accounts-list",
            self._listed,
            lambda error: self._not_listed(str(error)),
            lambda: self._not_listed(""),
        )
        self.loaded = False
        self.select: str | None = None
        self.reload_message = ""

    def compose(self) -> ComposeResult:
        yield Static(f"{self.establishment.title} · Users", id="cohort-bar", markup=False)
        yield Static(HEADER, id="accounts-header", markup=False)
        yield AccountList(id="accounts-list", compact=True)
        yield Static("", id="accounts-detail", markup=False)
        yield Static("", id="accounts-status", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.reload()
        self.show_detail()
        self.query_one(AccountList).focus()

    # --- the list -------------------------------------------------------------------------

    def reload(self, select: str | None = None, message: str = "") -> None:
        """Read the accounts again (keeping the highlight, or moving it to `select`).

        `message` is reported once they are shown.
        """
        self.select = select or self.select
        self.reload_message = message
        read = partial(
            list_accounts,
            self.database,
            self.actor,
            self.establishment.id,
            now=screen_clock(self),
        )
        self.listing.want(read)

    def _listed(self, accounts: list[AccountSummary]) -> None:
        if not self.is_attached:
            return
        chosen = self.select or (self.current.username if self.current else None)
        self.select = None
        self.accounts = accounts
        self.loaded = True
        options = self.query_one(AccountList)
        options.set_options(
            [Option(account_row(summary), id=summary.username) for summary in self.accounts]
        )
        if self.accounts:
            names = [summary.username for summary in self.accounts]
            options.highlighted = names.index(chosen) if chosen in names else 0
        self.show_detail()
        if self.reload_message:
            self.report(self.reload_message)
            self.reload_message = ""

    def _not_listed(self, why: str) -> None:
        """The accounts could not be read: `why` the store said, or "" when the app has
        already told the person what went wrong."""
        if not self.is_attached:
            return
        self.loaded = True
        self.select = None
        self.reload_message = ""
        self.accounts = []
        self.query_one(AccountList).clear_options()
        if why:
            self.report(why, True)
        self.show_detail()

    @property
    def current(self) -> AccountSummary | None:
        try:
            index = self.query_one(AccountList).highlighted
        except NoMatches:  # not composed yet, or closing
            return None
        return self.accounts[index] if index is not None and index < len(self.accounts) else None

    def show_detail(self) -> None:
        summary = self.current
        detail = self.query_one("#accounts-detail", Static)
        if not self.loaded:
            detail.update("Reading the accounts…")
        elif summary is None:
            detail.update("No accounts here yet: press a to add a user.")
        else:
            last = "never signed in"
            if summary.last_success_at is not None:
                source = summary.last_success_source or "an unknown address"
                last = f"last sign-in {clock_time(summary.last_success_at)} from {source}"
            name = summary.display_name or "no name given"
            detail.update(
                Text(
                    f"{summary.username} ({name}) · {summary.role.value} · {summary.state} · {last}"
                )
            )
        self.refresh_bindings()

    @on(OptionList.OptionHighlighted, "#accounts-list")
    def _highlighted(self) -> None:
        self.show_detail()

    @on(OptionList.OptionSelected, "#accounts-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.actions.menu(self.target)

    @property
    def target(self) -> AccountTarget | None:
        summary = self.current
        return AccountTarget.of(summary) if summary is not None else None

    def report(self, message: str, refused: bool = False) -> None:
        for status in self.query("#accounts-status").results(Static):
            status.update(Text(message))
        if refused:
            self.notify(message, severity="warning")

    # --- keys -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "account":
            return str(parameters[0]) in self.actions.allowed(self.target)
        if action == "add":
            return self.actor.role is not Role.USER
        return True

    def action_account(self, name: str) -> None:
        self.actions.start(name, self.target)

    def action_reload(self) -> None:
        self.reload(message="Reloaded.")

    def action_add(
        self, values: NewAccount | None = None, problem: str = "", field: str | None = None
    ) -> None:
        def submitted(new: NewAccount | None) -> None:
            if new is not None:
                self._create(new)

        self.app.push_screen(
            NewAccountDialog(self.establishment.title, values, problem, field), submitted
        )

    def _create(self, new: NewAccount) -> None:
        db, actor, establishment_id = self.database, self.actor, self.establishment.id
        now, settings = screen_clock(self), screen_settings(self)
        self.report(f"Adding {new.username}…")

        def create() -> IssuedPassword:
            return create_account(
                db,
                actor,
                username=new.username,
                role=new.role,
                establishment_id=establishment_id,
                now=now,
                display_name=new.display_name,
                settings=settings,
            )

        def done(issued: IssuedPassword) -> None:
            who = issued.account.username
            self.reload(select=who)
            self.report(f"Added {who} ({issued.account.role.value}).")
            expires = clock_time(issued.expires_at) if issued.expires_at else "in 72 hours"
            self.app.push_screen(
                ShownOnceDialog(
                    f"Temporary password for {who}",
                    issued.temporary_password,
                    f"Give it to {who} in person or by phone. It expires at {expires}; they "
                    "choose their own password and get a security code at their first sign-in. "
                    "It will not be shown again.",
                )
            )

        def refused(error: StoreError) -> None:
            if isinstance(error, InvalidInput):
                self.report("")
                self.action_add(new, str(error), error.field)
            else:
                self.report(refusal_text(error), True)

        run_store_call(self, create, done, refused, failed=lambda: self.report(""))

    def action_leave(self) -> None:
        self.dismiss(None)


def open_school_accounts(
    screen: Screen[Any], database: Database, actor: Actor, establishment: EstablishmentInfo
) -> None:
    """Open the Users screen, or say politely why this person may not."""
    if actor.role is Role.USER:
        screen.notify(
            "Only a manager or the support team can manage the establishment's users.",
            severity="warning",
        )
        return
    screen.app.push_screen(SchoolAccountsScreen(database, actor, establishment))

"""The form for a new school account: username, role (user or manager) and an optional name."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.widgets import Input, Label

from store.access import Role
from store.accounts import check_username
from store.errors import InvalidInput
from tui.screens.dialogs.forms import FormDialog

ROLE_WORDS = {"user": Role.USER, "u": Role.USER, "manager": Role.MANAGER, "m": Role.MANAGER}


@dataclass(frozen=True)
class NewAccount:
    """What the form collected; the store creates the account (and may still refuse it)."""

    username: str
    role: Role
    display_name: str = ""


class NewAccountDialog(FormDialog[NewAccount]):
    """Checks the username's shape and the role here; the store checks the rest.

    Reopened with `problem` and the values typed when the store refuses (a taken username).
    """

    def __init__(
        self, establishment_title: str, values: NewAccount | None = None, problem: str = ""
    ) -> None:
        super().__init__(f"New user of {establishment_title}")
        self.values = values
        self.problem = problem

    def fields(self) -> ComposeResult:
        values = self.values
        yield Label("Username (e.g. j.smith or j.smith@school.org.uk)")
        yield Input(values.username if values else "", max_length=60, id="account-username")
        yield Label("Role: user (enters data) or manager (also manages users)")
        yield Input(values.role.value if values else "user", max_length=10, id="account-role")
        yield Label("Name (optional)")
        yield Input(values.display_name if values else "", max_length=120, id="account-name")

    def on_mount(self) -> None:
        if self.problem:
            self.query_one("#form-error", Label).update(self.problem)

    def build(self) -> NewAccount:
        username = check_username(self.query_one("#account-username", Input).value)
        word = self.query_one("#account-role", Input).value.strip().lower()
        if word not in ROLE_WORDS:
            raise InvalidInput("The role is user or manager.")
        name = self.query_one("#account-name", Input).value
        return NewAccount(username, ROLE_WORDS[word], " ".join(name.split()))

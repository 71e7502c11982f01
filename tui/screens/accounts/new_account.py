"""The form for a new school account: username, role (user or manager) and an optional name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.widgets import Label

from store.accounts.accounts import MAX_DISPLAY_NAME, check_username
from store.accounts.lockout import MAX_USERNAME
from store.core.access import Role
from store.core.typed_text import one_line
from tui.screens.dialogs.choose import Choice, ChooseDialog
from tui.screens.dialogs.forms import FormDialog
from tui.widgets.choice_field import ChoiceField
from tui.widgets.text_field import TextField


def school_role_choices() -> list[Choice[Role]]:
    """The roles a school account can have, as "add user" and "change role" both offer them."""
    return [
        Choice(Role.USER, "user", "enters and reads the establishment's data"),
        Choice(Role.MANAGER, "manager", "also manages its users, profile and class names"),
    ]


@dataclass(frozen=True)
class NewAccount:
    """What the form collected; the store creates the account (and may still refuse it)."""

    username: str
    role: Role
    display_name: str = ""


class NewAccountDialog(FormDialog[NewAccount]):
    """Checks the username's shape here; the role is chosen from a list; the store checks the rest.

    Reopened with `problem` (and the field it is about) and the values typed when the store
    refuses, e.g. a taken username.
    """

    FIELD_IDS: ClassVar[dict[str, str]] = {
        "username": "account-username",
        "role": "account-role",
        "display_name": "account-name",
    }
    HINT: ClassVar[str] = "On Role: Enter chooses, u user, m manager · F2 saves · Esc cancels"

    def __init__(
        self,
        establishment_title: str,
        values: NewAccount | None = None,
        problem: str = "",
        problem_field: str | None = None,
    ) -> None:
        super().__init__(f"New user of {establishment_title}")
        self.values = values
        self.problem = problem
        self.problem_field = problem_field
        self.role = values.role if values else Role.USER

    def fields(self) -> ComposeResult:
        values = self.values
        yield Label("Username (e.g. j.smith or j.smith@school.org.uk)")
        yield TextField(
            values.username if values else "",
            max_length=MAX_USERNAME,
            what="A username",
            id="account-username",
        )
        yield ChoiceField(
            "Role",
            self.role.value,
            kind="role",
            id="account-role",
        )
        yield Label(f"Name (optional, at most {MAX_DISPLAY_NAME} characters)")
        yield TextField(
            values.display_name if values else "",
            max_length=MAX_DISPLAY_NAME,
            what="A name",
            id="account-name",
        )

    def on_mount(self) -> None:
        if self.problem:
            self.show_problem(self.problem, self.FIELD_IDS.get(self.problem_field or ""))

    def _set_role(self, role: Role) -> None:
        self.role = role
        self.query_one("#account-role", ChoiceField).set_value(role.value)
        self.query_one("#account-name", TextField).focus()

    @on(ChoiceField.Pressed, "#account-role")
    def _choose_role(self) -> None:
        choices = school_role_choices()
        current = [choice.value for choice in choices].index(self.role)

        def chosen(choice: Choice[Role] | None) -> None:
            if choice is not None:
                self._set_role(choice.value)

        self.app.push_screen(ChooseDialog("Role", choices, selected=current), chosen)

    @on(ChoiceField.Typed, "#account-role")
    def _typed_on_role(self, event: ChoiceField.Typed) -> None:
        for choice in school_role_choices():
            if choice.key.startswith(event.character.casefold()):
                self._set_role(choice.value)
                return
        self.show_problem(event.field.hint("u or m"))

    def build(self) -> NewAccount:
        username = check_username(self.query_one("#account-username", TextField).value)
        name = self.query_one("#account-name", TextField).value
        return NewAccount(username, self.role, one_line(name))

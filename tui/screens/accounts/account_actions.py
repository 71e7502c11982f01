"""Actions on one account, shared by the school's Users screen and the support console.

Each action asks for the actor's own password (PasswordDialog), runs the store call in a worker
thread (StatusActions.run: argon2 takes a moment; keys must not wait), says plainly when the
store refuses, and shows a new temporary password or a reset security code once, in a dialog
that stays until dismissed. The store decides what is allowed; `allowed` only hides keys that
would certainly be refused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.binding import Binding
from textual.screen import Screen

from store.accounts.accounts import SCHOOL_ROLES, AccountSummary, IssuedPassword, normalise_username
from store.accounts.actions import (
    change_role,
    end_session_of,
    issue_temporary_password,
    reset_authenticator,
    reset_security_code,
    set_disabled,
    unlock_account,
)
from store.accounts.settings import DEFAULT_SETTINGS, SecuritySettings, clock_time
from store.core.access import Role
from tui.screens.accounts.new_account import school_role_choices
from tui.screens.dialogs.choose import Choice, ChooseDialog
from tui.screens.dialogs.password import PasswordDialog
from tui.screens.dialogs.shown_once import ShownOnceDialog
from tui.screens.status_actions import CANCELLED, CHECKING, StatusActions
from tui.store_call import screen_clock


@dataclass(frozen=True)
class AccountTarget:
    """The account an action is for, as the screen knows it."""

    username: str
    role: Role
    disabled: bool
    session_id: int | None = None  # a live session that can be ended
    session_source: str = ""

    @classmethod
    def of(
        cls, summary: AccountSummary, session_id: int | None = None, session_source: str = ""
    ) -> AccountTarget:
        return cls(
            summary.username,
            summary.role,
            summary.state == "disabled",
            session_id,
            session_source,
        )


@dataclass(frozen=True)
class ActionSpec:
    """One action: its key, its short label (key bar) and what it does (F1 help, menu)."""

    id: str
    key: str
    label: str
    tooltip: str


ACTIONS = {
    spec.id: spec
    for spec in (
        ActionSpec("password", "p", "Password", "New temporary password (their sessions end)"),
        ActionSpec("code", "c", "Code", "Reset the security code (new one at next sign-in)"),
        ActionSpec("unlock", "u", "Unlock", "Lift a lock and forget the failed sign-ins"),
        ActionSpec("session", "e", "End session", "End their live session"),
        ActionSpec("disable", "x", "Disable", "Disable the account, or enable it again"),
        ActionSpec("role", "r", "Role", "Make them a user or a manager (their sessions end)"),
        ActionSpec(
            "authenticator", "t", "Authenticator", "Reset a support account's authenticator"
        ),
    )
}


def account_bindings(*action_ids: str) -> list[Binding]:
    """The screen bindings for these actions: `account('<id>')`, shown in the key bar."""
    return [
        Binding(
            ACTIONS[name].key,
            f"account('{name}')",
            ACTIONS[name].label,
            id=f"account-{name}",
            tooltip=ACTIONS[name].tooltip,
        )
        for name in action_ids
    ]


def screen_settings(screen: Screen[Any]) -> SecuritySettings:
    """The app's sign-in and session limits (temporary password lifetime, idle limits)."""
    settings = getattr(screen.app, "settings", None)
    return settings if isinstance(settings, SecuritySettings) else DEFAULT_SETTINGS


class AccountActions(StatusActions):
    """The account actions for one screen: which apply, and running one from start to finish."""

    def allowed(self, target: AccountTarget | None) -> list[str]:
        """The actions the actor may take on `target`, in menu order."""
        actor = self.actor
        if target is None or actor.role is Role.USER:
            return []
        if target.username == normalise_username(actor.username):
            return []  # one's own password and code are changed elsewhere, with the current one
        support = actor.role is Role.SUPPORT
        if not support and target.role is Role.SUPPORT:
            return []
        names = ["password", "code"]
        if support and target.role is Role.SUPPORT:
            names.append("authenticator")
        if support:
            names.append("unlock")
        if target.session_id is not None:
            names.append("session")
        names.append("disable")
        if target.role in SCHOOL_ROLES:
            names.append("role")
        return names

    def why_not(self, target: AccountTarget | None) -> str:
        """Why no action (or not this one) applies to `target`."""
        if target is None:
            return "Choose an account first."
        if self.actor.role is Role.USER:
            return "Only an account manager or the support team can manage accounts."
        if target.username == normalise_username(self.actor.username):
            return (
                "You cannot change your own account here: ask a colleague or the support team "
                "(your own password and code are changed at sign-in)."
            )
        return f"That does not apply to {target.username}."

    # --- choosing -------------------------------------------------------------------------

    def menu(self, target: AccountTarget | None) -> None:
        """Offer every allowed action on `target` in a list; the chosen one starts."""
        names = self.allowed(target)
        if target is None or not names:
            self.report(self.why_not(target), True)
            return
        choices = [Choice(name, ACTIONS[name].key, self.describe(name, target)) for name in names]

        def chosen(choice: Choice[str] | None) -> None:
            if choice is not None:
                self.start(choice.value, target)

        self.screen.app.push_screen(ChooseDialog(f"Actions on {target.username}", choices), chosen)

    def describe(self, name: str, target: AccountTarget) -> str:
        if name == "disable":
            return "Enable the account again" if target.disabled else "Disable the account"
        if name == "session" and target.session_source:
            return f"End their session from {target.session_source}"
        return ACTIONS[name].tooltip

    def start(self, name: str, target: AccountTarget | None) -> None:
        """Run action `name` on `target`: choose a role if needed, then the password, then it."""
        if self.busy:
            self.report("Still working on the last action: wait a moment.", True)
            return
        if target is None or name not in self.allowed(target):
            self.report(self.why_not(target), True)
            return
        if name != "role":
            self._ask_password(name, target, None)
            return
        choices = school_role_choices()
        current = 1 if target.role is Role.MANAGER else 0

        def chosen(choice: Choice[Role] | None) -> None:
            if choice is None:
                return
            if choice.value is target.role:
                self.report(f"{target.username} is already a {target.role.value}.", False)
                return
            self._ask_password(name, target, choice.value)

        title = f"Role for {target.username}"
        self.screen.app.push_screen(ChooseDialog(title, choices, selected=current), chosen)

    # --- confirming and running -----------------------------------------------------------

    def _question(self, name: str, target: AccountTarget, role: Role | None) -> str:
        who = target.username
        questions = {
            "password": f"Issue a new temporary password for {who}? All their sessions end.",
            "code": f"Reset {who}'s security code? A new one is shown at their next sign-in.",
            "authenticator": f"Reset {who}'s authenticator? They enrol one at their next sign-in.",
            "unlock": f"Unlock {who} and forget their failed sign-ins?",
            "session": f"End {who}'s session{self._from(target)}?",
            "disable": (
                f"Enable {who} again?"
                if target.disabled
                else f"Disable {who}? Their sessions end and they cannot sign in."
            ),
            "role": f"Make {who} a {role.value if role else ''}? Their sessions end.",
        }
        return questions[name]

    @staticmethod
    def _from(target: AccountTarget) -> str:
        return f" from {target.session_source}" if target.session_source else ""

    def _ask_password(self, name: str, target: AccountTarget, role: Role | None) -> None:
        def answered(password: str | None) -> None:
            if password is None:
                self.report(CANCELLED, False)
                return
            self._run(name, target, role, password)

        self.screen.app.push_screen(PasswordDialog(self._question(name, target, role)), answered)

    def _call(
        self, name: str, target: AccountTarget, role: Role | None, password: str
    ) -> Callable[[], object]:
        db, actor, who = self.database, self.actor, target.username
        now, settings = screen_clock(self.screen), screen_settings(self.screen)
        calls: dict[str, Callable[[], object]] = {
            "password": lambda: issue_temporary_password(
                db, actor, password, who, now=now, settings=settings
            ),
            "code": lambda: reset_security_code(db, actor, password, who, now=now),
            "authenticator": lambda: reset_authenticator(db, actor, password, who, now=now),
            "unlock": lambda: unlock_account(db, actor, password, who, now=now),
            "session": lambda: end_session_of(db, actor, password, target.session_id or 0, now=now),
            "disable": lambda: set_disabled(db, actor, password, who, not target.disabled, now=now),
            "role": lambda: change_role(db, actor, password, who, role or Role.USER, now=now),
        }
        return calls[name]

    def _run(self, name: str, target: AccountTarget, role: Role | None, password: str) -> None:
        self.report(CHECKING, False)

        def done(result: object) -> None:
            self.changed()  # first, so the result's message is the last word
            self._succeeded(name, target, role, result)

        self.run(self._call(name, target, role, password), done)

    def _succeeded(
        self, name: str, target: AccountTarget, role: Role | None, result: object
    ) -> None:
        who = target.username
        if isinstance(result, IssuedPassword):
            expires = clock_time(result.expires_at) if result.expires_at else "in 72 hours"
            self.report(f"{who} has a new temporary password; their sessions have ended.", False)
            self.screen.app.push_screen(
                ShownOnceDialog(
                    f"New temporary password for {who}",
                    result.temporary_password,
                    f"Give it to {who} in person or by phone. It expires at {expires}; they "
                    "choose their own at their first sign-in. It is not kept anywhere and will "
                    "not be shown again.",
                )
            )
            return
        if name == "code":
            self.report(f"{who}'s security code is reset.", False)
            self.screen.app.push_screen(
                ShownOnceDialog(
                    f"Security code reset for {who}",
                    "Their old security code no longer works.",
                    "At their next sign-in, after their password, a new five-digit code is shown "
                    "to them once: they should write it down somewhere safe.",
                )
            )
            return
        messages = {
            "authenticator": f"{who} enrols a new authenticator at their next sign-in.",
            "unlock": (
                f"{who} is unlocked and can sign in now."
                if result
                else f"{who} was not locked; their failed sign-ins are forgotten."
            ),
            "session": f"{who}'s session{self._from(target)} has ended.",
            "disable": f"{who} is enabled again."
            if target.disabled
            else f"{who} is disabled; their sessions have ended.",
            "role": f"{who} is now a {role.value if role else ''}; their sessions have ended.",
        }
        self.report(messages[name], False)

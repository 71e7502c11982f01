"""What each step of signing in shows: its explanations and its fields, wrapped to the screen."""

from __future__ import annotations

from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from store.accounts.settings import clock_time
from store.accounts.sign_in_steps import (
    NeedsPasswordChange,
    NeedsSecurityCode,
    NeedsTotp,
    NeedsTotpEnrolment,
    SessionConflict,
    ShowSecurityCode,
)
from store.accounts.totp import grouped

CODE_SHOWN_ONCE = (
    "Write it down and keep it safe: it will not be shown again. Each time you sign in you "
    "will be asked for two of its digits."
)

Step = (
    NeedsSecurityCode
    | NeedsTotp
    | NeedsPasswordChange
    | ShowSecurityCode
    | NeedsTotpEnrolment
    | SessionConflict
    | None
)


def step_widgets(step: Step, username: str) -> list[Widget]:
    """The widgets of `step` (None: username and password, `username` already typed)."""
    digits = r"[0-9]*"
    if step is None:
        return [
            Label("Username"),
            _field(username, max_length=80, id="username"),
            Label("Password"),
            _field(password=True, max_length=200, id="password"),
        ]
    if isinstance(step, NeedsSecurityCode):
        return [
            Label(step.prompt, markup=False),
            _field(max_length=2, restrict=digits, id="code-digits"),
        ]
    if isinstance(step, NeedsTotp):
        return [
            Label("Enter the 6-digit code your authenticator app shows now."),
            _field(max_length=6, restrict=digits, id="totp"),
        ]
    if isinstance(step, NeedsPasswordChange):
        return [
            Label("Your password is temporary: choose a new one."),
            Label("New password"),
            _field(password=True, max_length=200, id="new-password"),
            Label("The new password again"),
            _field(password=True, max_length=200, id="repeat-password"),
        ]
    if isinstance(step, ShowSecurityCode):
        return [
            Label("Your security code is:"),
            Static(step.code, id="security-code", markup=False),
            Label(CODE_SHOWN_ONCE, id="code-shown-once", markup=False),
            Label("Press Enter to continue."),
        ]
    if isinstance(step, NeedsTotpEnrolment):
        return _enrolment(step, digits)
    since = clock_time(step.started_at)
    return [
        Label(
            f"You are signed in elsewhere (from {step.source} since {since}). "
            "End that session and continue? y/n",
            id="session-conflict",
            markup=False,
        )
    ]


def _enrolment(step: NeedsTotpEnrolment, digits: str) -> list[Widget]:
    """The code to scan beside the key to type and the field, the link on one line below.

    At 80x24 the code (19 lines, 37 columns) and the 70-character link fit with the title and
    a two-line message; the key is in groups of four, on two lines, as apps take it typed.
    """
    from tui.widgets.accounts.qr_code import QrCode  # segno loads on this step only

    groups = grouped(step.secret).split(" ")
    key = " ".join(groups[:4]) + "\n" + " ".join(groups[4:])
    return [
        Horizontal(
            Vertical(
                Label(
                    "Add this account to your authenticator app: scan the code, or type this key:"
                ),
                Static(key, id="totp-secret", markup=False),
                Label("Then enter the 6-digit code it shows."),
                _field(max_length=6, restrict=digits, id="totp"),
                id="totp-words",
            ),
            QrCode(step.uri, id="totp-qr"),
            id="totp-enrolment",
        ),
        Static(step.uri, id="totp-uri", classes="muted", markup=False),
    ]


def _field(
    value: str = "",
    *,
    id: str,
    max_length: int,
    password: bool = False,
    restrict: str | None = None,
) -> Input:
    # take_key moves the focus before the field hears of it: selecting its text on focus
    # would select what was typed since, and the next key would replace it.
    return Input(
        value,
        password=password,
        max_length=max_length,
        restrict=restrict,
        id=id,
        select_on_focus=False,
    )

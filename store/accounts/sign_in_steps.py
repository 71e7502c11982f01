"""What each step of sign-in answers: the screen shows the step it is given and calls the next.

Every answer but Refused and SignedIn carries a `ticket`, the sign-in so far, which the screen
passes back unchanged to the next call in store.accounts.sign_in. A Refused answer ends the
attempt: the
screen asks for the username and password again, after `delay_seconds`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from store.core.access import Actor

START_AGAIN = "Sign-in took too long, or the account was changed meanwhile: please start again."
CODE_FAILED = "Sign-in failed: those are not the right digits of your security code."
TOTP_FAILED = "Sign-in failed: that is not the code your authenticator app shows."
DISABLED = "This account is disabled: ask your school's account manager or the support team."
TEMPORARY_EXPIRED = (
    "Your temporary password has expired: ask your school's account manager or the support "
    "team for a new one."
)
ENROLMENT_MISMATCH = (
    "That code does not match: check the time on the phone is right, and type the code shown now."
)


@dataclass(frozen=True)
class SignInTicket:
    """A sign-in part done: which checks have passed. Opaque to screens; never stored."""

    account_id: int
    username: str
    source: str
    started_at: datetime
    # The hash the password was checked against: if it changes mid-way (a reset), start again.
    password_hash: str = field(repr=False)
    code_checked: bool = False
    totp_checked: bool = False
    # A new authenticator secret shown for enrolment, kept here until a code from it proves it.
    pending_totp_secret: bytes | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Refused:
    """Sign-in refused; `delay_seconds` to wait before the next try, `locked_until` if locked."""

    message: str
    delay_seconds: int = 0
    locked_until: datetime | None = None


@dataclass(frozen=True)
class NeedsSecurityCode:
    """Ask for the digits of the security code at `positions` (1-based, e.g. (2, 5))."""

    ticket: SignInTicket
    positions: tuple[int, int]

    @property
    def prompt(self) -> str:
        first, second = (_ordinal(position) for position in self.positions)
        return f"Enter the {first} and {second} digits of your security code."


@dataclass(frozen=True)
class NeedsTotp:
    """Ask for the 6-digit code from the authenticator app (support accounts)."""

    ticket: SignInTicket


@dataclass(frozen=True)
class NeedsPasswordChange:
    """The password is temporary: ask for a new one (twice), then call choose_new_password.

    `problem` says why the last one offered was refused, if it was.
    """

    ticket: SignInTicket
    problem: str | None = None


@dataclass(frozen=True)
class ShowSecurityCode:
    """First sign-in (or after a reset): show this code once, then call continue_sign_in."""

    ticket: SignInTicket
    code: str = field(repr=False)


@dataclass(frozen=True)
class NeedsTotpEnrolment:
    """A support account without an authenticator: show the secret, then ask for a code from it.

    `problem` says why the last code did not prove the enrolment, if it did not.
    """

    ticket: SignInTicket
    secret: str = field(repr=False)  # base32, as typed into an authenticator app
    uri: str = field(repr=False)  # otpauth:// for a QR code
    problem: str | None = None


@dataclass(frozen=True)
class SessionConflict:
    """Fully authenticated, but another session of this account is live.

    Ask "End it and sign in here?": yes calls end_other_session, no abandons the ticket.
    """

    ticket: SignInTicket
    source: str
    started_at: datetime
    last_activity: datetime


@dataclass(frozen=True)
class SignedIn:
    """Done: the app acts as `actor` in session `session_id` until it ends."""

    actor: Actor
    session_id: int
    account_id: int
    previous_success_at: datetime | None = None
    previous_success_source: str | None = None
    failures_since_previous: int = 0
    # Earlier sessions of this account whose app had stopped, ended by this sign-in: what to say.
    stopped_sessions: tuple[str, ...] = ()


SignInStep = (
    Refused
    | NeedsSecurityCode
    | NeedsTotp
    | NeedsPasswordChange
    | ShowSecurityCode
    | NeedsTotpEnrolment
    | SessionConflict
    | SignedIn
)


def _ordinal(number: int) -> str:
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(number, f"{number}th")

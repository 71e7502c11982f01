"""The limits of sign-in and sessions in one place, so tests and deployments can change them."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from store.core.errors import InvalidInput

Clock = Callable[[], datetime]
ENV_IDLE_MINUTES = "PUPIL_TRACKER_IDLE_MINUTES"
ENV_WARNING_MINUTES = "PUPIL_TRACKER_IDLE_WARNING_MINUTES"


def utc_now() -> datetime:
    """The real clock; every time-dependent store function takes `now` so tests can pass theirs."""
    return datetime.now(timezone.utc)


def require_aware(now: datetime) -> datetime:
    """`now` in UTC; a naive datetime is refused, as it would compare wrongly with stored times."""
    if now.tzinfo is None:
        raise ValueError("Pass an aware datetime (UTC), e.g. datetime.now(timezone.utc).")
    return now.astimezone(timezone.utc)


def clock_time(moment: datetime) -> str:
    """A time for a message, in the server's own zone: "14:35 on 24/11/2025"."""
    return moment.astimezone().strftime("%H:%M on %d/%m/%Y")


@dataclass(frozen=True)
class SecuritySettings:
    """Limits of sign-in and sessions; the defaults are the service's policy.

    Attributes:
        key_file: The key that encrypts security codes; None means $PUPIL_TRACKER_KEY_FILE or a
            file in the user config folder (see store.accounts.secret_box).
        idle_limit: Signed out after this long without a key press.
        idle_warning: Warned ("Stay signed in" / "Sign out") after this long without one.
        absolute_limit: No session lasts longer than this, however busy.
        heartbeat_interval: How often the running app tells the database it is alive.
        heartbeat_grace: How late a heartbeat may be (two intervals) before the session counts
            as over: its app was killed or its connection dropped, and the next sign-in ends it
            without asking. So a person back within a minute of a crash is not asked about it.
        temporary_password_lifetime: A temporary password stops working after this.
        sign_in_step_limit: A sign-in left half-done for longer than this starts again.
    """

    key_file: Path | None = None
    idle_limit: timedelta = timedelta(minutes=60)
    idle_warning: timedelta = timedelta(minutes=55)
    absolute_limit: timedelta = timedelta(hours=12)
    heartbeat_interval: timedelta = timedelta(seconds=20)
    heartbeat_grace: timedelta = timedelta(seconds=40)
    temporary_password_lifetime: timedelta = timedelta(hours=72)
    sign_in_step_limit: timedelta = timedelta(minutes=10)

    def __post_init__(self) -> None:
        if not timedelta(0) < self.idle_warning < self.idle_limit:
            raise InvalidInput("The idle warning must come before the idle sign-out.")

    @property
    def dead_after(self) -> timedelta:
        """A session whose last heartbeat is older than this has lost its app."""
        return self.heartbeat_interval + self.heartbeat_grace

    @classmethod
    def from_environ(
        cls, environ: Mapping[str, str] | None = None, key_file: Path | None = None
    ) -> SecuritySettings:
        """The defaults, with the idle limits from the environment when they are set there."""
        env = os.environ if environ is None else environ
        idle = _minutes(env, ENV_IDLE_MINUTES, 60)
        warning = _minutes(env, ENV_WARNING_MINUTES, max(1, idle - 5))
        return cls(
            key_file=key_file,
            idle_limit=timedelta(minutes=idle),
            idle_warning=timedelta(minutes=warning),
        )


def _minutes(env: Mapping[str, str], name: str, default: int) -> int:
    text = env.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or int(text) < 1:
        raise InvalidInput(f"{name} must be a whole number of minutes, not {text!r}.")
    return int(text)


DEFAULT_SETTINGS = SecuritySettings()

"""When something goes wrong: a refusal is its sentence on screen; anything unexpected is logged
for the support team, the person reads one sentence, and the app goes on.

Every message a screen or widget handles passes through `MessagePump._dispatch_message`, so one
guard there catches what a key, a dialog's answer or a worker's result raised, whatever the screen
forgot to catch. Textual's own default ends the app with a traceback.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import sys
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Protocol

import platformdirs
from sqlalchemy.exc import SQLAlchemyError
from textual import events
from textual.message import Message
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.worker import WorkerFailed

from store.core.db import APP_NAME, DatabaseUnavailable
from store.core.errors import StoreError

LOG_DIR_ENV = "PUPIL_TRACKER_LOG_DIR"
# Tests set this so that an unexpected error still fails them (after it is logged).
STRICT_ENV = "PUPIL_TRACKER_STRICT_ERRORS"
LOG_NAME = "errors.log"
# One log file of about this size, and the one before it.
LOG_LIMIT_BYTES = 2_000_000

DATABASE_TROUBLE = (
    "The database could not be reached or written ({reason}): nothing was saved. Try again; "
    "if it goes on, tell the support team (reference {reference})."
)
UNEXPECTED = (
    "Something went wrong and that was not done. It is recorded for the support team "
    "(reference {reference}); you can carry on."
)


@dataclass(frozen=True)
class Trouble:
    """What to tell the person about an error, and whether it was logged as unexpected."""

    sentence: str
    reference: str | None = None

    @property
    def unexpected(self) -> bool:
        return self.reference is not None


class Reporter(Protocol):
    """What the app offers the guard: who is at the keys, and a way to tell them."""

    def report_trouble(self, error: BaseException, where: str) -> Trouble: ...


def log_directory() -> Path:
    """$PUPIL_TRACKER_LOG_DIR, else the user's log folder (~/.local/state/pupil-tracker/log)."""
    chosen = os.environ.get(LOG_DIR_ENV)
    return Path(chosen) if chosen else Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def log_path() -> Path:
    return log_directory() / LOG_NAME


def new_reference(now: datetime) -> str:
    """A short reference a person can read out to support: E-1206-0935-7f3a."""
    return f"E-{now:%m%d-%H%M}-{secrets.token_hex(2)}"


def write_log_entry(error: BaseException, context: dict[str, str]) -> str:
    """Append `error` with its traceback and context to the error log; return its reference.

    The folder is 0700 and the file 0600: a traceback can quote pupils' data. Logging never
    raises: if the log cannot be written, the entry goes to stderr's place in the terminal
    log instead and the reference still stands.
    """
    now = datetime.now(timezone.utc)
    reference = new_reference(now)
    lines = [f"=== {reference} at {now:%Y-%m-%d %H:%M:%S} UTC"]
    lines += [f"{key}: {value}" for key, value in context.items()]
    lines += traceback.format_exception(type(error), error, error.__traceback__)
    entry = "\n".join(line.rstrip("\n") for line in lines) + "\n\n"
    try:
        folder = log_directory()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = folder / LOG_NAME
        _rotate(path)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(descriptor, "a", encoding="utf-8", errors="replace") as log:
            log.write(entry)
    except OSError:
        pass  # nowhere to write it: the person still gets the sentence and the reference
    return reference


def _rotate(path: Path) -> None:
    try:
        if path.stat().st_size > LOG_LIMIT_BYTES:
            path.replace(path.with_name(LOG_NAME + ".1"))
    except FileNotFoundError:
        pass


def first_line(error: BaseException) -> str:
    original = getattr(error, "orig", None)
    text = str(original or error).strip()
    return text.splitlines()[0][:200] if text else type(error).__name__


def unwrap(error: BaseException) -> BaseException:
    """The error a failed worker raised, rather than Textual's wrapper around it."""
    if isinstance(error, WorkerFailed) and isinstance(error.error, BaseException):
        return error.error
    return error


def trouble_for(error: BaseException, context: dict[str, str]) -> Trouble:
    """The sentence for `error`; the database's and unexpected errors are logged first."""
    error = unwrap(error)
    if isinstance(error, StoreError):
        return Trouble(str(error))
    if isinstance(error, DatabaseUnavailable):
        return Trouble(str(error))
    reference = write_log_entry(error, context)
    if isinstance(error, SQLAlchemyError):
        return Trouble(DATABASE_TROUBLE.format(reason=first_line(error), reference=reference))
    return Trouble(UNEXPECTED.format(reference=reference), reference)


def strict() -> bool:
    return os.environ.get(STRICT_ENV, "") not in ("", "0")


_original_dispatch: Callable[[MessagePump, Message], Awaitable[None]] | None = None


def install_guard() -> None:
    """Route every error a message handler raises in a Reporter app to that app (idempotent)."""
    global _original_dispatch
    if _original_dispatch is not None:
        return
    original = MessagePump._dispatch_message
    _original_dispatch = original

    async def guarded(self: MessagePump, message: Message) -> None:
        try:
            await original(self, message)
        except asyncio.CancelledError:
            raise
        except Exception as error:
            app: Any = getattr(self, "app", None) if _has_app(self) else None
            report = getattr(app, "report_trouble", None)
            if report is None:
                raise
            trouble: Trouble = report(error, _where(self, message))
            if trouble.unexpected and strict():
                raise
            if isinstance(message, (events.Compose, events.Mount)) and isinstance(self, Screen):
                # A screen that could not be built or filled in is not left half-shown.
                _leave(self)

    MessagePump._dispatch_message = guarded  # type: ignore[method-assign]


def _has_app(pump: MessagePump) -> bool:
    try:
        pump.app  # noqa: B018  (raises NoActiveAppError outside an app)
    except Exception:
        return False
    return True


def _where(pump: MessagePump, message: Message) -> str:
    screen = pump if isinstance(pump, Screen) else getattr(pump, "screen", None)
    return f"{type(screen).__name__ if screen else '-'} / {type(pump).__name__} / {message!r}"


def _leave(screen: Screen[Any]) -> None:
    app = screen.app
    if len(app.screen_stack) > 1 and app.screen_stack[-1] is screen:
        app.call_later(app.pop_screen)


def fatal_sentence(reference: str) -> str:
    return (
        f"Pupil Tracker had to stop after an unexpected error (reference {reference}). "
        f"Nothing you saved is lost. The details are in {log_path()} for the support team."
    )


def print_to_stderr(text: str) -> None:
    print(text, file=sys.stderr)

"""Errors the store raises for a person to read: each message says what is wrong and what to do."""

from __future__ import annotations


class StoreError(Exception):
    """A refused request; str(error) is a sentence fit for the status line.

    The one root of every refusal the store gives: a screen that catches StoreError shows the
    sentence and carries on; anything else is unexpected and is logged for the support team.
    """


class PermissionDenied(StoreError):
    """The acting account may not do this; the message says what and why."""


class SessionEnded(PermissionDenied):
    """The acting session has ended (signed in elsewhere, ended by support, timed out).

    Nothing was saved; `session_id` is the session that ended and `reason` its end reason.
    """

    def __init__(self, message: str, session_id: int, reason: str | None = None) -> None:
        super().__init__(message)
        self.session_id = session_id
        self.reason = reason


class InvalidInput(StoreError, ValueError):
    """The request's values are wrong (a blank name, a date outside the year, ...).

    `field` names the argument that is wrong (e.g. "name", "end_date"), when one is, so that a
    form can put the cursor on it.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotInFramework(InvalidInput):
    """A value the framework of its period or section does not have: a subject it does not
    have, a code not in the subject's set, a number outside its range."""


class NotFound(StoreError, LookupError):
    """The thing asked for does not exist, or not in this establishment."""


class Locked(StoreError):
    """The thing is locked against changes (submitted results)."""


class DatabaseTooNew(StoreError):
    """The database's schema was upgraded by a newer version of the program; nothing was changed.

    `revision` is the schema revision the database holds, unknown to this program.
    """

    def __init__(self, revision: str) -> None:
        super().__init__(
            f"This database was upgraded by a newer Pupil Tracker (schema revision {revision}); "
            "install that version or newer."
        )
        self.revision = revision

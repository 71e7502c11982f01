"""Asking for the password again before a sensitive action, so an unattended screen is not enough.

Screens call `confirm_password` before unlocking submitted results and retrieving archived pupils;
the account actions in store.accounts.actions take the password and call it themselves.
"""

from __future__ import annotations

from datetime import datetime

from store.accounts.accounts import account_by_username, audit_account
from store.accounts.lockout import count_failure, hold_back, lift_expired_lock
from store.accounts.passwords import verify_password
from store.accounts.sessions import end_sessions_of
from store.accounts.settings import require_aware
from store.core.access import Actor, PermissionDenied
from store.core.db import Database
from store.core.session_check import require_live_session

REAUTH_MESSAGE = "Enter your own password to confirm."


class ReauthenticationFailed(PermissionDenied):
    """The password given to confirm an action was not the actor's."""


class ServerAdministrator:
    """The server's administrator at its command line: the operating system has already
    authenticated them (an OS-level right), so there is no app password to ask for.

    Only the command line passes SERVER_ADMINISTRATOR; a screen always passes a password.
    """

    def __repr__(self) -> str:
        return "SERVER_ADMINISTRATOR"


SERVER_ADMINISTRATOR = ServerAdministrator()
Confirmation = str | ServerAdministrator


def confirm_password(db: Database, actor: Actor, password: Confirmation, *, now: datetime) -> None:
    """Refuse unless `password` is the acting account's own current password.

    A wrong password counts as a failed sign-in (so an unattended session cannot be used to
    guess it); the tenth locks the account and ends its sessions.

    Raises:
        ReauthenticationFailed: "Enter your own password to confirm." (or the lock/delay).
        SessionEnded: the actor's session has ended.
    """
    if isinstance(password, ServerAdministrator):
        return
    now = require_aware(now)
    with db.read() as session:
        # An ended session is refused before the (slow) password check, whatever is typed.
        require_live_session(session, actor)
        account = account_by_username(session, actor.username)
        usable = account is not None and not account.disabled
        held = hold_back(account, now) if usable else None
        stored_hash = account.password_hash if account is not None and usable else None
    if held is not None:
        raise ReauthenticationFailed(held.message)
    # Verified outside the transaction: the hash is slow. No account: the dummy takes as long.
    if verify_password(stored_hash, password):
        with db.write() as session:
            account = account_by_username(session, actor.username, lock=True)
            if account is not None and account.failed_sign_ins:
                lift_expired_lock(account, now)
                account.failed_sign_ins = 0
                account.next_attempt_at = None
        return
    message = REAUTH_MESSAGE
    # The failure is committed before the refusal is raised (raising inside would roll it back).
    with db.write() as session:
        account = account_by_username(session, actor.username, lock=True)
        if account is not None and usable:
            refused = count_failure(account, now, actor.source, REAUTH_MESSAGE)
            detail = f"{account.failed_sign_ins} failures in a row"
            audit_account(
                session, actor, account, "password check failed", new_value=detail, at=now
            )
            if refused.locked_until is not None:
                end_sessions_of(
                    session, account.id or 0, now, "locked after failed password checks"
                )
                message = refused.message
    raise ReauthenticationFailed(message)

"""Changes to existing accounts, each after the actor's password again and each audited.

Managers act on their own establishment's users and managers; the support team on every
account. Nobody resets, disables or changes the role of their own account here: their own
password and security code have `change_own_password` and `change_own_security_code`.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from store.accounts.accounts import (
    SCHOOL_ROLES,
    IssuedPassword,
    account_by_username,
    audit_account,
    normalise_username,
    require_account,
    require_manager_of,
    summarise,
)
from store.accounts.lockout import clear_failures, is_locked
from store.accounts.passwords import (
    hash_password,
    password_problems,
    temporary_password,
    verify_password,
)
from store.accounts.reauth import Confirmation, ServerAdministrator, confirm_password
from store.accounts.secret_box import secret_box
from store.accounts.security_code import new_security_code
from store.accounts.sessions import end_one_session, end_sessions_of
from store.accounts.settings import DEFAULT_SETTINGS, SecuritySettings, clock_time, require_aware
from store.core.access import Actor, PermissionDenied, Role
from store.core.db import Database
from store.core.errors import InvalidInput, NotFound
from store.core.models import Account, LoginSession
from store.core.session_check import ENDED_BY
from store.core.words import plural


def _check(
    db: Database, actor: Actor, username: str, what: str, confirmation: Confirmation
) -> None:
    """Refuse before asking for the password when the answer would be no anyway."""
    with db.read() as session:
        account = require_account(session, username)
        require_manager_of(actor, account)
        if not isinstance(confirmation, ServerAdministrator) and account.username == (
            normalise_username(actor.username)
        ):
            raise PermissionDenied(
                f"You cannot {what} your own account here: ask a colleague or the support team."
            )


def _target(session: Session, actor: Actor, username: str) -> Account:
    account = require_account(session, username, lock=True)
    require_manager_of(actor, account)
    return account


def _support_only(actor: Actor, what: str) -> None:
    if actor.role is not Role.SUPPORT:
        raise PermissionDenied(f"Only the support team can {what}.")


def issue_temporary_password(
    db: Database,
    actor: Actor,
    confirmation: Confirmation,
    username: str,
    *,
    now: datetime,
    settings: SecuritySettings = DEFAULT_SETTINGS,
) -> IssuedPassword:
    """A new temporary password for `username`, to show once; ends all their sessions.

    The old password is never seen or chosen by whoever resets it. Failures and any lock go,
    since a forgotten password is the usual reason for both.
    """
    now = require_aware(now)
    _check(db, actor, username, "reset", confirmation)
    confirm_password(db, actor, confirmation, now=now)
    name = normalise_username(username)
    password = temporary_password(name)
    password_hash = hash_password(password)
    expires = now + settings.temporary_password_lifetime
    with db.write() as session:
        account = _target(session, actor, name)
        account.password_hash = password_hash
        account.password_is_temporary = True
        account.temporary_expires_at = expires
        account.code_positions = None
        clear_failures(account)
        ended = end_sessions_of(session, account.id or 0, now, "new temporary password", actor)
        detail = f"temporary password issued, expires {expires.isoformat(timespec='minutes')}"
        audit_account(
            session,
            actor,
            account,
            "reset password",
            new_value=f"{detail}; {plural(ended, 'session')} ended",
            at=now,
        )
        summary = summarise(session, account, now)
    return IssuedPassword(summary, password, expires)


def reset_security_code(
    db: Database, actor: Actor, confirmation: Confirmation, username: str, *, now: datetime
) -> None:
    """Forget the security code: a new one is shown at the next sign-in."""
    now = require_aware(now)
    _check(db, actor, username, "reset", confirmation)
    confirm_password(db, actor, confirmation, now=now)
    with db.write() as session:
        account = _target(session, actor, username)
        had = "set" if account.security_code_encrypted is not None else "not set"
        account.security_code_encrypted = None
        account.code_positions = None
        audit_account(
            session,
            actor,
            account,
            "reset security code",
            old_value=had,
            new_value="new code at next sign-in",
            at=now,
        )


def reset_authenticator(
    db: Database, actor: Actor, confirmation: Confirmation, username: str, *, now: datetime
) -> None:
    """Forget a support account's authenticator (a lost phone): it enrols again at sign-in."""
    now = require_aware(now)
    _support_only(actor, "reset an authenticator")
    _check(db, actor, username, "reset", confirmation)
    confirm_password(db, actor, confirmation, now=now)
    with db.write() as session:
        account = _target(session, actor, username)
        account.totp_secret_encrypted = None
        account.totp_last_step = None
        audit_account(
            session, actor, account, "reset authenticator", new_value="enrol at sign-in", at=now
        )


def unlock_account(
    db: Database, actor: Actor, confirmation: Confirmation, username: str, *, now: datetime
) -> bool:
    """Lift a lock and forget the failures in a row (support). Whether it was locked."""
    now = require_aware(now)
    _support_only(actor, "unlock an account")
    _check(db, actor, username, "unlock", confirmation)
    confirm_password(db, actor, confirmation, now=now)
    with db.write() as session:
        account = _target(session, actor, username)
        was_locked = is_locked(account, now)
        before = (
            f"locked until {clock_time(account.locked_until)}"
            if was_locked and account.locked_until
            else f"{account.failed_sign_ins} failures in a row"
        )
        clear_failures(account)
        audit_account(
            session,
            actor,
            account,
            "unlock account",
            old_value=before,
            new_value="unlocked",
            at=now,
        )
    return was_locked


def set_disabled(
    db: Database,
    actor: Actor,
    confirmation: Confirmation,
    username: str,
    disabled: bool,
    *,
    now: datetime,
) -> None:
    """Disable an account (its sessions end at once) or enable it again."""
    now = require_aware(now)
    _check(db, actor, username, "disable" if disabled else "enable", confirmation)
    confirm_password(db, actor, confirmation, now=now)
    with db.write() as session:
        account = _target(session, actor, username)
        if account.disabled == disabled:
            return
        account.disabled = disabled
        if disabled:
            end_sessions_of(session, account.id or 0, now, "account disabled", actor)
        action = "disable account" if disabled else "enable account"
        old, new = ("enabled", "disabled") if disabled else ("disabled", "enabled")
        audit_account(session, actor, account, action, old_value=old, new_value=new, at=now)


def change_role(
    db: Database,
    actor: Actor,
    confirmation: Confirmation,
    username: str,
    role: Role,
    *,
    now: datetime,
) -> None:
    """Make a school account a user or a manager; its sessions end so the new role applies."""
    now = require_aware(now)
    role = Role(role)
    if role not in SCHOOL_ROLES:
        raise InvalidInput("A school account is a user or a manager; support accounts are made so.")
    _check(db, actor, username, "change the role of", confirmation)
    confirm_password(db, actor, confirmation, now=now)
    with db.write() as session:
        account = _target(session, actor, username)
        if Role(account.role) not in SCHOOL_ROLES:
            raise InvalidInput("A support account's role cannot be changed.")
        if account.role == role.value:
            return
        old = account.role
        account.role = role.value
        end_sessions_of(session, account.id or 0, now, "role changed", actor)
        audit_account(
            session, actor, account, "change role", old_value=old, new_value=role.value, at=now
        )


def end_session_of(
    db: Database, actor: Actor, confirmation: Confirmation, session_id: int, *, now: datetime
) -> None:
    """End someone's session (the support console's "end session")."""
    now = require_aware(now)
    with db.read() as session:
        row = session.get(LoginSession, session_id)
        account = session.get(Account, row.account_id) if row is not None else None
        if row is None or account is None:
            raise NotFound(f"There is no session {session_id}.")
        require_manager_of(actor, account)
    confirm_password(db, actor, confirmation, now=now)
    with db.write() as session:
        end_one_session(session, session_id, now, f"{ENDED_BY}{actor.username}", actor)


# --- one's own ------------------------------------------------------------------------------


def change_own_password(
    db: Database, actor: Actor, current_password: str, new_password: str, *, now: datetime
) -> None:
    """Change the actor's own password, after their current one; their other sessions end.

    The session it is changed in goes on: whoever else was signed in as them is not, now.

    Raises:
        ReauthenticationFailed: the current password is wrong.
        InvalidInput: the new one breaks the policy or is the current one.
    """
    now = require_aware(now)
    problems = password_problems(new_password, actor.username)
    if problems:
        raise InvalidInput(" ".join(problems))
    confirm_password(db, actor, current_password, now=now)
    if verify_password(_own_hash(db, actor), new_password):
        raise InvalidInput("Choose a password different from your current one.")
    new_hash = hash_password(new_password)
    with db.write() as session:
        account = require_account(session, actor.username, lock=True)
        account.password_hash = new_hash
        account.password_is_temporary = False
        account.temporary_expires_at = None
        account.password_changed_at = now
        ended = end_sessions_of(
            session, account.id or 0, now, "password changed", actor, keep=actor.session_id
        )
        audit_account(
            session,
            actor,
            account,
            "change own password",
            new_value=f"changed; {plural(ended, 'other session')} ended",
            at=now,
        )


def change_own_security_code(
    db: Database,
    actor: Actor,
    current_password: str,
    *,
    now: datetime,
    settings: SecuritySettings = DEFAULT_SETTINGS,
) -> str:
    """A new security code for the actor, after their password: returned to be shown once."""
    now = require_aware(now)
    confirm_password(db, actor, current_password, now=now)
    code = new_security_code()
    # Encrypted before the write lock is taken: the helper process takes a moment.
    encrypted = secret_box(settings.key_file).encrypt(code)
    with db.write() as session:
        account = require_account(session, actor.username, lock=True)
        account.security_code_encrypted = encrypted
        account.code_positions = None
        audit_account(
            session, actor, account, "change own security code", new_value="shown once", at=now
        )
    return code


def _own_hash(db: Database, actor: Actor) -> str | None:
    with db.read() as session:
        account = account_by_username(session, actor.username)
        return account.password_hash if account is not None else None

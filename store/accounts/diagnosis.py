"""The support console's reading side: find people, see their account, and say why they are stuck.

`diagnose` answers "why can't X sign in right now?" in one line, with the evidence behind it, so
that whoever takes the phone call can act (unlock, new temporary password) or explain.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlmodel import col

from store.accounts.accounts import (
    AccountSummary,
    account_by_username,
    normalise_username,
    require_account,
    require_manager_of,
    summarise,
)
from store.accounts.lockout import (
    LOCK_AFTER_FAILURES,
    LOCK_DURATION,
    delay_after,
    is_locked,
    throttle_key,
)
from store.accounts.sessions import SessionInfo, expiry_reason, open_sessions, session_info
from store.accounts.settings import DEFAULT_SETTINGS, SecuritySettings, clock_time, require_aware
from store.core.access import Actor, PermissionDenied, Role
from store.core.db import Database
from store.core.models import Account, AuditEntry, Establishment, LoginSession, SignInThrottle
from store.core.search_key import search_key
from store.core.words import plural
from store.establishments.establishments import EstablishmentInfo, establishment_info

SIGN_IN_ACTIONS = ("sign in", "sign-in failed", "sign out", "end session")
RECENT = 10


@dataclass(frozen=True)
class Diagnosis:
    """Why someone can or cannot sign in now (`line`), and the facts it rests on."""

    line: str
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class SignInRecord:
    """One sign-in, failure or sign-out from the audit trail."""

    at: datetime
    action: str
    source: str
    detail: str | None


@dataclass(frozen=True)
class AccountDetails:
    """Everything the support console shows about one account."""

    summary: AccountSummary
    failed_sign_ins: int
    locked_until: datetime | None
    temporary_expires_at: datetime | None
    has_security_code: bool
    has_authenticator: bool
    last_success_at: datetime | None
    last_success_source: str | None
    last_failure_at: datetime | None
    last_failure_source: str | None
    session: SessionInfo | None
    diagnosis: Diagnosis
    recent: tuple[SignInRecord, ...]


def _when(moment: datetime | None, source: str | None) -> str:
    if moment is None:
        return "never"
    return f"{clock_time(moment)} from {source or 'an unknown address'}"


def diagnose(
    account: Account | None,
    now: datetime,
    *,
    username: str = "",
    live_session: LoginSession | None = None,
    throttle: SignInThrottle | None = None,
) -> Diagnosis:
    """One line saying why the account's owner cannot sign in now (or that nothing stops them).

    Args:
        account: The account, or None when no account has `username`.
        now: The time to judge locks and expiries at.
        username: The name asked about (for an unknown user).
        live_session: The account's live session, if it has one.
        throttle: The failures counted against an unknown username.
    """
    now = require_aware(now)
    if account is None:
        evidence = ["No account has this username (case does not matter)."]
        if throttle is not None and throttle.failed_sign_ins:
            evidence.append(
                f"{throttle.failed_sign_ins} failed sign-ins with it in a row, the last at "
                f"{_when(throttle.last_failure_at, throttle.last_failure_source)}."
            )
        return Diagnosis(
            f"There is no account called {normalise_username(username)}.", tuple(evidence)
        )
    name = account.username
    evidence = [
        f"Role {account.role}; {account.failed_sign_ins} failed sign-ins in a row.",
        f"Last success {_when(account.last_success_at, account.last_success_source)}.",
        f"Last failure {_when(account.last_failure_at, account.last_failure_source)}.",
    ]
    expires = account.temporary_expires_at
    if account.disabled:
        line = f"{name} cannot sign in: the account is disabled (enable it to let them in)."
    elif is_locked(account, now):
        assert account.locked_until is not None
        line = (
            f"{name} cannot sign in until {clock_time(account.locked_until)}: locked after "
            f"{account.failed_sign_ins} failed sign-ins in a row, the last from "
            f"{account.last_failure_source or 'an unknown address'}."
        )
        evidence.append(
            f"A lock lasts {int(LOCK_DURATION.total_seconds() // 60)} minutes after the "
            f"{LOCK_AFTER_FAILURES}th failure; unlocking lifts it at once."
        )
    elif account.password_is_temporary and expires is not None and now >= expires:
        line = (
            f"{name} cannot sign in: their temporary password expired at {clock_time(expires)} "
            "(issue a new one)."
        )
    elif account.password_is_temporary:
        until = f", which expires at {clock_time(expires)}" if expires is not None else ""
        line = (
            f"{name} has not finished a first sign-in: they must use their temporary "
            f"password{until}, then choose their own."
        )
    elif account.security_code_encrypted is None:
        line = (
            f"Nothing stops {name} signing in with their password; they have no security code "
            "yet, so a new one will be shown once at their next sign-in."
        )
    elif live_session is not None:
        assert live_session.started_at and live_session.last_activity
        line = (
            f"{name} is signed in from {live_session.source} since "
            f"{clock_time(live_session.started_at)} (last key press "
            f"{clock_time(live_session.last_activity)}): signing in again offers to end it."
        )
    else:
        last = _when(account.last_success_at, account.last_success_source)
        line = f"Nothing stops {name} signing in now; last success {last}."
    wait = delay_after(account.failed_sign_ins)
    if wait and not is_locked(account, now):
        waits = plural(wait, "second")
        evidence.append(f"Each try now waits {waits}; the {LOCK_AFTER_FAILURES}th locks.")
    if account.role == Role.SUPPORT.value and account.totp_secret_encrypted is None:
        evidence.append("No authenticator yet: they enrol one at their next sign-in.")
    return Diagnosis(line, tuple(evidence))


def account_details(
    db: Database,
    actor: Actor,
    username: str,
    *,
    now: datetime,
    settings: SecuritySettings = DEFAULT_SETTINGS,
) -> AccountDetails:
    """The support console's page for one account (a manager may see their school's)."""
    now = require_aware(now)
    with db.read() as session:
        account = require_account(session, username)
        require_manager_of(actor, account)
        assert account.id is not None
        live = [
            row
            for row in open_sessions(session, account.id)
            if expiry_reason(row, now, settings) is None
        ]
        current = live[-1] if live else None
        entries = session.scalars(
            select(AuditEntry)
            .where(
                col(AuditEntry.target) == account.username,
                col(AuditEntry.action).in_(SIGN_IN_ACTIONS),
            )
            .order_by(col(AuditEntry.id).desc())
            .limit(RECENT)
        )
        recent = tuple(
            SignInRecord(row.at, row.action, row.source, row.new_value) for row in entries
        )
        return AccountDetails(
            summarise(session, account, now),
            account.failed_sign_ins,
            account.locked_until if is_locked(account, now) else None,
            account.temporary_expires_at if account.password_is_temporary else None,
            account.security_code_encrypted is not None,
            account.totp_secret_encrypted is not None,
            account.last_success_at,
            account.last_success_source,
            account.last_failure_at,
            account.last_failure_source,
            session_info(current) if current is not None else None,
            diagnose(account, now, live_session=current),
            recent,
        )


def diagnose_username(
    db: Database,
    actor: Actor,
    username: str,
    *,
    now: datetime,
    settings: SecuritySettings = DEFAULT_SETTINGS,
) -> Diagnosis:
    """The diagnosis for whatever username a caller gives, including one with no account."""
    if actor.role is not Role.SUPPORT:
        raise PermissionDenied("Only the support team can diagnose sign-in problems by username.")
    with db.read() as session:
        account = account_by_username(session, username)
        if account is None:
            throttle = session.get(SignInThrottle, throttle_key(username))
            return diagnose(None, require_aware(now), username=username, throttle=throttle)
    return account_details(db, actor, username, now=now, settings=settings).diagnosis


FOUND_LIMIT = 200


def find_accounts(db: Database, actor: Actor, text: str, *, now: datetime) -> list[AccountSummary]:
    """Accounts with `text` anywhere in the username, name, establishment number or name.

    Matched by search keys (store.core.search_key): "stmarys" finds ST MARY'S, "obrien" O'Brien.
    """
    if actor.role is Role.USER:
        raise PermissionDenied("Only an account manager or the support team can look up accounts.")
    wanted = search_key(text)
    query = (
        select(
            col(Account.id),
            col(Account.username),
            col(Account.display_name),
            col(Establishment.number),
            col(Establishment.name),
        )
        .outerjoin(Establishment, col(Establishment.id) == col(Account.establishment_id))
        .order_by(col(Account.username))
    )
    if actor.role is Role.MANAGER:
        query = query.where(col(Account.establishment_id) == actor.establishment_id)
    with db.read() as session:
        ids = [
            row[0]
            for row in session.execute(query)
            if not wanted or any(wanted in search_key(part or "") for part in row[1:])
        ][:FOUND_LIMIT]
        accounts = {
            row.id: row for row in session.scalars(select(Account).where(col(Account.id).in_(ids)))
        }
        return [summarise(session, accounts[i], require_aware(now)) for i in ids]


def find_establishments(db: Database, actor: Actor, text: str) -> list[EstablishmentInfo]:
    """Establishments with `text` anywhere in their number or name (a school sees only its own),
    matched by search keys as accounts are."""
    wanted = search_key(text)
    query = select(Establishment).order_by(col(Establishment.number))
    if actor.role is not Role.SUPPORT:
        query = query.where(col(Establishment.id) == actor.establishment_id)
    with db.read() as session:
        found = [
            establishment_info(row)
            for row in session.scalars(query)
            if not wanted or wanted in search_key(row.number) or wanted in search_key(row.name)
        ]
    return found[:FOUND_LIMIT]

"""The order of sign-in's steps, shared by the entry points in store.accounts.sign_in.

`next_step` decides what is still to do for an account and a ticket: first the checks the
account has (two digits of the security code, the authenticator), then what a first sign-in sets
up (a new password, a security code shown once, an authenticator), then the one-session rule.
Every function here runs inside the caller's write transaction.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlmodel import Session

from store.accounts.accounts import actor_for, audit_account, audit_sign_in_failure
from store.accounts.lockout import clear_failures, hold_back
from store.accounts.secret_box import secret_box
from store.accounts.security_code import (
    choose_positions,
    format_positions,
    new_security_code,
    parse_positions,
)
from store.accounts.sessions import end_sessions_of, start_session, tidy_sessions
from store.accounts.settings import SecuritySettings
from store.accounts.sign_in_steps import (
    DISABLED,
    START_AGAIN,
    NeedsPasswordChange,
    NeedsSecurityCode,
    NeedsTotp,
    NeedsTotpEnrolment,
    Refused,
    SessionConflict,
    ShowSecurityCode,
    SignedIn,
    SignInStep,
    SignInTicket,
)
from store.accounts.totp import new_secret, provisioning_uri
from store.accounts.totp import secret_to_text as totp_text
from store.core.access import Role
from store.core.models import Account
from store.core.session_check import REPLACED


def next_step(
    session: Session,
    account: Account,
    ticket: SignInTicket,
    now: datetime,
    settings: SecuritySettings,
    take_over: bool = False,
) -> SignInStep:
    """What is still to do, in order: checks, then first-sign-in set-up, then the session."""
    is_support = account.role == Role.SUPPORT.value
    if has_code(account) and not ticket.code_checked:
        positions = parse_positions(account.code_positions)
        if positions is None:
            positions = choose_positions()
            account.code_positions = format_positions(positions)
        return NeedsSecurityCode(ticket, positions)
    if is_support and account.totp_secret_encrypted is not None and not ticket.totp_checked:
        return NeedsTotp(ticket)
    if account.password_is_temporary:
        return NeedsPasswordChange(ticket)
    if not has_code(account):
        code = new_security_code()
        account.security_code_encrypted = secret_box(settings.key_file).encrypt(code)
        account.code_positions = None
        audit_account(
            session,
            actor_for(account, ticket.source),
            account,
            "set security code",
            new_value="shown once",
            at=now,
        )
        return ShowSecurityCode(replace(ticket, code_checked=True), code)
    if is_support and account.totp_secret_encrypted is None:
        secret = ticket.pending_totp_secret or new_secret()
        return enrolment(account, replace(ticket, pending_totp_secret=secret), secret)
    tidied = tidy_sessions(session, account.id or 0, now, settings)
    if tidied.live and not take_over:
        other = tidied.live[-1]
        assert other.started_at is not None and other.last_activity is not None
        return SessionConflict(ticket, other.source, other.started_at, other.last_activity)
    if tidied.live:
        by = actor_for(account, ticket.source)
        end_sessions_of(session, account.id or 0, now, f"{REPLACED}{ticket.source}", by)
    return _signed_in(session, account, ticket, now, tidied.stopped)


def _signed_in(
    session: Session,
    account: Account,
    ticket: SignInTicket,
    now: datetime,
    stopped: tuple[str, ...] = (),
) -> SignedIn:
    assert account.id is not None
    previous_at, previous_source = account.last_success_at, account.last_success_source
    failures = account.failed_sign_ins
    clear_failures(account)
    account.code_positions = None
    account.last_success_at = now
    account.last_success_source = ticket.source
    row = start_session(session, account.id, ticket.source, now)
    assert row.id is not None
    actor = actor_for(account, ticket.source, row.id)
    audit_account(session, actor, account, "sign in", new_value=f"session {row.id}", at=now)
    return SignedIn(actor, row.id, account.id, previous_at, previous_source, failures, stopped)


def resume(
    session: Session, ticket: SignInTicket, now: datetime, settings: SecuritySettings
) -> Account | Refused:
    """The ticket's account, locked for this transaction, if the sign-in may go on."""
    account = session.get(Account, ticket.account_id, with_for_update=True)
    if (
        account is None
        or account.password_hash != ticket.password_hash
        or now - ticket.started_at > settings.sign_in_step_limit
    ):
        return Refused(START_AGAIN)
    refused = hold_back(account, now)
    if refused is None and account.disabled:
        refused = Refused(DISABLED)
    if refused is not None:
        audit_failure(
            session, account.username, ticket.source, account, refused, "refused mid-way", at=now
        )
    return refused or account


def enrolment(
    account: Account, ticket: SignInTicket, secret: bytes, problem: str | None = None
) -> NeedsTotpEnrolment:
    """Show `secret` (as text and as an otpauth URI) for an authenticator app to take."""
    uri = provisioning_uri(secret)
    return NeedsTotpEnrolment(ticket, totp_text(secret), uri, problem)


def has_code(account: Account) -> bool:
    return account.security_code_encrypted is not None


def checks_done(account: Account, ticket: SignInTicket) -> bool:
    """Whether every factor the account has (code, authenticator) has been checked."""
    if has_code(account) and not ticket.code_checked:
        return False
    enrolled = account.totp_secret_encrypted is not None
    return not (account.role == Role.SUPPORT.value and enrolled and not ticket.totp_checked)


def audit_failure(
    session: Session,
    username: str,
    source: str,
    account: Account | None,
    refused: Refused,
    reason: str,
    *,
    at: datetime,
) -> None:
    """A failed or refused sign-in on the audit trail (at `at`), with the lock if it caused one."""
    lock = refused.locked_until
    until = f"; locked until {lock.isoformat(timespec='minutes')}" if lock is not None else ""
    audit_sign_in_failure(session, username, source, account, reason + until, at=at)

"""Signing in, one step at a time, for a sign-in screen to drive.

    start_sign_in(username, password)            -> any step below
    NeedsSecurityCode -> enter_security_code(ticket, two digits)
    NeedsTotp         -> enter_totp(ticket, six digits)              (support accounts)
    NeedsPasswordChange -> choose_new_password(ticket, new password) (temporary password)
    ShowSecurityCode  -> continue_sign_in(ticket)                    (first sign-in: shown once)
    NeedsTotpEnrolment -> confirm_totp_enrolment(ticket, six digits) (support, first sign-in)
    SessionConflict   -> end_other_session(ticket), or drop the ticket to give up
    SignedIn / Refused: done (after Refused, start again once delay_seconds have passed)

The checks come first (password, two digits of the security code, the authenticator), then what
a first sign-in sets up (new password, security code, authenticator), then the one-session rule.
Password, security-code and authenticator failures count together towards the delay and lock.
Every success and failure is on the audit trail, in the transaction that records it. No step
sleeps: a delay is returned for the screen to wait out, and the next try is refused until then.
Hashing and decrypting run in the crypto helper process (store.accounts.crypto_client), outside the
write
transaction: the password before it, the security code and authenticator secret read ahead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from sqlmodel import Session

from store.accounts.accounts import (
    account_by_username,
    actor_for,
    audit_account,
    normalise_username,
)
from store.accounts.lockout import (
    FAILED_MESSAGE,
    MAX_USERNAME,
    FailureCounter,
    count_failure,
    hold_back,
    unknown_name_counter,
)
from store.accounts.passwords import hash_password, needs_rehash, password_problems, verify_password
from store.accounts.secret_box import secret_box
from store.accounts.security_code import digits_match, parse_positions
from store.accounts.settings import DEFAULT_SETTINGS, SecuritySettings, require_aware
from store.accounts.sign_in_flow import audit_failure, checks_done, enrolment, next_step, resume
from store.accounts.sign_in_steps import (
    CODE_FAILED,
    DISABLED,
    ENROLMENT_MISMATCH,
    TEMPORARY_EXPIRED,
    TOTP_FAILED,
    NeedsPasswordChange,
    Refused,
    SignInStep,
    SignInTicket,
)
from store.accounts.totp import matching_step, secret_from_text
from store.accounts.totp import secret_to_text as totp_text
from store.core.db import Database
from store.core.errors import StoreError
from store.core.models import Account


def start_sign_in(
    db: Database,
    username: str,
    password: str,
    *,
    source: str,
    now: datetime,
    settings: SecuritySettings = DEFAULT_SETTINGS,
) -> SignInStep:
    """Check a username and password; an unknown username is refused exactly like a wrong password.

    Args:
        db: The database.
        username: As typed (case and surrounding spaces do not matter).
        password: As typed.
        source: Where from, e.g. store.core.access.connection_source() ("ssh 192.0.2.7").
        now: The time (aware), so tests can move the clock.
        settings: The limits; the defaults are the service's policy.
    """
    now = require_aware(now)
    name = normalise_username(username)[:MAX_USERNAME]
    source = source[:80]

    def fail(session: Session, account: Account | None, refused: Refused, why: str) -> Refused:
        audit_failure(session, name, source, account, refused, why, at=now)
        return refused

    with db.read() as session:
        account = account_by_username(session, name)
        counter: FailureCounter | None = account or unknown_name_counter(session, name)
        held = hold_back(counter, now)
        stored_hash = account.password_hash if account is not None else None
    if held is not None:
        with db.write() as session:
            return fail(session, account_by_username(session, name), held, "tried while held back")
    # Outside any transaction: the hash is slow and must not hold the write lock.
    matched = verify_password(stored_hash, password)
    rehashed = hash_password(password) if matched and needs_rehash(stored_hash or "") else None
    with db.write() as session:
        account = account_by_username(session, name, lock=True)
        if account is None:
            counter = unknown_name_counter(session, name, create=True, now=now)
            assert counter is not None
            # Parallel tries may have counted meanwhile: held back now means not counted again.
            refused = hold_back(counter, now) or count_failure(counter, now, source)
            return fail(session, None, refused, "no such username")
        if account.password_hash != stored_hash:
            # Created or reset while the hash was checked: what was checked no longer counts.
            return fail(session, account, Refused(FAILED_MESSAGE), "password changed meanwhile")
        late_hold = hold_back(account, now)
        if late_hold is not None:
            return fail(session, account, late_hold, "tried while held back")
        if not matched:
            return fail(session, account, count_failure(account, now, source), "wrong password")
        if account.disabled:
            return fail(session, account, Refused(DISABLED), "account disabled")
        expires = account.temporary_expires_at
        if account.password_is_temporary and expires is not None and now >= expires:
            return fail(session, account, Refused(TEMPORARY_EXPIRED), "temporary password expired")
        if rehashed is not None:
            account.password_hash = rehashed
            actor = actor_for(account, source)
            audit_account(session, actor, account, "upgrade password hash", at=now)
        ticket = SignInTicket(account.id or 0, account.username, source, now, account.password_hash)
        return next_step(session, account, ticket, now, settings)


def enter_security_code(
    db: Database,
    ticket: SignInTicket,
    digits: str,
    *,
    now: datetime,
    settings: SecuritySettings = DEFAULT_SETTINGS,
) -> SignInStep:
    """Check the two digits asked for by NeedsSecurityCode (in the order asked)."""
    now = require_aware(now)
    ahead = None if ticket.code_checked else _decrypt_ahead(db, ticket, _security_code, settings)

    def check(session: Session, account: Account, now: datetime) -> SignInStep:
        positions = parse_positions(account.code_positions)
        token = account.security_code_encrypted
        if ticket.code_checked or token is None or positions is None:
            return next_step(session, account, ticket, now, settings)
        if not digits_match(_decrypted(token, ahead, settings), positions, digits):
            refused = count_failure(account, now, ticket.source, CODE_FAILED)
            _audit_failure(session, account, ticket, refused, "wrong code", now)
            return refused
        # The digits were given: the next sign-in asks for two new positions.
        account.code_positions = None
        return next_step(session, account, replace(ticket, code_checked=True), now, settings)

    return _go_on(db, ticket, now, settings, check)


def enter_totp(
    db: Database,
    ticket: SignInTicket,
    code: str,
    *,
    now: datetime,
    settings: SecuritySettings = DEFAULT_SETTINGS,
) -> SignInStep:
    """Check the authenticator code asked for by NeedsTotp."""
    now = require_aware(now)
    ahead = None if ticket.totp_checked else _decrypt_ahead(db, ticket, _totp_secret, settings)

    def check(session: Session, account: Account, now: datetime) -> SignInStep:
        token = account.totp_secret_encrypted
        if ticket.totp_checked or token is None:
            return next_step(session, account, ticket, now, settings)
        secret = secret_from_text(_decrypted(token, ahead, settings))
        step = matching_step(secret, code, now, account.totp_last_step)
        if step is None:
            refused = count_failure(account, now, ticket.source, TOTP_FAILED)
            _audit_failure(session, account, ticket, refused, "wrong authenticator code", now)
            return refused
        account.totp_last_step = step
        return next_step(session, account, replace(ticket, totp_checked=True), now, settings)

    return _go_on(db, ticket, now, settings, check)


def choose_new_password(
    db: Database,
    ticket: SignInTicket,
    new_password: str,
    *,
    now: datetime,
    settings: SecuritySettings = DEFAULT_SETTINGS,
) -> SignInStep:
    """Replace the temporary password; NeedsPasswordChange again, with the problem, if refused."""
    now = require_aware(now)
    problems = password_problems(new_password, ticket.username)
    if not problems and verify_password(ticket.password_hash, new_password):
        problems.append("Choose a password different from the temporary one.")
    if problems:
        return NeedsPasswordChange(ticket, " ".join(problems))
    new_hash = hash_password(new_password)

    def change(session: Session, account: Account, now: datetime) -> SignInStep:
        if not account.password_is_temporary or not checks_done(account, ticket):
            return next_step(session, account, ticket, now, settings)
        account.password_hash = new_hash
        account.password_is_temporary = False
        account.temporary_expires_at = None
        account.password_changed_at = now
        audit_account(
            session,
            actor_for(account, ticket.source),
            account,
            "change own password",
            new_value="temporary password replaced",
            at=now,
        )
        return next_step(session, account, replace(ticket, password_hash=new_hash), now, settings)

    return _go_on(db, ticket, now, settings, change)


def continue_sign_in(
    db: Database,
    ticket: SignInTicket,
    *,
    now: datetime,
    settings: SecuritySettings = DEFAULT_SETTINGS,
) -> SignInStep:
    """Go on after ShowSecurityCode (the person has seen the code)."""

    def go_on(session: Session, account: Account, now: datetime) -> SignInStep:
        return next_step(session, account, ticket, now, settings)

    return _go_on(db, ticket, now, settings, go_on)


def confirm_totp_enrolment(
    db: Database,
    ticket: SignInTicket,
    code: str,
    *,
    now: datetime,
    settings: SecuritySettings = DEFAULT_SETTINGS,
) -> SignInStep:
    """Keep the authenticator secret shown by NeedsTotpEnrolment once a code from it matches."""

    def enrol(session: Session, account: Account, now: datetime) -> SignInStep:
        secret = ticket.pending_totp_secret
        enrolled = account.totp_secret_encrypted is not None
        if enrolled or secret is None or not checks_done(account, ticket):
            return next_step(session, account, ticket, now, settings)
        step = matching_step(secret, code, now)
        if step is None:
            return enrolment(account, ticket, secret, ENROLMENT_MISMATCH)
        account.totp_secret_encrypted = secret_box(settings.key_file).encrypt(totp_text(secret))
        account.totp_last_step = step
        actor = actor_for(account, ticket.source)
        audit_account(session, actor, account, "enrol authenticator", at=now)
        done = replace(ticket, totp_checked=True, pending_totp_secret=None)
        return next_step(session, account, done, now, settings)

    return _go_on(db, ticket, now, settings, enrol)


def end_other_session(
    db: Database,
    ticket: SignInTicket,
    *,
    now: datetime,
    settings: SecuritySettings = DEFAULT_SETTINGS,
) -> SignInStep:
    """After SessionConflict: end the other session and sign in here."""

    def take_over(session: Session, account: Account, now: datetime) -> SignInStep:
        return next_step(session, account, ticket, now, settings, take_over=True)

    return _go_on(db, ticket, now, settings, take_over)


# --- what every step after the first shares ---------------------------------------------------

StepBody = Callable[[Session, Account, datetime], SignInStep]


def _go_on(
    db: Database,
    ticket: SignInTicket,
    now: datetime,
    settings: SecuritySettings,
    body: StepBody,
) -> SignInStep:
    """Run `body` on the ticket's account, locked, in one write transaction, if sign-in may go on.

    This is every later step's start: resume refuses (and audits) a ticket gone stale or slow, a
    hold-back and a disabled account before `body` sees the account.
    """
    now = require_aware(now)
    with db.write() as session:
        account = resume(session, ticket, now, settings)
        if isinstance(account, Refused):
            return account
        return body(session, account, now)


def _audit_failure(
    session: Session,
    account: Account,
    ticket: SignInTicket,
    refused: Refused,
    reason: str,
    now: datetime,
) -> None:
    audit_failure(session, account.username, ticket.source, account, refused, reason, at=now)


def _security_code(account: Account) -> str | None:
    return account.security_code_encrypted


def _totp_secret(account: Account) -> str | None:
    return account.totp_secret_encrypted


def _decrypt_ahead(
    db: Database,
    ticket: SignInTicket,
    stored: Callable[[Account], str | None],
    settings: SecuritySettings,
) -> tuple[str, str] | None:
    """(token, secret) of a secret the step will check, decrypted before its write transaction.

    Decrypting takes the crypto helper a moment, which must not hold the write lock. None when
    there is nothing to decrypt or it fails: the step then decrypts inside, where a problem with
    the key file is reported as it always was.
    """
    with db.read() as session:
        account = session.get(Account, ticket.account_id)
        token = stored(account) if account is not None else None
    if token is None:
        return None
    try:
        return token, secret_box(settings.key_file).decrypt(token)
    except StoreError:
        return None


def _decrypted(token: str, ahead: tuple[str, str] | None, settings: SecuritySettings) -> str:
    """The secret in `token`: the one decrypted ahead, unless the account changed meanwhile."""
    if ahead is not None and ahead[0] == token:
        return ahead[1]
    return secret_box(settings.key_file).decrypt(token)

"""Accounts: usernames, roles and who may manage whom; listing and adding accounts.

Managers manage the users and managers of their own establishment; the support team manages
every account. The actions on an existing account (reset, unlock, disable, role) are in
store.accounts.actions, because each needs the actor's password again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from store.accounts.lockout import is_locked, throttle_key
from store.accounts.passwords import hash_password, temporary_password
from store.accounts.settings import DEFAULT_SETTINGS, SecuritySettings, clock_time, require_aware
from store.core.access import Actor, PermissionDenied, Role
from store.core.audit import AuditRecord, record
from store.core.db import Database
from store.core.errors import InvalidInput, NotFound
from store.core.models import Account, Establishment, SignInThrottle
from store.core.typed_text import clean_typed, one_line

# Email addresses too, as the DfE's services use them for usernames.
MAX_DISPLAY_NAME = 120
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@'-]{2,59}$")
SCHOOL_ROLES = (Role.USER, Role.MANAGER)


def normalise_username(text: str) -> str:
    """Usernames are matched without regard to case, surrounding spaces or control characters."""
    return clean_typed(text).strip().lower()


def check_username(username: str) -> str:
    """The normalised username, or InvalidInput saying what is wrong with it."""
    name = normalise_username(username)
    if not _USERNAME.match(name):
        raise InvalidInput(
            "A username has 3 to 60 characters: letters, digits and . _ @ ' - "
            "(starting with a letter or digit), e.g. j.smith or j.smith@school.org.uk.",
            field="username",
        )
    return name


def account_by_username(session: Session, username: str, lock: bool = False) -> Account | None:
    query = select(Account).where(col(Account.username) == normalise_username(username))
    if lock:
        query = query.with_for_update()
    return session.scalars(query).first()


def require_account(session: Session, username: str, lock: bool = False) -> Account:
    account = account_by_username(session, username, lock)
    if account is None:
        raise NotFound(f"There is no account with the username {normalise_username(username)}.")
    return account


def actor_for(account: Account, source: str, session_id: int | None = None) -> Actor:
    """The Actor the app works as once `account` has signed in from `source` (in `session_id`)."""
    return Actor(account.username, Role(account.role), account.establishment_id, source, session_id)


def audit_account(
    session: Session,
    actor: Actor,
    account: Account | None,
    action: str,
    *,
    target: str = "",
    old_value: str | None = None,
    new_value: str | None = None,
    at: datetime | None = None,
) -> None:
    """An account event on the audit trail, in the caller's transaction. Never a secret.

    `at`: when, by the caller's clock (default: now).
    """
    establishment_id = account.establishment_id if account is not None else actor.establishment_id
    name = target or (account.username if account is not None else "")
    row = AuditRecord(action, establishment_id, None, name, old_value, new_value)
    record(session, actor, [row], at=at)


def audit_sign_in_failure(
    session: Session,
    username: str,
    source: str,
    account: Account | None,
    detail: str,
    at: datetime | None = None,
) -> None:
    """A failed or refused sign-in on the trail: the username tried, where from, and why."""
    name = username[:60]
    establishment_id = account.establishment_id if account is not None else None
    actor = Actor(name or "(blank)", Role.USER, establishment_id, source)
    if account is not None and account.failed_sign_ins:
        detail += f"; {account.failed_sign_ins} failures in a row"
    audit_account(session, actor, account, "sign-in failed", target=name, new_value=detail, at=at)


# --- state ----------------------------------------------------------------------------------


def account_state(account: Account, now: datetime) -> str:
    """One phrase: active, disabled, locked until ..., temporary password pending or expired."""
    if account.disabled:
        return "disabled"
    if is_locked(account, now):
        assert account.locked_until is not None
        return f"locked until {clock_time(account.locked_until)}"
    if account.password_is_temporary:
        expires = account.temporary_expires_at
        if expires is not None and now >= expires:
            return "temporary password expired"
        until = f" (expires {clock_time(expires)})" if expires is not None else ""
        return f"temporary password pending{until}"
    return "active"


@dataclass(frozen=True)
class AccountSummary:
    """One account as a list shows it."""

    id: int
    username: str
    display_name: str
    role: Role
    establishment_id: int | None
    establishment_number: str | None
    state: str
    is_demo: bool = False
    last_success_at: datetime | None = None
    last_success_source: str | None = None


@dataclass(frozen=True)
class IssuedPassword:
    """A temporary password just issued: show it once, it is not kept anywhere readable."""

    account: AccountSummary
    temporary_password: str = field(repr=False)
    expires_at: datetime | None = None


def summarise(session: Session, account: Account, now: datetime) -> AccountSummary:
    assert account.id is not None
    number = None
    if account.establishment_id is not None:
        establishment = session.get(Establishment, account.establishment_id)
        number = establishment.number if establishment is not None else None
    return AccountSummary(
        account.id,
        account.username,
        account.display_name,
        Role(account.role),
        account.establishment_id,
        number,
        account_state(account, now),
        account.is_demo,
        account.last_success_at,
        account.last_success_source,
    )


# --- permissions ----------------------------------------------------------------------------


def require_manager_of(actor: Actor, account: Account) -> None:
    """Refuse unless `actor` may manage `account` (support: any; a manager: their school's)."""
    if actor.role is Role.SUPPORT:
        return
    if actor.role is not Role.MANAGER:
        raise PermissionDenied("Only an account manager or the support team can manage accounts.")
    if account.establishment_id != actor.establishment_id or account.role == Role.SUPPORT.value:
        raise PermissionDenied("You can only manage the accounts of your own establishment.")


def check_grant(actor: Actor, role: Role, establishment_id: int | None) -> None:
    """Refuse unless `actor` may give `role` in `establishment_id`."""
    if actor.role is Role.USER:
        raise PermissionDenied("Only an account manager or the support team can manage accounts.")
    if role is Role.SUPPORT:
        if actor.role is not Role.SUPPORT:
            raise PermissionDenied("Only the support team can make support accounts.")
        if establishment_id is not None:
            raise InvalidInput("A support account belongs to no establishment.")
        return
    if establishment_id is None:
        raise InvalidInput("Say which establishment a user or manager belongs to.")
    if actor.role is Role.MANAGER and establishment_id != actor.establishment_id:
        raise PermissionDenied("You can only manage the accounts of your own establishment.")


# --- listing and adding ---------------------------------------------------------------------


def list_accounts(
    db: Database, actor: Actor, establishment_id: int | None = None, *, now: datetime
) -> list[AccountSummary]:
    """The accounts `actor` manages, by establishment then username (all of them for support)."""
    now = require_aware(now)
    if actor.role is Role.USER:
        raise PermissionDenied("Only an account manager or the support team can list accounts.")
    if actor.role is Role.MANAGER:
        if establishment_id not in (None, actor.establishment_id):
            raise PermissionDenied("You can only manage the accounts of your own establishment.")
        establishment_id = actor.establishment_id
    with db.read() as session:
        query = (
            select(Account)
            .outerjoin(Establishment, col(Establishment.id) == col(Account.establishment_id))
            .order_by(col(Establishment.number).nulls_first(), col(Account.username))
        )
        if establishment_id is not None:
            query = query.where(col(Account.establishment_id) == establishment_id)
        return [summarise(session, row, now) for row in session.scalars(query)]


def get_account(db: Database, actor: Actor, username: str, *, now: datetime) -> AccountSummary:
    with db.read() as session:
        account = require_account(session, username)
        require_manager_of(actor, account)
        return summarise(session, account, require_aware(now))


def create_account(
    db: Database,
    actor: Actor,
    *,
    username: str,
    role: Role,
    establishment_id: int | None,
    now: datetime,
    display_name: str = "",
    settings: SecuritySettings = DEFAULT_SETTINGS,
) -> IssuedPassword:
    """Add an account with a temporary password, which the caller shows once.

    Raises:
        PermissionDenied: a user, a manager of another school, or a manager making support.
        InvalidInput: a bad or taken username, a missing establishment, a name too long.
    """
    now = require_aware(now)
    role = Role(role)
    check_grant(actor, role, establishment_id)
    name = check_username(username)
    display_name = one_line(display_name)
    if len(display_name) > MAX_DISPLAY_NAME:
        raise InvalidInput(
            f"A name can be at most {MAX_DISPLAY_NAME} characters ({len(display_name)} given).",
            field="display_name",
        )
    password = temporary_password(name)
    # Hash before taking the write lock: a hash takes about 0.1 s, other writers need not wait.
    password_hash = hash_password(password)
    expires = now + settings.temporary_password_lifetime
    try:
        with db.write() as session:
            if (
                establishment_id is not None
                and session.get(Establishment, establishment_id) is None
            ):
                raise NotFound(f"There is no establishment with id {establishment_id}.")
            account = Account(
                username=name,
                display_name=display_name,
                establishment_id=establishment_id,
                role=role.value,
                password_hash=password_hash,
                password_is_temporary=True,
                temporary_expires_at=expires,
                created_at=now,
            )
            session.add(account)
            session.flush()
            # Failures counted against the name while it had no account are not the new owner's.
            session.execute(
                delete(SignInThrottle).where(col(SignInThrottle.username) == throttle_key(name))
            )
            audit_account(session, actor, account, "create account", new_value=role.value, at=now)
            summary = summarise(session, account, now)
    except IntegrityError as error:
        raise InvalidInput(
            f"The username {name} is taken (usernames are shared by every establishment "
            "in the service): choose another.",
            field="username",
        ) from error
    return IssuedPassword(summary, password, expires)

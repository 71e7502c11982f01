"""Shared set-up for the account and sign-in tests: a clock, schools, accounts, whole sign-ins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select
from sqlmodel import col

from store.accounts import passwords
from store.accounts.accounts import IssuedPassword, create_account
from store.accounts.secret_box import secret_box
from store.accounts.settings import SecuritySettings
from store.accounts.sign_in import (
    choose_new_password,
    confirm_totp_enrolment,
    continue_sign_in,
    enter_security_code,
    enter_totp,
    start_sign_in,
)
from store.accounts.sign_in_steps import (
    NeedsPasswordChange,
    NeedsSecurityCode,
    NeedsTotp,
    NeedsTotpEnrolment,
    ShowSecurityCode,
    SignedIn,
    SignInStep,
)
from store.accounts.totp import secret_from_text, totp
from store.core.access import Actor, Role
from store.core.db import Database
from store.core.models import Account, AuditEntry
from store.establishments.establishments import EstablishmentInfo, create_establishment

T0 = datetime(2025, 11, 3, 9, 0, tzinfo=timezone.utc)
SOURCE = "ssh 192.0.2.7"
GOOD_PASSWORD = "Bramble-Kettle-42!"
OTHER_PASSWORD = "Quince-Lantern-17?"
SUPPORT = Actor("support.tester", Role.SUPPORT, None)


def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> PasswordHasher:
    """argon2id with tiny parameters, so the tests that sign in many times stay quick."""
    hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    monkeypatch.setattr(passwords, "_hasher", hasher)
    return hasher


@dataclass
class Clock:
    """A clock the test moves by hand."""

    now: datetime = T0

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def school(
    db: Database, number: str = "2041", name: str = "ST MARY'S PRIMARY"
) -> EstablishmentInfo:
    return create_establishment(db, SUPPORT, number, name)


def add(
    db: Database,
    username: str,
    role: Role,
    establishment_id: int | None,
    now: datetime = T0,
    settings: SecuritySettings | None = None,
    actor: Actor = SUPPORT,
) -> IssuedPassword:
    return create_account(
        db,
        actor,
        username=username,
        role=role,
        establishment_id=establishment_id,
        now=now,
        settings=settings or SecuritySettings(),
    )


@dataclass
class Person:
    """An account after its first sign-in: what its owner knows."""

    username: str
    password: str
    code: str
    totp_secret: bytes | None = None


def code_digits(code: str, step: NeedsSecurityCode) -> str:
    return "".join(code[position - 1] for position in step.positions)


def first_sign_in(
    db: Database,
    issued: IssuedPassword,
    settings: SecuritySettings,
    now: datetime = T0,
    new_password: str = GOOD_PASSWORD,
    source: str = SOURCE,
) -> tuple[Person, SignedIn]:
    """Temporary password, new password, security code shown, authenticator (support): signed in."""
    name = issued.account.username
    step = start_sign_in(
        db, name, issued.temporary_password, source=source, now=now, settings=settings
    )
    assert isinstance(step, NeedsPasswordChange), step
    step = choose_new_password(db, step.ticket, new_password, now=now, settings=settings)
    assert isinstance(step, ShowSecurityCode), step
    person = Person(name, new_password, step.code)
    step = continue_sign_in(db, step.ticket, now=now, settings=settings)
    if isinstance(step, NeedsTotpEnrolment):
        secret = secret_from_text(step.secret)
        person.totp_secret = secret
        step = confirm_totp_enrolment(
            db, step.ticket, totp(secret, now.timestamp()), now=now, settings=settings
        )
    assert isinstance(step, SignedIn), step
    return person, step


def sign_in(
    db: Database,
    person: Person,
    settings: SecuritySettings,
    now: datetime,
    source: str = SOURCE,
) -> SignInStep:
    """A later sign-in answering every question right; the step it ends on."""
    step = start_sign_in(
        db, person.username, person.password, source=source, now=now, settings=settings
    )
    if isinstance(step, NeedsSecurityCode):
        step = enter_security_code(
            db, step.ticket, code_digits(person.code, step), now=now, settings=settings
        )
    if isinstance(step, NeedsTotp):
        assert person.totp_secret is not None
        code = totp(person.totp_secret, now.timestamp())
        step = enter_totp(db, step.ticket, code, now=now, settings=settings)
    return step


def account(db: Database, username: str) -> Account:
    with db.read() as session:
        row = session.scalars(select(Account).where(col(Account.username) == username)).one()
        session.expunge(row)
        return row


def audit_actions(db: Database, target: str | None = None) -> list[str]:
    with db.read() as session:
        query = select(AuditEntry).order_by(col(AuditEntry.id))
        if target is not None:
            query = query.where(col(AuditEntry.target) == target)
        return [row.action for row in session.scalars(query)]


def stored_code(db: Database, username: str, settings: SecuritySettings) -> str | None:
    encrypted = account(db, username).security_code_encrypted
    return None if encrypted is None else secret_box(settings.key_file).decrypt(encrypted)

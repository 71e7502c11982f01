"""The support console's benchmark database: 300 establishments, 2,000 accounts, a big trail.

Written in bulk with SQLAlchemy core (a few seconds): the console's searches and detail pages
read exactly these tables, so the rows only need the columns they read to look real.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import Table
from sqlmodel import Session, SQLModel

from store.core.db import Database, open_database
from store.core.models import Account, AuditEntry, Establishment, LoginSession

ESTABLISHMENTS = 300
ACCOUNTS = 2_000
AUDIT_ROWS = 500_000
SUPPORT_ACCOUNTS = 8
LIVE_SESSIONS = 150
BATCH = 50_000
NOW = datetime(2025, 11, 3, 10, 0, tzinfo=timezone.utc)
_PLACES = (
    "OAKFIELD", "HILLSIDE", "RIVERSIDE", "ST MARY'S", "MEADOW", "BROOKLANDS", "ASHGROVE",
    "KINGSWAY", "LITTLE ACORNS", "WILLOW", "HOLY TRINITY", "PARKSIDE", "ELMWOOD", "FERNHILL",
    "GREENACRES", "LARKRISE", "NORTHGATE", "SOUTHFIELD", "WESTBROOK", "EASTWOOD",
)  # fmt: skip
_KINDS = ("PRIMARY SCHOOL", "INFANT SCHOOL", "NURSERY", "ACADEMY", "C OF E PRIMARY")
_FIRST = (
    "amy", "ben", "chloe", "dan", "ella", "finn", "grace", "harry", "isla", "jack", "kate",
    "liam", "mia", "noah", "olivia", "priya", "quinn", "ravi", "sara", "tom", "uma", "will",
)  # fmt: skip
_LAST = (
    "smith", "jones", "taylor", "brown", "williams", "wilson", "johnson", "davies", "patel",
    "robinson", "wright", "thompson", "evans", "walker", "white", "roberts", "green", "hall",
)  # fmt: skip
_OTHER_ACTIONS = ("entry judgement", "edit pupil", "add pupil", "rename class", "export grid")


def _establishments() -> list[dict[str, object]]:
    return [
        {
            "id": index + 1,
            "number": f"{2000 + index * 7}",
            "name": f"{_PLACES[index % len(_PLACES)]} {_KINDS[index // len(_PLACES) % 5]}"
            + (f" {index // 100 + 1}" if index >= 100 else ""),
        }
        for index in range(ESTABLISHMENTS)
    ]


def _accounts(rng: random.Random) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for index in range(ACCOUNTS):
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        support = index < SUPPORT_ACCOUNTS
        failures = rng.choice((0, 0, 0, 0, 1, 3, 10))
        rows.append(
            {
                "id": index + 1,
                "username": f"{first}.{last}{index}",
                "display_name": f"{first.title()} {last.title()}",
                "establishment_id": None if support else index % ESTABLISHMENTS + 1,
                "role": "support" if support else ("manager" if index % 6 == 0 else "user"),
                "password_hash": "$argon2id$v=19$m=65536,t=3,p=4$bench$bench",
                "password_is_temporary": index % 25 == 0,
                "temporary_expires_at": NOW + timedelta(hours=24) if index % 25 == 0 else None,
                "security_code_encrypted": None if index % 25 == 0 else "bench-token",
                "totp_secret_encrypted": "bench-token" if support else None,
                "disabled": index % 97 == 0,
                "failed_sign_ins": failures,
                "locked_until": NOW + timedelta(minutes=20) if failures == 10 else None,
                "last_failure_at": NOW - timedelta(hours=2) if failures else None,
                "last_failure_source": "ssh 203.0.113.9" if failures else None,
                "last_success_at": NOW - timedelta(days=rng.randint(0, 60)),
                "last_success_source": f"ssh 192.0.2.{index % 250}",
                "created_at": NOW - timedelta(days=400),
            }
        )
    return rows


def _audit(rng: random.Random, accounts: list[dict[str, object]]) -> list[dict[str, object]]:
    """Half sign-in traffic (what the details page reads), half ordinary changes."""
    start = NOW - timedelta(days=365)
    step = timedelta(days=365) / AUDIT_ROWS
    rows: list[dict[str, object]] = []
    for index in range(AUDIT_ROWS):
        owner = accounts[rng.randrange(SUPPORT_ACCOUNTS, ACCOUNTS)]
        sign_in = index % 2 == 0
        rows.append(
            {
                "at": start + step * index,
                "actor": owner["username"],
                "source": f"ssh 192.0.2.{index % 250}",
                "establishment_id": owner["establishment_id"],
                "pupil_id": None if sign_in else rng.randint(1, 50_000),
                "action": rng.choice(("sign in", "sign out", "sign-in failed"))
                if sign_in
                else rng.choice(_OTHER_ACTIONS),
                "target": owner["username"] if sign_in else f"pupil {rng.randint(1, 50_000)}",
                "old_value": None,
                "new_value": None,
            }
        )
    return rows


def _sessions(accounts: list[dict[str, object]]) -> list[dict[str, object]]:
    return [
        {
            "account_id": accounts[index * 11 + SUPPORT_ACCOUNTS]["id"],
            "source": "ssh 198.51.100.4",
            "started_at": NOW - timedelta(minutes=40),
            "last_activity": NOW - timedelta(minutes=1),
            "last_heartbeat": NOW - timedelta(seconds=30),
            "ended_at": None,
        }
        for index in range(LIVE_SESSIONS)
    ]


def _insert(session: Session, model: type[SQLModel], rows: list[dict[str, object]]) -> None:
    """A core INSERT of many rows (executemany): several times quicker than the ORM's."""
    table = SQLModel.metadata.tables[str(model.__tablename__)]
    assert isinstance(table, Table)
    session.connection().execute(table.insert(), rows)


def build_console_database(folder: Path) -> Path:
    """Write the database to folder/console.db and return its path."""
    path = folder / "console.db"
    database: Database = open_database(f"sqlite:///{path}")
    rng = random.Random(20251103)
    accounts = _accounts(rng)
    try:
        with database.write() as session:
            _insert(session, Establishment, _establishments())
            _insert(session, Account, accounts)
            _insert(session, LoginSession, _sessions(accounts))
        audit = _audit(rng, accounts)
        for begin in range(0, len(audit), BATCH):
            with database.write() as session:
                _insert(session, AuditEntry, audit[begin : begin + BATCH])
    finally:
        database.dispose()
    return path

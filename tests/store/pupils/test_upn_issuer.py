"""In-house UPNs for private nurseries: valid temporary-style UPNs that never collide."""

from __future__ import annotations

from datetime import date

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select
from sqlmodel import col

from store.accounts.reauth import SERVER_ADMINISTRATOR, ReauthenticationFailed
from store.core.access import Actor, PermissionDenied, Role
from store.core.db import Database
from store.core.errors import InvalidInput
from store.core.models import AuditEntry, Pupil
from store.curriculum.upn import upn_problem
from store.pupils.upn_issuer import issue_inhouse_upns
from tests.store.accounts_helpers import SUPPORT, T0, cheap_hashing, school


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch: pytest.MonkeyPatch) -> PasswordHasher:
    return cheap_hashing(monkeypatch)


def issue(database: Database, establishment_id: int, count: int = 1) -> list[str]:
    return issue_inhouse_upns(
        database,
        SUPPORT,
        SERVER_ADMINISTRATOR,
        establishment_id=establishment_id,
        la_code="888",
        now=T0,
        count=count,
    )


def test_issued_upns_are_valid_temporary_upns(database: Database) -> None:
    nursery = school(database, "3050", "LITTLE ACORNS NURSERY")
    upns = issue(database, nursery.id, 30)
    assert len(set(upns)) == 30
    for upn in upns:
        assert upn_problem(upn) is None
        assert upn[1:10] == "888" + "3050" + "25"  # LA, establishment, year of allocation
        assert upn[12].isalpha() and upn[12] not in "IOS"
    with database.read() as session:
        audit = session.scalars(
            select(AuditEntry).where(col(AuditEntry.action) == "issue in-house UPNs")
        ).one()
        assert audit.new_value == ", ".join(upns)


def test_never_the_same_twice_nor_one_a_pupil_has(database: Database) -> None:
    nursery = school(database, "3050", "LITTLE ACORNS NURSERY")
    first = issue(database, nursery.id)[0]
    # The next candidate is already on a pupil (typed in by hand): it is skipped.
    second_candidate = first[:12] + "B"
    from store.curriculum.upn import upn_check_letter

    taken = upn_check_letter(second_candidate[1:]) + second_candidate[1:]
    with database.write() as session:
        session.add(
            Pupil(
                upn=taken,
                establishment_id=nursery.id,
                surname="Ahmed",
                forenames="Zara",
                date_of_birth=date(2022, 5, 1),
            )
        )
    second = issue(database, nursery.id)[0]
    assert second not in (first, taken)
    assert len({first, second, *issue(database, nursery.id, 5)}) == 7


def test_only_support_and_only_after_the_password(database: Database) -> None:
    nursery = school(database, "3050", "LITTLE ACORNS NURSERY")
    manager = Actor("head", Role.MANAGER, nursery.id)
    with pytest.raises(PermissionDenied):
        issue_inhouse_upns(
            database,
            manager,
            SERVER_ADMINISTRATOR,
            establishment_id=nursery.id,
            la_code="888",
            now=T0,
        )
    with pytest.raises(ReauthenticationFailed):
        issue_inhouse_upns(
            database, SUPPORT, "not-a-password", establishment_id=nursery.id, la_code="888", now=T0
        )
    with pytest.raises(InvalidInput, match="3 digits"):
        issue_inhouse_upns(
            database,
            SUPPORT,
            SERVER_ADMINISTRATOR,
            establishment_id=nursery.id,
            la_code="88",
            now=T0,
        )
    with pytest.raises(InvalidInput, match="between 1 and 100"):
        issue(database, nursery.id, 0)

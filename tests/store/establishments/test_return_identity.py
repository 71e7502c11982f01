"""An establishment's LA number, DfE number and URN: set by support, checked, audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlmodel import col

from store.core.access import Actor, PermissionDenied, Role
from store.core.db import Database
from store.core.errors import InvalidInput, NotFound
from store.core.models import AuditEntry, Establishment
from store.establishments.establishments import (
    EstablishmentInfo,
    create_establishment,
    find_establishment_by_number,
    get_establishment,
    list_establishments,
)
from store.establishments.return_identity import (
    ACTION,
    return_identity_problem,
    set_return_identity,
)

SUPPORT = Actor("sue", Role.SUPPORT, None)


@pytest.fixture
def school(database: Database) -> EstablishmentInfo:
    return create_establishment(database, SUPPORT, "2041", "ST MARY'S C OF E PRIMARY")


def stored(database: Database, school: EstablishmentInfo) -> tuple[str | None, ...]:
    with database.read() as session:
        row = session.get(Establishment, school.id)
        assert row is not None
        return (row.la_number, row.dfe_number, row.urn)


def trail(database: Database) -> list[tuple[str, int | None, str, str | None, str | None]]:
    with database.read() as session:
        rows = session.scalars(
            select(AuditEntry).where(col(AuditEntry.action) == ACTION).order_by(col(AuditEntry.id))
        )
        return [
            (row.actor, row.establishment_id, row.target, row.old_value, row.new_value)
            for row in rows
        ]


def test_a_new_establishment_has_none_and_a_return_says_which(
    database: Database, school: EstablishmentInfo
) -> None:
    assert (school.la_number, school.dfe_number, school.urn) == (None, None, None)
    assert return_identity_problem(school) == (
        "Support has not yet set this establishment's LA number, DfE number and URN: a return "
        "names the school by its LA number, DfE number and URN. Ask the support team to set them."
    )


def test_support_sets_them_and_every_read_gives_them(
    database: Database, school: EstablishmentInfo
) -> None:
    made = set_return_identity(
        database, SUPPORT, school.id, la_number="873", dfe_number="2001", urn="100001"
    )
    assert (made.la_number, made.dfe_number, made.urn) == ("873", "2001", "100001")
    assert stored(database, school) == ("873", "2001", "100001")
    assert get_establishment(database, school.id) == made
    assert find_establishment_by_number(database, "2041") == made
    assert list_establishments(database, SUPPORT) == [made]
    assert return_identity_problem(made) is None
    assert trail(database) == [
        ("sue", school.id, "LA number", None, "873"),
        ("sue", school.id, "DfE number", None, "2001"),
        ("sue", school.id, "URN", None, "100001"),
    ]


def test_leading_zeros_are_kept_and_spaces_taken_out(
    database: Database, school: EstablishmentInfo
) -> None:
    made = set_return_identity(
        database, SUPPORT, school.id, la_number=" 093 ", dfe_number="0 0 4 2", urn="\t012 345 "
    )
    assert stored(database, school) == ("093", "0042", "012345")
    assert (made.la_number, made.dfe_number, made.urn) == ("093", "0042", "012345")


def test_a_blank_clears_one_and_only_changes_are_audited(
    database: Database, school: EstablishmentInfo
) -> None:
    set_return_identity(
        database, SUPPORT, school.id, la_number="873", dfe_number="2001", urn="100001"
    )
    made = set_return_identity(
        database, SUPPORT, school.id, la_number="873", dfe_number="  ", urn="100002"
    )
    assert stored(database, school) == ("873", None, "100002")
    assert return_identity_problem(made) == (
        "Support has not yet set this establishment's DfE number: a return names the school by "
        "its LA number, DfE number and URN. Ask the support team to set them."
    )
    assert trail(database)[3:] == [
        ("sue", school.id, "DfE number", "2001", None),
        ("sue", school.id, "URN", "100001", "100002"),
    ]
    set_return_identity(database, SUPPORT, school.id, la_number="873", dfe_number="", urn="100002")
    assert len(trail(database)) == 5  # the same again: nothing to record


def test_two_missing_are_named_with_and(school: EstablishmentInfo) -> None:
    problem = return_identity_problem(
        EstablishmentInfo(school.id, school.number, school.name, None, "2001", None)
    )
    assert problem is not None
    assert problem.startswith("Support has not yet set this establishment's LA number and URN:")


@pytest.mark.parametrize(
    ("field", "typed", "said"),
    [
        ("la_number", "33", "The LA number is 3 digits, e.g. 873; '33' is not."),
        ("la_number", "8733", "The LA number is 3 digits, e.g. 873; '8733' is not."),
        ("la_number", "87a", "The LA number is 3 digits, e.g. 873; '87a' is not."),
        ("la_number", "٨٧٣", "The LA number is 3 digits, e.g. 873; '٨٧٣' is not."),  # Arabic-Indic
        ("la_number", "8³3", "The LA number is 3 digits, e.g. 873; '8³3' is not."),
        ("dfe_number", "201", "The DfE number is 4 digits, e.g. 2001; '201' is not."),
        ("dfe_number", "873-2001", "The DfE number is 4 digits, e.g. 2001; '873-2001' is not."),
        ("urn", "1000011", "The URN is 6 digits, e.g. 100001; '1000011' is not."),
        ("urn", "EY1234", "The URN is 6 digits, e.g. 100001; 'EY1234' is not."),
        ("urn", "10 00 0", "The URN is 6 digits, e.g. 100001; '10 00 0' is not."),
        ("urn", "1" * 40, f"The URN is 6 digits, e.g. 100001; '{'1' * 19}…' is not."),
    ],
)
def test_a_wrong_value_is_refused_with_what_to_give_and_nothing_is_written(
    database: Database, school: EstablishmentInfo, field: str, typed: str, said: str
) -> None:
    set_return_identity(
        database, SUPPORT, school.id, la_number="873", dfe_number="2001", urn="100001"
    )
    # The other two change (and are right): all or nothing.
    values = {"la_number": "330", "dfe_number": "2002", "urn": "100002", field: typed}
    with pytest.raises(InvalidInput) as refused:
        set_return_identity(database, SUPPORT, school.id, **values)
    assert str(refused.value) == said
    assert refused.value.field == field
    assert stored(database, school) == ("873", "2001", "100001")
    assert len(trail(database)) == 3


@pytest.mark.parametrize("role", [Role.USER, Role.MANAGER])
def test_only_support_sets_them_even_for_their_own_school(
    database: Database, school: EstablishmentInfo, role: Role
) -> None:
    with pytest.raises(PermissionDenied, match="support team"):
        set_return_identity(
            database,
            Actor("ann", role, school.id),
            school.id,
            la_number="873",
            dfe_number="2001",
            urn="100001",
        )
    assert stored(database, school) == (None, None, None)
    assert trail(database) == []


def test_a_single_machine_installs_administrator_sets_them(
    database: Database, school: EstablishmentInfo
) -> None:
    """A single-machine install has no support team: the person who set it up (at a database
    with no accounts) gives the numbers, as they create its establishments."""
    set_return_identity(
        database,
        Actor("me", Role.MANAGER, None),
        school.id,
        la_number="873",
        dfe_number="2001",
        urn="100001",
    )
    assert stored(database, school) == ("873", "2001", "100001")


def test_an_establishment_that_is_not_there_is_not_found(database: Database) -> None:
    with pytest.raises(NotFound):
        set_return_identity(database, SUPPORT, 999, la_number="873", dfe_number="", urn="")
    assert trail(database) == []

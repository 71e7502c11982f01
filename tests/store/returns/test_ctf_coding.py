"""Store tests of support's CTF coding table: the list, setting a subject's coding in place of the
program's own, putting it back, the audit of each, and every refusal (nothing written)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import select
from sqlmodel import col

from store.core.access import Actor, PermissionDenied, Role
from store.core.db import Database
from store.core.errors import InvalidInput, NotFound
from store.core.models import AuditEntry
from store.core.models_returns import CtfComponent
from store.curriculum.ctf_components import BUILT_IN, CtfCoding
from store.curriculum.eyfs import AREA_CODES
from store.curriculum.eyfs_frameworks import EYFS_ELG_ID
from store.curriculum.ks1 import KS1_TA_ID, READING
from store.returns.ctf_coding import (
    RESET_ACTION,
    SET_ACTION,
    CodingRow,
    ctf_codings,
    reset_ctf_coding,
    set_ctf_coding,
)
from store.returns.ctf_data import ReturnKind

SUPPORT = Actor("la.officer", Role.SUPPORT, None)
NOW = datetime(2026, 5, 1, 9, 0, tzinfo=timezone.utc)
VALUES = {
    "stage": "KS1",
    "ctf_subject": "ENG",
    "method": "TT",
    "component": "READING",
    "result_qualifier": "NV",
}


def set_reading(
    database: Database, actor: Actor = SUPPORT, subject: str = READING, **changes: str
) -> CodingRow:
    values = {**VALUES, **changes}
    return set_ctf_coding(
        database,
        actor,
        KS1_TA_ID,
        subject,
        stage=values["stage"],
        ctf_subject=values["ctf_subject"],
        method=values["method"],
        component=values["component"],
        result_qualifier=values["result_qualifier"],
        now=NOW,
    )


def trail(database: Database) -> list[tuple[str, str, str, str | None, str | None]]:
    with database.read() as session:
        rows = session.scalars(
            select(AuditEntry)
            .where(col(AuditEntry.action).in_((SET_ACTION, RESET_ACTION)))
            .order_by(col(AuditEntry.id))
        )
        return [(r.action, r.actor, r.target, r.old_value, r.new_value) for r in rows]


def stored(database: Database) -> list[tuple[str, ...]]:
    with database.read() as session:
        return [
            (row.framework, row.subject, row.stage, row.ctf_subject, row.method, row.component)
            for row in session.scalars(select(CtfComponent))
        ]


def test_the_list_is_the_programs_own_coding_of_every_returned_subject(
    database: Database,
) -> None:
    rows = ctf_codings(database, SUPPORT)
    assert [(row.framework_id, row.subject) for row in rows] == [
        (KS1_TA_ID, "RD"),
        (KS1_TA_ID, "WR"),
        (KS1_TA_ID, "MA"),
        (KS1_TA_ID, "SC"),
        *((EYFS_ELG_ID, code) for code in AREA_CODES),
    ]
    assert all(row.built_in and row.set_at is None for row in rows)
    assert {(row.framework_id, row.subject): row.coding for row in rows} == BUILT_IN
    assert rows[0].subject_name == "Reading" and rows[0].kind is ReturnKind.KS1
    assert rows[4].kind is ReturnKind.EYFSP


def test_support_sets_a_subjects_coding_and_puts_it_back(database: Database) -> None:
    row = set_reading(database)
    assert row == ctf_codings(database, SUPPORT)[0]
    new = CtfCoding("KS1", "ENG", "TT", "READING", "NV")
    assert ctf_codings(database, SUPPORT)[0].coding == new
    listed = ctf_codings(database, SUPPORT)[0]
    assert (listed.set_by, listed.set_at, listed.built_in) == ("la.officer", NOW, False)
    # The others keep the program's coding.
    assert all(row.built_in for row in ctf_codings(database, SUPPORT)[1:])
    # The same again writes nothing; spaces typed around a value are not kept.
    set_reading(database, stage=" KS1 ")
    assert stored(database) == [(KS1_TA_ID, READING, "KS1", "ENG", "TT", "READING")]
    set_reading(database, method="TA")
    reset = reset_ctf_coding(database, SUPPORT, KS1_TA_ID, READING, now=NOW)
    assert reset.built_in and reset.coding == BUILT_IN[(KS1_TA_ID, READING)]
    assert stored(database) == []
    reset_ctf_coding(database, SUPPORT, KS1_TA_ID, READING)  # nothing to put back
    target = "CTF coding KS1 teacher assessment: Reading"
    own = "Stage KS1, Subject ENG, Method TA, Component READ, ResultQualifier NV (built in)"
    assert trail(database) == [
        (
            SET_ACTION,
            "la.officer",
            target,
            own,
            "Stage KS1, Subject ENG, Method TT, Component READING, ResultQualifier NV",
        ),
        (
            SET_ACTION,
            "la.officer",
            target,
            "Stage KS1, Subject ENG, Method TT, Component READING, ResultQualifier NV",
            "Stage KS1, Subject ENG, Method TA, Component READING, ResultQualifier NV",
        ),
        (
            RESET_ACTION,
            "la.officer",
            target,
            "Stage KS1, Subject ENG, Method TA, Component READING, ResultQualifier NV",
            own,
        ),
    ]


@pytest.mark.parametrize("role", [Role.USER, Role.MANAGER])
def test_only_support_reads_sets_or_resets_the_coding(database: Database, role: Role) -> None:
    set_reading(database)
    before = trail(database)
    actor = Actor("head", role, None)
    with pytest.raises(PermissionDenied, match="Only the local authority's support team"):
        set_reading(database, actor, component="OTHER")
    with pytest.raises(PermissionDenied):
        reset_ctf_coding(database, actor, KS1_TA_ID, READING)
    with pytest.raises(PermissionDenied):
        ctf_codings(database, actor)
    assert stored(database) == [(KS1_TA_ID, READING, "KS1", "ENG", "TT", "READING")]
    assert trail(database) == before


@pytest.mark.parametrize(
    ("changes", "field", "said"),
    [
        ({"stage": "  "}, "stage", "Stage cannot be blank."),
        ({"method": ""}, "method", "Method cannot be blank."),
        (
            {"component": "C" * 21},
            "component",
            f"Component is at most 20 characters; {'C' * 20!r} has 21.",
        ),
        (
            {"result_qualifier": "NVNVNVNVNVN"},
            "result_qualifier",
            "ResultQualifier is at most 10 characters",
        ),
        ({"ctf_subject": "EN\x07G"}, "ctf_subject", "Subject holds a control character"),
        ({"stage": "KS\x1b[1"}, "stage", "Stage holds a control character"),
        ({"method": "T\x00A"}, "method", "Method holds a control character"),
        ({"component": "RE\nAD"}, "component", "Component holds a control character"),
        ({"result_qualifier": "NV\t"}, "result_qualifier", "ResultQualifier holds a control"),
        ({"component": "LESEN\u00e9"}, "component", "Component is plain letters, digits"),
    ],
)
def test_a_wrong_value_is_refused_naming_its_field_and_nothing_is_written(
    database: Database, changes: dict[str, str], field: str, said: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        set_reading(database, SUPPORT, READING, **changes)
    assert refused.value.field == field
    assert str(refused.value).startswith(said)
    assert stored(database) == [] and trail(database) == []


def test_a_subject_no_return_carries_is_not_found(database: Database) -> None:
    with pytest.raises(NotFound):
        set_reading(database, SUPPORT, "XX")
    with pytest.raises(NotFound):
        reset_ctf_coding(database, SUPPORT, "phonics-check", "PSC")
    assert stored(database) == [] and trail(database) == []

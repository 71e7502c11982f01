"""Interventions belong to the pupil's record, never to a bare UPN; older databases upgrade.

A school that corrects a pupil's UPN keeps seeing the pupil's interventions, and a school later
given the old number sees none of them. A database made when interventions were kept by UPN is
upgraded on open, each intervention attached to the pupil it was recorded for.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    Column,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    inspect,
    select,
    text,
)
from sqlmodel import col

from store.assessments import periods as assessments
from store.core.access import Actor, Role
from store.core.audit import AuditRecord, record
from store.core.db import Database
from store.core.models import Intervention, Pupil
from store.curriculum.eyfs import EARLY_YEARS
from store.curriculum.upn import upn_check_letter
from store.establishments.establishments import EstablishmentInfo, create_establishment
from store.pupils import editing, interventions, pupils
from store.pupils.fields import PupilForm, form_from_values
from tests.store.conftest import as_made_before_migrations

TODAY = date(2025, 11, 3)
YEAR = 2025
SUPPORT = Actor("support", Role.SUPPORT, None)


def upn(serial: int) -> str:
    digits = f"999{serial:09d}"
    return upn_check_letter(digits) + digits


def add_pupil(database: Database, actor: Actor, school: EstablishmentInfo, serial: int) -> int:
    form = PupilForm(
        upn=upn(serial),
        surname=f"Child{serial}",
        forenames="Sam",
        date_of_birth="14/03/2021",
        gender="F",
        postcode="PR1 2AB",
        ethnicity="WBRI",
    )
    return editing.create_pupil(database, actor, school.id, form, TODAY)


def autumn_1(database: Database, school: EstablishmentInfo) -> None:
    """An assessment for the pupils' year group: an intervention names one of them."""
    assessments.create_period(
        database, SUPPORT, school.id, "Autumn 1", date(YEAR, 10, 17), list(EARLY_YEARS)
    )


def correct_upn(database: Database, actor: Actor, pupil_id: int, new_upn: str) -> None:
    assert actor.establishment_id is not None
    form = form_from_values(pupils.get_pupil(database, actor, actor.establishment_id, pupil_id))
    form.upn = new_upn
    editing.update_pupil(database, actor, actor.establishment_id, pupil_id, form, TODAY)


def details_seen(database: Database, actor: Actor, pupil_id: int) -> list[str]:
    assert actor.establishment_id is not None
    listed = interventions.list_interventions(database, actor, actor.establishment_id, pupil_id)
    return [item.details for item in listed]


def test_a_corrected_upn_keeps_the_interventions_and_the_old_number_reads_none(
    database: Database,
) -> None:
    birch = create_establishment(database, SUPPORT, "3002", "BIRCH")
    cedar = create_establishment(database, SUPPORT, "3003", "CEDAR")
    bea, cal = Actor("bea", Role.USER, birch.id), Actor("cal", Role.USER, cedar.id)
    child = add_pupil(database, bea, birch, 1)
    autumn_1(database, birch)
    interventions.add_intervention(
        database, bea, birch.id, child, YEAR, "Autumn 1", "Confidential: family support plan"
    )
    correct_upn(database, bea, child, upn(2))
    assert details_seen(database, bea, child) == ["Confidential: family support plan"]
    stranger = add_pupil(database, cal, cedar, 1)  # given Birch's old number
    assert details_seen(database, cal, stranger) == []
    assert pupils.list_pupils(database, cal, cedar.id, YEAR)[0].intervention is False
    assert pupils.list_pupils(database, bea, birch.id, YEAR)[0].intervention is True


# --- upgrading a database made when interventions were kept by UPN ------------------------------


def _old_intervention_table() -> Table:
    """The intervention table as earlier versions made it (keyed by UPN)."""
    old = MetaData()
    Table("establishment", old, Column("id", Integer, primary_key=True))
    return Table(
        "intervention",
        old,
        Column("id", Integer, primary_key=True),
        Column("upn", String(13), nullable=False, index=True),
        Column(
            "establishment_id",
            Integer,
            ForeignKey("establishment.id", ondelete="CASCADE"),
            nullable=False,
        ),
        Column("academic_year", Integer, nullable=False),
        Column("assessment", String(60), nullable=False),
        Column("details", Text, nullable=False),
    )


def _make_it_old(database: Database) -> Table:
    """Turn the fresh database into one an earlier version made: no later columns, and
    interventions by UPN."""
    table = _old_intervention_table()
    as_made_before_migrations(database)
    with database.engine.begin() as connection:
        connection.execute(text("DROP TABLE intervention"))
        table.create(connection)
        for name, column in (
            ("pupil", "transferred_at"),
            ("pupil", "transferred_to_id"),
            ("pupil", "transferred_upn"),
            ("assessmentperiod", "deleted_at"),
            ("assessmentperiod", "deleted_by"),
        ):
            connection.execute(text(f"ALTER TABLE {name} DROP COLUMN {column}"))
    return table


def test_an_older_database_gets_each_intervention_to_the_right_pupil(database: Database) -> None:
    ash = create_establishment(database, SUPPORT, "3001", "ASH")
    birch = create_establishment(database, SUPPORT, "3002", "BIRCH")
    cedar = create_establishment(database, SUPPORT, "3003", "CEDAR")
    ann, bea, cal = (
        Actor(n, Role.USER, s.id) for n, s in (("ann", ash), ("bea", birch), ("cal", cedar))
    )
    amy = add_pupil(database, ann, ash, 10)
    ben = add_pupil(database, bea, birch, 20)
    # What the earlier version wrote: the audit rows of adding and editing interventions...
    with database.write() as session:
        record(
            session,
            ann,
            [
                AuditRecord(
                    "add intervention",
                    ash.id,
                    amy,
                    f"{YEAR}/{YEAR + 1} Autumn 1",
                    None,
                    "Reading club",
                )
            ],
        )
        record(
            session,
            bea,
            [
                AuditRecord(
                    "add intervention", birch.id, ben, f"{YEAR}/{YEAR + 1}", None, "Family support"
                )
            ],
        )
        record(session, bea, [AuditRecord("edit intervention", birch.id, ben, "4", "old", "new")])
    # ... then Birch corrected Ben's UPN, and Cedar was given the old number for another child.
    correct_upn(database, bea, ben, upn(21))
    carl = add_pupil(database, cal, cedar, 20)
    table = _make_it_old(database)
    with database.engine.begin() as connection:
        connection.execute(
            table.insert(),
            [
                {
                    "upn": upn(10),
                    "establishment_id": ash.id,
                    "academic_year": YEAR,
                    "assessment": "Autumn 1",
                    "details": "Reading club",
                },
                {
                    "upn": upn(20),
                    "establishment_id": birch.id,
                    "academic_year": YEAR,
                    "assessment": "",
                    "details": "Family support",
                },
                # No audit row of adding it: the number was corrected from it at Birch.
                {
                    "upn": upn(20),
                    "establishment_id": birch.id,
                    "academic_year": YEAR - 1,
                    "assessment": "",
                    "details": "Speech group",
                },
                # Its audit row of editing (id 4: the rows go in in this order) names Ben.
                {
                    "upn": upn(20),
                    "establishment_id": birch.id,
                    "academic_year": YEAR,
                    "assessment": "",
                    "details": "Edited",
                },
                # Nobody can be told: kept, attached to nobody.
                {
                    "upn": upn(99),
                    "establishment_id": ash.id,
                    "academic_year": YEAR,
                    "assessment": "",
                    "details": "Orphan",
                },
            ],
        )
    database.create_schema()  # what opening the database does

    columns = {c["name"] for c in inspect(database.engine).get_columns("intervention")}
    assert "upn" not in columns and "pupil_id" in columns
    for table, later in (
        ("pupil", {"transferred_at", "transferred_to_id", "transferred_upn"}),
        ("assessmentperiod", {"deleted_at", "deleted_by"}),
    ):
        assert later <= {c["name"] for c in inspect(database.engine).get_columns(table)}
    with database.read() as session:
        owners = dict(
            session.execute(select(col(Intervention.details), col(Intervention.pupil_id))).all()
        )
    assert owners == {
        "Reading club": amy,
        "Family support": ben,
        "Speech group": ben,
        "Edited": ben,
        "Orphan": None,
    }
    assert details_seen(database, ann, amy) == ["Reading club"]
    assert sorted(details_seen(database, bea, ben)) == ["Edited", "Family support", "Speech group"]
    assert details_seen(database, cal, carl) == []
    # The upgraded database works as a new one: columns that came later are there.
    autumn_1(database, cedar)
    interventions.add_intervention(
        database, cal, cedar.id, carl, YEAR, "Autumn 1", "Sensory circuit"
    )
    assert details_seen(database, cal, carl) == ["Sensory circuit"]
    with database.read() as session:
        assert session.get(Pupil, amy) is not None
    database.create_schema()  # and again: nothing to do

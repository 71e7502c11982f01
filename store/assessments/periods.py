"""Assessment periods and End of Year Early Learning Goals sections: create (deleting a period is
store.assessments.period_deletion)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlmodel import Session

from store.assessments.cohort import ElgSectionInfo, PeriodInfo, load_elg_section, load_periods
from store.assessments.elg_submission import submit
from store.core.access import Actor
from store.core.audit import AuditRecord, record
from store.core.db import Database
from store.core.errors import InvalidInput
from store.core.models import AssessmentPeriod, ElgSection, PeriodYearGroup
from store.core.typed_text import one_line
from store.curriculum import frameworks
from store.curriculum.dates import academic_year_of, format_academic_year
from store.curriculum.eyfs import YearGroup
from store.curriculum.eyfs_frameworks import EYFS_ELG_ID, EYFS_IN_YEAR_ID
from store.curriculum.framework import Framework

MAX_PERIOD_NAME = 60

# --- Periods and ELG sections -----------------------------------------------------------------


def create_period(
    db: Database,
    actor: Actor,
    establishment_id: int,
    name: str,
    day: date,
    year_groups: Iterable[YearGroup],
    *,
    framework: str = EYFS_IN_YEAR_ID,
) -> PeriodInfo:
    """Create an assessment period of a framework (by id; EYFS in-year unless said) for some of
    its year groups, in the academic year of `day`.

    Raises:
        InvalidInput: blank or long name, no year group, a group the framework is not for, the
            same name already used this year for one of the groups, or a framework this program
            does not know.
    """
    actor.require_establishment(establishment_id)
    try:
        system = frameworks.by_id(framework)
    except frameworks.UnknownFramework as unknown:
        raise InvalidInput(str(unknown), field="framework") from None
    name = one_line(name)
    groups = tuple(sorted(set(year_groups), key=lambda g: g.offset))
    if not name:
        raise InvalidInput("Give the assessment a name, e.g. Autumn 1.", field="name")
    if len(name) > MAX_PERIOD_NAME:
        raise InvalidInput(
            f"An assessment name can be at most {MAX_PERIOD_NAME} characters ({len(name)} given).",
            field="name",
        )
    if not groups:
        raise InvalidInput(
            f"Tick at least one year group: {system.year_groups_said('or')}.", field="year_groups"
        )
    outside = [g.label for g in groups if g not in system.year_groups]
    if outside:
        raise InvalidInput(
            f"{_periods_of(system)} are for {system.year_groups_said('and')}, not {outside[0]}.",
            field="year_groups",
        )
    with db.write() as session:
        return add_period(session, actor, establishment_id, name, day, groups, system)


def add_period(
    session: Session,
    actor: Actor,
    establishment_id: int,
    name: str,
    day: date,
    groups: tuple[YearGroup, ...],
    framework: Framework,
) -> PeriodInfo:
    """Add a period whose name, groups and framework `create_period` checked, inside the caller's
    write transaction (an import's, which creates the period its results go in).

    Raises:
        InvalidInput: the name is already used this year for one of the groups.
    """
    actor.require_establishment(establishment_id)
    academic_year = academic_year_of(day)
    for period in load_periods(session, establishment_id, academic_year):
        shared = set(period.year_groups) & set(groups)
        if period.name.casefold() == name.casefold() and shared:
            group = sorted(shared, key=lambda g: g.offset)[0]
            raise InvalidInput(
                f"There is already an assessment called {period.name} in "
                f"{format_academic_year(academic_year)} for {group.label}; "
                "choose another name.",
                field="name",
            )
    row = AssessmentPeriod(
        establishment_id=establishment_id,
        name=name,
        day=day,
        academic_year=academic_year,
        framework=framework.id,
    )
    session.add(row)
    session.flush()
    assert row.id is not None
    for group in groups:
        session.add(PeriodYearGroup(period_id=row.id, year_group=group.value))
    said = f"{day.isoformat()} {', '.join(g.label for g in groups)}"
    if framework.id != EYFS_IN_YEAR_ID:
        said += f" ({framework.name})"
    record(
        session,
        actor,
        [AuditRecord("create assessment", establishment_id, target=name, new_value=said)],
    )
    return PeriodInfo(row.id, name, day, academic_year, groups, framework.id)


def create_elg_section(
    db: Database, actor: Actor, establishment_id: int, academic_year: int, day: date
) -> ElgSectionInfo:
    """Create the End of Year Early Learning Goals for the Reception cohort of `academic_year`.

    Raises:
        InvalidInput: the date is outside the academic year, or the section exists already.
    """
    actor.require_establishment(establishment_id)
    if academic_year_of(day) != academic_year:
        raise InvalidInput(
            f"The date must fall in {format_academic_year(academic_year)} "
            f"(1 September {academic_year} to 31 August {academic_year + 1}).",
            field="day",
        )
    with db.write() as session:
        return add_elg_section(session, actor, establishment_id, academic_year, day)


def add_elg_section(
    session: Session, actor: Actor, establishment_id: int, academic_year: int, day: date
) -> ElgSectionInfo:
    """Add the End of Year ELGs of `academic_year` (`day` checked by `create_elg_section`)
    inside the caller's write transaction (an import's, whose results go in them).

    Raises:
        InvalidInput: the section exists already.
    """
    actor.require_establishment(establishment_id)
    if load_elg_section(session, establishment_id, academic_year) is not None:
        raise InvalidInput(
            f"The End of Year Early Learning Goals for {format_academic_year(academic_year)} "
            "already exist."
        )
    # The End of Year ELGs are EYFS by name: submission and the LA return know them.
    row = ElgSection(
        establishment_id=establishment_id,
        academic_year=academic_year,
        day=day,
        framework=EYFS_ELG_ID,
    )
    session.add(row)
    session.flush()
    assert row.id is not None
    record(
        session,
        actor,
        [
            AuditRecord(
                "create early learning goals",
                establishment_id,
                target=format_academic_year(academic_year),
                new_value=day.isoformat(),
            )
        ],
    )
    return ElgSectionInfo(row.id, academic_year, day, None, None, EYFS_ELG_ID)


def _periods_of(framework: Framework) -> str:
    if framework.id == EYFS_IN_YEAR_ID:
        return "Assessment periods"
    return f"{framework.name} assessments"


def submit_elg_section(
    db: Database,
    actor: Actor,
    establishment_id: int,
    section_id: int,
    *,
    authority_confirmed: bool = False,
) -> ElgSectionInfo:
    """The old name of store.assessments.elg_submission.submit, which checks, records and locks."""
    return submit(db, actor, establishment_id, section_id, authority_confirmed=authority_confirmed)

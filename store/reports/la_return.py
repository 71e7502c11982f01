"""The local authority's return: every establishment's submitted End of Year ELG results (EYFS
by name: only sections of the EYFS ELG framework)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlmodel import col

from store.core.access import Actor, PermissionDenied, Role
from store.core.audit import AuditRecord, record
from store.core.db import Database
from store.core.models import ElgResult, ElgSection, Establishment, Pupil
from store.core.words import plural
from store.curriculum.dates import format_academic_year
from store.curriculum.elg_scores import elg_total_score, good_level_of_development
from store.curriculum.eyfs import AREA_CODES, ElgOutcome
from store.curriculum.eyfs_frameworks import EYFS_ELG_ID
from store.reports.many import Cancelled

SUPPORT_ONLY = "Only the support team can export the local authority's return."
_AREA_INDEX = {code: index for index, code in enumerate(AREA_CODES)}

Progress = Callable[[int, int], None]
"""Called as (establishments done, establishments in all)."""
StopAsked = Callable[[], bool]
"""Asked before each establishment: True stops the return (Cancelled)."""


@dataclass(frozen=True, slots=True)
class SubmittedSection:
    """One establishment's submitted ELG section."""

    section_id: int
    establishment_id: int
    number: str
    name: str


@dataclass(frozen=True, slots=True)
class SubmittedYear:
    """An academic year with submitted results, and how many establishments submitted."""

    academic_year: int
    establishments: int


@dataclass(frozen=True, slots=True)
class ReturnRow:
    """One pupil's line of the return; `outcomes` follow AREA_CODES (None: blank)."""

    number: str
    establishment: str
    upn: str
    surname: str
    forenames: str
    date_of_birth: date
    sex: str
    outcomes: tuple[ElgOutcome | None, ...]

    @property
    def gld(self) -> bool | None:
        return good_level_of_development(dict(zip(AREA_CODES, self.outcomes, strict=True)))

    @property
    def total_score(self) -> int | None:
        return elg_total_score(dict(zip(AREA_CODES, self.outcomes, strict=True)))


def _require_support(actor: Actor) -> None:
    if actor.role is not Role.SUPPORT:
        raise PermissionDenied(SUPPORT_ONLY)


def submitted_sections(db: Database, actor: Actor, academic_year: int) -> list[SubmittedSection]:
    """The submitted ELG sections of `academic_year`, by establishment number (support only).

    Raises:
        PermissionDenied: `actor` is not support.
    """
    _require_support(actor)
    with db.read() as session:
        rows = session.execute(
            select(
                col(ElgSection.id),
                col(Establishment.id),
                col(Establishment.number),
                col(Establishment.name),
            )
            .join(Establishment, col(Establishment.id) == col(ElgSection.establishment_id))
            .where(
                col(ElgSection.academic_year) == academic_year,
                col(ElgSection.submitted_at) != None,  # noqa: E711
                col(ElgSection.framework) == EYFS_ELG_ID,
            )
            .order_by(col(Establishment.number))
        ).all()
    return [SubmittedSection(*row) for row in rows]


def submitted_years(db: Database, actor: Actor) -> list[SubmittedYear]:
    """Every academic year with a submitted ELG section, newest first, with how many
    establishments submitted it (support only).

    Raises:
        PermissionDenied: `actor` is not support.
    """
    _require_support(actor)
    with db.read() as session:
        rows = session.execute(
            select(
                col(ElgSection.academic_year),
                func.count(func.distinct(col(ElgSection.establishment_id))),
            )
            .where(
                col(ElgSection.submitted_at) != None,  # noqa: E711
                col(ElgSection.framework) == EYFS_ELG_ID,
            )
            .group_by(col(ElgSection.academic_year))
            .order_by(col(ElgSection.academic_year).desc())
        ).all()
    return [SubmittedYear(year, count) for year, count in rows]


def section_rows(db: Database, actor: Actor, section: SubmittedSection) -> list[ReturnRow]:
    """The pupils of one submitted section with their 17 outcomes, alphabetical.

    A pupil is in the return when included in data and holding results in the section (an
    archived pupil who left after submission is still reported).

    Raises:
        PermissionDenied: `actor` is not support.
    """
    _require_support(actor)
    with db.read() as session:
        results = session.execute(
            select(
                col(Pupil.id),
                # A child who moved on after results were entered: the left record's UPN.
                func.coalesce(col(Pupil.transferred_upn), col(Pupil.upn)),
                col(Pupil.surname),
                col(Pupil.forenames),
                col(Pupil.date_of_birth),
                col(Pupil.gender),
                col(ElgResult.area_code),
                col(ElgResult.outcome),
            )
            .join(Pupil, col(Pupil.id) == col(ElgResult.pupil_id))
            .where(
                col(ElgResult.section_id) == section.section_id,
                col(Pupil.include_in_data) == True,  # noqa: E712
            )
        ).all()
    pupils: dict[int, tuple[str, str, str, date, str]] = {}
    outcomes: dict[int, list[ElgOutcome | None]] = {}
    for pupil_id, upn, surname, forenames, born, sex, code, outcome in results:
        if pupil_id not in pupils:
            pupils[pupil_id] = (upn, surname, forenames, born, sex)
            outcomes[pupil_id] = [None] * len(AREA_CODES)
        if code in _AREA_INDEX:
            outcomes[pupil_id][_AREA_INDEX[code]] = ElgOutcome(outcome)
    rows = [
        ReturnRow(section.number, section.name, *pupils[pupil_id], tuple(outcomes[pupil_id]))
        for pupil_id in pupils
    ]
    rows.sort(key=lambda row: (row.surname.casefold(), row.forenames.casefold(), row.upn))
    return rows


def return_rows(
    db: Database,
    actor: Actor,
    academic_year: int,
    progress: Progress | None = None,
    sections: list[SubmittedSection] | None = None,
    cancelled: StopAsked | None = None,
) -> Iterator[ReturnRow]:
    """Every submitted pupil of `academic_year`, establishment by establishment (support only).

    Rows are read one establishment at a time, so memory stays flat however many there are;
    `progress` hears after each establishment. `sections` (from `submitted_sections`) saves
    reading them again. `cancelled` is asked before each establishment.

    Raises:
        PermissionDenied: `actor` is not support.
        Cancelled: `cancelled` said so.
    """
    _require_support(actor)
    if sections is None:
        sections = submitted_sections(db, actor, academic_year)
    if progress is not None:
        progress(0, len(sections))
    for done, section in enumerate(sections):
        if cancelled is not None and cancelled():
            raise Cancelled(done, len(sections))
        yield from section_rows(db, actor, section)
        if progress is not None:
            progress(done + 1, len(sections))


def record_return_export(
    db: Database, actor: Actor, academic_year: int, establishments: int, pupils: int
) -> None:
    """Write to the audit trail that the return (pupils' personal data) was exported."""
    _require_support(actor)
    with db.write() as session:
        record(
            session,
            actor,
            [
                AuditRecord(
                    "export LA return",
                    None,
                    target=format_academic_year(academic_year),
                    new_value=(
                        f"{plural(establishments, 'establishment')}, {plural(pupils, 'pupil')}"
                    ),
                )
            ],
        )

"""The local authority's return: every establishment's submitted End of Year ELG results (EYFS
by name: only sections of the EYFS ELG framework)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

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
EXPORT_ACTION = "export LA return"
ItemT = TypeVar("ItemT")
RowT = TypeVar("RowT")

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


def pupil_columns() -> tuple[Any, ...]:
    """A returned pupil's columns: id, UPN (a child who moved on after results were entered:
    the left record's), surname, forenames, date of birth, sex."""
    return (
        col(Pupil.id),
        func.coalesce(col(Pupil.transferred_upn), col(Pupil.upn)),
        col(Pupil.surname),
        col(Pupil.forenames),
        col(Pupil.date_of_birth),
        col(Pupil.gender),
    )


ReturnedPupil = tuple[str, str, str, date, str]
"""UPN, surname, forenames, date of birth, sex."""


def by_pupil(
    results: Iterable[Sequence[Any]], codes: Sequence[str]
) -> list[tuple[ReturnedPupil, list[str | None]]]:
    """`pupil_columns` followed by (subject code, value), one a result, gathered one line per
    pupil: the pupil and the values following `codes` (None: none); alphabetical."""
    index = {code: place for place, code in enumerate(codes)}
    pupils: dict[int, ReturnedPupil] = {}
    values: dict[int, list[str | None]] = {}
    for pupil_id, upn, surname, forenames, born, sex, code, value in results:
        if pupil_id not in pupils:
            pupils[pupil_id] = (upn, surname, forenames, born, sex)
            values[pupil_id] = [None] * len(codes)
        if code in index:
            values[pupil_id][index[code]] = value
    lines = [(pupils[pupil_id], values[pupil_id]) for pupil_id in pupils]
    lines.sort(key=lambda line: (line[0][1].casefold(), line[0][2].casefold(), line[0][0]))
    return lines


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
            select(*pupil_columns(), col(ElgResult.area_code), col(ElgResult.outcome))
            .join(Pupil, col(Pupil.id) == col(ElgResult.pupil_id))
            .where(
                col(ElgResult.section_id) == section.section_id,
                col(Pupil.include_in_data) == True,  # noqa: E712
            )
        ).all()
    return [
        ReturnRow(
            section.number,
            section.name,
            *pupil,
            tuple(None if value is None else ElgOutcome(value) for value in outcomes),
        )
        for pupil, outcomes in by_pupil(results, AREA_CODES)
    ]


def each_establishment(
    items: Sequence[ItemT],
    read: Callable[[ItemT], Sequence[RowT]],
    progress: Progress | None = None,
    cancelled: StopAsked | None = None,
) -> Iterator[RowT]:
    """The rows `read` gives for each item (an establishment's return), one item at a time,
    so memory stays flat; `progress` hears after each, `cancelled` is asked before each.

    Raises:
        Cancelled: `cancelled` said so.
    """
    if progress is not None:
        progress(0, len(items))
    for done, item in enumerate(items):
        if cancelled is not None and cancelled():
            raise Cancelled(done, len(items))
        yield from read(item)
        if progress is not None:
            progress(done + 1, len(items))


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
    return each_establishment(
        sections, lambda section: section_rows(db, actor, section), progress, cancelled
    )


def record_return_export(
    db: Database,
    actor: Actor,
    academic_year: int,
    establishments: int,
    pupils: int,
    *,
    action: str = EXPORT_ACTION,
) -> None:
    """Write to the audit trail that the return (pupils' personal data) was exported; `action`
    names which return (the ELG one by default)."""
    _require_support(actor)
    with db.write() as session:
        record(
            session,
            actor,
            [
                AuditRecord(
                    action,
                    None,
                    target=format_academic_year(academic_year),
                    new_value=(
                        f"{plural(establishments, 'establishment')}, {plural(pupils, 'pupil')}"
                    ),
                )
            ],
        )

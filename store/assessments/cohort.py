"""A cohort as the grid needs it: pupils, periods and cells, loaded as rows, not ORM objects."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import lru_cache

from sqlalchemy import ColumnElement, and_, or_, select
from sqlmodel import Session, col

from store.assessments.framework_wording import wording_for
from store.assessments.period_info import PeriodInfo as PeriodInfo
from store.assessments.period_layers import load_layers
from store.assessments.phonics_threshold import year_settings
from store.assessments.score_settings import scores_in
from store.core.access import Actor
from store.core.db import Database
from store.core.models import (
    AssessmentPeriod,
    ElgResult,
    ElgSection,
    Intervention,
    PeriodNote,
    PeriodYearGroup,
    Pupil,
)
from store.core.models import Judgement as JudgementRow
from store.curriculum.dates import format_academic_year
from store.curriculum.eyfs import AREA_CODES, ElgOutcome, GoneBeyond, Judgement, YearGroup
from store.curriculum.eyfs_frameworks import EYFS_ELG_ID, EYFS_IN_YEAR_ID
from store.curriculum.framework import USUAL_YEAR, YearSettings
from store.curriculum.wording import NO_WORDING, Wording
from store.curriculum.year_groups import birth_date_range


@dataclass(frozen=True, slots=True)
class Cell:
    """One judgement cell; the blank cell is Cell().

    `value` is a code of the period's framework as stored (EYFS in-year's are loaded as their
    Judgement members, a str enum, so the code that reads EYFS by name compares them as
    before); `number` is a number subject's mark.
    """

    value: str | None = None
    gone_beyond: GoneBeyond | None = None
    note: str | None = None
    number: int | None = None

    @property
    def is_blank(self) -> bool:
        return (
            self.value is None
            and self.number is None
            and self.gone_beyond is None
            and not self.note
        )

    def describe(self) -> str:
        """Readable text for the audit trail and the status line."""
        if self.number is not None:
            parts = [str(self.number)]
        elif isinstance(self.value, Judgement):
            parts = [self.value.label]
        else:
            parts = [str.__str__(self.value) if self.value else "blank"]
        if self.gone_beyond:
            parts.append(f"gone beyond ({self.gone_beyond.label})")
        if self.note:
            parts.append(f"note: {self.note}")
        return ", ".join(parts)


BLANK = Cell()


@dataclass(frozen=True, slots=True)
class PupilRow:
    """A pupil as lists, grids and filters need them (not the notes: see pupils.get_pupil)."""

    id: int
    upn: str
    surname: str
    forenames: str
    date_of_birth: date
    class_slot: int | None
    include_in_data: bool
    year_override: str | None = None
    gender: str = "F"
    ethnicity: str = "REFU"
    sen: str | None = None
    disadvantaged: bool = False
    eal: bool = False
    pupil_premium: bool = False
    fsm: bool = False
    customs: tuple[bool, ...] = (False,) * 6
    alternative_assessment: bool = False
    intervention: bool = False
    """Whether the pupil has an intervention recorded in the academic year being viewed."""

    @property
    def display_name(self) -> str:
        """As the web tracker lists pupils: SURNAME, Forename."""
        return f"{self.surname.upper()}, {self.forenames}"

    @property
    def sort_key(self) -> tuple[str, str, int]:
        return (self.surname.casefold(), self.forenames.casefold(), self.id)


PUPIL_ROW_COLUMNS = (
    col(Pupil.id),
    col(Pupil.upn),
    col(Pupil.surname),
    col(Pupil.forenames),
    col(Pupil.date_of_birth),
    col(Pupil.class_slot),
    col(Pupil.include_in_data),
    col(Pupil.year_override),
    col(Pupil.gender),
    col(Pupil.ethnicity),
    col(Pupil.sen),
    col(Pupil.disadvantaged),
    col(Pupil.eal),
    col(Pupil.pupil_premium),
    col(Pupil.fsm),
    col(Pupil.custom_1),
    col(Pupil.custom_2),
    col(Pupil.custom_3),
    col(Pupil.custom_4),
    col(Pupil.custom_5),
    col(Pupil.custom_6),
    col(Pupil.alternative_assessment),
)


def select_pupil_rows(
    session: Session, condition: ColumnElement[bool], academic_year: int
) -> list[PupilRow]:
    """Pupils matching `condition`, alphabetical, with their intervention flag for the year."""
    rows = session.execute(select(*PUPIL_ROW_COLUMNS).where(condition)).all()
    with_intervention = set(
        session.scalars(
            select(col(Intervention.pupil_id))
            .where(
                col(Intervention.academic_year) == academic_year,
                col(Intervention.pupil_id).in_(select(col(Pupil.id)).where(condition)),
            )
            .distinct()
        )
    )
    pupils = [
        PupilRow(
            id=row[0],
            upn=row[1],
            surname=row[2],
            forenames=row[3],
            date_of_birth=row[4],
            class_slot=row[5],
            include_in_data=row[6],
            year_override=row[7],
            gender=row[8],
            ethnicity=row[9],
            sen=row[10],
            disadvantaged=row[11],
            eal=row[12],
            pupil_premium=row[13],
            fsm=row[14],
            customs=tuple(row[15:21]),
            alternative_assessment=row[21],
            intervention=row[0] in with_intervention,
        )
        for row in rows
    ]
    pupils.sort(key=lambda pupil: pupil.sort_key)
    return pupils


@dataclass(frozen=True)
class ElgSectionInfo:
    id: int
    academic_year: int
    day: date
    submitted_by: str | None
    submitted_at: datetime | None
    framework: str = EYFS_ELG_ID
    beside_year_1: bool = False
    """The pupils' ELGs from Reception, shown read-only beside their Year 1 grid."""

    @property
    def locked(self) -> bool:
        return self.submitted_at is not None

    @property
    def label(self) -> str:
        """Its heading above the grid's ELG columns."""
        if self.beside_year_1:
            return f"Reception's End of Year ELGs {self.day:%d/%m/%Y}"
        return f"End of Year ELGs {self.day:%d/%m/%Y}" + (" SUBMITTED" if self.locked else "")

    @property
    def entry_refused(self) -> str | None:
        """Why its results cannot be changed here, or None."""
        if self.beside_year_1:
            return (
                "These are the End of Year ELGs from Reception, shown beside Year 1 to compare: "
                f"change them in the {format_academic_year(self.academic_year)} Reception grid."
            )
        if self.locked:
            return "These Early Learning Goals were submitted and are locked."
        return None


CellKey = tuple[int, int, str]
"""(pupil id, period id, area code)."""
ElgKey = tuple[int, str]
"""(pupil id, area code)."""


@dataclass
class Cohort:
    """Everything the grid shows for one establishment, academic year and year group."""

    establishment_id: int
    academic_year: int
    year_group: YearGroup
    pupils: list[PupilRow]
    periods: list[PeriodInfo]
    cells: dict[CellKey, Cell] = field(default_factory=dict)
    period_notes: dict[tuple[int, int], str] = field(default_factory=dict)
    elg: ElgSectionInfo | None = None
    elg_outcomes: dict[ElgKey, ElgOutcome] = field(default_factory=dict)
    settings: YearSettings = USUAL_YEAR
    """The settings its derived columns and feet read: the academic year's (the phonics
    threshold) and the establishment's standardised score settings."""
    layers: list[PeriodInfo] = field(default_factory=list)
    """The periods' layers, read with them: their cells are in `cells` too."""
    wording: Wording = NO_WORDING
    """The names its frameworks' columns take: the authority's and the school's own words."""

    def cell(self, pupil_id: int, period_id: int, area_code: str) -> Cell:
        return self.cells.get((pupil_id, period_id, area_code), BLANK)

    def elg_row(self, pupil_id: int) -> dict[str, ElgOutcome | None]:
        return {code: self.elg_outcomes.get((pupil_id, code)) for code in AREA_CODES}


CELL_COLUMNS = (
    col(JudgementRow.pupil_id),
    col(JudgementRow.period_id),
    col(JudgementRow.area_code),
    col(JudgementRow.value),
    col(JudgementRow.gone_beyond),
    col(JudgementRow.note),
    col(JudgementRow.number),
)
"""A judgement row as `stored_cell` takes it, after its pupil, period and area."""


def cell_value(framework: str, value: str | None) -> str | None:
    """A stored code as a Cell holds it: EYFS in-year's as its Judgement member (the grid
    compares them by identity), another framework's as the code stored."""
    if not value:
        return None
    if framework == EYFS_IN_YEAR_ID:
        return Judgement(value)
    return value


@lru_cache(maxsize=256)
def _shared_cell(framework: str, value: str | None, beyond: str | None) -> Cell:
    return Cell(cell_value(framework, value), GoneBeyond(beyond) if beyond else None)


def stored_cell(
    framework: str,
    value: str | None,
    beyond: str | None,
    note: str | None,
    number: int | None = None,
) -> Cell:
    """A judgement row as a Cell. Cells without a note or a number are shared: a cohort holds
    thousands of the same few."""
    if note or number is not None:
        return Cell(
            cell_value(framework, value), GoneBeyond(beyond) if beyond else None, note, number
        )
    return _shared_cell(framework, value, beyond)


def cohort_pupil_filter(
    establishment_id: int, academic_year: int, year_group: YearGroup
) -> ColumnElement[bool]:
    """The SQL condition for the pupils in a year group: by date of birth unless overridden."""
    first, last = birth_date_range(year_group, academic_year)
    return and_(
        col(Pupil.establishment_id) == establishment_id,
        col(Pupil.archived) == False,  # noqa: E712
        or_(
            col(Pupil.year_override) == year_group.value,
            and_(
                col(Pupil.year_override) == None,  # noqa: E711
                col(Pupil.date_of_birth) >= first,
                col(Pupil.date_of_birth) <= last,
            ),
        ),
    )


def live_period() -> ColumnElement[bool]:
    """The SQL condition for an assessment period that has not been deleted and is no layer.

    Every reader of periods goes through `load_periods` or adds this: a deleted period is kept
    only so that support can bring it back (store.assessments.period_deletion), and a layer
    (targets, judged progress) is no assessment (store.assessments.period_layers).
    """
    return and_(
        col(AssessmentPeriod.deleted_at) == None,  # noqa: E711
        col(AssessmentPeriod.layer_of) == None,  # noqa: E711
    )


def period_or_layer_in_use() -> ColumnElement[bool]:
    """The SQL condition for a period or a layer that may take judgements: not deleted."""
    return col(AssessmentPeriod.deleted_at) == None  # noqa: E711


def load_periods(session: Session, establishment_id: int, academic_year: int) -> list[PeriodInfo]:
    """Every assessment period of the academic year still in use, in date order, with its
    year groups (deleted ones are left out)."""
    rows = session.execute(
        select(
            col(AssessmentPeriod.id),
            col(AssessmentPeriod.name),
            col(AssessmentPeriod.day),
            col(AssessmentPeriod.framework),
            col(AssessmentPeriod.submitted_by),
            col(AssessmentPeriod.submitted_at),
            col(PeriodYearGroup.year_group),
        )
        .join(PeriodYearGroup, col(PeriodYearGroup.period_id) == col(AssessmentPeriod.id))
        .where(
            col(AssessmentPeriod.establishment_id) == establishment_id,
            col(AssessmentPeriod.academic_year) == academic_year,
            live_period(),
        )
        .order_by(col(AssessmentPeriod.day), col(AssessmentPeriod.id))
    ).all()
    groups: dict[int, list[YearGroup]] = {}
    heads: dict[int, tuple[str, date, str, str | None, datetime | None]] = {}
    for period_id, name, day, framework, submitted_by, submitted_at, group in rows:
        heads[period_id] = (name, day, framework, submitted_by, submitted_at)
        groups.setdefault(period_id, []).append(YearGroup(group))
    return [
        PeriodInfo(
            pid,
            name,
            day,
            academic_year,
            tuple(sorted(groups[pid], key=_group_order)),
            framework,
            submitted_by,
            submitted_at,
        )
        for pid, (name, day, framework, submitted_by, submitted_at) in heads.items()
    ]


def _group_order(group: YearGroup) -> int:
    return group.offset


def load_cohort(
    db: Database,
    actor: Actor,
    establishment_id: int,
    academic_year: int,
    year_group: YearGroup,
    only: Collection[int] | None = None,
) -> Cohort:
    """Load the grid's data in a handful of column-tuple queries; with `only`, just those
    pupils' rows (of those still in the cohort) and every period (colleagues' changes to a few
    pupils, store.assessments.cohort_diff).
    """
    actor.require_establishment(establishment_id)
    in_cohort = cohort_pupil_filter(establishment_id, academic_year, year_group)
    if only is not None:
        in_cohort = and_(in_cohort, col(Pupil.id).in_(list(only)))
    with db.read() as session:
        # Plain rows through the connection: the ORM's row handling added a third to reading
        # a cohort's 9,000 judgements (15 ms, not 10), and the grid waits for them. All at
        # once (`.all()`): row by row cost 3 ms more (bench fixture, 21 ms not 24 warm).
        connection = session.connection()
        pupils = select_pupil_rows(session, in_cohort, academic_year)
        pupil_ids = {pupil.id for pupil in pupils}
        periods = [
            period
            for period in load_periods(session, establishment_id, academic_year)
            if year_group in period.year_groups
        ]
        cohort = Cohort(establishment_id, academic_year, year_group, pupils, periods)
        cohort.settings = replace(
            year_settings(session, academic_year), scores=scores_in(session, establishment_id)
        )
        cohort.layers = load_layers(session, periods)
        period_ids = [period.id for period in (*periods, *cohort.layers)]
        framework_of = {period.id: period.framework for period in (*periods, *cohort.layers)}
        cohort.wording = wording_for(session, establishment_id, framework_of.values())
        if period_ids and pupil_ids:
            # Keys are made of one shared object per pupil id, period id and code (the
            # driver gives a new one per row): a cohort's 9,000 keys then take a third less.
            same_pupil = {pupil_id: pupil_id for pupil_id in pupil_ids}
            same_period = {period_id: period_id for period_id in period_ids}
            same_code: dict[str, str] = {}
            cells = select(*CELL_COLUMNS).where(col(JudgementRow.period_id).in_(period_ids))
            if only is not None:
                cells = cells.where(col(JudgementRow.pupil_id).in_(list(pupil_ids)))
            result = connection.execute(cells)
            # In parts, not all at once: the rows of a whole cohort held together added
            # 1.3 MiB to the app's peak memory.
            for part in result.partitions(2048):
                for pupil_id, period_id, code, value, beyond, note, number in part:
                    pupil_key = same_pupil.get(pupil_id)
                    if pupil_key is not None:
                        key = (pupil_key, same_period[period_id], same_code.setdefault(code, code))
                        cohort.cells[key] = stored_cell(
                            framework_of[period_id], value, beyond, note, number
                        )
            for pupil_id, period_id, text in connection.execute(
                select(
                    col(PeriodNote.pupil_id), col(PeriodNote.period_id), col(PeriodNote.text)
                ).where(col(PeriodNote.period_id).in_(period_ids))
            ):
                if pupil_id in pupil_ids:
                    cohort.period_notes[(pupil_id, period_id)] = text
        if year_group in ELG_YEAR_GROUPS:
            cohort.elg = _elg_of(session, establishment_id, academic_year, year_group)
            if cohort.elg is not None:
                for pupil_id, code, outcome in connection.execute(
                    select(
                        col(ElgResult.pupil_id), col(ElgResult.area_code), col(ElgResult.outcome)
                    ).where(col(ElgResult.section_id) == cohort.elg.id)
                ):
                    if pupil_id in pupil_ids:
                        cohort.elg_outcomes[(pupil_id, code)] = ElgOutcome(outcome)
        return cohort


ELG_YEAR_GROUPS = (YearGroup.RECEPTION, YearGroup.YEAR_1)
"""The grids that show End of Year ELGs: Reception's own, and Year 1's from Reception."""


def _elg_of(
    session: Session, establishment_id: int, academic_year: int, year_group: YearGroup
) -> ElgSectionInfo | None:
    """Reception's ELG section; for Year 1, the one of the year before, read-only."""
    if year_group is YearGroup.RECEPTION:
        return load_elg_section(session, establishment_id, academic_year)
    section = load_elg_section(session, establishment_id, academic_year - 1)
    # Only the EYFS profile's goals: another framework's section is not where they started.
    if section is None or section.framework != EYFS_ELG_ID:
        return None
    return replace(section, beside_year_1=True)


def load_elg_section(
    session: Session, establishment_id: int, academic_year: int
) -> ElgSectionInfo | None:
    row = session.execute(
        select(
            col(ElgSection.id),
            col(ElgSection.academic_year),
            col(ElgSection.day),
            col(ElgSection.submitted_by),
            col(ElgSection.submitted_at),
            col(ElgSection.framework),
        ).where(
            col(ElgSection.establishment_id) == establishment_id,
            col(ElgSection.academic_year) == academic_year,
        )
    ).first()
    return None if row is None else ElgSectionInfo(*row)

"""The data download: everything an establishment holds about its pupils' assessment, one row per
pupil per assessment per subject, read a few hundred pupils at a time so memory stays flat.

Each row carries the pupil's identifiers, year group (in that assessment's academic year) and
characteristics; the result (code and its words, or a score, gone beyond, note); the pupil's
target and the teacher's judged progress in that subject (the period's layers,
store.curriculum.layers); the outcome of their EHC plan an engagement model observation is
linked to; and the pupil's note on the assessment. The End of Year ELGs are rows
too. Deleted assessments are left out (support may still bring them back).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlmodel import Session, col

from store.assessments.framework_wording import wording_in
from store.core.access import Actor, PermissionDenied, Role
from store.core.audit import AuditRecord, record
from store.core.db import Database
from store.core.errors import NotFound
from store.core.models import (
    AssessmentPeriod,
    ElgResult,
    ElgSection,
    Establishment,
    Judgement,
    PeriodNote,
    Pupil,
)
from store.core.models_ehc import EhcLink
from store.core.words import plural
from store.curriculum.eyfs import YearGroup
from store.curriculum.framework import Framework
from store.curriculum.frameworks import UnknownFramework, by_id
from store.curriculum.layers import Layer, judged_progress
from store.curriculum.wording import NO_WORDING, Wording
from store.curriculum.year_groups import year_group_of
from store.pupils.profile import get_profile_in

PUPILS_PER_READ = 200
"""Pupils read (with all their values) in one short session: memory is bounded by this."""
EXPORT_ACTION = "export data download"
SUPPORT_ONLY = "Only the support team can write every establishment's data download."
ELG_KIND = "End of Year ELGs"
ASSESSMENT_KIND = "Assessment"


@dataclass(frozen=True, slots=True)
class DownloadPupil:
    """Who a row is about: identifiers and characteristics as held."""

    upn: str
    surname: str
    forenames: str
    date_of_birth: date
    gender: str
    ethnicity: str
    sen: str
    disadvantaged: bool
    eal: bool
    pupil_premium: bool
    fsm: bool
    customs: tuple[bool, ...]
    class_name: str
    year_override: str
    include_in_data: bool
    alternative_assessment: bool
    archived: bool
    left_on: date | None
    """The day the pupil was transferred to another establishment (this is the left record)."""


@dataclass(frozen=True, slots=True)
class Value:
    """One cell as stored: a code (with its words), a number, gone beyond, a note."""

    code: str | None
    words: str
    number: int | None
    gone_beyond: str | None
    note: str | None


@dataclass(frozen=True, slots=True)
class DownloadRow:
    """One pupil's subject in one assessment (or their note on it, `subject_code` blank)."""

    pupil: DownloadPupil
    year_group: str
    academic_year: int
    kind: str
    assessment: str
    day: date
    framework: str
    submitted: bool
    subject_code: str
    subject: str
    result: Value | None
    target: Value | None
    judged: Value | None
    period_note: str | None
    ehc_outcome: str | None = None
    """The outcome of the pupil's EHC plan an engagement model observation is linked to."""


@dataclass(frozen=True)
class DataDownload:
    """One establishment's download: its names, and its rows (read as they are iterated)."""

    establishment_id: int
    number: str
    name: str
    custom_names: tuple[str, ...]
    rows: Iterator[DownloadRow]


@dataclass(frozen=True, slots=True)
class _Assessment:
    """A live period or an ELG section: what each of its rows says about it."""

    key: tuple[str, int]
    kind: str
    name: str
    day: date
    academic_year: int
    framework_id: str
    submitted: bool
    wording: Wording = NO_WORDING
    """The establishment's names for its frameworks (its authority's and its own words)."""

    def framework(self) -> Framework | None:
        try:
            return self.wording.applied(by_id(self.framework_id))
        except UnknownFramework:  # a newer version's: its codes are still written as stored
            return None


@dataclass(frozen=True, slots=True)
class DownloadSchool:
    """An establishment whose download support may write."""

    establishment_id: int
    number: str
    name: str


def download_schools(db: Database, actor: Actor) -> list[DownloadSchool]:
    """Every establishment, by number, for support's run of every download.

    Raises:
        PermissionDenied: `actor` is not support.
    """
    if actor.role is not Role.SUPPORT:
        raise PermissionDenied(SUPPORT_ONLY)
    with db.read() as session:
        rows = session.execute(
            select(col(Establishment.id), col(Establishment.number), col(Establishment.name))
            .order_by(col(Establishment.number))
        ).all()  # fmt: skip
    return [DownloadSchool(*row) for row in rows]


def data_download(db: Database, actor: Actor, establishment_id: int) -> DataDownload:
    """The establishment's download; the check and the list of assessments are made now, the
    rows read `PUPILS_PER_READ` pupils at a time as they are iterated.

    Raises:
        PermissionDenied: `actor` may not see `establishment_id`.
        NotFound: there is no such establishment.
    """
    actor.require_establishment(establishment_id)
    with db.read() as session:
        establishment = session.get(Establishment, establishment_id)
        if establishment is None:
            raise NotFound("That establishment does not exist.")
        profile = get_profile_in(session, establishment_id)
        assessments, layers = _assessments(session, establishment_id)
        pupil_ids = [
            int(pupil_id or 0)
            for pupil_id in session.scalars(
                select(col(Pupil.id))
                .where(col(Pupil.establishment_id) == establishment_id)
                .order_by(col(Pupil.surname), col(Pupil.forenames), col(Pupil.id))
            )
        ]
    reader = _Reader(db, establishment_id, assessments, layers, profile.class_names)
    return DataDownload(
        establishment_id,
        establishment.number,
        establishment.name,
        profile.custom_names,
        reader.rows(pupil_ids),
    )


def record_data_download(db: Database, actor: Actor, establishment_id: int, rows: int) -> None:
    """Write to the audit trail that the establishment's data (pupils' personal data) was
    downloaded, and how many rows it held."""
    actor.require_establishment(establishment_id)
    with db.write() as session:
        record(
            session,
            actor,
            [AuditRecord(EXPORT_ACTION, establishment_id, new_value=plural(rows, "row"))],
        )


def _assessments(
    session: Session, establishment_id: int
) -> tuple[list[_Assessment], dict[int, tuple[int, Layer]]]:
    """The live periods and ELG sections in date order, and each live layer's (period, kind)."""
    periods = session.execute(
        select(
            col(AssessmentPeriod.id),
            col(AssessmentPeriod.name),
            col(AssessmentPeriod.day),
            col(AssessmentPeriod.academic_year),
            col(AssessmentPeriod.framework),
            col(AssessmentPeriod.submitted_at),
            col(AssessmentPeriod.layer_of),
            col(AssessmentPeriod.layer),
        ).where(
            col(AssessmentPeriod.establishment_id) == establishment_id,
            col(AssessmentPeriod.deleted_at) == None,  # noqa: E711
        )
    ).all()
    found: list[_Assessment] = []
    wording = wording_in(session, establishment_id)
    layer_rows: list[tuple[int, int, str]] = []
    for period_id, name, day, year, framework, submitted_at, layer_of, layer in periods:
        if layer_of is not None:
            layer_rows.append((period_id, layer_of, layer))
            continue
        key = ("period", period_id)
        found.append(
            _Assessment(
                key, ASSESSMENT_KIND, name, day, year, framework, submitted_at is not None, wording
            )
        )
    live = {assessment.key[1] for assessment in found}
    layers: dict[int, tuple[int, Layer]] = {}
    for layer_id, layer_of, layer in layer_rows:
        if layer_of in live and layer in {kind.value for kind in Layer}:
            layers[layer_id] = (layer_of, Layer(layer))
    sections = session.execute(
        select(
            col(ElgSection.id),
            col(ElgSection.day),
            col(ElgSection.academic_year),
            col(ElgSection.framework),
            col(ElgSection.submitted_at),
        ).where(col(ElgSection.establishment_id) == establishment_id)
    ).all()
    for section_id, day, year, framework, submitted_at in sections:
        found.append(
            _Assessment(
                ("elg", section_id), ELG_KIND, ELG_KIND, day, year, framework,
                submitted_at is not None,
            )
        )  # fmt: skip
    found.sort(key=lambda assessment: (assessment.day, assessment.kind, assessment.name))
    return found, layers


_Links = dict[tuple[tuple[str, int], str], str]
"""A pupil's links to EHC plan outcomes: by assessment key and area code."""
_Cells = dict[tuple[str, int], dict[str, dict[str, Value]]]
"""A pupil's values: by assessment key, by subject code, by part ("result", "targets",
"judged")."""


class _Reader:
    """Reads the rows of a list of pupils, a slice at a time."""

    def __init__(
        self,
        db: Database,
        establishment_id: int,
        assessments: list[_Assessment],
        layers: dict[int, tuple[int, Layer]],
        class_names: Sequence[str],
    ) -> None:
        self.db = db
        self.establishment_id = establishment_id
        self.assessments = assessments
        self.by_key = {assessment.key: assessment for assessment in assessments}
        self.layers = layers
        self.class_names = tuple(class_names)

    def rows(self, pupil_ids: list[int]) -> Iterator[DownloadRow]:
        for start in range(0, len(pupil_ids), PUPILS_PER_READ):
            yield from self._slice(pupil_ids[start : start + PUPILS_PER_READ])

    def _slice(self, ids: list[int]) -> list[DownloadRow]:
        with self.db.read() as session:
            pupils = {
                int(pupil.id or 0): pupil
                for pupil in session.scalars(
                    select(Pupil).where(
                        col(Pupil.id).in_(ids), col(Pupil.establishment_id) == self.establishment_id
                    )
                )
            }
            cells: dict[int, _Cells] = {pupil_id: {} for pupil_id in pupils}
            notes: dict[int, dict[tuple[str, int], str]] = {pupil_id: {} for pupil_id in pupils}
            self._read_judgements(session, ids, cells)
            self._read_elg(session, ids, cells)
            for pupil_id, period_id, text in session.execute(
                select(col(PeriodNote.pupil_id), col(PeriodNote.period_id), col(PeriodNote.text))
                .where(col(PeriodNote.pupil_id).in_(ids))
            ):  # fmt: skip
                if ("period", period_id) in self.by_key and pupil_id in notes:
                    notes[pupil_id][("period", period_id)] = text
            links: dict[int, _Links] = {pupil_id: {} for pupil_id in pupils}
            for pupil_id, period_id, area, outcome in session.execute(
                select(
                    col(EhcLink.pupil_id),
                    col(EhcLink.period_id),
                    col(EhcLink.area_code),
                    col(EhcLink.outcome),
                ).where(col(EhcLink.pupil_id).in_(ids))
            ):
                if ("period", period_id) in self.by_key and pupil_id in links:
                    links[pupil_id][(("period", period_id), area)] = outcome
            described = {pupil_id: self._pupil(pupil) for pupil_id, pupil in pupils.items()}
        rows: list[DownloadRow] = []
        for pupil_id in ids:
            if pupil_id in pupils:
                found = (cells[pupil_id], notes[pupil_id], links[pupil_id])
                rows.extend(self._pupil_rows(described[pupil_id], *found))
        return rows

    def _read_judgements(self, session: Session, ids: list[int], cells: dict[int, _Cells]) -> None:
        found = session.execute(
            select(
                col(Judgement.pupil_id),
                col(Judgement.period_id),
                col(Judgement.area_code),
                col(Judgement.value),
                col(Judgement.number),
                col(Judgement.gone_beyond),
                col(Judgement.note),
            ).where(col(Judgement.pupil_id).in_(ids))
        )
        for pupil_id, period_id, area, value, number, gone_beyond, note in found:
            if pupil_id not in cells:
                continue
            if period_id in self.layers:
                parent, layer = self.layers[period_id]
                key, part = ("period", parent), layer.value
            elif ("period", period_id) in self.by_key:
                key, part = ("period", period_id), "result"
            else:  # a deleted period, or a layer of one
                continue
            words = self._words(self.by_key[key], area, value, layer_part=part)
            cell = Value(value, words, number, gone_beyond, note)
            cells[pupil_id].setdefault(key, {}).setdefault(area, {})[part] = cell

    def _read_elg(self, session: Session, ids: list[int], cells: dict[int, _Cells]) -> None:
        found = session.execute(
            select(
                col(ElgResult.pupil_id),
                col(ElgResult.section_id),
                col(ElgResult.area_code),
                col(ElgResult.outcome),
            ).where(col(ElgResult.pupil_id).in_(ids))
        )
        for pupil_id, section_id, area, outcome in found:
            key = ("elg", section_id)
            if pupil_id not in cells or key not in self.by_key:
                continue
            words = self._words(self.by_key[key], area, outcome, layer_part="result")
            cells[pupil_id].setdefault(key, {}).setdefault(area, {})["result"] = Value(
                outcome, words, None, None, None
            )

    @staticmethod
    def _words(assessment: _Assessment, area: str, value: str | None, *, layer_part: str) -> str:
        framework = assessment.framework()
        if framework is None or value is None:
            return ""
        if layer_part == Layer.JUDGED_PROGRESS.value:
            framework = judged_progress(framework)
        subject = framework.subject(area)
        code = subject.code_for(value) if subject is not None else None
        return code.words if code is not None else ""

    def _pupil(self, pupil: Pupil) -> DownloadPupil:
        slot = pupil.class_slot
        class_name = (
            self.class_names[slot - 1] if slot and 0 < slot <= len(self.class_names) else ""
        )
        left = pupil.transferred_at.date() if pupil.transferred_at is not None else None
        return DownloadPupil(
            upn=pupil.transferred_upn or pupil.upn,
            surname=pupil.surname,
            forenames=pupil.forenames,
            date_of_birth=pupil.date_of_birth,
            gender=pupil.gender,
            ethnicity=pupil.ethnicity,
            sen=pupil.sen or "",
            disadvantaged=pupil.disadvantaged,
            eal=pupil.eal,
            pupil_premium=pupil.pupil_premium,
            fsm=pupil.fsm,
            customs=tuple(bool(getattr(pupil, f"custom_{n}")) for n in range(1, 7)),
            class_name=class_name,
            year_override=pupil.year_override or "",
            include_in_data=pupil.include_in_data,
            alternative_assessment=pupil.alternative_assessment,
            archived=pupil.archived,
            left_on=left,
        )

    def _pupil_rows(
        self,
        described: DownloadPupil,
        cells: _Cells,
        notes: dict[tuple[str, int], str],
        links: _Links,
    ) -> Iterator[DownloadRow]:
        for assessment in self.assessments:
            values = cells.get(assessment.key, {})
            note = notes.get(assessment.key)
            linked = {area for key, area in links if key == assessment.key}
            if not values and note is None and not linked:
                continue
            year_group = _year_group(described, assessment.academic_year)
            framework = assessment.framework()
            names = {s.code: s.name for s in framework.subjects} if framework else {}
            held = set(values) | linked
            order = list(names) + sorted(held - set(names))

            codes = [code for code in order if code in held] or [""]
            for code in codes:
                parts = values.get(code, {})
                yield DownloadRow(
                    pupil=described,
                    year_group=year_group,
                    academic_year=assessment.academic_year,
                    kind=assessment.kind,
                    assessment=assessment.name,
                    day=assessment.day,
                    framework=framework.name if framework else assessment.framework_id,
                    submitted=assessment.submitted,
                    subject_code=code,
                    subject=names.get(code, ""),
                    result=parts.get("result"),
                    target=parts.get(Layer.TARGETS.value),
                    judged=parts.get(Layer.JUDGED_PROGRESS.value),
                    period_note=note,
                    ehc_outcome=links.get((assessment.key, code)),
                )


def _year_group(pupil: DownloadPupil, academic_year: int) -> str:
    override = None
    if pupil.year_override:
        try:
            override = YearGroup(pupil.year_override)
        except ValueError:
            return pupil.year_override
    group = year_group_of(pupil.date_of_birth, academic_year, override)
    return group.label if group is not None else ""

"""Importing a Common Transfer File from the school's MIS: its pupils, created or updated by UPN
as the CSV import does, and their KS1 teacher assessment and EYFS profile results; all in one
transaction with every problem listed, or nothing.

Each StageAssessment is matched to a subject by its Stage, Subject, Method and Component as the
CTF export codes them (support's CtfComponent rows, else store.curriculum.ctf_components); one
the tracker does not carry (another stage, an estimate, a blank result) is counted and passed
over. KS1 results go in the school's KS1 teacher assessment period for Year 2 of the result's
year (the latest, as the export reads it), EYFSP results in the End of Year ELGs of Reception;
either is made when the school has none yet, as any member of staff may make a period. A
result that would change a submitted (locked) period or section refuses the file, with why.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from store.assessments.changes import Change, elg_edit, judgement_edit
from store.assessments.cohort import (
    BLANK,
    CELL_COLUMNS,
    Cell,
    load_elg_section,
    load_periods,
    stored_cell,
)
from store.assessments.elg_submission import submitted_phrase
from store.assessments.judgements import write_in_transaction
from store.assessments.period_submission import locked_message
from store.assessments.periods import add_elg_section, add_period
from store.core.access import Actor
from store.core.audit import AuditRecord, record
from store.core.db import Database
from store.core.errors import InvalidInput
from store.core.models import ElgResult, Pupil
from store.core.models import Judgement as JudgementRow
from store.core.models_returns import CtfComponent
from store.core.typed_text import one_line
from store.core.words import plural
from store.curriculum import frameworks
from store.curriculum.ctf_components import BUILT_IN, CtfCoding
from store.curriculum.dates import format_academic_year
from store.curriculum.eyfs import ElgOutcome, YearGroup
from store.curriculum.eyfs_frameworks import EYFS_ELG_ID
from store.curriculum.ks1 import KS1_TA, KS1_TA_ID
from store.curriculum.year_groups import birth_date_range
from store.pupils.fields import PupilValues
from store.pupils.import_problems import ImportProblem, refuse_whole_file
from store.pupils.importing import STEPS, owned_elsewhere, write_pupils
from store.returns.ctf_import_checks import (
    CheckedCtf,
    CtfProblem,
    ResultRow,
    Target,
    check_ctf,
    refusal,
    targets_of,
)
from store.returns.ctf_read import ReadPupil, read_ctf

__all__ = ["ACTION", "CtfImportResult", "import_ctf"]

ACTION = "import CTF"
KS1_PERIOD_NAME = KS1_TA.name
"""The name of a KS1 teacher assessment period made for a file's results."""
_CARRIED = ("surname", "forenames", "date_of_birth", "gender", "postcode", "ethnicity")
_CHUNK = 500  # UPNs or pupils per statement: well inside every database's limit
_IMPORTED = (KS1_TA_ID, EYFS_ELG_ID)

Progress = Callable[[int, int], None]
"""progress(done, total), as store.pupils.importing calls it."""
Place = tuple[str, int]
"""Where a result goes: (framework id, academic year)."""


@dataclass(frozen=True)
class CtfImportResult:
    """What a CTF import did."""

    added: int
    updated: int
    unchanged: int
    results_written: int
    results_unchanged: int
    results_skipped: int
    """StageAssessments the tracker does not carry: other stages, estimates, blank results."""
    created: tuple[str, ...] = ()
    """The periods and sections made for the results, e.g. "KS1 teacher assessment 2025/2026"."""

    @property
    def pupils(self) -> int:
        return self.added + self.updated + self.unchanged

    @property
    def summary(self) -> str:
        text = (
            f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged; "
            f"{plural(self.results_written, 'result')} written, {self.results_unchanged} "
            "unchanged"
        )
        if self.results_skipped:
            text += f", {self.results_skipped} not carried here"
        if self.created:
            text += f"; made {' and '.join(self.created)}"
        return text


@dataclass(frozen=True)
class _Destination:
    """A period or section for a place's results: its id (None: to be made) and, when it is
    submitted, why it cannot change."""

    title: str
    id: int | None
    locked: str | None


@dataclass
class _Plan:
    pending: list[tuple[ResultRow, Cell | None]] = field(default_factory=list)
    """Results that change what is stored, with the judgement cell they replace (KS1)."""
    unchanged: int = 0
    problems: list[ImportProblem] = field(default_factory=list)


def _codings(session: Session) -> dict[Target, CtfCoding]:
    """Each imported subject's coding: support's row, else the program's own."""
    codings = {target: coding for target, coding in BUILT_IN.items() if target[0] in _IMPORTED}
    rows = session.scalars(select(CtfComponent).where(col(CtfComponent.framework).in_(_IMPORTED)))
    for row in rows:
        if frameworks.by_id(row.framework).subject(row.subject) is not None:
            codings[(row.framework, row.subject)] = CtfCoding(
                row.stage, row.ctf_subject, row.method, row.component, row.result_qualifier
            )
    return codings


def _on_roll(session: Session, establishment_id: int, upns: Sequence[str]) -> dict[str, Any]:
    """The establishment's pupils holding any of `upns` (id, postcode, ethnicity, year
    override), by UPN."""
    query = select(
        col(Pupil.upn),
        col(Pupil.id),
        col(Pupil.postcode),
        col(Pupil.ethnicity),
        col(Pupil.year_override),
    )
    found: dict[str, Any] = {}
    for start in range(0, len(upns), _CHUNK):
        chunk = upns[start : start + _CHUNK]
        for row in session.execute(
            query.where(col(Pupil.establishment_id) == establishment_id, col(Pupil.upn).in_(chunk))
        ):
            found[row.upn] = row
    return found


def _with_stored(values: PupilValues, pupil: ReadPupil, stored: Any) -> PupilValues:
    """A known pupil keeps the postcode and ethnicity the file does not give."""
    if stored is None:
        return values
    return replace(
        values,
        postcode=values.postcode if pupil.postcode else stored.postcode,
        ethnicity=values.ethnicity if pupil.ethnicity else stored.ethnicity,
    )


def _destination(session: Session, establishment_id: int, place: Place) -> _Destination:
    framework, year = place
    if framework == KS1_TA_ID:
        periods = [
            period
            for period in load_periods(session, establishment_id, year)
            if period.framework == KS1_TA_ID and YearGroup.YEAR_2 in period.year_groups
        ]
        title = f"{KS1_PERIOD_NAME} {format_academic_year(year)}"
        if not periods:
            return _Destination(title, None, None)
        period = max(periods, key=lambda period: (period.day, period.id))
        if period.submitted_at is None:
            return _Destination(title, period.id, None)
        return _Destination(
            title, period.id, locked_message(period.name, period.submitted_by, period.submitted_at)
        )
    title = f"End of Year ELGs {format_academic_year(year)}"
    section = load_elg_section(session, establishment_id, year)
    if section is None or section.submitted_at is None:
        return _Destination(title, None if section is None else section.id, None)
    return _Destination(
        title,
        section.id,
        f"the {title} were {submitted_phrase(section)} and are locked; ask the support team "
        "to unlock them.",
    )


def _stored(
    session: Session, destinations: Mapping[Place, _Destination], pupil_ids: Sequence[int]
) -> dict[tuple[int, int, str], Cell | str]:
    """What the destinations hold for these pupils: (destination id, pupil id, subject) -> the
    KS1 cell or the ELG outcome's value."""
    periods = [d.id for (f, _), d in destinations.items() if f == KS1_TA_ID and d.id]
    sections = [d.id for (f, _), d in destinations.items() if f == EYFS_ELG_ID and d.id]
    stored: dict[tuple[int, int, str], Cell | str] = {}
    for start in range(0, len(pupil_ids), _CHUNK):
        chunk = pupil_ids[start : start + _CHUNK]
        if periods:
            for pupil_id, period_id, code, value, beyond, note, number in session.execute(
                select(*CELL_COLUMNS).where(
                    col(JudgementRow.period_id).in_(periods), col(JudgementRow.pupil_id).in_(chunk)
                )
            ):
                cell = stored_cell(KS1_TA_ID, value, beyond, note, number)
                stored[(period_id, pupil_id, code)] = cell
        if sections:
            for section_id, pupil_id, code, outcome in session.execute(
                select(
                    col(ElgResult.section_id),
                    col(ElgResult.pupil_id),
                    col(ElgResult.area_code),
                    col(ElgResult.outcome),
                ).where(col(ElgResult.section_id).in_(sections), col(ElgResult.pupil_id).in_(chunk))
            ):
                stored[(section_id, pupil_id, code)] = str(outcome)
    return stored


def _outside_cohort(
    checked: CheckedCtf, known: Mapping[str, Any], destinations: Mapping[Place, _Destination]
) -> list[CtfProblem]:
    """A problem for each pupil with results for a year in which they are not in that cohort
    (Year 2 for KS1, Reception for the EYFSP), by their date of birth in the file or their
    year override here: written, those results would show in no grid or report."""
    values_of = {pupil.number: values for pupil, values in checked.pupils}
    problems: dict[tuple[int, Place], CtfProblem] = {}
    for row in checked.results:
        place = (row.framework, row.academic_year)
        values = values_of.get(row.pupil)
        if values is None or (row.pupil, place) in problems:
            continue
        group = YearGroup.YEAR_2 if row.framework == KS1_TA_ID else YearGroup.RECEPTION
        stored = known.get(values.upn)
        override = None if stored is None else stored.year_override
        if override is not None:
            if override == group.value:
                continue
            why = f"their year group override here ({YearGroup(override).label})"
        else:
            first, last = birth_date_range(group, row.academic_year)
            if first <= values.date_of_birth <= last:
                continue
            why = f"their date of birth, {values.date_of_birth:%d/%m/%Y},"
        message = (
            f"these results are for {group.label} in {format_academic_year(row.academic_year)}, "
            f"but {why} puts them in another year group then: give them the year group "
            "override on the Pupils screen first, or leave these results out of the file"
        )
        title = destinations[place].title
        problems[(row.pupil, place)] = CtfProblem(row.pupil, title, message, values.upn)
    return list(problems.values())


def _plan(
    session: Session,
    checked: CheckedCtf,
    ids: Mapping[int, int],
    destinations: Mapping[Place, _Destination],
) -> _Plan:
    """Which results change what is stored, and a problem for each pupil whose results would
    change a locked period or section. `ids`: pupil id by place in the file, for known pupils."""
    stored = _stored(session, destinations, sorted(set(ids.values())))
    upns = {pupil.number: values.upn for pupil, values in checked.pupils}
    plan = _Plan()
    locked: dict[tuple[int, Place], int] = {}
    for row in checked.results:
        place = (row.framework, row.academic_year)
        where = destinations[place]
        pupil_id = ids.get(row.pupil)
        now = None
        if where.id is not None and pupil_id is not None:
            now = stored.get((where.id, pupil_id, row.subject))
        if (now.value if isinstance(now, Cell) else now) == row.value:
            plan.unchanged += 1
        elif where.locked is not None:
            locked[(row.pupil, place)] = locked.get((row.pupil, place), 0) + 1
        else:
            plan.pending.append((row, now if isinstance(now, Cell) else None))
    for (number, place), count in locked.items():
        results = plural(count, "result differs", "results differ")
        message = f"{results} from those stored, but {destinations[place].locked}"
        plan.problems.append(
            CtfProblem(number, destinations[place].title, message, upns.get(number, ""))
        )
    return plan


def _day(academic_year: int, today: date) -> date:
    """The day of a period made for a year's results: today, kept within September to June."""
    return max(date(academic_year, 9, 1), min(today, date(academic_year + 1, 6, 30)))


def _make(
    session: Session, actor: Actor, establishment_id: int, place: Place, title: str, today: date
) -> int:
    """Make the KS1 period of Year 2 or the End of Year ELGs of a year; its id."""
    framework, year = place
    day = _day(year, today)
    if framework == EYFS_ELG_ID:
        return add_elg_section(session, actor, establishment_id, year, day).id
    try:
        groups = (YearGroup.YEAR_2,)
        return add_period(session, actor, establishment_id, KS1_PERIOD_NAME, day, groups, KS1_TA).id
    except InvalidInput as refused:  # another framework's assessment has the name
        raise refuse_whole_file(
            f"The {title} period cannot be made for the file's results: {refused} Rename that "
            "assessment, or make a KS1 teacher assessment period for Year 2 yourself, then "
            "import the file again."
        ) from None


def _changes(plan: _Plan, ids: Mapping[int, int], places: Mapping[Place, int]) -> list[Change]:
    changes: list[Change] = []
    for row, cell in plan.pending:
        pupil_id, place = ids[row.pupil], places[(row.framework, row.academic_year)]
        if row.framework == EYFS_ELG_ID:
            changes.append(elg_edit(place, pupil_id, row.subject, ElgOutcome(row.value)))
        else:
            after = replace(cell or BLANK, value=row.value, number=None)
            changes.append(judgement_edit(pupil_id, place, row.subject, after))
    return changes


def _write_results(
    session: Session, actor: Actor, establishment_id: int, changes: list[Change], today: date
) -> None:
    """Through the grid's own path (its checks, the locks, an audit row each), a few hundred
    pupils at a time."""
    by_pupil: dict[int, list[Change]] = {}
    for change in changes:
        by_pupil.setdefault(change.pupil_id, []).append(change)
    pupils = list(by_pupil)
    for start in range(0, len(pupils), _CHUNK):
        part = [c for pupil_id in pupils[start : start + _CHUNK] for c in by_pupil[pupil_id]]
        write_in_transaction(session, actor, establishment_id, part, "import", today=today)


def _ownership(session: Session, checked: CheckedCtf, establishment_id: int) -> list[ImportProblem]:
    """The UPNs another establishment's pupil, or an archived one here, holds, as located
    problems (store.pupils.importing says which and what to do)."""
    upns = {pupil.number: values.upn for pupil, values in checked.pupils}
    return [
        CtfProblem(problem.line, "UPN", problem.message, upns.get(problem.line or 0, ""))
        for problem in owned_elsewhere(session, checked.lines, establishment_id, "UPN")
    ]


def import_ctf(
    db: Database,
    actor: Actor,
    establishment_id: int,
    data: bytes,
    today: date,
    progress: Progress | None = None,
    file_name: str = "",
) -> CtfImportResult:
    """Import a CTF whole: every pupil and result in it, or none of them.

    Pupils are matched by UPN: a new UPN adds a pupil, a known one updates the names, date of
    birth and sex (and the postcode and ethnicity when the file gives them); class, Include in
    Data and the other characteristics are kept. A new pupil the file gives no postcode has
    none, and no ethnicity is NOBT (not obtained). The file is at most 5 MB and 20,000 pupils.

    Args:
        db: The database.
        actor: Who imports; they must be allowed on the establishment (as for a CSV import).
        establishment_id: The establishment the pupils belong to.
        data: The file's bytes (store.pupils.upload_bytes.read_upload_file reads them within
            bounds).
        today: The date that dates of birth are checked against.
        progress: Called as progress(done, total) from the thread running the import.
        file_name: The file's name, for the audit trail.

    Returns:
        How many pupils were added, updated and left unchanged, and how many results were
        written, left as they were and passed over; the periods and sections made.

    Raises:
        ImportRefused: with every problem (pupil, UPN, element and reason); nothing was
            written.
        PermissionDenied: the actor may not work on this establishment.
        NotFound: there is no such establishment.
    """
    actor.require_establishment(establishment_id)
    tell = progress or (lambda done, total: None)
    tell(0, 2 * STEPS)
    ctf = read_ctf(data)
    tell(STEPS // 2, 2 * STEPS)
    try:
        with db.write() as session:
            checked = check_ctf(ctf, targets_of(_codings(session)), today)
            problems = checked.problems + _ownership(session, checked, establishment_id)
            known = _on_roll(session, establishment_id, list(checked.lines))
            ids = {p.number: known[v.upn].id for p, v in checked.pupils if v.upn in known}
            places = {(row.framework, row.academic_year) for row in checked.results}
            destinations = {p: _destination(session, establishment_id, p) for p in sorted(places)}
            plan = _plan(session, checked, ids, destinations)
            problems += _outside_cohort(checked, known, destinations)
            if problems or plan.problems:
                raise refusal([*problems, *plan.problems])
            tell(STEPS, 2 * STEPS)
            rows = [_with_stored(v, p, known.get(v.upn)) for p, v in checked.pupils]
            added, updated = write_pupils(
                session,
                actor,
                establishment_id,
                rows,
                checked.lines,
                carried=_CARRIED,
                column="UPN",
                today=today,
                tick=lambda done: tell(STEPS + STEPS * done // max(2 * len(rows), 1), 2 * STEPS),
            )
            result = _write_all_results(
                session, actor, establishment_id, checked, plan, destinations, today
            )
            result = replace(result, added=added, updated=updated)
            result = replace(result, unchanged=len(rows) - added - updated)
            record(
                session,
                actor,
                [
                    AuditRecord(
                        ACTION,
                        establishment_id,
                        target=(one_line(file_name) or "CTF file")[-120:],
                        # Counts only: the trail's row for the file never names a pupil.
                        new_value=f"{result.summary} ({plural(result.pupils, 'pupil')})",
                    )
                ],
            )
    except IntegrityError:
        # Another session added one of these UPNs between our look-up and our insert.
        raise refuse_whole_file(
            "Another change added one of these pupils at the same moment: import the file again."
        ) from None
    tell(2 * STEPS, 2 * STEPS)
    return result


def _write_all_results(
    session: Session,
    actor: Actor,
    establishment_id: int,
    checked: CheckedCtf,
    plan: _Plan,
    destinations: Mapping[Place, _Destination],
    today: date,
) -> CtfImportResult:
    """Make the periods and sections still missing, then write the results that change."""
    needed = {(row.framework, row.academic_year) for row, _ in plan.pending}
    places: dict[Place, int] = {}
    created: list[str] = []
    for place in sorted(needed):
        where = destinations[place]
        if where.id is None:
            places[place] = _make(session, actor, establishment_id, place, where.title, today)
            created.append(where.title)
        else:
            places[place] = where.id
    upns = {pupil.number: values.upn for pupil, values in checked.pupils}
    stored = _on_roll(session, establishment_id, sorted(set(upns.values())))
    ids = {number: stored[upn].id for number, upn in upns.items()}
    _write_results(session, actor, establishment_id, _changes(plan, ids, places), today)
    return CtfImportResult(
        0, 0, 0, len(plan.pending), plan.unchanged, checked.skipped, tuple(created)
    )

"""Reading a cohort's CTF return inside the caller's session: the period or ELG section, the
pupils included in data and their results, each subject's coding, then the checks."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlmodel import Session, col

from store.assessments.cohort import cohort_pupil_filter, live_period
from store.core.errors import NotFound
from store.core.models import (
    AssessmentPeriod,
    ElgResult,
    ElgSection,
    Establishment,
    Judgement,
    PeriodYearGroup,
    Pupil,
)
from store.core.models_returns import CtfComponent
from store.curriculum import frameworks
from store.curriculum.ctf_components import CtfCoding, built_in_coding
from store.curriculum.dates import format_academic_year
from store.curriculum.eyfs_frameworks import EYFS_ELG_ID
from store.curriculum.framework import Framework
from store.curriculum.ks1 import KS1_TA_ID
from store.curriculum.year_groups import birth_date_range
from store.establishments.establishments import establishment_info
from store.establishments.return_identity import return_identity_problem
from store.returns.ctf_checks import PupilRow, check_pupils
from store.returns.ctf_data import CtfReturn, CtfSchool, ReturnKind, ReturnNotReady, ReturnProblem


def gather_return(
    session: Session,
    establishment_id: int,
    kind: ReturnKind,
    academic_year: int,
    source_id: int | None = None,
) -> CtfReturn:
    """The checked return of the establishment's Year 2 (KS1) or Reception (EYFSP) cohort.

    KS1 reads `source_id`, a KS1 teacher assessment period covering Year 2, or the latest one of
    `academic_year`; the EYFSP reads `source_id`, an End of Year ELG section, or the latest of
    `academic_year`.

    Raises:
        NotFound: no such establishment, period or section here.
        ReturnNotReady: every problem, by pupil and subject (nothing is to be written).
    """
    row = session.get(Establishment, establishment_id)
    if row is None:
        raise NotFound(f"There is no establishment with id {establishment_id}.")
    info = establishment_info(row)
    if kind is ReturnKind.KS1:
        source = _ks1_period(session, establishment_id, academic_year, source_id)
        values = _judgements(session, source.id)
    else:
        source = _elg_section(session, establishment_id, academic_year, source_id)
        values = _elg_results(session, source.id)
    academic_year = source.academic_year
    framework = frameworks.by_id(source.framework)
    problems: list[ReturnProblem] = []
    if not source.submitted:
        # First: the other problems may well be why it is not submitted yet.
        problems.append(ReturnProblem("", "", _not_submitted(kind, source.name)))
    identity = return_identity_problem(info)
    if identity is not None:
        problems.append(ReturnProblem("", "", identity))
    codings = _codings(session, framework, problems)
    year_group = kind.year_group
    pupils = _pupils(session, establishment_id, academic_year, kind, values)
    if not pupils:
        problems.append(
            ReturnProblem(
                "",
                "",
                f"no {year_group.label} pupil included in data has results in "
                f"{format_academic_year(academic_year)}",
            )
        )
    written, found = check_pupils(
        kind, framework, codings, year_group, birth_date_range(year_group, academic_year), pupils
    )
    problems += found
    if problems:
        raise ReturnNotReady(kind, problems)
    school = CtfSchool(
        info.number, info.name, info.la_number or "", info.dfe_number or "", info.urn or ""
    )
    codes = tuple(subject.code for subject in framework.subjects)
    return CtfReturn(
        kind, school, academic_year, academic_year + 1, tuple(written), subject_codes=codes
    )


@dataclass(frozen=True)
class _Source:
    """The KS1 period or ELG section a return reads."""

    framework: str
    academic_year: int
    id: int
    name: str
    submitted: bool


def _not_submitted(kind: ReturnKind, name: str) -> str:
    """Only submitted results go to the local authority: they are then locked, so the file
    holds what the Headteacher's authority confirmed."""
    if kind is ReturnKind.KS1:
        return (
            f"{name} has not been submitted: a manager submits these results with S in the "
            "grid first"
        )
    return (
        "The End of Year ELGs have not been submitted: a manager submits them with S in the "
        "grid first"
    )


def _ks1_period(
    session: Session, establishment_id: int, academic_year: int, period_id: int | None
) -> _Source:
    """The KS1 teacher assessment period to return."""
    query = (
        select(
            col(AssessmentPeriod.framework),
            col(AssessmentPeriod.academic_year),
            col(AssessmentPeriod.id),
            col(AssessmentPeriod.name),
            col(AssessmentPeriod.submitted_at),
        )
        .join(PeriodYearGroup, col(PeriodYearGroup.period_id) == col(AssessmentPeriod.id))
        .where(
            col(AssessmentPeriod.establishment_id) == establishment_id,
            col(AssessmentPeriod.framework) == KS1_TA_ID,
            col(PeriodYearGroup.year_group) == ReturnKind.KS1.year_group.value,
            live_period(),
        )
    )
    if period_id is not None:
        query = query.where(col(AssessmentPeriod.id) == period_id)
    else:
        query = query.where(col(AssessmentPeriod.academic_year) == academic_year)
    found = session.execute(
        query.order_by(col(AssessmentPeriod.day).desc(), col(AssessmentPeriod.id).desc())
    ).first()
    if found is None:
        if period_id is not None:
            raise NotFound("That period is not a KS1 teacher assessment period of Year 2 here.")
        raise NotFound(
            f"There is no KS1 teacher assessment period for Year 2 in "
            f"{format_academic_year(academic_year)}: make one and enter the results first."
        )
    return _Source(found[0], found[1], found[2], found[3], found[4] is not None)


def _elg_section(
    session: Session, establishment_id: int, academic_year: int, section_id: int | None
) -> _Source:
    """The End of Year ELG section to return."""
    query = select(
        col(ElgSection.framework),
        col(ElgSection.academic_year),
        col(ElgSection.id),
        col(ElgSection.submitted_at),
    ).where(
        col(ElgSection.establishment_id) == establishment_id,
        col(ElgSection.framework) == EYFS_ELG_ID,
    )
    if section_id is not None:
        query = query.where(col(ElgSection.id) == section_id)
    else:
        query = query.where(col(ElgSection.academic_year) == academic_year)
    found = session.execute(
        query.order_by(col(ElgSection.day).desc(), col(ElgSection.id).desc())
    ).first()
    if found is None:
        if section_id is not None:
            raise NotFound("That End of Year ELG section is not this establishment's.")
        raise NotFound(
            f"There are no End of Year ELG results for {format_academic_year(academic_year)}: "
            "enter them first."
        )
    return _Source(found[0], found[1], found[2], "The End of Year ELGs", found[3] is not None)


Values = dict[int, dict[str, tuple[str | None, int | None]]]


def _judgements(session: Session, period_id: int) -> Values:
    values: Values = {}
    for pupil_id, code, value, number in session.execute(
        select(
            col(Judgement.pupil_id),
            col(Judgement.area_code),
            col(Judgement.value),
            col(Judgement.number),
        ).where(col(Judgement.period_id) == period_id)
    ):
        if value is not None or number is not None:
            values.setdefault(pupil_id, {})[code] = (value, number)
    return values


def _elg_results(session: Session, section_id: int) -> Values:
    values: Values = {}
    for pupil_id, code, outcome in session.execute(
        select(col(ElgResult.pupil_id), col(ElgResult.area_code), col(ElgResult.outcome)).where(
            col(ElgResult.section_id) == section_id
        )
    ):
        values.setdefault(pupil_id, {})[code] = (outcome, None)
    return values


def _codings(
    session: Session, framework: Framework, problems: list[ReturnProblem]
) -> dict[str, CtfCoding]:
    """Each subject's coding: support's row, else the program's own (a subject with neither is
    a problem: the file could not say what its results are)."""
    overrides = {
        row.subject: CtfCoding(
            row.stage, row.ctf_subject, row.method, row.component, row.result_qualifier
        )
        for row in session.scalars(
            select(CtfComponent).where(col(CtfComponent.framework) == framework.id)
        )
    }
    codings: dict[str, CtfCoding] = {}
    for subject in framework.subjects:
        coding = overrides.get(subject.code) or built_in_coding(framework.id, subject.code)
        if coding is None:
            problems.append(
                ReturnProblem(
                    "",
                    subject.name,
                    "no CTF coding: ask the support team to set it",
                )
            )
        else:
            codings[subject.code] = coding
    return codings


def _pupils(
    session: Session, establishment_id: int, academic_year: int, kind: ReturnKind, values: Values
) -> list[PupilRow]:
    """The cohort's pupils included in data, and any other included pupil holding results in
    the period or section (their date of birth or override is then a problem), by name."""
    in_cohort = cohort_pupil_filter(establishment_id, academic_year, kind.year_group)
    with_results = col(Pupil.id).in_(list(values)) if values else None
    conditions: list[Any] = [in_cohort] if with_results is None else [or_(in_cohort, with_results)]
    rows: Iterable[Any] = session.execute(
        select(
            col(Pupil.id),
            col(Pupil.surname),
            col(Pupil.forenames),
            col(Pupil.upn),
            col(Pupil.date_of_birth),
            col(Pupil.gender),
            col(Pupil.year_override),
        ).where(
            *conditions,
            col(Pupil.establishment_id) == establishment_id,
            col(Pupil.archived) == False,  # noqa: E712
            col(Pupil.include_in_data) == True,  # noqa: E712
        )
    ).all()
    pupils = [
        PupilRow(surname, forenames, upn, born, sex, override, values.get(pupil_id, {}))
        for pupil_id, surname, forenames, upn, born, sex, override in rows
    ]
    pupils.sort(key=lambda row: (row.surname.casefold(), row.forenames.casefold(), row.upn))
    return pupils

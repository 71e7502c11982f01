"""The checks a CTF return passes before it is written: pure rules over the pupils' rows, each
problem named by pupil and subject (a local authority's import refuses the whole file for one)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from store.curriculum.ctf_components import ELG_ABSENT_RESULT, ELG_RESULTS, CtfCoding
from store.curriculum.eyfs import YearGroup
from store.curriculum.framework import Framework
from store.curriculum.upn import normalise_upn, upn_problem
from store.returns.ctf_data import CtfPupil, CtfResult, ReturnKind, ReturnProblem

SEXES = ("M", "F")


@dataclass(frozen=True)
class PupilRow:
    """A pupil of the return as read: details, and their stored results by subject code."""

    surname: str
    forenames: str
    upn: str
    date_of_birth: date
    sex: str
    year_override: str | None
    values: Mapping[str, tuple[str | None, int | None]] = field(default_factory=dict)
    """(code, number) by subject; a subject not here is blank."""

    @property
    def name(self) -> str:
        return f"{self.surname.upper()}, {self.forenames}"


def check_pupils(
    kind: ReturnKind,
    framework: Framework,
    codings: Mapping[str, CtfCoding],
    year_group: YearGroup,
    born: tuple[date, date],
    rows: Sequence[PupilRow],
) -> tuple[list[CtfPupil], list[ReturnProblem]]:
    """The pupils as the CTF writes them, and every problem found (the return goes only when
    there are none).

    Args:
        kind: KS1 or EYFSP (the EYFSP's results are 1, 2 or A, and A is all 17 or none).
        framework: The period's or section's framework (which codes each subject takes).
        codings: Each subject's coding by subject code (support's, or the program's own; a
            subject missing here is the caller's problem to list).
        year_group: The cohort's year group; born: its first and last date of birth.
        rows: The pupils included in data, in the order they are written.
    """
    problems: list[ReturnProblem] = []
    upns = Counter(normalise_upn(row.upn) for row in rows)
    first_named: dict[str, str] = {}
    pupils: list[CtfPupil] = []
    for row in rows:
        problems += _details(row, upns, first_named, year_group, born)
        results: list[CtfResult] = []
        for subject in framework.subjects:
            value, number = row.values.get(subject.code, (None, None))
            if value is None and number is None:
                problems.append(ReturnProblem(row.name, subject.name, "no result"))
                continue
            wrong = subject.problem(value, number)
            if wrong is not None:
                problems.append(ReturnProblem(row.name, subject.name, wrong))
                continue
            result = str(number) if value is None else value
            if kind is ReturnKind.EYFSP:
                result = ELG_RESULTS[result]
            coding = codings.get(subject.code)
            if coding is None:  # listed once for the school, not for each pupil
                continue
            results.append(
                CtfResult(
                    coding.stage,
                    coding.subject,
                    coding.method,
                    coding.component,
                    coding.result_qualifier,
                    result,
                )
            )
        if kind is ReturnKind.EYFSP:
            problems += _absent_all_or_none(row, framework, results)
        pupils.append(
            CtfPupil(
                normalise_upn(row.upn),
                row.surname,
                row.forenames,
                row.date_of_birth,
                row.sex,
                tuple(results),
            )
        )
    return pupils, problems


def _details(
    row: PupilRow,
    upns: Counter[str],
    first_named: dict[str, str],
    year_group: YearGroup,
    born: tuple[date, date],
) -> list[ReturnProblem]:
    problems = []
    upn = normalise_upn(row.upn)
    wrong = upn_problem(upn) if upn else "there is no UPN"
    if wrong is not None:
        problems.append(ReturnProblem(row.name, "UPN", wrong))
    elif upns[upn] > 1:
        other = first_named.setdefault(upn, row.name)
        said = "another pupil" if other == row.name else other
        problems.append(ReturnProblem(row.name, "UPN", f"{upn} is also the UPN of {said}"))
    first, last = born
    if row.year_override is None and not first <= row.date_of_birth <= last:
        problems.append(
            ReturnProblem(
                row.name,
                "Date of birth",
                f"{row.date_of_birth:%d/%m/%Y} is outside {year_group.label} "
                f"({first:%d/%m/%Y} to {last:%d/%m/%Y}); correct it or set a year override",
            )
        )
    elif row.year_override is not None and row.year_override != year_group.value:
        problems.append(
            ReturnProblem(
                row.name,
                "Year group",
                f"has results here but a year override to {YearGroup(row.year_override).label}",
            )
        )
    if row.sex not in SEXES:
        shown = row.sex or "blank"
        problems.append(ReturnProblem(row.name, "Sex", f"is {shown}; a CTF takes M or F"))
    return problems


def _absent_all_or_none(
    row: PupilRow, framework: Framework, results: list[CtfResult]
) -> list[ReturnProblem]:
    """The EYFSP's rule: a child absent for the profile is absent in all 17 goals."""
    absent = [result for result in results if result.result == ELG_ABSENT_RESULT]
    if not absent or len(absent) == len(framework.subjects):
        return []
    return [
        ReturnProblem(
            row.name,
            "",
            f"Absent in {len(absent)} of {len(framework.subjects)} goals: a child absent for "
            "the profile is Absent in all of them, otherwise give each goal 1 or 2",
        )
    ]

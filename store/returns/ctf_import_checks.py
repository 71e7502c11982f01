"""Checking a CTF's pupils and results before they are imported: each pupil through the pupil
form's own checks, each result against its subject's codes; every problem located by the
pupil's place in the file, its UPN and the element. No database: the codings come in."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from store.curriculum import frameworks
from store.curriculum.ctf_components import ELG_RESULTS, CtfCoding
from store.curriculum.dates import academic_year_of, format_academic_year
from store.curriculum.eyfs import ElgOutcome
from store.curriculum.eyfs_frameworks import EYFS_ELG_ID
from store.curriculum.framework import Subject
from store.pupils.fields import FIELD_LABELS, PupilForm, PupilValues, validate_pupil
from store.pupils.import_problems import ImportProblem, ImportRefused
from store.pupils.upload import shown
from store.returns.ctf_read import CtfFile, ReadPupil

NOT_OBTAINED = "NOBT"  # the DfE's ethnicity code for "information not yet obtained"
_STAND_IN_POSTCODE = "PR1 2AB"  # checked with, never stored: a CTF may give no address
_ELG_OUTCOMES = {result: outcome for outcome, result in ELG_RESULTS.items()}
"""An EYFSP result as the file writes it (1, 2, A) -> the ElgOutcome value stored."""

Key = tuple[str, str, str, str]
"""A StageAssessment's (Stage, Subject, Method, Component), in upper case."""
Target = tuple[str, str]
"""(framework id, subject code)."""


@dataclass(frozen=True)
class CtfProblem(ImportProblem):
    """A problem located in a CTF: `line` is the pupil's place in the file (1 for the first
    Pupil), `column` the element, `upn` the pupil's UPN as written (when there is one)."""

    upn: str = ""

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        where = f"pupil {self.line}" + (f" (UPN {self.upn})" if self.upn else "")
        if self.column:
            where += f", {self.column}"
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class ResultRow:
    """A result to import: whose (the pupil's place in the file), where, and the stored code."""

    pupil: int
    framework: str
    academic_year: int
    subject: str
    value: str
    """The code as the framework stores it: a KS1 code, or an ElgOutcome's value."""


@dataclass
class CheckedCtf:
    """The file's pupils through the pupil form's checks, and their results to import."""

    pupils: list[tuple[ReadPupil, PupilValues]] = field(default_factory=list)
    results: list[ResultRow] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    skipped: int = 0
    """StageAssessments passed over: not a subject the tracker carries, not a result (an
    estimate), or blank."""

    @property
    def lines(self) -> dict[str, int]:
        """Each pupil's UPN -> its place in the file."""
        return {values.upn: pupil.number for pupil, values in self.pupils}


def _problem(pupil: ReadPupil, column: str, message: str) -> CtfProblem:
    return CtfProblem(pupil.number, column, message, pupil.upn[:20])


_ELEMENTS = {"UPN": "UPN", "Surname": "Surname", "Forenames": "Forename", "Date of birth": "DOB"}
_ELEMENTS |= {"Postcode": "PostCode", "Ethnicity": "Ethnicity"}


def _check_pupil(pupil: ReadPupil, today: date) -> PupilValues | list[ImportProblem]:
    """The pupil through the pupil form's own checks: its values, or every problem. A pupil
    the file gives no postcode is checked with a stand-in and stored with none (or keeps
    theirs); one it gives no ethnicity is NOBT (not obtained), or keeps theirs."""
    form = PupilForm(
        upn=pupil.upn,
        surname=pupil.surname,
        forenames=pupil.forenames,
        date_of_birth=pupil.date_of_birth,
        gender=pupil.sex,
        postcode=pupil.postcode or _STAND_IN_POSTCODE,
        ethnicity=pupil.ethnicity or NOT_OBTAINED,
    )
    outcome = validate_pupil(form, today)
    if isinstance(outcome, list):
        elements = _ELEMENTS | {FIELD_LABELS["gender"]: pupil.sex_element}
        return [
            _problem(pupil, elements.get(problem.field, problem.field), problem.message)
            for problem in outcome
        ]
    return outcome if pupil.postcode else replace(outcome, postcode="")


def targets_of(codings: Mapping[Target, CtfCoding]) -> dict[Key, Target]:
    """Which subject each coding is: (Stage, Subject, Method, Component) -> (framework, code)."""
    found: dict[Key, Target] = {}
    for target, coding in sorted(codings.items()):
        found.setdefault(
            _key(coding.stage, coding.subject, coding.method, coding.component), target
        )
    return found


def _key(stage: str, subject: str, method: str, component: str) -> Key:
    return (stage.upper(), subject.upper(), method.upper(), component.upper())


def _value(subject: Subject, framework: str, result: str) -> str | None:
    """The stored code of a result as the file writes it, or None if it is not one."""
    text = result.upper()
    if framework == EYFS_ELG_ID:
        return _ELG_OUTCOMES.get(text)
    return text if subject.code_for(text) is not None else None


def _wrong_value(subject: Subject, framework: str, result: str) -> str:
    if framework == EYFS_ELG_ID:
        return (
            f"{shown(result)} is not an EYFSP result for {subject.name}: give 1 (emerging), "
            "2 (expected) or A (absent)."
        )
    codes = [code.code for code in subject.codes]
    allowed = ", ".join(codes[:-1]) + " or " + codes[-1] if len(codes) > 1 else codes[0]
    return f"{shown(result)} is not a result of {subject.name}: use {allowed}."


def _year(text: str, file_year: int | None, this_year: int) -> int | str:
    """The academic year of a result's Year element (the summer it ends), or what is wrong."""
    if not text:
        if file_year is None:
            return "the StageAssessment has no Year, nor the file's header an AcademicYear."
        return file_year
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        return f"Year {shown(text)} is not a year such as 2026."
    year = int(text) - 1
    if year > this_year:
        return f"Year {text} is of {format_academic_year(year)}, which has not begun."
    return year


def _results_of(
    pupil: ReadPupil, targets: Mapping[Key, Target], file_year: int | None, this_year: int
) -> tuple[list[ResultRow], list[ImportProblem], int]:
    """(results to import, problems, how many assessments were passed over) of one pupil."""
    rows: dict[tuple[str, int, str], ResultRow] = {}
    problems: list[ImportProblem] = []
    skipped = 0
    for assessment in pupil.assessments:
        coding = assessment.coding
        target = targets.get(_key(coding.stage, coding.subject, coding.method, coding.component))
        if target is None or assessment.status.upper() not in ("", "R") or not coding.result:
            skipped += 1
            continue
        subject = frameworks.by_id(target[0]).subject(target[1])
        assert subject is not None  # targets_of is given the framework's own subjects
        column = f"{subject.name} ({coding.component})"
        year = _year(assessment.year, file_year, this_year)
        value = _value(subject, target[0], coding.result)
        if isinstance(year, str) or value is None:
            wrong = (
                year if isinstance(year, str) else _wrong_value(subject, *target[:1], coding.result)
            )
            problems.append(_problem(pupil, column, wrong))
            continue
        row = ResultRow(pupil.number, target[0], year, subject.code, value)
        if rows.setdefault((target[0], year, subject.code), row).value != value:
            message = f"given twice for {format_academic_year(year)}, with different results."
            problems.append(_problem(pupil, column, message))
    found = list(rows.values())
    return found, problems + _absent_all_or_none(pupil, found), skipped


def _absent_all_or_none(pupil: ReadPupil, rows: list[ResultRow]) -> list[ImportProblem]:
    """The EYFSP's rule, as the export enforces it: a child absent is Absent in every goal."""
    problems: list[ImportProblem] = []
    by_year: dict[int, set[str]] = {}
    for row in rows:
        if row.framework == EYFS_ELG_ID:
            by_year.setdefault(row.academic_year, set()).add(row.value)
    for year, values in sorted(by_year.items()):
        if ElgOutcome.ABSENT.value in values and len(values) > 1:
            message = (
                f"Absent in some goals of {format_academic_year(year)} but not all: a child "
                "absent for the profile is A in every goal; otherwise give each goal 1 or 2."
            )
            problems.append(_problem(pupil, "EYFSP", message))
    return problems


def check_ctf(ctf: CtfFile, targets: Mapping[Key, Target], today: date) -> CheckedCtf:
    """Every pupil through the pupil form's checks (each UPN once), and every result that
    `targets` knows checked against its subject; every problem is kept."""
    checked = CheckedCtf()
    seen: dict[str, int] = {}
    this_year = academic_year_of(today)
    for pupil in ctf.pupils:
        outcome = _check_pupil(pupil, today)
        if isinstance(outcome, list):
            checked.problems += outcome
        elif outcome.upn in seen:
            message = f"UPN {outcome.upn} is also pupil {seen[outcome.upn]}'s."
            checked.problems.append(_problem(pupil, "UPN", message))
        else:
            seen[outcome.upn] = pupil.number
            checked.pupils.append((pupil, outcome))
        results, problems, skipped = _results_of(pupil, targets, ctf.academic_year, this_year)
        checked.results += results
        checked.problems += problems
        checked.skipped += skipped
    return checked


def refusal(problems: Sequence[ImportProblem]) -> ImportRefused:
    """Every problem as one refusal, in the order a person reads the file: by pupil."""
    ordered = sorted(problems, key=lambda problem: problem.line or 0)
    return ImportRefused(ordered, len(ordered))

"""What a CTF return holds, as plain values for the writer, and why one is refused."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from store.core.errors import InvalidInput
from store.core.words import first_few
from store.curriculum.eyfs import YearGroup

LISTED_IN_MESSAGE = 6  # the refusal's sentence names this many problems; `problems` holds all
LAST_SEQUENCE = 999  # the xxx of the file name has three digits


class ReturnKind(Enum):
    """Which return: KS1 teacher assessment of Year 2, or the EYFS profile of Reception."""

    KS1 = "CTF"
    EYFSP = "FSP"

    @property
    def file_tag(self) -> str:
        """What stands between the school and the destination in the file name."""
        return self.value

    @property
    def year_group(self) -> YearGroup:
        return YearGroup.YEAR_2 if self is ReturnKind.KS1 else YearGroup.RECEPTION

    @property
    def title(self) -> str:
        return "KS1 teacher assessment" if self is ReturnKind.KS1 else "EYFS profile"


@dataclass(frozen=True, slots=True)
class CtfResult:
    """One StageAssessment: the subject's coding and the pupil's result."""

    stage: str
    subject: str
    method: str
    component: str
    result_qualifier: str
    result: str


@dataclass(frozen=True, slots=True)
class CtfPupil:
    upn: str
    surname: str
    forenames: str
    date_of_birth: date
    sex: str
    results: tuple[CtfResult, ...]


@dataclass(frozen=True, slots=True)
class CtfSchool:
    """The source school as the header names it."""

    number: str
    """The establishment's own number (its exports folder)."""
    name: str
    la_number: str
    dfe_number: str
    urn: str


@dataclass(frozen=True, slots=True)
class CtfReturn:
    """A checked return, ready to write: every pupil has a valid result in every subject."""

    kind: ReturnKind
    school: CtfSchool
    academic_year: int
    assessment_year: int
    """The calendar year the results belong to (the summer ending the academic year)."""
    pupils: tuple[CtfPupil, ...]
    sequence: int = 0
    """The file's number, 1..999; 0 until the export takes one (a KS1 CSV takes none)."""
    subject_codes: tuple[str, ...] = ()
    """The framework's code of each subject, in the order of every pupil's results."""

    @property
    def results(self) -> int:
        return sum(len(pupil.results) for pupil in self.pupils)


@dataclass(frozen=True, slots=True)
class ReturnProblem:
    """Something that stops the return: whose (blank: the school's), which subject, what."""

    pupil: str
    subject: str
    problem: str

    def describe(self) -> str:
        where = ", ".join(part for part in (self.pupil, self.subject) if part)
        return f"{where}: {self.problem}" if where else self.problem


class ReturnNotReady(InvalidInput):
    """The return was not written: `problems` lists every one, by pupil and subject.

    `file` names what was not written: by default "the <kind> CTF".
    """

    def __init__(
        self, kind: ReturnKind, problems: list[ReturnProblem], file: str | None = None
    ) -> None:
        self.kind = kind
        self.problems = problems
        said = [problem.describe().rstrip(".") for problem in problems]
        named = first_few(said, LISTED_IN_MESSAGE)
        noun = "problem" if len(problems) == 1 else "problems"
        super().__init__(
            f"The {file or kind.title + ' CTF'} was not written: {len(problems)} {noun} to put "
            f"right first: {named}."
        )


class SequenceUsedUp(InvalidInput):
    """The establishment's CTF files have used every number from 001 to 999."""

    def __init__(self) -> None:
        super().__init__(
            f"This school has sent {LAST_SEQUENCE} CTF files, the most a file name can number "
            "(001 to 999): ask the support team, who can agree a way on with the local authority."
        )

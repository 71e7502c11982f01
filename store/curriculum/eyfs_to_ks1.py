"""Which End of Year Early Learning Goals lead to which KS1 subject, for the EYFS to KS1 table: a
pupil at Expected in every goal of an area at the end of Reception, against EXS+ in the matching
KS1 teacher assessment subject.

Pure data, checked against the two frameworks when imported: the report reads it and spells no
goal or subject itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from store.curriculum.eyfs_frameworks import EYFS_ELG
from store.curriculum.framework import AT_OR_ABOVE_GROUP_BANDS, CountedGroup, Framework
from store.curriculum.ks1 import EXS_PLUS, KS1_TA, MATHEMATICS, READING, SCIENCE_CODE, WRITING

EYFS_TO_KS1 = "EYFS to KS1"
"""The comparison's name, as the Reports screen and the table's heading say it."""
EYFS_SIDE: Framework = EYFS_ELG
KS1_SIDE: Framework = KS1_TA

EYFS_EXPECTED = CountedGroup("Expected", AT_OR_ABOVE_GROUP_BANDS)
"""At the end of Reception: the goal's outcome is Expected (the ELGs' at band)."""
KS1_MEASURE = EXS_PLUS
"""At KS1: EXS or GDS in the subject."""


@dataclass(frozen=True)
class GoalsToSubject:
    """The goals of one area (all at Expected counts) and the KS1 subject they lead to."""

    goals: tuple[str, ...]
    subject: str

    def __post_init__(self) -> None:
        if not self.goals:
            raise ValueError(f"{self.subject}: name the goals that lead to it.")
        for code in self.goals:  # a misspelt code fails at import, not in a report
            _named(EYFS_SIDE, code)
        _named(KS1_SIDE, self.subject)

    @property
    def goal_names(self) -> tuple[str, ...]:
        return tuple(_named(EYFS_SIDE, code) for code in self.goals)

    @property
    def subject_name(self) -> str:
        return _named(KS1_SIDE, self.subject)

    @property
    def said(self) -> str:
        """ "Word Reading and Comprehension to Reading"."""
        return f"{' and '.join(self.goal_names)} to {self.subject_name}"


def _named(framework: Framework, code: str) -> str:
    subject = framework.subject(code)
    if subject is None:
        raise ValueError(f"{framework.name} has no subject {code!r}.")
    return subject.name


PAIRS: tuple[GoalsToSubject, ...] = (
    GoalsToSubject(("WR", "C"), READING),  # Word Reading, Comprehension
    GoalsToSubject(("W",), WRITING),
    GoalsToSubject(("N", "NP"), MATHEMATICS),  # Number, Numerical Patterns
    GoalsToSubject(("NW",), SCIENCE_CODE),  # The Natural World
)

"""The EYFS framework: areas of development, value sets and year groups, spelt here only."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


@dataclass(frozen=True)
class AreaOfLearning:
    """One of the seven areas of learning; `short` fits a 5-character column header."""

    name: str
    short: str
    counts_for_gld: bool


@dataclass(frozen=True)
class AreaOfDevelopment:
    """One of the 17 Early Learning Goals, with the code used in headers and files."""

    code: str
    name: str
    area_of_learning: AreaOfLearning

    @property
    def counts_for_gld(self) -> bool:
        return self.area_of_learning.counts_for_gld


COMMUNICATION_AND_LANGUAGE = AreaOfLearning("Communication and Language", "C&L", True)
PSED = AreaOfLearning("Personal, Social & Emotional Development", "PSED", True)
PHYSICAL_DEVELOPMENT = AreaOfLearning("Physical Development", "PD", True)
LITERACY = AreaOfLearning("Literacy", "Lit", True)
MATHEMATICS = AreaOfLearning("Mathematics", "Maths", True)
UNDERSTANDING_THE_WORLD = AreaOfLearning("Understanding the World", "UtW", False)
EXPRESSIVE_ARTS = AreaOfLearning("Expressive Arts and Design", "EAD", False)

AREAS_OF_LEARNING: tuple[AreaOfLearning, ...] = (
    COMMUNICATION_AND_LANGUAGE,
    PSED,
    PHYSICAL_DEVELOPMENT,
    LITERACY,
    MATHEMATICS,
    UNDERSTANDING_THE_WORLD,
    EXPRESSIVE_ARTS,
)

AREAS: tuple[AreaOfDevelopment, ...] = (
    AreaOfDevelopment("LAU", "Listening, Attention and Understanding", COMMUNICATION_AND_LANGUAGE),
    AreaOfDevelopment("SP", "Speaking", COMMUNICATION_AND_LANGUAGE),
    AreaOfDevelopment("SR", "Self-Regulation", PSED),
    AreaOfDevelopment("MS", "Managing Self", PSED),
    AreaOfDevelopment("BR", "Building Relationships", PSED),
    AreaOfDevelopment("GMS", "Gross Motor Skills", PHYSICAL_DEVELOPMENT),
    AreaOfDevelopment("FMS", "Fine Motor Skills", PHYSICAL_DEVELOPMENT),
    AreaOfDevelopment("WR", "Word Reading", LITERACY),
    AreaOfDevelopment("C", "Comprehension", LITERACY),
    AreaOfDevelopment("W", "Writing", LITERACY),
    AreaOfDevelopment("N", "Number", MATHEMATICS),
    AreaOfDevelopment("NP", "Numerical Patterns", MATHEMATICS),
    AreaOfDevelopment("PP", "Past and Present", UNDERSTANDING_THE_WORLD),
    AreaOfDevelopment("PCC", "People, Culture and Communities", UNDERSTANDING_THE_WORLD),
    AreaOfDevelopment("NW", "The Natural World", UNDERSTANDING_THE_WORLD),
    AreaOfDevelopment("CWM", "Creating with Materials", EXPRESSIVE_ARTS),
    AreaOfDevelopment("BIE", "Being Imaginative and Expressive", EXPRESSIVE_ARTS),
)

AREA_CODES: tuple[str, ...] = tuple(area.code for area in AREAS)
AREA_BY_CODE: dict[str, AreaOfDevelopment] = {area.code: area for area in AREAS}
GLD_AREA_CODES: tuple[str, ...] = tuple(area.code for area in AREAS if area.counts_for_gld)


class Judgement(str, Enum):
    """A tracking judgement in an assessment period; blank is None, not a member."""

    BELOW = "B"
    ON_TRACK = "O"

    @property
    def label(self) -> str:
        return "Below" if self is Judgement.BELOW else "On track"


class ElgOutcome(str, Enum):
    """An End of Year Early Learning Goal outcome; blank is None, not a member."""

    EMERGING = "E"
    EXPECTED = "X"
    ABSENT = "A"

    @property
    def label(self) -> str:
        return {"E": "Emerging", "X": "Expected", "A": "Absent"}[self.value]


class GoneBeyond(str, Enum):
    """The palette marking an On track child who has gone beyond: an indication, not a judgement.

    Each maps to one of the 16 ANSI colours so it shows on PuTTY's default palette.
    """

    GREEN = "green"
    BLUE = "blue"
    PURPLE = "purple"
    YELLOW = "yellow"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class YearGroup(str, Enum):
    """Year groups the tracker knows, youngest first.

    `offset` is how many years older than Reception the cohort is: Reception children of the
    academic year starting 1 September S were born 1 Sep (S-5) .. 31 Aug (S-4).
    """

    NURSERY_1 = "N1"
    NURSERY_2 = "N2"
    RECEPTION = "R"
    YEAR_1 = "Y1"
    YEAR_2 = "Y2"

    @property
    def label(self) -> str:
        return _YEAR_GROUP_LABELS[self.value]

    @property
    def offset(self) -> int:
        return _YEAR_GROUP_OFFSETS[self.value]

    @property
    def is_early_years(self) -> bool:
        return self in EARLY_YEARS


_YEAR_GROUP_LABELS = {
    "N1": "Nursery 1",
    "N2": "Nursery 2",
    "R": "Reception",
    "Y1": "Year 1",
    "Y2": "Year 2",
}
_YEAR_GROUP_OFFSETS = {"N1": -2, "N2": -1, "R": 0, "Y1": 1, "Y2": 2}

# The year groups an EYFS assessment period can be created for (the web tracker's check boxes).
EARLY_YEARS: tuple[YearGroup, ...] = (YearGroup.NURSERY_1, YearGroup.NURSERY_2, YearGroup.RECEPTION)

CLASS_SLOTS = 20
"""Every establishment has 20 class slots, named "Class 1".."Class 20" until it renames them."""


def default_class_name(slot: int) -> str:
    return f"Class {slot}"

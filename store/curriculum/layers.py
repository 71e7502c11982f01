"""A period's layers: what a school enters per pupil and subject beside an assessment, in the
same grid with the same keys: the pupils' targets (in the period's own codes), and the teacher's
judgement of their progress (Above / Expected / Below, for schools that judge progress directly).

Pure data: a layer's values are kept as judgements of a period row of its own
(store.progress.layers), whose framework is the period's (targets) or the judged-progress
framework made from it here, with the same subjects.
"""

from __future__ import annotations

from enum import Enum
from functools import lru_cache

from store.curriculum.codes import Band, Code, CodeSet
from store.curriculum.framework import CountedGroup, Framework, Subject


class Layer(str, Enum):
    """The kinds of layer a period may have (one of each)."""

    TARGETS = "targets"
    JUDGED_PROGRESS = "judged"
    """The teacher's judgement: is the pupil making the expected progress?"""

    @property
    def words(self) -> str:
        """As a heading and a sentence say it: "targets", "judged progress"."""
        return "targets" if self is Layer.TARGETS else "judged progress"


JUDGED_SUFFIX = "-judged"
"""A judged-progress framework's id is its period framework's id and this."""

ABOVE_EXPECTED = Code("A", "Above expected progress", ("a",), Band.ABOVE, wide="Above", points=2)
EXPECTED = Code("E", "Expected progress", ("e",), Band.AT, wide="Expect", points=1)
BELOW_EXPECTED = Code("B", "Below expected progress", ("b",), Band.BELOW, wide="Below", points=0)
JUDGED_CODES = CodeSet((ABOVE_EXPECTED, EXPECTED, BELOW_EXPECTED))

JUDGED_GROUPS = (
    CountedGroup("Exp+", frozenset({Band.AT, Band.ABOVE})),
    CountedGroup("Above", frozenset({Band.ABOVE})),
    CountedGroup("Below", frozenset({Band.BELOW})),
    CountedGroup("Not judged", frozenset({None}), reported=False),
)
"""The foot shows the first two: making at least the expected progress, and above it."""


@lru_cache(maxsize=32)
def judged_progress(framework: Framework) -> Framework:
    """The judged-progress framework of a period framework: its subjects, each taking A, E or B."""
    return Framework(
        id=framework.id + JUDGED_SUFFIX,
        name=f"{framework.name}: judged progress",
        year_groups=framework.year_groups,
        subjects=tuple(
            Subject(subject.code, subject.name, subject.group, subject.group_name, JUDGED_CODES)
            for subject in framework.subjects
        ),
        subject_noun=framework.subject_noun,
        band_words=("Below", "Exp+"),
        subjects_title=framework.subjects_title,
        groups=JUDGED_GROUPS,
    )


def layer_framework(layer: Layer, framework: Framework) -> Framework:
    """The framework a layer of a period of `framework` takes its values from."""
    return framework if layer is Layer.TARGETS else judged_progress(framework)

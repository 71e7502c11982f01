"""Small steps for children working well below their age's expectations (PIVATS-style; the
local authority's PIVATS news, shared/seeds/000_...): a ladder of levels, the old P scales
P1(i) to P8 and then milestones up to the Year 4 expectation, each split into five stages, e
(just started) to a (secure). A step is a stage: a fifth of a level, one point; P8a to
milestone 1e is one step.

There is deliberately no national rate of progress: a child's targets are set from their own
needs (store.progress's targets hold them). The strands follow the school's subjects. Only the
structure is shipped: PIVATS' descriptors are the local authority's copyright.

A code is the level and the stage, stored as typed without brackets ("P1ie", "P7c", "M3b"),
shown in 3-4 cells ("1ie", "P7c", "M3b") and in full in the status line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from store.curriculum.codes import Band, Code, CodeSet
from store.curriculum.eyfs import YearGroup
from store.curriculum.framework import CountedGroup, Framework, Subject
from store.curriculum.name_slots import NameSlot, ScaleWording

SMALL_STEPS_ID = "small-steps"
NO_NAMES: Mapping[str, str] = {}


@dataclass(frozen=True)
class Level:
    """One rung of the ladder: `name` as teachers write it ("P1(i)", "Milestone 3"), `typed`
    as a code starts ("P1i", "M3") and `short` as a 3-4 cell column shows it ("1i", "M3")."""

    name: str
    typed: str
    short: str


STAGES = ("e", "d", "c", "b", "a")
"""From just started to secure: e is the first step of a level, a the fifth."""
STAGE_WORDS = {
    "e": "just started",
    "d": "beginning",
    "c": "developing",
    "b": "nearly secure",
    "a": "secure",
}

_P_SPLIT = [
    Level(f"P{n}({part})", f"P{n}{part}", f"{n}{part}") for n in (1, 2, 3) for part in ("i", "ii")
]
_P_WHOLE = [Level(f"P{n}", f"P{n}", f"P{n}") for n in range(4, 9)]
_MILESTONES = [Level(f"Milestone {n}", f"M{n}", f"M{n}") for n in range(1, 5)]
LEVELS: tuple[Level, ...] = (*_P_SPLIT, *_P_WHOLE, *_MILESTONES)
"""P1(i), P1(ii), P2(i), P2(ii), P3(i), P3(ii), P4 to P8, then milestones 1 to 4 (milestone 4:
the Year 4 expectation)."""


def step_code(level: Level, stage: str, names: Mapping[str, str] = NO_NAMES) -> Code:
    """The code of a level's stage; its points are its place on the ladder (P1(i)e is 1).
    `names` may word the level and the stage otherwise (store.curriculum.wording)."""
    place = LEVELS.index(level) * len(STAGES) + STAGES.index(stage) + 1
    level_name = names.get(level_key(level), level.name)
    stage_words = names.get(stage_key(stage), STAGE_WORDS[stage])
    return Code(
        f"{level.typed}{stage}",
        f"{level_name} stage {stage}: {stage_words}",
        (),  # typed: level and stage (tui/widgets/assessments/step_typing.py)
        Band.BELOW,
        short=f"{level.short}{stage}",
        wide=f"{level.typed}{stage}",
        points=place,
    )


def level_key(level: Level) -> str:
    return f"level:{level.typed}"


def stage_key(stage: str) -> str:
    return f"stage:{stage}"


def worded_steps(names: Mapping[str, str] = NO_NAMES) -> CodeSet:
    """Every step of the ladder, lowest first, its levels and stages worded by `names`."""
    return CodeSet(
        tuple(step_code(level, stage, names) for level in LEVELS for stage in STAGES),
        # Upper-case P: p chooses the grid's periods; i goes on "P1" (alone, it is Include).
        typed_with="PMm0123456789i" + "".join(STAGES),
        typing_hint="P7c, 1ie for P1(i)e, M3b for milestone 3b",
        point_word="steps",
    )


STEPS = worded_steps()
"""Every step of the ladder, lowest first."""


def parse_step(text: str) -> Code | None:
    """The step a person typed: "P7c", "p1(ii)e", "P1iie", "m3b", "1ie"; None if none is."""
    return STEPS.typed(text)


def level_of(code: Code) -> Level:
    """The level a step belongs to."""
    assert code.points is not None
    return LEVELS[(code.points - 1) // len(STAGES)]


def steps_between(then: Code, now: Code) -> int:
    """How many steps `now` is above `then` (negative: below)."""
    assert then.points is not None and now.points is not None
    return now.points - then.points


_ENGLISH, _SPEAKING, _MATHS, _PSED = (
    ("Eng", "English"),
    ("S&L", "Speaking and listening"),
    ("Maths", "Mathematics"),
    ("PSED", "Personal, social and emotional development"),
)
STRANDS = (
    ("RD", "Reading", _ENGLISH),
    ("WR", "Writing", _ENGLISH),
    ("SP", "Speaking", _SPEAKING),
    ("LI", "Listening", _SPEAKING),
    ("NUM", "Number", _MATHS),
    ("UA", "Using and applying", _MATHS),
    ("SSM", "Shape, space and measures", _MATHS),
    ("IS", "Independence and self-help", _PSED),
    ("SAR", "Social awareness and relationships", _PSED),
    ("BFL", "Behaviour for learning", _PSED),
    ("EA", "Emotional aspects", _PSED),
)
"""The strands, by the school's subjects: (code, name, (group label, group name))."""

ASSESSED = CountedGroup("Assessed", frozenset({Band.BELOW}))
NOT_YET = CountedGroup("Not yet", frozenset({None}))

SMALL_STEPS = Framework(
    id=SMALL_STEPS_ID,
    name="Small steps",
    year_groups=tuple(YearGroup),  # every year group the tracker knows: needs, not ages
    subjects=tuple(
        Subject(code, name, group, group_name, STEPS) for code, name, (group, group_name) in STRANDS
    ),
    subject_noun="a strand",
    subjects_title="Strands",
    band_words=("Not yet", "Assessed"),
    groups=(ASSESSED, NOT_YET),
    for_alternative=True,
    scale_wording=ScaleWording(
        (
            *(NameSlot(level_key(level), "Level", level.name) for level in LEVELS),
            *(NameSlot(stage_key(stage), f"Stage {stage}", STAGE_WORDS[stage]) for stage in STAGES),
        ),
        worded_steps,
    ),
)

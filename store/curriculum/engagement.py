"""The Engagement Model (the DfE's, statutory from September 2021) for pupils not yet engaged in
subject-specific study: five areas of engagement, recorded as observations of how established
each is on the school's scale, a note, and never a score.

The areas are not a ladder and not each other's steps, so the model is not totalled or
averaged anywhere: no foot, no Full Report, no Progress report counts. A pupil's record over time
(store.progress.engagement_story) says which areas moved forward and which held (lateral
progress: the same engagement shown more widely or more securely is progress too). Codes have
points only to say forward from lateral for one pupil in one area.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from store.curriculum.codes import Band, Code, CodeSet
from store.curriculum.eyfs import YearGroup
from store.curriculum.framework import Framework, Subject
from store.curriculum.name_slots import NOT_USED, NameSlot, ScaleWording

ENGAGEMENT_ID = "engagement-model"
NO_NAMES: Mapping[str, str] = {}

POINTS = (
    # Digits in order, and a letter each that is none of the grid's commands (d is direction).
    Code("NY", "Not yet", ("x", "1"), Band.OTHER, short="NY", wide="NotYet", points=1),
    Code("EMG", "Emerging", ("e", "2"), Band.OTHER, wide="Emerg", points=2),
    Code("DEV", "Developing", ("v", "3"), Band.OTHER, wide="Devel", points=3),
    Code("EST", "Established", ("s", "4"), Band.OTHER, wide="Estab", points=4),
)


MORE_POINTS = (
    Code("EM5", "Point 5", ("5",), Band.OTHER, wide="Pt 5", points=5),
    Code("EM6", "Point 6", ("6",), Band.OTHER, wide="Pt 6", points=6),
)
"""Points a school may add above established (its own scale's fifth and sixth, "generalised"):
on the scale only once named, each by its digit."""


def point_key(point: Code) -> str:
    return f"point:{point.code}"


def worded_scale(names: Mapping[str, str] = NO_NAMES) -> CodeSet:
    """The scale, each point worded by `names` (a school's own words for it), with the further
    points `names` names."""
    points = [replace(point, words=names.get(point_key(point), point.words)) for point in POINTS]
    for point in MORE_POINTS:
        if names.get(point_key(point)):
            points.append(replace(point, words=names[point_key(point)]))
    return CodeSet(tuple(points))


SCALE = worded_scale()
"""The school's scale, from not yet to established (the usual one)."""

AREAS = (
    ("EXP", "Exploration"),
    ("REA", "Realisation"),
    ("ANT", "Anticipation"),
    ("PER", "Persistence"),
    ("INI", "Initiation"),
)

NOT_TOTALLED = (
    "The engagement model is not totalled or averaged: its five areas are not a ladder, and "
    "a pupil's progress in them is forward or lateral (the same engagement, shown more widely), "
    "which no count can say. Each pupil's record over time (O in the grid) says it."
)

ENGAGEMENT = Framework(
    id=ENGAGEMENT_ID,
    name="Engagement model",
    year_groups=tuple(YearGroup),  # every year group the tracker knows: needs, not ages
    subjects=tuple(Subject(code, name, "EM", "Engagement model", SCALE) for code, name in AREAS),
    subject_noun="an area of engagement",
    subjects_title="Areas of engagement",
    foot_labels=("", "", "", ""),
    for_alternative=True,
    totalled=False,
    scale_wording=ScaleWording(
        (
            *(NameSlot(point_key(point), "Scale point", point.words) for point in POINTS),
            *(NameSlot(point_key(point), "Scale point", NOT_USED) for point in MORE_POINTS),
        ),
        worded_scale,
        optional={point_key(point): point.code for point in MORE_POINTS},
    ),
)

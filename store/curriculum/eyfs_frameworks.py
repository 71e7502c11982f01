"""EYFS as two frameworks: the in-year tracking (Below / On track) and the End of Year Early
Learning Goals (Emerging / Expected / Absent, with GLD and the total score derived).

Built from store.curriculum.eyfs, which keeps its names for the code that reads them, and from
the GLD and total score rules of store.curriculum.elg_scores: nothing is spelt twice.
"""

from __future__ import annotations

from collections.abc import Iterable

from store.curriculum.codes import Band, Code, CodeSet
from store.curriculum.elg_scores import (
    average_elg_score,
    elg_total_score,
    good_level_of_development,
)
from store.curriculum.eyfs import (
    AREAS,
    EARLY_YEARS,
    GLD_AREA_CODES,
    ElgOutcome,
    Judgement,
    YearGroup,
)
from store.curriculum.framework import (
    Average,
    DerivedColumn,
    DerivedValue,
    Framework,
    Subject,
    Values,
)

EYFS_IN_YEAR_ID = "eyfs-in-year"
"""Every assessment period made before frameworks existed is of this framework."""
EYFS_ELG_ID = "eyfs-elg"

IN_YEAR_CODES = CodeSet(
    (
        Code(Judgement.BELOW, Judgement.BELOW.label, ("b", "1"), Band.BELOW, wide="Below"),
        Code(Judgement.ON_TRACK, Judgement.ON_TRACK.label, ("o", "2"), Band.AT, wide="OnTrk"),
    )
)

ELG_CODES = CodeSet(
    (
        Code(
            ElgOutcome.EMERGING,
            ElgOutcome.EMERGING.label,
            ("e", "1"),
            Band.BELOW,
            wide="Emerg",
            points=1,
        ),
        Code(
            ElgOutcome.EXPECTED,
            ElgOutcome.EXPECTED.label,
            ("x", "2"),
            Band.AT,
            wide="Exp",
            points=2,
        ),
        Code(
            ElgOutcome.ABSENT,
            ElgOutcome.ABSENT.label,
            ("a",),
            Band.ABSENT,
            wide="Absent",
            fills_row=True,
        ),
    )
)


def _subjects(codes: CodeSet) -> tuple[Subject, ...]:
    return tuple(
        Subject(
            area.code,
            area.name,
            area.area_of_learning.short,
            area.area_of_learning.name,
            codes,
        )
        for area in AREAS
    )


def _outcomes(values: Values) -> dict[str, ElgOutcome | None]:
    return {code: ElgOutcome(value) if value else None for code, value in values.items()}


def _gld(values: Values) -> DerivedValue:
    return good_level_of_development(_outcomes(values))


def _total(values: Values) -> DerivedValue:
    return elg_total_score(_outcomes(values))


EYFS_FOOT_LABELS = (
    "No. Below/Emerg.",
    "% Below/Emerging",
    "No. On trk/Expect",
    "% On trk/Expected",
)
"""In-year and the ELGs share one grid's foot: its labels name both."""

EYFS_IN_YEAR = Framework(
    id=EYFS_IN_YEAR_ID,
    name="EYFS in-year",
    year_groups=EARLY_YEARS,
    subjects=_subjects(IN_YEAR_CODES),
    subject_noun="an area of development",
    band_words=("Below", "On track"),
    gone_beyond=Judgement.ON_TRACK.value,
    foot_labels=EYFS_FOOT_LABELS,
    subjects_title="Areas of Development",
    # The web tracker's Full Report workbook spells the second group so.
    band_titles=("Below", "On-Track"),
)

GLD = DerivedColumn("GLD", "Good Level of Development", _gld, after=GLD_AREA_CODES[-1])


def _average_total(rows: Iterable[Values]) -> Average:
    return average_elg_score(_outcomes(values) for values in rows)


ELG_TOTAL = DerivedColumn("Score", "ELG Total Score", _total, yes_no=False, average=_average_total)

EYFS_ELG = Framework(
    id=EYFS_ELG_ID,
    name="End of Year Early Learning Goals",
    year_groups=(YearGroup.RECEPTION,),
    subjects=_subjects(ELG_CODES),
    derived=(GLD, ELG_TOTAL),
    subject_noun="an Early Learning Goal",
    band_words=("Emerging", "Expected"),
    foot_labels=EYFS_FOOT_LABELS,
    subjects_title="Early Learning Goals",
)

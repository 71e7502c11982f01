"""Key Stage 1 as two frameworks: teacher assessment (Reading, Writing, Mathematics, Science) and
the phonics screening check (a mark, or a code instead of one).

The codes are the ones the KS1 LA submission guidance lists (shared/seeds/002_...): GDS, EXS,
WTS, the pre-key stage standards PK4 to PK1, EM (the engagement model), A (absent) and Q
(maladministration); Science takes only EXS, HNM (has not met) and A. The keys are the ones a
clerk types fastest: a letter of each code (t for WTS: w widens the grid's columns), and the
standard's digit for PK4 to PK1. No key is one of the grid's commands (d, l, w, ...).
The phonics check's outcome, Wa or Wt, is derived from the mark and the academic year's
threshold.
"""

from __future__ import annotations

from store.curriculum.codes import Band, Code, CodeSet, NumberRange
from store.curriculum.eyfs import YearGroup
from store.curriculum.framework import (
    AT_OR_ABOVE_GROUP_BANDS,
    BELOW_GROUP_BANDS,
    CountedGroup,
    DerivedColumn,
    DerivedValue,
    Framework,
    Marks,
    Subject,
    Values,
    YearSettings,
)

KS1_TA_ID = "ks1-ta"
PHONICS_ID = "phonics-check"

KS1_YEAR_GROUPS = (YearGroup.YEAR_1, YearGroup.YEAR_2)
"""Year 2 is assessed; a school may use the same codes in Year 1 (and the phonics check is
taken in Year 1, its recheck in Year 2)."""

# Points are the steps of the scale in order, from the engagement model (0) up to greater
# depth (7): what progress ranks codes by (store.progress). They are not a DfE score.
GDS = Code(
    "GDS", "Working at greater depth within the expected standard", ("g",), Band.ABOVE, points=7
)
EXS = Code("EXS", "Working at the expected standard", ("e",), Band.AT, wide="EXS", points=6)
WTS = Code("WTS", "Working towards the expected standard", ("t",), Band.BELOW, wide="WTS", points=5)
PRE_KEY_STAGE = tuple(
    Code(f"PK{n}", f"Pre-key stage standard {n}", (str(n),), Band.BELOW, wide=f"PKS{n}", points=n)
    for n in (4, 3, 2, 1)
)
ENGAGEMENT_MODEL = Code("EM", "Assessed using the engagement model", ("m",), Band.BELOW, points=0)
"""Working below the pre-key stage standards: below the expected standard, as WTS is."""
ABSENT = Code("A", "Absent", ("a",), Band.ABSENT, wide="Absent")
"""Absent for one subject only: unlike the ELGs' A, it does not fill the row."""
MALADMINISTRATION = Code("Q", "Maladministration", ("q",), Band.OTHER, wide="Maladm")
HAS_NOT_MET = Code(
    "HNM", "Has not met the expected standard", ("h",), Band.BELOW, wide="HNM", points=5
)
"""Science's step below EXS (its only one): level with WTS."""

TEACHER_ASSESSMENT = CodeSet(
    (GDS, EXS, WTS, *PRE_KEY_STAGE, ENGAGEMENT_MODEL, ABSENT, MALADMINISTRATION)
)
SCIENCE = CodeSet((EXS, HAS_NOT_MET, ABSENT))
"""Pre-key stage standards and the engagement model do not apply to Science."""

READING, WRITING, MATHEMATICS, SCIENCE_CODE = "RD", "WR", "MA", "SC"
_TA = "KS1 teacher assessment"

EXS_PLUS = CountedGroup("EXS+", AT_OR_ABOVE_GROUP_BANDS)
"""At the expected standard or above it (EXS or GDS): the DfE's headline measure."""
GREATER_DEPTH = CountedGroup("GDS", frozenset({Band.ABOVE}))
BELOW_EXS = CountedGroup("Below EXS", BELOW_GROUP_BANDS)
"""WTS, PK4 to PK1, EM and Science's HNM."""
OTHER = CountedGroup("Other", frozenset({Band.ABSENT, Band.OTHER, None}), reported=False)
"""The rest: absent, maladministration, or nothing yet."""
KS1_GROUPS = (EXS_PLUS, GREATER_DEPTH, BELOW_EXS, OTHER)
"""The foot shows the first two (the DfE's headline measures), number and %."""

KS1_TA = Framework(
    id=KS1_TA_ID,
    name="KS1 teacher assessment",
    year_groups=KS1_YEAR_GROUPS,
    subjects=(
        # One group over the four: a subject's name would not fit above its 4-cell column.
        Subject(READING, "Reading", "KS1", _TA, TEACHER_ASSESSMENT),
        Subject(WRITING, "Writing", "KS1", _TA, TEACHER_ASSESSMENT),
        Subject(MATHEMATICS, "Mathematics", "KS1", _TA, TEACHER_ASSESSMENT),
        Subject(SCIENCE_CODE, "Science", "KS1", _TA, SCIENCE),
    ),
    subject_noun="a KS1 subject",
    band_words=("Below EXS", "EXS+"),
    subjects_title="Subjects",
    band_titles=("Below EXS", "EXS or GDS"),
    groups=KS1_GROUPS,
    engagement_code=ENGAGEMENT_MODEL.code,
)

PHONICS_MARK_MAX = 40
NO_MARK = CodeSet(
    (
        Code("A", "Absent", ("a",), Band.ABSENT, wide="Absent"),
        # x: crossed out; o: off roll (d and l are the grid's direction and ELG keys).
        Code("D", "Disapplied", ("x",), Band.OTHER, wide="Disap"),
        Code("L", "Left", ("o",), Band.OTHER, wide="Left"),
        Code("Q", "Maladministration", ("q",), Band.OTHER, wide="Maladm"),
    )
)
"""What stands instead of a mark."""

PHONICS_MARK = "PSC"
PHONICS_THRESHOLD_USUAL = 32
"""The threshold mark of recent years; the DfE publishes each year's in June, and support
sets it when it differs (store.assessments.phonics_threshold)."""
MET, NOT_MET = "Wa", "Wt"
"""The check's outcomes as the DfE writes them: working at the expected standard, or towards."""


def phonics_outcome(mark: int | None, threshold: int) -> bool | None:
    """Wa (True) when the mark reaches the year's threshold, Wt (False) below it; None with no
    mark (blank, or A, D, L or Q in its place: the code itself says why)."""
    if mark is None:
        return None
    return mark >= threshold


def _outcome(values: Values, marks: Marks, settings: YearSettings) -> DerivedValue:
    threshold = settings.phonics_threshold
    usual = PHONICS_THRESHOLD_USUAL if threshold is None else threshold
    return phonics_outcome(marks.get(PHONICS_MARK), usual)


PHONICS_OUTCOME = DerivedColumn(
    "PSO",
    "Outcome",
    year_rule=_outcome,
    after=PHONICS_MARK,
    words=(MET, NOT_MET),
    among_decided=True,
    key=f"{MET} met the standard (the mark reaches the year's threshold), {NOT_MET} not met",
)

PHONICS = Framework(
    id=PHONICS_ID,
    name="Phonics screening check",
    year_groups=KS1_YEAR_GROUPS,
    subjects=(
        Subject(
            PHONICS_MARK,
            "Phonics check mark",
            "Phon",
            "Phonics screening check",
            NumberRange(0, PHONICS_MARK_MAX, codes=NO_MARK),
        ),
    ),
    derived=(PHONICS_OUTCOME,),
    subject_noun="a phonics check column",
    # The foot counts the outcome's two groups, among pupils with a mark.
    band_words=(NOT_MET, MET),
    subjects_title="Phonics screening check",
)

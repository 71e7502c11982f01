"""Standardised scores as a framework: a score from 69 to 141 per pupil per test (Reading,
Mathematics, and grammar, punctuation and spelling), or a code standing instead of one.

A school records the standardised score of a published test (NFER's, Rising Stars' PiRA and
PUMA, ...): 100 is the average of the test's standardisation sample for the pupil's age. The
school chooses the score it takes as age-related (its threshold, 100 unless it sets another),
and the foot counts the pupils at or above it; the bands and the margin of "maintained" are the
establishment's too (store.curriculum.score_bands, store.assessments.score_settings). These are
not the national KS2 scaled scores, whose 100 is the expected standard of the end-of-key-stage
tests.
"""

from __future__ import annotations

from store.curriculum.codes import Band, Code, CodeSet, NumberRange
from store.curriculum.framework import Framework, Subject
from store.curriculum.ks1 import KS1_YEAR_GROUPS
from store.curriculum.score_bands import SCORE_HIGH, SCORE_LOW

SCORES_ID = "standardised-scores"

NO_SCORE = CodeSet(
    (
        Code("A", "Absent", ("a",), Band.ABSENT, wide="Absent"),
        # x: crossed out; o: off roll (n, d and l are the grid's note, direction and ELG keys).
        Code("NT", "Not taken (working below the test)", ("x",), Band.OTHER, wide="NotTkn"),
        Code("L", "Left", ("o",), Band.OTHER, wide="Left"),
    )
)
"""What stands instead of a score."""

SCORE = NumberRange(SCORE_LOW, SCORE_HIGH, codes=NO_SCORE, standardised=True)
READING, MATHEMATICS, GPS = "RD", "MA", "GPS"
_GROUP = "Standardised scores"

SCORES = Framework(
    id=SCORES_ID,
    name="Standardised scores",
    year_groups=KS1_YEAR_GROUPS,
    subjects=(
        # One group over the three: a subject's name would not fit above its 4-cell column.
        Subject(READING, "Reading score", "Score", _GROUP, SCORE),
        Subject(MATHEMATICS, "Mathematics score", "Score", _GROUP, SCORE),
        Subject(GPS, "Grammar, punctuation and spelling score", "Score", _GROUP, SCORE),
    ),
    subject_noun="a test",
    band_words=("Below", "At or above"),
    # The threshold is the establishment's: the grid puts it in (Framework.foot_line_labels_in).
    foot_labels=("No. ≥{threshold}", "% ≥{threshold}", "Mean", "No. scored"),
    subjects_title="Tests",
)

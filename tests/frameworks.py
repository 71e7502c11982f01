"""A framework that exists only for tests: three-letter codes, a number subject and a derived
column, for Year 1 and Year 2, so that nothing can pass by knowing EYFS.

Use it with the `three_letter_framework` fixture (tests/conftest.py), which makes it known to
store.curriculum.frameworks while the test runs. THREE_LETTER_RECEPTION is the same for
Reception (fixture `three_letter_reception_framework`): a Reception cohort's periods of a second
framework, which reports that are EYFS by name (Venn, meetings, headlines) must pass over.
"""

from __future__ import annotations

from dataclasses import replace

from store.curriculum.codes import Band, Code, CodeSet, NumberRange
from store.curriculum.eyfs import YearGroup
from store.curriculum.framework import DerivedColumn, DerivedValue, Framework, Subject, Values

THREE_LETTER_ID = "test-three-letter"

WTS = Code("WTS", "Working towards", ("1",), Band.BELOW, wide="WkTwds", points=1)
EXS = Code("EXS", "Expected standard", ("2", "x"), Band.AT, wide="Exp", points=2)
GDS = Code("GDS", "Greater depth", ("3",), Band.ABOVE, wide="GrDep", points=3)
ABS = Code("ABS", "Absent", ("a",), Band.ABSENT, wide="Absent", fills_row=True)
DIS = Code("DIS", "Disapplied", ("4",), Band.OTHER, wide="Disap")

TEACHER_ASSESSMENT = CodeSet((WTS, EXS, GDS, ABS, DIS))
PHONICS_MARK = NumberRange(0, 40, codes=CodeSet((ABS,)))

CORE = ("RDG", "WRI", "MAT")


def _expected_in_core(values: Values) -> DerivedValue:
    """Yes when Reading, Writing and Maths are all at or above the expected standard; No as
    soon as one is not; None while one is blank."""
    codes = [TEACHER_ASSESSMENT.by_stored(values.get(code) or "") for code in CORE]
    bands = [code.band if code is not None else None for code in codes]
    if any(band is not None and not band.counts_as_at_or_above for band in bands):
        return False
    return True if all(bands) else None


THREE_LETTER = Framework(
    id=THREE_LETTER_ID,
    name="Test three-letter",
    year_groups=(YearGroup.YEAR_1, YearGroup.YEAR_2),
    subjects=(
        Subject("RDG", "Reading", "Core", "Core subjects", TEACHER_ASSESSMENT),
        Subject("WRI", "Writing", "Core", "Core subjects", TEACHER_ASSESSMENT),
        Subject("MAT", "Mathematics", "Maths", "Mathematics", TEACHER_ASSESSMENT),
        Subject("PHO", "Phonics mark", "Phon", "Phonics screening check", PHONICS_MARK),
    ),
    band_words=("Working towards", "Expected or above"),
    derived=(DerivedColumn("EIC", "Expected in core", _expected_in_core, after="MAT"),),
)

THREE_LETTER_RECEPTION_ID = "test-three-letter-reception"

THREE_LETTER_RECEPTION = replace(
    THREE_LETTER,
    id=THREE_LETTER_RECEPTION_ID,
    name="Test three-letter Reception",
    year_groups=(YearGroup.RECEPTION,),
)

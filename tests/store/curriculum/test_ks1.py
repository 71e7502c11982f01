"""Key Stage 1's two frameworks: every code rule of teacher assessment and the phonics check."""

from __future__ import annotations

import pytest

from store.curriculum import frameworks
from store.curriculum.codes import Band
from store.curriculum.eyfs import YearGroup
from store.curriculum.ks1 import (
    KS1_TA,
    KS1_TA_ID,
    MATHEMATICS,
    PHONICS,
    PHONICS_ID,
    PHONICS_MARK,
    READING,
    SCIENCE_CODE,
    WRITING,
)
from store.curriculum.statistics import band_statistics

CORE = (READING, WRITING, MATHEMATICS)
CORE_CODES = ("GDS", "EXS", "WTS", "PK4", "PK3", "PK2", "PK1", "EM", "A", "Q")


def test_both_are_known_by_id_and_offered_for_periods_of_year_1_and_2() -> None:
    assert frameworks.by_id(KS1_TA_ID) is KS1_TA
    assert frameworks.by_id(PHONICS_ID) is PHONICS
    assert KS1_TA in frameworks.for_periods() and PHONICS in frameworks.for_periods()
    for framework in (KS1_TA, PHONICS):
        assert framework.year_groups == (YearGroup.YEAR_1, YearGroup.YEAR_2)
    assert frameworks.year_groups_assessed()[-2:] == (YearGroup.YEAR_1, YearGroup.YEAR_2)


def test_reading_writing_and_maths_take_the_guidance_codes_in_its_order() -> None:
    assert KS1_TA.subject_codes == (READING, WRITING, MATHEMATICS, SCIENCE_CODE)
    for code in CORE:
        subject = KS1_TA.subject(code)
        assert subject is not None
        assert [c.code for c in subject.codes] == list(CORE_CODES)
        for value in CORE_CODES:
            assert KS1_TA.problem(code, value) is None


@pytest.mark.parametrize("value", ["GDS", "WTS", "PK4", "PK1", "EM", "Q"])
def test_science_refuses_what_does_not_apply_to_it_and_says_what_does(value: str) -> None:
    said = KS1_TA.problem(SCIENCE_CODE, value)
    assert said == (
        f"{value} is not a value of Science: use EXS (Working at the expected standard), "
        "HNM (Has not met the expected standard) or A (Absent)."
    )


def test_science_takes_exs_hnm_and_a_only() -> None:
    for value in ("EXS", "HNM", "A"):
        assert KS1_TA.problem(SCIENCE_CODE, value) is None
    assert KS1_TA.problem(READING, "HNM") is not None  # HNM is Science's alone


def test_a_mark_or_an_unknown_subject_is_refused() -> None:
    assert KS1_TA.problem(READING, None, 30) is not None
    assert KS1_TA.problem("PH", "EXS") == "'PH' is not a KS1 subject."


@pytest.mark.parametrize(
    ("key", "code"),
    [
        ("g", "GDS"),
        ("e", "EXS"),
        ("t", "WTS"),
        ("4", "PK4"),
        ("3", "PK3"),
        ("2", "PK2"),
        ("1", "PK1"),
        ("m", "EM"),
        ("a", "A"),
        ("q", "Q"),
    ],
)
def test_each_core_code_has_its_key(key: str, code: str) -> None:
    subject = KS1_TA.subject(READING)
    assert subject is not None
    found = subject.codes.by_key(key)
    assert found is not None and found.code == code


def test_science_keys() -> None:
    subject = KS1_TA.subject(SCIENCE_CODE)
    assert subject is not None
    assert {key: subject.codes.by_key(key) for key in "eha"} == {
        "e": subject.codes.by_stored("EXS"),
        "h": subject.codes.by_stored("HNM"),
        "a": subject.codes.by_stored("A"),
    }
    assert subject.codes.by_key("g") is None


def test_bands_count_exs_and_gds_as_at_or_above_and_the_rest_apart() -> None:
    subject = KS1_TA.subject(READING)
    assert subject is not None
    bands = subject.codes.bands
    assert bands["GDS"] is Band.ABOVE and bands["EXS"] is Band.AT
    assert {code for code, band in bands.items() if band is Band.BELOW} == {
        "WTS", "PK4", "PK3", "PK2", "PK1", "EM",
    }  # fmt: skip
    assert bands["A"] is Band.ABSENT and bands["Q"] is Band.OTHER
    stats = band_statistics(
        ["GDS", "EXS", "EXS", "WTS", "PK2", "EM", "A", "Q", None, None],
        subject.codes,
        KS1_TA.band_words,
    )
    assert (stats.below, stats.at_or_above, stats.pupils) == (3, 3, 10)
    assert str(stats.percent_at_or_above) == "30.00"


def test_absent_in_one_subject_leaves_the_others_alone() -> None:
    for subject in KS1_TA.subjects:
        absent = subject.codes.by_stored("A")
        assert absent is not None and not absent.fills_row


@pytest.mark.parametrize("mark", [0, 1, 31, 32, 40])
def test_the_phonics_check_takes_a_mark_from_0_to_40(mark: int) -> None:
    assert PHONICS.problem(PHONICS_MARK, None, mark) is None


@pytest.mark.parametrize("mark", [-1, 41, 100])
def test_a_mark_outside_0_to_40_is_refused_with_the_range(mark: int) -> None:
    assert PHONICS.problem(PHONICS_MARK, None, mark) == (
        f"{mark} is not a mark for Phonics check mark: give a whole number from 0 to 40."
    )


def test_instead_of_a_mark_a_d_l_or_q() -> None:
    subject = PHONICS.subject(PHONICS_MARK)
    assert subject is not None
    assert [code.code for code in subject.codes] == ["A", "D", "L", "Q"]
    for value in ("A", "D", "L", "Q"):
        assert PHONICS.problem(PHONICS_MARK, value) is None
    assert PHONICS.problem(PHONICS_MARK, "EXS") == (
        "EXS is not a value of Phonics check mark: give a whole number from 0 to 40, or "
        "A (Absent), D (Disapplied), L (Left) or Q (Maladministration)."
    )
    assert PHONICS.problem(PHONICS_MARK, "A", 12) is not None  # not both


def test_no_ks1_key_is_a_grid_command_or_a_digit_of_the_mark() -> None:
    """d (direction), l (ELGs) and w (wide) stay the grid's; digits type the phonics mark."""
    subject = PHONICS.subject(PHONICS_MARK)
    assert subject is not None
    assert not subject.codes.keys & set("0123456789dlw")
    for ks1_subject in KS1_TA.subjects:
        assert not ks1_subject.codes.keys & set("dlw")

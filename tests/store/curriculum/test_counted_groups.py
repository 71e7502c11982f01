"""A framework's own counted groups (KS1's EXS+, GDS, below EXS and the rest) as data: what each
group holds, their count in a column (store.curriculum.statistics), the foot's labels, and the
EYFS to KS1 pairing (store.curriculum.eyfs_to_ks1)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.curriculum.codes import Band
from store.curriculum.eyfs_frameworks import EYFS_ELG, EYFS_IN_YEAR, IN_YEAR_CODES
from store.curriculum.eyfs_to_ks1 import EYFS_EXPECTED, KS1_MEASURE, PAIRS, GoalsToSubject
from store.curriculum.framework import CountedGroup
from store.curriculum.ks1 import (
    KS1_GROUPS,
    KS1_TA,
    PHONICS,
    SCIENCE,
    TEACHER_ASSESSMENT,
)
from store.curriculum.statistics import (
    BandStats,
    GroupCount,
    GroupStats,
    band_statistics,
    group_statistics,
)
from tests.frameworks import THREE_LETTER

TA_VALUES = [code.code for code in TEACHER_ASSESSMENT]


def members(group: CountedGroup) -> list[str]:
    """The codes of Reading (and Science) a group holds, and "blank" for a blank cell."""
    codes = {code.code: code.band for code in (*TEACHER_ASSESSMENT, *SCIENCE)}
    held = [code for code, band in codes.items() if band in group.bands]
    return held + (["blank"] if None in group.bands else [])


def test_ks1_counts_exs_plus_gds_below_exs_and_the_rest() -> None:
    assert KS1_TA.counted_groups == KS1_TA.groups == KS1_GROUPS
    exs_plus, gds, below, other = KS1_GROUPS
    assert members(exs_plus) == ["GDS", "EXS"]
    assert members(gds) == ["GDS"]
    assert members(below) == ["WTS", "PK4", "PK3", "PK2", "PK1", "EM", "HNM"]
    assert members(other) == ["A", "Q", "blank"]
    assert [group.reported for group in KS1_GROUPS] == [True, True, True, False]
    # The foot shows the first two groups: the DfE's headline measures.
    assert KS1_TA.foot_line_labels == ("No. EXS+", "% EXS+", "No. GDS", "% GDS")


def test_a_column_of_ks1_codes_is_counted_in_every_group() -> None:
    values = ["GDS", "EXS", "EXS", "WTS", "PK2", "EM", "A", "Q", None, None]
    stats = group_statistics(values, TEACHER_ASSESSMENT, KS1_GROUPS)
    assert stats == GroupStats(
        (
            GroupCount("EXS+", 3, 10),
            GroupCount("GDS", 1, 10),
            GroupCount("Below EXS", 3, 10),
            GroupCount("Other", 4, 10),
        ),
        10,
    )
    assert [group.percent for group in stats.groups] == [
        Decimal("30.00"),
        Decimal("10.00"),
        Decimal("30.00"),
        Decimal("40.00"),
    ]
    science = group_statistics(["EXS", "HNM", "A", "GDS"], SCIENCE, KS1_GROUPS)
    # GDS is no Science code: counted as nothing recorded, with the blanks.
    assert [group.count for group in science.groups] == [1, 0, 1, 2]
    assert group_statistics([], SCIENCE, KS1_GROUPS).groups[0].percent == Decimal("0.00")


@given(st.lists(st.one_of(st.none(), st.sampled_from(TA_VALUES))))
def test_exs_plus_below_and_the_rest_share_the_pupils_out(values: list[str | None]) -> None:
    stats = group_statistics(values, TEACHER_ASSESSMENT, KS1_GROUPS)
    exs_plus, gds, below, other = (group.count for group in stats.groups)
    assert exs_plus + below + other == stats.pupils == len(values)
    assert gds <= exs_plus
    # The two band groups count as the framework's below and at-or-above always did.
    two = band_statistics(values, TEACHER_ASSESSMENT, KS1_TA.band_words)
    assert (two.below, two.at_or_above) == (below, exs_plus)


def test_without_groups_a_framework_counts_its_two_band_words() -> None:
    for framework in (EYFS_IN_YEAR, EYFS_ELG, PHONICS, THREE_LETTER):
        assert framework.groups == ()
        below, at_or_above = framework.counted_groups
        assert (below.words, at_or_above.words) == framework.band_words
        assert below.bands == {Band.BELOW} and at_or_above.bands == {Band.AT, Band.ABOVE}
    assert THREE_LETTER.foot_line_labels == (
        "No. Working towards",
        "% Working towards",
        "No. Expected or above",
        "% Expected or above",
    )
    stats = band_statistics(["B", "O", None], IN_YEAR_CODES, EYFS_IN_YEAR.band_words)
    assert stats.groups == (GroupCount("Below", 1, 3), GroupCount("On track", 1, 3))
    assert isinstance(stats, BandStats)


def test_groups_are_checked() -> None:
    with pytest.raises(ValueError, match="two counted groups"):
        replace(THREE_LETTER, id="one-group", groups=(KS1_GROUPS[0],))
    with pytest.raises(ValueError, match="words and bands"):
        CountedGroup(" ", frozenset({Band.AT}))
    with pytest.raises(ValueError, match="words and bands"):
        CountedGroup("Nobody", frozenset())


def test_each_elg_area_leads_to_its_ks1_subject() -> None:
    assert [pair.said for pair in PAIRS] == [
        "Word Reading and Comprehension to Reading",
        "Writing to Writing",
        "Number and Numerical Patterns to Mathematics",
        "The Natural World to Science",
    ]
    assert {pair.subject for pair in PAIRS} == set(KS1_TA.subject_codes)
    expected = EYFS_ELG.subjects[0].codes
    assert [code.code for code in expected if code.band in EYFS_EXPECTED.bands] == ["X"]
    assert KS1_MEASURE is KS1_GROUPS[0]


def test_a_misspelt_goal_or_subject_fails_when_the_pairs_are_made() -> None:
    with pytest.raises(ValueError, match="no subject 'WX'"):
        GoalsToSubject(("WX",), "RD")
    with pytest.raises(ValueError, match="no subject 'PSC'"):
        GoalsToSubject(("W",), "PSC")
    with pytest.raises(ValueError, match="name the goals"):
        GoalsToSubject((), "RD")

"""Hypothesis strategies, rows of goals and an exact rounding oracle for the curriculum tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

from hypothesis import strategies as st

from store.curriculum.eyfs import AREA_CODES, GLD_AREA_CODES, ElgOutcome, Judgement

E, X, A = ElgOutcome.EMERGING, ElgOutcome.EXPECTED, ElgOutcome.ABSENT
BELOW, ON_TRACK = Judgement.BELOW, Judgement.ON_TRACK
NON_GLD_CODES = tuple(code for code in AREA_CODES if code not in GLD_AREA_CODES)

dates = st.dates(min_value=date(1950, 1, 1), max_value=date(2150, 12, 31))
academic_years = st.integers(min_value=1960, max_value=2140)
outcome_or_blank = st.one_of(st.none(), st.sampled_from(ElgOutcome))
complete_rows = st.fixed_dictionaries({code: st.sampled_from((E, X)) for code in AREA_CODES})
any_rows = st.fixed_dictionaries({code: outcome_or_blank for code in AREA_CODES})


def all_of(value: ElgOutcome | None, **changes: ElgOutcome | None) -> dict[str, ElgOutcome | None]:
    """A row with every goal set to `value`, then the named goals changed."""
    row: dict[str, ElgOutcome | None] = dict.fromkeys(AREA_CODES, value)
    row.update(changes)
    return row


def half_up(value: Fraction, places: int) -> Decimal:
    """Independent oracle: round a non-negative exact fraction half-up."""
    scaled = value * 10**places
    whole = scaled.numerator // scaled.denominator
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    return Decimal(whole).scaleb(-places)

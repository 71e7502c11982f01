"""Tests for store.curriculum.upn: normalising, check letters and what is wrong with a UPN."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.curriculum.upn import normalise_upn, upn_check_letter, upn_problem

# --- UPN ------------------------------------------------------------------------------------


def test_upn_worked_example() -> None:
    """Worked example of the DfE check letter (UK Government Data Standards Catalogue, UPN v2.0).

    UPN B801200005001: characters 2..13 are 8 0 1 2 0 0 0 0 5 0 0 1, weighted 2..13:
        8x2 + 0x3 + 1x4 + 2x5 + 0x6 + 0x7 + 0x8 + 0x9 + 5x10 + 0x11 + 0x12 + 1x13
        = 16 + 4 + 10 + 50 + 13 = 93
    93 mod 23 = 1, and index 1 of ABCDEFGHJKLMNPQRTUVWXYZ is B.
    (Also the example in python-stdnum's stdnum.gb.upn documentation.)
    """
    assert upn_check_letter("801200005001") == "B"
    assert upn_problem("B801200005001") is None
    assert upn_problem("A801200005001") == (
        "The check letter should be B, not A: check the UPN was typed correctly."
    )


def test_temporary_upn_worked_example() -> None:
    """The same LA/establishment/year with a temporary serial "00" + letter.

    Weighted digits 8x2 + 1x4 + 2x5 + 5x10 = 80; the 13th character has weight 13.
    "A" counts 0: 80 mod 23 = 11 -> M (A0 B1 C2 D3 E4 F5 G6 H7 J8 K9 L10 M11).
    "B" counts 1: 80 + 13 = 93, 93 mod 23 = 1 -> B.
    "T" counts 16 (I, O, S skipped): 80 + 208 = 288, 288 mod 23 = 12 -> N.
    """
    assert upn_check_letter("80120000500A") == "M"
    assert upn_check_letter("80120000500B") == "B"
    assert upn_check_letter("80120000500T") == "N"
    assert upn_problem("M80120000500A") is None
    assert upn_problem("B80120000500B") is None


def test_check_letter_k_from_weight_nine() -> None:
    # A single 1 at UPN character 9 (weight 9) gives 9 mod 23 = 9 -> K.
    assert upn_check_letter("000000010000") == "K"
    assert upn_problem("A000000010000") == (
        "The check letter should be K, not A: check the UPN was typed correctly."
    )


@pytest.mark.parametrize(
    ("upn", "problem"),
    [
        ("B80120000500", "A UPN has 13 characters; this one has 12."),
        ("B8012000050011", "A UPN has 13 characters; this one has 14."),
        ("", "A UPN has 13 characters; this one has 0."),
        ("B8012000A5001", "Characters 2 to 12 of a UPN must be digits."),
        ("B80120000500-", "The 13th character must be a digit or a letter (temporary UPN)."),
        ("B80120000500I", "The 13th character cannot be I, O or S (they are not used in UPNs)."),
        ("B80120000500S", "The 13th character cannot be I, O or S (they are not used in UPNs)."),
        ("1801200005001", "The first character of a UPN must be its check letter."),
        (
            "I801200005001",
            "The check letter should be B, not I: check the UPN was typed correctly.",
        ),
    ],
)
def test_upn_problem_says_why(upn: str, problem: str) -> None:
    assert upn_problem(upn) == problem


def test_upn_is_normalised_before_checking() -> None:
    assert normalise_upn("  b801200005001\t") == "B801200005001"
    assert upn_problem("  b801200005001\n") is None
    assert upn_problem("m80120000500a") is None


def test_upn_check_letter_refuses_malformed_input() -> None:
    for bad in ["80120000500", "8012000050011", "8012000A5001", "80120000500O", "80120000500a"]:
        with pytest.raises(ValueError):
            upn_check_letter(bad)


def test_upn_refuses_non_ascii_digits() -> None:
    assert upn_problem("B8012000050０1") == "Characters 2 to 12 of a UPN must be digits."


twelves = st.builds(
    lambda digits, last: digits + last,
    st.text(alphabet="0123456789", min_size=11, max_size=11),
    st.sampled_from("0123456789ABCDEFGHJKLMNPQRTUVWXYZ"),
)


@given(twelves)
def test_a_computed_check_letter_makes_a_valid_upn(twelve: str) -> None:
    letter = upn_check_letter(twelve)
    assert letter in "ABCDEFGHJKLMNPQRTUVWXYZ"
    assert upn_problem(letter + twelve) is None
    assert upn_problem((letter + twelve).lower()) is None


@given(twelves, st.integers(min_value=0, max_value=10), st.integers(min_value=1, max_value=9))
def test_any_single_digit_typo_is_caught(twelve: str, position: int, shift: int) -> None:
    upn = upn_check_letter(twelve) + twelve
    index = 1 + position  # characters 2..12 are always digits
    typo = str((int(upn[index]) + shift) % 10)
    mistyped = upn[:index] + typo + upn[index + 1 :]
    problem = upn_problem(mistyped)
    assert problem is not None and problem.startswith("The check letter should be")


@given(twelves, st.integers(min_value=0, max_value=9))
def test_swapping_adjacent_digits_is_caught(twelve: str, position: int) -> None:
    upn = upn_check_letter(twelve) + twelve
    index = 1 + position
    if upn[index] == upn[index + 1]:
        return  # nothing to swap
    swapped = upn[:index] + upn[index + 1] + upn[index] + upn[index + 2 :]
    assert upn_problem(swapped) is not None

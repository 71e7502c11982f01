"""Unique Pupil Numbers (DfE specification): normalising, the check letter, what is wrong."""

from __future__ import annotations

from store.curriculum.numbers import is_ascii_digits

# DfE UPN specification: A to Z without I, O and S, so that index 0..22 is a remainder mod 23.
_UPN_ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ"
UPN_LENGTH = 13
_FIRST_WEIGHT = 2  # character 2 of the UPN (the first after the check letter) has weight 2


def normalise_upn(text: str) -> str:
    """Tidy a typed UPN before checking or storing it.

    Args:
        text: What the user typed or the file held.

    Returns:
        The text with surrounding whitespace removed, in upper case.
    """
    return text.strip().upper()


def upn_check_letter(last_twelve: str) -> str:
    """Compute the check letter that starts a UPN (DfE algorithm).

    Characters 2..13 of the UPN are weighted 2..13; a digit counts as its value and a letter in
    the last place (temporary UPN) as its index in A..Z without I, O, S. The sum modulo 23
    indexes that same alphabet.

    Args:
        last_twelve: Characters 2..13 of the UPN: 11 digits then a digit or a letter.

    Returns:
        The check letter.

    Raises:
        ValueError: If `last_twelve` is not 11 digits followed by a digit or an allowed letter.
    """
    if (
        len(last_twelve) != UPN_LENGTH - 1
        or not is_ascii_digits(last_twelve[:-1])
        or not (is_ascii_digits(last_twelve[-1]) or last_twelve[-1] in _UPN_ALPHABET)
    ):
        raise ValueError(
            f"Expected 11 digits then a digit or a letter (not I, O or S), got {last_twelve!r}."
        )
    total = 0
    for weight, char in enumerate(last_twelve, start=_FIRST_WEIGHT):
        value = int(char) if char.isdigit() else _UPN_ALPHABET.index(char)
        total += weight * value
    return _UPN_ALPHABET[total % len(_UPN_ALPHABET)]


def upn_problem(upn: str) -> str | None:
    """Explain what is wrong with a UPN, if anything.

    The UPN is normalised (stripped and upper-cased) first.

    Args:
        upn: The UPN as typed.

    Returns:
        None when the UPN is valid, otherwise one sentence saying exactly why it is not.
    """
    upn = normalise_upn(upn)
    if len(upn) != UPN_LENGTH:
        return f"A UPN has {UPN_LENGTH} characters; this one has {len(upn)}."
    if not is_ascii_digits(upn[1:12]):
        return "Characters 2 to 12 of a UPN must be digits."
    last = upn[12]
    if not (is_ascii_digits(last) or ("A" <= last <= "Z")):
        return "The 13th character must be a digit or a letter (temporary UPN)."
    if last in "IOS":
        return "The 13th character cannot be I, O or S (they are not used in UPNs)."
    first = upn[0]
    if not ("A" <= first <= "Z"):
        return "The first character of a UPN must be its check letter."
    expected = upn_check_letter(upn[1:])
    if first != expected:
        return (
            f"The check letter should be {expected}, not {first}: "
            "check the UPN was typed correctly."
        )
    return None

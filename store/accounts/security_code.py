"""The five-digit security code: made at random, asked for two digits at a time."""

from __future__ import annotations

import hmac
import secrets

CODE_LENGTH = 5
_random = secrets.SystemRandom()


def new_security_code() -> str:
    """Five random digits; a leading zero is as good as any other digit."""
    return "".join(secrets.choice("0123456789") for _ in range(CODE_LENGTH))


def choose_positions() -> tuple[int, int]:
    """Two different positions, 1-based and in order, e.g. (2, 5)."""
    first, second = sorted(_random.sample(range(1, CODE_LENGTH + 1), 2))
    return first, second


def format_positions(positions: tuple[int, int]) -> str:
    return f"{positions[0]},{positions[1]}"


def parse_positions(text: str | None) -> tuple[int, int] | None:
    """Stored positions back as a pair; None if there are none or they are not two in range."""
    if not text:
        return None
    try:
        first, second = (int(part) for part in text.split(","))
    except ValueError:
        return None
    if not 1 <= first < second <= CODE_LENGTH:
        return None
    return first, second


def digits_match(code: str, positions: tuple[int, int], answer: str) -> bool:
    """Whether `answer` is the code's digits at `positions`, in order (spaces ignored)."""
    given = "".join(answer.split())
    expected = "".join(code[position - 1] for position in positions)
    # compare_digest: no early exit for a right first digit.
    return hmac.compare_digest(given.encode(), expected.encode())

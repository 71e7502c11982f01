"""Text a person typed (or a file carried), as the store keeps it: NFC, no control characters.

A terminal passes on whatever a key or a paste produces: BEL, ESC sequences, NUL, C1 codes.
Stored, they ring bells and move cursors on every screen and in every export that shows them
again, and PostgreSQL refuses NUL outright. Every write of a person's text goes through here.
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls, DEL and C1 controls (Unicode category Cc), and unpaired surrogates (which no
# database stores as UTF-8).
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROLS_BUT_NEWLINE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_LINE_BREAKS = re.compile("\r\n|[\r\x85]")


def _replacement(match: re.Match[str]) -> str:
    # A tab or a line break where it has no place still parts two words: keep a space.
    return " " if match.group().isspace() else ""


def clean_typed(text: str, *, multiline: bool = False) -> str:
    """`text` with its control characters dropped, in NFC.

    Args:
        text: As typed or read.
        multiline: The field keeps line breaks (CR LF and CR become LF); otherwise a line break
            becomes a space, as a tab always does. Every other control character is dropped.

    Spaces are kept as they are: trimming is each field's own rule.
    """
    text = _LINE_BREAKS.sub("\n", text)  # CR LF is one line break, not two spaces
    if multiline:
        text = _CONTROLS_BUT_NEWLINE.sub(_replacement, text)
    else:
        text = _CONTROLS.sub(_replacement, text)
    return unicodedata.normalize("NFC", text)


def one_line(text: str) -> str:
    """A one-line field's text: cleaned, runs of spaces made one, trimmed."""
    return " ".join(clean_typed(text).split())

"""A one-line text field that says its limit when typing reaches it, instead of a silent bell."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input


class TextField(Input):
    """An Input with `max_length` that names it when a key or a paste would go past it.

    The stock Input only rings the terminal bell (often silent over SSH), so a name seemed cut
    short without a word. What was typed up to the limit stays; a paste that would not fit is
    not inserted, and the message says why.
    """

    def __init__(self, value: str = "", *, what: str = "This field", **kwargs: Any) -> None:
        super().__init__(value, **kwargs)
        self.what = what
        self.limit_said = False  # once per run of keys past the limit, not once per key

    def watch_value(self, value: str) -> None:
        if not self.max_length or len(value) < self.max_length:
            self.limit_said = False

    def restricted(self) -> None:
        if self.max_length and self.restrict is None and self.type == "text":
            if self.limit_said:
                return
            self.limit_said = True
            self.notify(
                f"{self.what} can be at most {self.max_length} characters: the rest was not typed.",
                severity="warning",
                timeout=4,
            )
        else:
            super().restricted()

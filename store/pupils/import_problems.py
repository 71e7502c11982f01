"""Why an upload file cannot be imported: its problems, the first few of them listed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from store.core.errors import InvalidInput

SHOWN_PROBLEMS = 50
"""At most this many problems are listed; the rest are counted ("and 936,178 more")."""


@dataclass(frozen=True)
class ImportProblem:
    """Why a file, or one cell of it, cannot be imported."""

    line: int | None  # 1-based, as Excel numbers rows; None for the file as a whole
    column: str | None  # the column's name as the file spells it
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        where = f"line {self.line}" + (f", {self.column}" if self.column else "")
        return f"{where}: {self.message}"


class ImportRefused(InvalidInput):
    """The file cannot be imported and nothing was written.

    `problems` lists the first SHOWN_PROBLEMS of them in the order a person reads the file;
    `total` counts them all, and `more` those not listed.
    """

    def __init__(self, problems: Sequence[ImportProblem], total: int | None = None) -> None:
        self.problems = list(problems[:SHOWN_PROBLEMS])
        self.total = max(total or 0, len(problems))
        self.more = self.total - len(self.problems)
        super().__init__(
            str(self.problems[0])
            if self.total == 1
            else f"{self.total:,} problems in the file; nothing was imported."
        )

    @property
    def whole_file(self) -> bool:
        """Whether the file as a whole was refused (one problem, on no line)."""
        return self.total == 1 and self.problems[0].line is None

    def listing(self) -> list[str]:
        """The problems as lines to show, the last saying how many more there are."""
        lines = [str(problem) for problem in self.problems]
        if self.more:
            lines.append(
                f"And {self.more:,} more {'problem' if self.more == 1 else 'problems'} "
                f"(only the first {len(self.problems)} are listed)."
            )
        return lines


def refuse_whole_file(message: str) -> ImportRefused:
    return ImportRefused([ImportProblem(None, None, message)])

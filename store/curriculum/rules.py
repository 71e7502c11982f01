"""The grid's three names from before the rules were split by concern (percentages, statistics).

Only tui/widgets/assessments imports them from here, while the grid's performance work (branch
i11-perf) changes those files; once it lands, their two imports name the new modules and this
file goes.
"""

from __future__ import annotations

from store.curriculum.percentages import format_percent
from store.curriculum.statistics import ColumnStats, ElgColumnStats

__all__ = ["ColumnStats", "ElgColumnStats", "format_percent"]

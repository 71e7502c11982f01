"""What the grid, the reports and the returns know of an assessment period (or a period's layer)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from store.curriculum.eyfs import YearGroup
from store.curriculum.eyfs_frameworks import EYFS_IN_YEAR_ID
from store.curriculum.layers import Layer


@dataclass(frozen=True)
class PeriodInfo:
    id: int
    name: str
    day: date
    academic_year: int
    year_groups: tuple[YearGroup, ...]
    framework: str = EYFS_IN_YEAR_ID
    """The id of its framework (store.curriculum.frameworks.by_id)."""
    submitted_by: str | None = None
    submitted_at: datetime | None = None
    """Set when its results were submitted to the local authority (KS1): then it is locked."""
    layer: Layer | None = None
    layer_of: int | None = None
    """A layer's kind and period (store.curriculum.layers); None: an assessment."""

    @property
    def locked(self) -> bool:
        return self.submitted_at is not None

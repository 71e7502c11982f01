"""The grid's columns: each shown period's subjects (or its layer's), derived columns and Notes,
then the End of Year ELGs. Pure data over a loaded Cohort."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from store.assessments.cohort import Cohort, PeriodInfo
from store.curriculum import frameworks
from store.curriculum.eyfs_frameworks import EYFS_ELG
from store.curriculum.framework import DerivedColumn, Framework, Subject
from store.curriculum.layers import Layer

NOTES = "Notes"


class ColumnKind(Enum):
    JUDGEMENT = "judgement"
    """A subject of a period's framework: takes a code (or a number) per pupil."""
    PERIOD_NOTES = "notes"
    ELG = "elg"
    """A goal of the End of Year ELGs (their own section, EYFS only)."""
    DERIVED = "derived"
    """Worked out from the row's values in its section (GLD, the ELG total score)."""


@dataclass(frozen=True)
class GridColumn:
    """One column right of the pupil names, of one section (a period, or the ELGs)."""

    kind: ColumnKind
    framework: Framework
    period: PeriodInfo | None = None
    """None: the End of Year ELGs."""
    subject: Subject | None = None
    derived: DerivedColumn | None = None

    @property
    def section_label(self) -> str:
        if self.period is not None:
            return f"{self.period.name} {self.period.day:%d/%m/%Y}"
        return "End of Year Early Learning Goals"

    @property
    def section_key(self) -> int:
        """Columns of one period (or of the ELG section, key 0) share a key."""
        return self.period.id if self.period is not None else 0

    @property
    def group_label(self) -> str:
        return self.subject.group if self.subject is not None else ""

    @property
    def code(self) -> str:
        if self.subject is not None:
            return self.subject.code
        return self.derived.code if self.derived is not None else NOTES

    @property
    def title(self) -> str:
        """The column's full name for the status line and spreadsheets."""
        if self.subject is not None:
            return self.subject.name
        return self.derived.name if self.derived is not None else NOTES

    @property
    def takes_value(self) -> bool:
        return self.subject is not None


def _section(framework: Framework, period: PeriodInfo | None, kind: ColumnKind) -> list[GridColumn]:
    """A section's subjects in order, each derived column after the subject it follows (the
    rest after the last), then a period's Notes."""
    columns: list[GridColumn] = []
    for subject in framework.subjects:
        columns.append(GridColumn(kind, framework, period, subject))
        columns += [
            GridColumn(ColumnKind.DERIVED, framework, period, derived=derived)
            for derived in framework.derived
            if derived.after == subject.code
        ]
    columns += [
        GridColumn(ColumnKind.DERIVED, framework, period, derived=derived)
        for derived in framework.derived
        if derived.after is None
    ]
    if period is not None and period.layer is None:  # a layer takes no notes of its own
        columns.append(GridColumn(ColumnKind.PERIOD_NOTES, framework, period))
    return columns


def build_columns(
    cohort: Cohort, hidden_periods: Iterable[int], show_elg: bool, layer: Layer | None = None
) -> list[GridColumn]:
    """Visible periods in date order (each its framework's subjects, then Notes), then the ELG
    section when shown; with `layer`, each visible period's layer of that kind in its place
    (a period without one yet shows none). A period of a framework this program does not know
    is left out."""
    hidden = set(hidden_periods)
    layers = {(shown.layer_of, shown.layer): shown for shown in cohort.layers}
    columns: list[GridColumn] = []
    for period in cohort.periods:
        if period.id in hidden:
            continue
        if layer is not None:
            found = layers.get((period.id, layer))
            if found is None:
                continue
            period = found
        try:
            framework = cohort.wording.applied(frameworks.by_id(period.framework))
        except frameworks.UnknownFramework:
            continue  # a newer version's period: its values are kept, not shown
        columns += _section(framework, period, ColumnKind.JUDGEMENT)
    if show_elg and cohort.elg is not None:
        columns += _section(EYFS_ELG, None, ColumnKind.ELG)
    return columns

"""EM where the school chooses it: a KS1 teacher assessment's blank cells given the code for
pupils assessed with the engagement model, for the pupils shown who have an observation in
one of the cohort's engagement model assessments this year, in the subjects that take the code
(not Science). Pure, as carry forward is: the grid writes the edits as one undo step."""

from __future__ import annotations

from dataclasses import dataclass, replace

from store.assessments.changes import Change, judgement_edit
from store.assessments.cohort import PeriodInfo
from store.assessments.grid_model import ColumnKind, GridModel
from store.core.words import plural
from store.curriculum.engagement import ENGAGEMENT_ID


@dataclass(frozen=True)
class EngagementCodes:
    """The code for the engagement model, for the pupils assessed with it, into `into`."""

    into: PeriodInfo
    code: str
    pupils: int
    edits: list[Change]

    def label(self) -> str:
        """ "EM for the 2 pupils assessed with the engagement model (6 cells)" """
        return (
            f"{self.code} for the {plural(self.pupils, 'pupil')} assessed with the engagement "
            f"model ({plural(len(self.edits), 'cell')})"
        )


def engagement_codes(model: GridModel, column: int) -> EngagementCodes | None:
    """The edits that give the engagement model's code to the blank cells of the cursor's
    period; None where there are none (no such code, no observation, no blank)."""
    col = model.columns[column]
    period, code = col.period, col.framework.engagement_code
    if col.kind is not ColumnKind.JUDGEMENT or period is None or code is None:
        return None
    if period.layer is not None or period.locked:
        return None
    cohort = model.cohort
    observed_in = {p.id for p in cohort.periods if p.framework == ENGAGEMENT_ID}
    observed = {
        pupil_id
        for (pupil_id, period_id, _), cell in cohort.cells.items()
        if period_id in observed_in and cell.value is not None
    }
    edits: list[Change] = []
    pupils: set[int] = set()
    for pupil in model.rows:
        if pupil.id not in observed:
            continue
        for subject in col.framework.subjects:
            now = cohort.cell(pupil.id, period.id, subject.code)
            if now.value is None and now.number is None and subject.accepts(code):
                written = replace(now, value=code)
                edits.append(judgement_edit(pupil.id, period.id, subject.code, written, now))
                pupils.add(pupil.id)
    return EngagementCodes(period, code, len(pupils), edits) if edits else None

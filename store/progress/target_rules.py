"""Targets set by a rule instead of cell by cell: the same as the pupil's latest value in the
subject (at the target's assessment or one before it), or one step above it (the next code
up by points, or by band where codes have no points).

Pure: the edits are worked out from the grid's model, for the pupils shown, into the blank
cells of the cursor's targets layer only; the grid writes them as it writes a fill (one undo).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

from store.assessments.changes import Change, judgement_edit
from store.assessments.cohort import Cell, PeriodInfo, cell_value
from store.assessments.grid_model import GridModel
from store.core.words import plural
from store.curriculum.framework import Subject
from store.curriculum.layers import Layer
from store.progress.transitions import ranks_of


class TargetRule(Enum):
    SAME = "the same as"
    STEP_UP = "one step above"


@dataclass(frozen=True)
class RuleTargets:
    """What a rule would write into a targets layer: each pupil's target from their latest
    value in the subject, at the layer's own assessment or one before it."""

    layer: PeriodInfo
    edits: dict[TargetRule, list[Change]]

    def label(self, rule: TargetRule) -> str:
        """ "One step above the latest assessment (12 targets)" """
        said = rule.value[0].upper() + rule.value[1:]
        return f"{said} the latest assessment ({plural(len(self.edits[rule]), 'target')})"


def sources_of(model: GridModel, layer: PeriodInfo) -> list[PeriodInfo]:
    """The assessments a rule reads, newest first: those of the layer's framework up to the
    layer's own (an assessment later than it is no ground for its target)."""
    parent = next((p for p in model.cohort.periods if p.id == layer.layer_of), None)
    if parent is None:
        return []
    found = [
        period
        for period in model.cohort.periods
        if period.framework == layer.framework
        and (period.day, period.id) <= (parent.day, parent.id)
    ]
    return sorted(found, key=lambda period: (period.day, period.id), reverse=True)


def latest_value(model: GridModel, pupil_id: int, code: str, sources: list[PeriodInfo]) -> Cell:
    """The pupil's value in the subject at the latest of `sources` that has one (blank: none)."""
    for period in sources:
        cell = model.cohort.cell(pupil_id, period.id, code)
        if cell.value is not None or cell.number is not None:
            return cell
    return Cell()


def step_up(subject: Subject, framework_id: str, cell: Cell) -> Cell | None:
    """The cell one step above `cell` (the top step stays), a mark as it is; None for a code
    that is no step (Absent) or a blank."""
    if cell.number is not None:
        return Cell(number=cell.number)
    if cell.value is None:
        return None
    ranks, _ = ranks_of(subject)
    rank = ranks.get(cell.value)
    if rank is None:
        return None
    above = min(((r, code) for code, r in ranks.items() if r > rank), default=None)
    return Cell(cell.value if above is None else cell_value(framework_id, above[1]))


def rule_targets(model: GridModel, column: int) -> RuleTargets | str:
    """The targets each rule would set in the blank cells of the cursor's targets layer, for
    the pupils shown; or why a rule sets none."""
    layer = model.columns[column].period
    if layer is None or layer.layer is not Layer.TARGETS:
        return "Targets by a rule are set in the targets (T)."
    sources = sources_of(model, layer)
    framework = model.columns[column].framework
    edits: dict[TargetRule, list[Change]] = {rule: [] for rule in TargetRule}
    for pupil in model.rows:
        for subject in framework.subjects:
            now = model.cohort.cell(pupil.id, layer.id, subject.code)
            if now.value is not None or now.number is not None:
                continue
            then = latest_value(model, pupil.id, subject.code, sources)
            if then.value is None and then.number is None:
                continue
            rules = (
                (TargetRule.SAME, then),
                (TargetRule.STEP_UP, step_up(subject, layer.framework, then)),
            )
            for rule, target in rules:
                if target is not None:
                    written = replace(now, value=target.value, number=target.number)
                    edit = judgement_edit(pupil.id, layer.id, subject.code, written, now)
                    edits[rule].append(edit)
    if not any(edits.values()):
        return (
            f"No blank target in {layer.name} for a pupil shown with a value at this "
            "assessment or one before it: nothing to set."
        )
    return RuleTargets(layer, edits)

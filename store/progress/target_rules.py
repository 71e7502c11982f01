"""Targets set by a rule instead of cell by cell: the same as the pupil's latest value in the
subject (at the target's assessment or one before it), one step above it (the next code up by
points, or by band where codes have no points; a standardised score to the start of the
school's next band), or one step above their last value last year
("one band above last summer": at the start of a year there is nothing newer to go by).

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
from store.curriculum.score_bands import USUAL_SCORES, ScoreSettings
from store.progress.last_year import LastYear
from store.progress.transitions import ranks_of


class TargetRule(Enum):
    SAME = "the same as"
    STEP_UP = "one step above"
    STEP_UP_LAST_YEAR = "one step above last year"


@dataclass(frozen=True)
class RuleTargets:
    """What a rule would write into a targets layer: each pupil's target from their latest
    value in the subject, at the layer's own assessment or one before it."""

    layer: PeriodInfo
    edits: dict[TargetRule, list[Change]]
    last_year: LastYear

    @property
    def rules(self) -> list[TargetRule]:
        """The rules that would set a target, in TargetRule's order."""
        return [rule for rule in TargetRule if self.edits[rule]]

    def label(self, rule: TargetRule) -> str:
        """ "One step above the latest assessment (12 targets)"; "One step above last year's
        Summer 2 (30 targets)"."""
        count = plural(len(self.edits[rule]), "target")
        if rule is TargetRule.STEP_UP_LAST_YEAR:
            return f"One step above last year's {self.last_year.last_name} ({count})"
        said = rule.value[0].upper() + rule.value[1:]
        return f"{said} the latest assessment ({count})"


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


def step_up(
    subject: Subject, framework_id: str, cell: Cell, scores: ScoreSettings = USUAL_SCORES
) -> Cell | None:
    """The cell one step above `cell` (the top step stays): a standardised score goes to the
    start of the band above by the school's `scores`, a mark stays as it is; None for a code
    that is no step (Absent) or a blank."""
    if cell.number is not None:
        numbers = subject.numbers
        if numbers is None or not numbers.standardised:
            return Cell(number=cell.number)
        band_above = scores.band_index(cell.number) + 1
        if band_above >= len(scores.edges):
            return Cell(number=cell.number)
        return Cell(number=max(cell.number, scores.edges[band_above]))
    if cell.value is None:
        return None
    ranks, _ = ranks_of(subject)
    rank = ranks.get(cell.value)
    if rank is None:
        return None
    above = min(((r, code) for code, r in ranks.items() if r > rank), default=None)
    return Cell(cell.value if above is None else cell_value(framework_id, above[1]))


def targets_layer(model: GridModel, column: int) -> PeriodInfo | str:
    """The targets layer at the cursor; or why a rule cannot set targets here."""
    layer = model.columns[column].period
    if layer is None or layer.layer is not Layer.TARGETS:
        return "Targets by a rule are set in the targets (T)."
    return layer


def rule_targets(
    model: GridModel, column: int, last_year: LastYear | None = None
) -> RuleTargets | str:
    """The targets each rule would set in the blank cells of the cursor's targets layer, for
    the pupils shown (from `last_year`'s values too, when given); or why a rule sets none."""
    layer = targets_layer(model, column)
    if isinstance(layer, str):
        return layer
    last_year = last_year or LastYear()
    scores = model.cohort.settings.scores
    sources = sources_of(model, layer)
    framework = model.columns[column].framework
    edits: dict[TargetRule, list[Change]] = {rule: [] for rule in TargetRule}
    for pupil in model.rows:
        for subject in framework.subjects:
            now = model.cohort.cell(pupil.id, layer.id, subject.code)
            if now.value is not None or now.number is not None:
                continue
            then = latest_value(model, pupil.id, subject.code, sources)
            last = last_year.cells.get((pupil.id, subject.code), Cell())
            rules = (
                (TargetRule.SAME, None if then == Cell() else then),
                (TargetRule.STEP_UP, step_up(subject, layer.framework, then, scores)),
                (TargetRule.STEP_UP_LAST_YEAR, step_up(subject, layer.framework, last, scores)),
            )
            for rule, target in rules:
                if target is not None:
                    written = replace(now, value=target.value, number=target.number)
                    edit = judgement_edit(pupil.id, layer.id, subject.code, written, now)
                    edits[rule].append(edit)
    if not any(edits.values()):
        return (
            f"No blank target in {layer.name} for a pupil shown with a value this year or "
            "last: nothing to set."
        )
    return RuleTargets(layer, edits, last_year)

"""Reading a period's layers (its targets, the teacher's judgement of progress) with the cohort:
each a period row of its own, with its parent's day and year groups
(store.curriculum.layers says what they are; store.progress.layers makes them)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import select
from sqlmodel import Session, col

from store.assessments.period_info import PeriodInfo
from store.core.models import AssessmentPeriod
from store.curriculum.layers import Layer


def load_layers(session: Session, periods: Sequence[PeriodInfo]) -> list[PeriodInfo]:
    """The layers of `periods` still in use, each as a PeriodInfo of its own id, name and
    framework, with `layer` and `layer_of` set."""
    if not periods:
        return []
    parents = {period.id: period for period in periods}
    rows = session.execute(
        select(
            col(AssessmentPeriod.id),
            col(AssessmentPeriod.name),
            col(AssessmentPeriod.framework),
            col(AssessmentPeriod.layer),
            col(AssessmentPeriod.layer_of),
        )
        .where(
            col(AssessmentPeriod.layer_of).in_(list(parents)),
            col(AssessmentPeriod.deleted_at) == None,  # noqa: E711
        )
        .order_by(col(AssessmentPeriod.id))
    ).all()
    return [
        replace(
            parents[parent],
            id=layer_id,
            name=name,
            framework=framework,
            submitted_by=None,
            submitted_at=None,
            layer=Layer(layer),
            layer_of=parent,
        )
        for layer_id, name, framework, layer, parent in rows
        if parent is not None and layer is not None
    ]

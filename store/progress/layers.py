"""Making a period's layer (its targets, the teacher's judgement of progress) when a person first
shows it in the grid: a period row of its own, tied to the period, whose cells are written as
any judgement is (store.assessments.judgements: checked, audited, undoable).

A layer is no assessment: `live_period` leaves it out of every period list, report and return,
and the grid shows it in its period's place (store.assessments.grid_columns).
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlmodel import col

from store.core.access import Actor
from store.core.audit import AuditRecord, record
from store.core.db import Database
from store.core.errors import NotFound
from store.core.models import AssessmentPeriod
from store.curriculum import frameworks
from store.curriculum.layers import Layer, layer_framework

ACTION = "create layer"
MAX_NAME = 60


def layer_name(period_name: str, layer: Layer) -> str:
    """ "Autumn 1 targets": a layer's name, as the grid's heading and the audit trail say it."""
    suffix = f" {layer.words}"
    return period_name[: MAX_NAME - len(suffix)] + suffix


def ensure_layers(
    db: Database, actor: Actor, establishment_id: int, period_ids: Collection[int], layer: Layer
) -> int:
    """Give each of the periods a layer of that kind where it has none yet; how many were made.

    Raises:
        NotFound: a period is not a live assessment of the establishment (deleted meanwhile).
    """
    actor.require_establishment(establishment_id)
    wanted = sorted(set(period_ids))
    if not wanted:
        return 0
    with db.write() as session:
        # Locked, so that two people showing the same layer at once make it once.
        parents = session.scalars(
            select(AssessmentPeriod)
            .where(
                col(AssessmentPeriod.id).in_(wanted),
                col(AssessmentPeriod.establishment_id) == establishment_id,
                col(AssessmentPeriod.deleted_at) == None,  # noqa: E711
                col(AssessmentPeriod.layer_of) == None,  # noqa: E711
            )
            .order_by(col(AssessmentPeriod.id))
            .with_for_update()
        ).all()
        if len(parents) != len(wanted):
            raise NotFound(
                "An assessment shown here was deleted meanwhile: press f5 to see the grid again."
            )
        made = set(
            session.scalars(
                select(col(AssessmentPeriod.layer_of)).where(
                    col(AssessmentPeriod.layer_of).in_(wanted),
                    col(AssessmentPeriod.layer) == layer.value,
                )
            )
        )
        audit: list[AuditRecord] = []
        for parent in parents:
            if parent.id in made:
                continue
            framework = layer_framework(layer, frameworks.by_id(parent.framework))
            session.add(
                AssessmentPeriod(
                    establishment_id=establishment_id,
                    name=layer_name(parent.name, layer),
                    day=parent.day,
                    academic_year=parent.academic_year,
                    framework=framework.id,
                    layer_of=parent.id,
                    layer=layer.value,
                )
            )
            audit.append(
                AuditRecord(ACTION, establishment_id, target=parent.name, new_value=layer.words)
            )
        record(session, actor, audit)
    return len(audit)

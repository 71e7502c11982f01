"""A pupil's engagement model over time: each area's observations, assessment by assessment
(every year's), and how it moved between them: forward (more established), lateral (as
established: the same engagement, shown more widely or more securely, is progress too) or back.
Never a total: the areas are not a ladder (store.curriculum.engagement)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlmodel import col

from store.assessments.ehc_links import ehc_links
from store.assessments.framework_wording import wording_in
from store.core.access import Actor
from store.core.db import Database
from store.core.errors import NotFound
from store.core.models import AssessmentPeriod, Pupil
from store.core.models import Judgement as JudgementRow
from store.curriculum.codes import Code
from store.curriculum.dates import format_academic_year
from store.curriculum.engagement import ENGAGEMENT
from store.curriculum.framework import Subject


@dataclass(frozen=True)
class Observation:
    """One area at one assessment: how established (None: not recorded), the note, and the
    outcome of the pupil's EHC plan it is linked to."""

    assessment: str
    day: date
    code: Code | None
    note: str | None
    ehc_outcome: str | None = None


@dataclass(frozen=True)
class AreaStory:
    """One area's observations, oldest first."""

    area: Subject
    observations: tuple[Observation, ...]

    def said(self) -> str:
        """ "Exploration: Emerging (Autumn 1 2025/26), forward to Developing (Spring 1
        2025/26), lateral at Developing (Summer 1 2025/26)"; or that nothing is recorded."""
        seen = [o for o in self.observations if o.code is not None]
        if not seen:
            return f"{self.area.name}: nothing recorded yet."
        first, *rest = seen
        assert first.code is not None
        parts = [f"{first.code.words} ({first.assessment})"]
        earlier = first.code
        for observation in rest:
            code = observation.code
            assert code is not None and code.points is not None and earlier.points is not None
            if code.points > earlier.points:
                parts.append(f"forward to {code.words} ({observation.assessment})")
            elif code.points == earlier.points:
                parts.append(f"lateral at {code.words} ({observation.assessment})")
            else:
                parts.append(f"back to {code.words} ({observation.assessment})")
            earlier = code
        return f"{self.area.name}: " + ", ".join(parts) + "."

    def notes(self) -> list[str]:
        """ "  Autumn 1 2025/26: reaches for the drum when it stops" for each note, and each
        link to an outcome of the EHC plan."""
        lines = []
        for o in self.observations:
            if o.note:
                lines.append(f"  {o.assessment}: {o.note}")
            if o.ehc_outcome:
                lines.append(f"  {o.assessment}: towards EHC plan outcome {o.ehc_outcome}")
        return lines


def engagement_story(
    db: Database, actor: Actor, establishment_id: int, pupil_id: int
) -> list[AreaStory]:
    """The pupil's engagement model at every assessment of it at the establishment, by area.

    Raises:
        PermissionDenied: not this establishment's. NotFound: the pupil is not on its roll.
    """
    actor.require_establishment(establishment_id)
    with db.read() as session:
        pupil = session.get(Pupil, pupil_id)
        if pupil is None or pupil.establishment_id != establishment_id:
            raise NotFound("That pupil is not on this establishment's roll any more.")
        periods = session.execute(
            select(
                col(AssessmentPeriod.id),
                col(AssessmentPeriod.name),
                col(AssessmentPeriod.day),
                col(AssessmentPeriod.academic_year),
            )
            .where(
                col(AssessmentPeriod.establishment_id) == establishment_id,
                col(AssessmentPeriod.framework) == ENGAGEMENT.id,
                col(AssessmentPeriod.deleted_at) == None,  # noqa: E711
                col(AssessmentPeriod.layer_of) == None,  # noqa: E711
            )
            .order_by(col(AssessmentPeriod.day), col(AssessmentPeriod.id))
        ).all()
        cells = {
            (period_id, code): (value, note)
            for period_id, code, value, note in session.execute(
                select(
                    col(JudgementRow.period_id),
                    col(JudgementRow.area_code),
                    col(JudgementRow.value),
                    col(JudgementRow.note),
                ).where(
                    col(JudgementRow.pupil_id) == pupil_id,
                    col(JudgementRow.period_id).in_([row[0] for row in periods]),
                )
            )
        }
        links = ehc_links(session, [row[0] for row in periods], [pupil_id])
        worded = wording_in(session, establishment_id).applied(ENGAGEMENT)
    stories = []
    for area in worded.subjects:
        observations = []
        for period_id, name, day, year in periods:
            value, note = cells.get((period_id, area.code), (None, None))
            code = area.code_for(value) if value is not None else None
            link = links.get((pupil_id, period_id, area.code))
            if code is not None or note or link:
                assessment = f"{name} {format_academic_year(year)}"
                observations.append(Observation(assessment, day, code, note, link))
        stories.append(AreaStory(area, tuple(observations)))
    return stories

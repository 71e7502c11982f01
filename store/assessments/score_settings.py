"""An establishment's standardised score settings: the score it takes as age-related (its
threshold), where each of the five bands starts and the margin within which a score counts as
maintained. An establishment with no row takes the usual ones (100; NFER's bands; 5).

The grid reads them with its cohort (store.assessments.cohort), so the foot and the status line
count by them without a read per key; an open grid shows new settings when it next reads its
cohort.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from sqlmodel import Session

from store.core.access import Actor, PermissionDenied, may_set_score_settings
from store.core.audit import AuditRecord, record
from store.core.db import Database
from store.core.errors import InvalidInput
from store.core.models_scores import ScoreSettingsRow
from store.curriculum.score_bands import USUAL_SCORES, ScoreSettings, settings_problem

ACTION = "set score settings"


@dataclass(frozen=True)
class SavedScoreSettings:
    """An establishment's settings; `set_by` and `set_at` are None while they are the usual
    ones (no row)."""

    establishment_id: int
    settings: ScoreSettings
    set_by: str | None = None
    set_at: datetime | None = None

    @property
    def is_usual(self) -> bool:
        return self.set_by is None


def _saved(session: Session, establishment_id: int) -> SavedScoreSettings:
    row = session.get(ScoreSettingsRow, establishment_id)
    if row is None:
        return SavedScoreSettings(establishment_id, USUAL_SCORES)
    edges = (row.well_below, row.below, row.in_line, row.above, row.well_above)
    settings = ScoreSettings(row.threshold, edges, row.margin)
    return SavedScoreSettings(establishment_id, settings, row.set_by, row.set_at)


def scores_in(session: Session, establishment_id: int) -> ScoreSettings:
    """The establishment's settings inside the caller's session (the cohort's read)."""
    return _saved(session, establishment_id).settings


def score_settings(db: Database, actor: Actor, establishment_id: int) -> SavedScoreSettings:
    """The establishment's settings (the usual ones when it set none).

    Raises:
        PermissionDenied: not this establishment's.
    """
    actor.require_establishment(establishment_id)
    with db.read() as session:
        return _saved(session, establishment_id)


def set_score_settings(
    db: Database,
    actor: Actor,
    establishment_id: int,
    settings: ScoreSettings,
    *,
    now: datetime | None = None,
) -> SavedScoreSettings:
    """Set the establishment's threshold, band edges and margin; its manager or support only.
    Audited with the old and new settings in the same transaction (setting what it already has
    writes nothing).

    Raises:
        PermissionDenied: not the establishment's manager, nor support.
        InvalidInput: a threshold outside 69 to 141 (`field` "threshold"), band starts not
            rising inside 69 to 141 ("edges"), a margin outside 0 to 20 ("margin").
    """
    actor.require_establishment(establishment_id)
    if not may_set_score_settings(actor, establishment_id):
        raise PermissionDenied(
            "Only the school's manager (or the support team) can set its standardised score "
            "threshold, bands and margin: ask them to."
        )
    problem = settings_problem(settings.threshold, tuple(settings.edges), settings.margin)
    if problem is not None:
        field, sentence = problem
        raise InvalidInput(sentence, field=field)
    at = now or datetime.now(timezone.utc)
    with db.write() as session:
        before = _saved(session, establishment_id)
        audits = []
        if before.is_usual or before.settings != settings:
            row = session.get(ScoreSettingsRow, establishment_id) or ScoreSettingsRow(
                establishment_id=establishment_id,
                threshold=settings.threshold,
                well_below=0,
                below=0,
                in_line=0,
                above=0,
                well_above=0,
                margin=settings.margin,
                set_by=actor.username,
            )
            row.well_below, row.below, row.in_line, row.above, row.well_above = settings.edges
            row.threshold, row.margin = settings.threshold, settings.margin
            row.set_by, row.set_at = actor.username, at
            session.add(row)
            old = before.settings.said() + (" (usual)" if before.is_usual else "")
            audits.append(
                AuditRecord(
                    ACTION, establishment_id, None, "standardised scores", old, settings.said()
                )
            )
        # With nothing changed too: an ended session is refused, not told it worked.
        record(session, actor, audits, at=at)
        if not audits:
            return before
        return SavedScoreSettings(establishment_id, settings, actor.username, at)

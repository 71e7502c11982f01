"""Remembering how each person leaves the assessment grid: hidden periods and the ELG toggle.

Per account username and establishment, per academic year and year group. A view preference
is no school data: it is not audited, and anyone who may open the establishment keeps their own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import col, select

from store.core.access import Actor
from store.core.db import Database
from store.core.models_views import GridViewPreference
from store.core.session_check import require_live_session
from store.curriculum.eyfs import YearGroup

MAX_HIDDEN = 200
"""More hidden periods than any cohort has; the rest of a longer list is not kept."""


@dataclass(frozen=True)
class GridView:
    """One person's remembered view of the grids of one establishment."""

    hidden_periods: dict[tuple[int, YearGroup], frozenset[int]]
    """(academic year, year group) -> the ids of the periods hidden there."""
    elg_years: frozenset[int]
    """The academic years whose End of Year ELGs are shown (Reception)."""


def grid_view(db: Database, actor: Actor, establishment_id: int) -> GridView:
    """What this person last chose to see, or the default view (everything, ELGs hidden)."""
    actor.require_establishment(establishment_id)
    with db.read() as session:
        rows = session.exec(
            select(GridViewPreference).where(
                col(GridViewPreference.establishment_id) == establishment_id,
                col(GridViewPreference.username) == actor.username,
            )
        ).all()
    hidden: dict[tuple[int, YearGroup], frozenset[int]] = {}
    elg_years: set[int] = set()
    for row in rows:
        try:
            group = YearGroup(row.year_group)
        except ValueError:
            continue  # a year group this version does not know
        hidden[(row.academic_year, group)] = _parse_ids(row.hidden_periods)
        if row.show_elg and group is YearGroup.RECEPTION:
            elg_years.add(row.academic_year)
    return GridView(hidden, frozenset(elg_years))


def save_grid_view(
    db: Database,
    actor: Actor,
    establishment_id: int,
    academic_year: int,
    year_group: YearGroup,
    hidden_periods: Iterable[int],
    show_elg: bool,
) -> None:
    """Remember this person's view of one cohort's grid (show_elg counts for Reception)."""
    actor.require_establishment(establishment_id)
    ids = ",".join(str(period) for period in sorted(set(hidden_periods))[:MAX_HIDDEN])
    with db.write() as session:
        # No audit row (a view is nobody else's business), so the session is checked here.
        require_live_session(session, actor)
        row = session.exec(
            select(GridViewPreference).where(
                col(GridViewPreference.establishment_id) == establishment_id,
                col(GridViewPreference.username) == actor.username,
                col(GridViewPreference.academic_year) == academic_year,
                col(GridViewPreference.year_group) == year_group.value,
            )
        ).first() or GridViewPreference(
            establishment_id=establishment_id,
            username=actor.username,
            academic_year=academic_year,
            year_group=year_group.value,
        )
        row.hidden_periods = ids
        row.show_elg = show_elg and year_group is YearGroup.RECEPTION
        session.add(row)


def _parse_ids(text: str) -> frozenset[int]:
    return frozenset(int(part) for part in text.split(",") if part.strip().isdigit())

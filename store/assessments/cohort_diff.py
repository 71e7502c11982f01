"""What changed between the cohort a grid shows and the same cohort read again.

A colleague's entries reach an open grid as changes to single cells, so that only those cells
and their feet are repainted (over SSH, a whole grid is tens of kilobytes); anything more (a
pupil added, renamed or moved, a period made or deleted, the ELGs submitted) is shown by
showing the grid again whole.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Mapping
from dataclasses import replace
from typing import TypeVar

from store.assessments.changes import (
    Change,
    ElgChange,
    IncludeChange,
    JudgementChange,
    PeriodNoteChange,
)
from store.assessments.cohort import BLANK, Cohort, PupilRow

KeyT = TypeVar("KeyT", bound=Hashable)
ValueT = TypeVar("ValueT")
ChangeKey = tuple[object, ...]
"""Which cell, note or flag a change is to (see `change_key`)."""


def change_key(change: Change) -> ChangeKey:
    """The thing `change` changes: two changes with the same key are to the same thing."""
    if isinstance(change, JudgementChange):
        return ("cell", change.pupil_id, change.period_id, change.area_code)
    if isinstance(change, ElgChange):
        return ("elg", change.pupil_id, change.area_code)
    if isinstance(change, PeriodNoteChange):
        return ("note", change.pupil_id, change.period_id)
    return ("include", change.pupil_id)


def _same_shape(shown: Cohort, fresh: Cohort, only: Collection[int] | None) -> bool:
    def rows(pupils: list[PupilRow]) -> list[PupilRow]:
        return [
            replace(pupil, include_in_data=True)
            for pupil in pupils
            if only is None or pupil.id in only
        ]

    return (
        (shown.establishment_id, shown.academic_year, shown.year_group)
        == (fresh.establishment_id, fresh.academic_year, fresh.year_group)
        and shown.periods == fresh.periods
        and shown.elg == fresh.elg
        and rows(shown.pupils) == rows(fresh.pupils)
    )


def _of(values: Mapping[KeyT, ValueT], only: Collection[int] | None) -> Mapping[KeyT, ValueT]:
    """`values` (keyed by pupil id first) of the pupils in `only` (None: all)."""
    if only is None:
        return values
    return {key: value for key, value in values.items() if key[0] in only}  # type: ignore[index]


def cohort_changes(
    shown: Cohort,
    fresh: Cohort,
    leave: Collection[ChangeKey] = (),
    only: Collection[int] | None = None,
) -> list[Change] | None:
    """The changes that make `shown` read as `fresh`, leaving alone the things in `leave`
    (written here since `fresh` was read: what is shown of them is newer). With `only`, `fresh`
    was read for those pupils alone (load_cohort's `only`), and only they are compared.

    None when more than cells, notes and Include in Data differ: show `fresh` whole (read it
    whole first, if it was read for some pupils only).
    """
    if not _same_shape(shown, fresh, only):
        return None
    before = {pupil.id: pupil for pupil in shown.pupils}
    found: list[Change] = [
        IncludeChange(now.id, before[now.id].include_in_data, now.include_in_data)
        for now in fresh.pupils
        if before[now.id].include_in_data != now.include_in_data
    ]
    cells = _of(shown.cells, only)
    for key in _differing(cells, fresh.cells):
        found.append(
            JudgementChange(*key, before=cells.get(key, BLANK), after=fresh.cells.get(key, BLANK))
        )
    notes = _of(shown.period_notes, only)
    for pupil_id, period_id in _differing(notes, fresh.period_notes):
        found.append(
            PeriodNoteChange(
                pupil_id,
                period_id,
                notes.get((pupil_id, period_id)),
                fresh.period_notes.get((pupil_id, period_id)),
            )
        )
    outcomes = _of(shown.elg_outcomes, only)
    if fresh.elg is not None:
        for pupil_id, code in _differing(outcomes, fresh.elg_outcomes):
            found.append(
                ElgChange(
                    fresh.elg.id,
                    pupil_id,
                    code,
                    outcomes.get((pupil_id, code)),
                    fresh.elg_outcomes.get((pupil_id, code)),
                )
            )
    return [change for change in found if change_key(change) not in leave]


def _differing(shown: Mapping[KeyT, object], fresh: Mapping[KeyT, object]) -> Iterable[KeyT]:
    if shown == fresh:  # the usual case, compared in C
        return
    for key in shown.keys() | fresh.keys():
        if shown.get(key) != fresh.get(key):
            yield key

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


def _same_shape(shown: Cohort, fresh: Cohort) -> bool:
    def rows(pupils: list[PupilRow]) -> list[PupilRow]:
        return [replace(pupil, include_in_data=True) for pupil in pupils]

    return (
        (shown.establishment_id, shown.academic_year, shown.year_group)
        == (fresh.establishment_id, fresh.academic_year, fresh.year_group)
        and shown.periods == fresh.periods
        and shown.elg == fresh.elg
        and rows(shown.pupils) == rows(fresh.pupils)
    )


def cohort_changes(
    shown: Cohort, fresh: Cohort, leave: Collection[ChangeKey] = ()
) -> list[Change] | None:
    """The changes that make `shown` read as `fresh`, leaving alone the things in `leave`
    (written here since `fresh` was read: what is shown of them is newer).

    None when more than cells, notes and Include in Data differ: show `fresh` whole.
    """
    if not _same_shape(shown, fresh):
        return None
    found: list[Change] = [
        IncludeChange(now.id, before.include_in_data, now.include_in_data)
        for before, now in zip(shown.pupils, fresh.pupils, strict=True)
        if before.include_in_data != now.include_in_data
    ]
    if shown.cells != fresh.cells:
        for key in _differing(shown.cells, fresh.cells):
            before, after = shown.cells.get(key, BLANK), fresh.cells.get(key, BLANK)
            found.append(JudgementChange(*key, before=before, after=after))
    if shown.period_notes != fresh.period_notes:
        for pupil_id, period_id in _differing(shown.period_notes, fresh.period_notes):
            found.append(
                PeriodNoteChange(
                    pupil_id,
                    period_id,
                    shown.period_notes.get((pupil_id, period_id)),
                    fresh.period_notes.get((pupil_id, period_id)),
                )
            )
    if fresh.elg is not None and shown.elg_outcomes != fresh.elg_outcomes:
        for pupil_id, code in _differing(shown.elg_outcomes, fresh.elg_outcomes):
            found.append(
                ElgChange(
                    fresh.elg.id,
                    pupil_id,
                    code,
                    shown.elg_outcomes.get((pupil_id, code)),
                    fresh.elg_outcomes.get((pupil_id, code)),
                )
            )
    return [change for change in found if change_key(change) not in leave]


def _differing(shown: Mapping[KeyT, object], fresh: Mapping[KeyT, object]) -> Iterable[KeyT]:
    for key in shown.keys() | fresh.keys():
        if shown.get(key) != fresh.get(key):
            yield key

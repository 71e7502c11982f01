"""Every framework the program knows, by id: what a period's or a section's `framework` names."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from store.curriculum.engagement import ENGAGEMENT
from store.curriculum.eyfs import YearGroup
from store.curriculum.eyfs_frameworks import EYFS_ELG, EYFS_IN_YEAR
from store.curriculum.framework import Framework
from store.curriculum.ks1 import KS1_TA, PHONICS
from store.curriculum.layers import JUDGED_SUFFIX, judged_progress
from store.curriculum.scores import SCORES
from store.curriculum.small_steps import SMALL_STEPS

_KNOWN: dict[str, Framework] = {
    framework.id: framework
    for framework in (EYFS_IN_YEAR, EYFS_ELG, KS1_TA, PHONICS, SCORES, SMALL_STEPS, ENGAGEMENT)
}


class UnknownFramework(LookupError):
    """A framework id this program does not know (a newer version's, or a misspelling)."""

    def __init__(self, framework_id: str) -> None:
        super().__init__(
            f"This program does not know the assessment framework {framework_id!r}; "
            "a newer Pupil Tracker may."
        )
        self.framework_id = framework_id


def by_id(framework_id: str) -> Framework:
    """The framework of that id.

    Raises:
        UnknownFramework: no framework has that id.
    """
    try:
        return _KNOWN[framework_id]
    except KeyError:
        pass
    if framework_id.endswith(JUDGED_SUFFIX):  # a layer's: made from its period's framework
        base = _KNOWN.get(framework_id.removesuffix(JUDGED_SUFFIX))
        if base is not None:
            return judged_progress(base)
    raise UnknownFramework(framework_id)


def known() -> tuple[Framework, ...]:
    """Every framework, in the order they were added (EYFS in-year first)."""
    return tuple(_KNOWN.values())


def for_periods() -> tuple[Framework, ...]:
    """The frameworks an assessment period may use (the End of Year ELGs are a section of
    their own, made by the ELG screen, never a period)."""
    return tuple(framework for framework in _KNOWN.values() if framework is not EYFS_ELG)


def year_groups_assessed() -> tuple[YearGroup, ...]:
    """The year groups some known framework assesses, youngest first."""
    groups = {group for framework in _KNOWN.values() for group in framework.year_groups}
    return tuple(sorted(groups, key=lambda group: group.offset))


@contextmanager
def registered(framework: Framework) -> Iterator[Framework]:
    """Make `framework` known while the block runs (tests bring their own frameworks).

    Raises:
        ValueError: another framework already has its id.
    """
    if framework.id in _KNOWN:
        raise ValueError(f"A framework with the id {framework.id!r} is known already.")
    _KNOWN[framework.id] = framework
    try:
        yield framework
    finally:
        del _KNOWN[framework.id]

"""The names in a framework that a local authority or a school may word its own way: a strand's
name, a level's, a stage's, a scale point's. The program ships the structure and plain words;
an authority loads its own text (PIVATS' descriptors are its copyright), a school may change
it again (store.curriculum.wording applies them)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from store.curriculum.codes import CodeSet

WORDS_MAX = 60
"""The longest name: a status line holds a step's level, stage and words."""
NOT_USED = "(not used)"
"""An optional slot's words as shipped: the code is not on the scale until it is named."""


@dataclass(frozen=True)
class NameSlot:
    """One name: `key` as files and the database spell it ("level:P7", "strand:RD"), `what`
    it names ("Level"), `shipped` the program's own words."""

    key: str
    what: str
    shipped: str


@dataclass(frozen=True)
class ScaleWording:
    """The names of a framework's scale (its levels and stages, its points) and how to make the
    scale again with other words for them (`worded` is given every slot's text).

    `optional` are the slots of codes the scale has only once they are named (a school's fifth
    and sixth engagement points), each slot's key to its code: a name stays while values use it.
    """

    slots: tuple[NameSlot, ...]
    worded: Callable[[Mapping[str, str]], CodeSet]
    optional: Mapping[str, str] = field(default_factory=dict)


def subject_key(code: str) -> str:
    """The key of a subject's name ("strand:RD")."""
    return f"strand:{code}"

"""A local authority's and a school's own words for a framework's names (its strands, levels,
stages, scale points), over the words the program ships: pure data and checks. The table and
who may set them are in store.assessments.framework_wording."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from store.curriculum.codes import CodeSet
from store.curriculum.framework import Framework
from store.curriculum.name_slots import WORDS_MAX, NameSlot, subject_key


def slots(framework: Framework) -> tuple[NameSlot, ...]:
    """Every name of `framework` that may be worded otherwise: its subjects', then its scale's;
    none for a framework whose words are the statutory ones (EYFS, KS1)."""
    if framework.scale_wording is None:
        return ()
    what = framework.subject_noun.removeprefix("a ").removeprefix("an ").capitalize()
    subjects = tuple(
        NameSlot(subject_key(subject.code), what, subject.name) for subject in framework.subjects
    )
    return subjects + framework.scale_wording.slots


def words_problem(framework: Framework, key: str, text: str) -> str | None:
    """Why `text` cannot name `key` in `framework`; None if it can (blank: back to the words
    the authority or the program gave)."""
    shipped = {slot.key: slot for slot in slots(framework)}
    if key not in shipped:
        return f"{framework.name} has no name {key!r} to word: see the template for its names."
    if len(text) > WORDS_MAX:
        return f"{shipped[key].what} {shipped[key].shipped!r}: at most {WORDS_MAX} characters."
    if any(not character.isprintable() for character in text):
        return f"{shipped[key].what} {shipped[key].shipped!r}: one line of letters, no controls."
    return None


@dataclass(frozen=True)
class Wording:
    """The names given to frameworks, by framework id and key: an establishment's own over its
    local authority's. Empty: every framework as the program ships it."""

    texts: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    _applied: dict[str, Framework] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def applied(self, framework: Framework) -> Framework:
        """`framework` with these names: its subjects named, its scale worded (every subject
        of a framework with its own wording takes the one scale)."""
        names = self.texts.get(framework.id)
        if not names or framework.scale_wording is None:
            return framework
        done = self._applied.get(framework.id)
        if done is None:
            scale: CodeSet = framework.scale_wording.worded(names)
            subjects = tuple(
                replace(
                    subject,
                    name=names.get(subject_key(subject.code), subject.name),
                    scale=scale if isinstance(subject.scale, CodeSet) else subject.scale,
                )
                for subject in framework.subjects
            )
            done = replace(framework, subjects=subjects)
            self._applied[framework.id] = done
        return done


NO_WORDING = Wording()

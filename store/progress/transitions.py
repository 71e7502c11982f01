"""Progress between two assessments of one framework, worked out from the judgements alone: for
each subject, who moved up, stayed or moved down, the table of codes then against codes now,
and the sentence that explains every pupil's status. Pure: no I/O (store.progress.progress
reads the cells)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

from store.curriculum.codes import Band
from store.curriculum.framework import Framework, Subject
from store.curriculum.layers import JUDGED_CODES
from store.curriculum.score_bands import ScoreSettings

BLANK = "blank"
"""The row and column of the transition table for a pupil with no value."""
MARK = "mark"
"""The row and column for a mark, in a subject that takes numbers."""
HUNDREDTH = Decimal("0.01")
_BAND_RANK = {Band.BELOW: 0, Band.AT: 1, Band.ABOVE: 2}


class Movement(Enum):
    """How a pupil's value in a subject changed between the two assessments."""

    UP = "moved up"
    SAME = "stayed the same"
    DOWN = "moved down"
    NOT_COMPARED = "not compared"


AGAINST_TARGET = {Movement.UP: "above", Movement.SAME: "met", Movement.DOWN: "below"}
"""A value against its target, moved as from the target to the value (store.progress.
target_status says why in full, for the Targets report)."""


@dataclass(frozen=True, slots=True)
class Reading:
    """A pupil's value in one subject at one assessment: a stored code, a mark, or neither."""

    code: str | None = None
    number: int | None = None
    band: str | None = None
    """A standardised score's band (by the establishment's settings): its table row."""

    @property
    def is_blank(self) -> bool:
        return self.code is None and self.number is None

    def said(self, subject: Subject) -> str:
        """ "On track", "EXS (Working at the expected standard)", "34", "no value"."""
        if self.number is not None:
            return str(self.number)
        if self.code is None:
            return "no value"
        found = subject.code_for(self.code)
        if found is None:
            return self.code
        # A letter code (EYFS's B, O) is its words; a code people say (EXS, PK3) comes first.
        return found.words if len(found.code) < 2 else f"{found.code} ({found.words})"

    def row(self) -> str:
        """Its row (or column) of the transition table."""
        if self.number is not None:
            return self.band or MARK
        return self.code if self.code is not None else BLANK


@dataclass(frozen=True, slots=True)
class PupilChange:
    """One pupil in one subject: the two readings, the movement, and why."""

    pupil_id: int
    subject: str
    then: Reading
    now: Reading
    movement: Movement
    why: str
    gained: int | None = None
    """Points (or marks) gained, when both readings are ranked; None otherwise."""


@dataclass(frozen=True)
class SubjectProgress:
    """One subject: every pupil's change, the transition table, the summary."""

    subject: Subject
    changes: tuple[PupilChange, ...]
    rows: tuple[str, ...]
    """The table's rows and columns: the subject's codes in its framework's order (a mark
    first, for a number subject), then blank."""
    uses_points: bool
    """Whether ranks are the codes' points (so the points gained are worth showing)."""

    def cell(self, then: str, now: str) -> list[int]:
        """The pupils with `then` at the first assessment and `now` at the second."""
        return [c.pupil_id for c in self.changes if c.then.row() == then and c.now.row() == now]

    def moved(self, movement: Movement) -> list[int]:
        return [c.pupil_id for c in self.changes if c.movement is movement]

    @property
    def compared(self) -> int:
        return sum(c.movement is not Movement.NOT_COMPARED for c in self.changes)

    def average_gained(self) -> Decimal | None:
        """The average points gained per pupil compared, to 2 places; None: none compared."""
        gains = [c.gained for c in self.changes if c.gained is not None]
        if not gains:
            return None
        # Gains may be negative: Decimal's half-up rounds away from zero on both sides.
        return (Decimal(sum(gains)) / len(gains)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)

    def gains(self) -> dict[int, int]:
        """How many pupils gained each number of points (negative: lost)."""
        return dict(sorted(Counter(c.gained for c in self.changes if c.gained is not None).items()))


@dataclass(frozen=True)
class Progress:
    """Progress between `then_name` and `now_name` for the pupils counted."""

    framework: Framework
    then_name: str
    now_name: str
    subjects: tuple[SubjectProgress, ...]
    pupils: Mapping[int, str] = field(default_factory=dict)
    """The pupils counted, by id: their display names."""
    judged: Mapping[tuple[int, str], str] | None = None
    """The teacher's judgement of progress at the later assessment (its judged-progress
    layer's codes), by (pupil id, subject code); None: that assessment has no such layer."""
    targets: Mapping[tuple[int, str], Reading] | None = None
    """The pupils' targets for the later assessment (its targets layer), by (pupil id, subject
    code); None: it has no targets."""

    def subject(self, code: str) -> SubjectProgress:
        return next(s for s in self.subjects if s.subject.code == code)

    def pupils_by_subjects_down(self) -> list[tuple[int, int]]:
        """(pupil id, how many subjects went down), most first, then by name: the list for a
        progress meeting. Pupils with none down come last."""
        down = Counter(
            c.pupil_id for s in self.subjects for c in s.changes if c.movement is Movement.DOWN
        )
        order = sorted(self.pupils, key=lambda p: (-down[p], self.pupils[p].casefold(), p))
        return [(pupil_id, down[pupil_id]) for pupil_id in order]

    def judgement(self, pupil_id: int, subject_code: str) -> str | None:
        """ "Teacher's judgement: Expected progress", when the teacher judged it."""
        code = None if self.judged is None else self.judged.get((pupil_id, subject_code))
        if code is None:
            return None
        found = JUDGED_CODES.by_stored(code)
        return f"Teacher's judgement: {code if found is None else found.words}"

    def against_target(self, subject: Subject, change: PupilChange) -> str | None:
        """ "Target On track: met", when the pupil has a target for the later assessment."""
        target = None if self.targets is None else self.targets.get((change.pupil_id, subject.code))
        if target is None:
            return None
        moved = movement_between(subject, target, change.now)
        return f"Target {target.said(subject)}: {AGAINST_TARGET.get(moved, 'not compared')}"

    def story(self, pupil_id: int) -> list[str]:
        """Why the pupil stands where they do, one sentence a subject (and the teacher's
        judgement of their progress in it, when there is one)."""
        lines = []
        for s in self.subjects:
            for c in s.changes:
                if c.pupil_id == pupil_id:
                    extra = [
                        said
                        for said in (
                            self.judgement(pupil_id, s.subject.code),
                            self.against_target(s.subject, c),
                        )
                        if said
                    ]
                    lines.append(". ".join([f"{s.subject.name}: {c.why}", *extra]))
        return lines


def ranks_of(subject: Subject) -> tuple[dict[str, int], bool]:
    """Each ranked code's rank (its points when every ranked code has them, else its band's
    order), and whether they are points. Absent and the other bands are not ranked."""
    ranked = [code for code in subject.codes if code.band in _BAND_RANK]
    if ranked and all(code.points is not None for code in ranked):
        return {code.code: code.points or 0 for code in ranked}, True
    return {code.code: _BAND_RANK[code.band] for code in ranked}, False


def _rank(reading: Reading, ranks: Mapping[str, int]) -> int | None:
    if reading.number is not None:
        return reading.number
    return ranks.get(reading.code) if reading.code is not None else None


def _change(
    pupil_id: int,
    subject: Subject,
    then: Reading,
    now: Reading,
    names: tuple[str, str],
    ranks: Mapping[str, int],
    margin: int,
) -> PupilChange:
    then_name, now_name = names
    said = f"{then.said(subject)} in {then_name}, {now.said(subject)} in {now_name}"
    low, high = _rank(then, ranks), _rank(now, ranks)
    if low is None or high is None:
        reasons = [
            f"no value in {name}" if reading.is_blank else f"{reading.said(subject)} is not a step"
            for reading, name, rank in ((then, then_name, low), (now, now_name, high))
            if rank is None
        ]
        why = f"{said}: not compared ({'; '.join(reasons)})"
        return PupilChange(pupil_id, subject.code, then, now, Movement.NOT_COMPARED, why)
    gained = high - low
    if abs(gained) <= margin and margin > 0:
        movement = Movement.SAME
        why = f"{said}: {gained:+d}, within {margin} either way, so maintained"
    elif margin > 0:
        movement = Movement.UP if gained > 0 else Movement.DOWN
        why = f"{said}: {gained:+d}, more than {margin}, so {movement.value}"
    else:
        movement = Movement.UP if gained > 0 else Movement.DOWN if gained < 0 else Movement.SAME
        why = f"{said}: {movement.value}"
        if subject.codes.point_word and then.number is None:  # "moved up (+8 steps)"
            why += f" ({gained:+d} {subject.codes.point_word})"
    return PupilChange(pupil_id, subject.code, then, now, movement, why, gained)


def movement_between(subject: Subject, then: Reading, now: Reading, margin: int = 0) -> Movement:
    """How one pupil's value in `subject` moved from `then` to `now` (a score within `margin`
    either way: the same)."""
    ranks, _ = ranks_of(subject)
    return _change(0, subject, then, now, ("", ""), ranks, margin).movement


def work_out_progress(
    framework: Framework,
    names: tuple[str, str],
    pupils: Mapping[int, str],
    then: Mapping[tuple[int, str], Reading],
    now: Mapping[tuple[int, str], Reading],
    *,
    margin: int = 0,
    subjects: Iterable[Subject] | None = None,
    scores: ScoreSettings | None = None,
    judged: Mapping[tuple[int, str], str] | None = None,
    targets: Mapping[tuple[int, str], Reading] | None = None,
) -> Progress:
    """Progress of `pupils` (id: display name; only those counted: Include in Data) from the
    readings `then` to `now`, keyed by (pupil id, subject code); a missing key is a blank.

    `margin`: for marks and scores, a change within it either way counts as the same
    (standardised scores: maintained within 5). `scores`: the establishment's settings, whose
    margin standardised scores take instead, and whose bands are their table's rows.
    `judged`: the teacher's judgement of progress at `now` (None: not judged there).
    """
    worked = []
    for subject in subjects or framework.subjects:
        ranks, uses_points = ranks_of(subject)
        rows: Sequence[str] = [code.code for code in subject.codes]
        banded = scores if subject.numbers is not None and subject.numbers.standardised else None
        if banded is not None:
            rows = [*(band.name for band in banded.bands), *rows]
        elif subject.numbers is not None:
            rows = [MARK, *rows]
        kept = banded.margin if banded is not None else margin
        changes = tuple(
            _change(
                pupil_id,
                subject,
                _banded(then.get((pupil_id, subject.code), Reading()), banded),
                _banded(now.get((pupil_id, subject.code), Reading()), banded),
                names,
                ranks,
                kept if subject.numbers is not None else 0,
            )
            for pupil_id in pupils
        )
        worked.append(SubjectProgress(subject, changes, (*rows, BLANK), uses_points))
    return Progress(framework, names[0], names[1], tuple(worked), dict(pupils), judged, targets)


def _banded(reading: Reading, scores: ScoreSettings | None) -> Reading:
    """A score's reading with its band (the table's row), when the subject is banded."""
    if scores is None or reading.number is None:
        return reading
    return Reading(reading.code, reading.number, scores.band_of(reading.number).name)

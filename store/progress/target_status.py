"""Where a pupil's value stands against their target in a subject: above, met or below, by the
codes' points or bands as progress ranks them, and the sentence that says why. Pure."""

from __future__ import annotations

from enum import Enum

from store.curriculum.framework import Subject
from store.progress.transitions import Movement, Reading, movement_between


class TargetStatus(Enum):
    """Where a pupil's value stands against their target in a subject."""

    ABOVE = "above target"
    MET = "met"
    BELOW = "below target"
    NOT_COMPARED = "not compared"


STATUS_WORDS = {
    TargetStatus.ABOVE: "Above",
    TargetStatus.MET: "Met",
    TargetStatus.BELOW: "Below",
    TargetStatus.NOT_COMPARED: "Not compared",
}
_BY_MOVEMENT = {
    Movement.UP: TargetStatus.ABOVE,
    Movement.SAME: TargetStatus.MET,
    Movement.DOWN: TargetStatus.BELOW,
    Movement.NOT_COMPARED: TargetStatus.NOT_COMPARED,
}


def target_status(subject: Subject, now: Reading, target: Reading) -> tuple[TargetStatus, str]:
    """Where `now` stands against `target`, and why: "On track now, target On track: met"."""
    status = _BY_MOVEMENT[movement_between(subject, target, now)]
    now_said = "no value now" if now.is_blank else f"{now.said(subject)} now"
    target_said = "no target" if target.is_blank else f"target {target.said(subject)}"
    said = f"{now_said}, {target_said}"
    if status is not TargetStatus.NOT_COMPARED:
        return status, f"{said}: {status.value}"
    steps = [
        f"{reading.said(subject)} is not a step"
        for reading in (now, target)
        if not reading.is_blank
        and movement_between(subject, reading, reading) is Movement.NOT_COMPARED
    ]
    return status, f"{said}: not compared" + (f" ({'; '.join(steps)})" if steps else "")

"""Progress between two assessments, worked by hand: who moved up, stayed, moved down or could
not be compared, the transition table, points gained, the margin for marks, and the sentence
that explains each status."""

from __future__ import annotations

from decimal import Decimal

from store.curriculum.eyfs_frameworks import EYFS_ELG, EYFS_IN_YEAR
from store.curriculum.ks1 import KS1_TA, PHONICS
from store.progress.transitions import BLANK, MARK, Movement, Reading, work_out_progress

NAMES = ("Autumn 2", "Spring 1")
PUPILS = {1: "ADAMS, Amy", 2: "BROOK, Ben", 3: "CROSS, Cal", 4: "DRAKE, Dee"}
# pupil: LAU then, LAU now, SP then, SP now
# Adams   B -> O (up)       O -> O (same)
# Brook   O -> B (down)     O -> O (same)
# Cross   O -> O (same)     . -> B (not compared)
# Drake   . -> O (joined)   . -> . (not compared)
TABLE = {
    1: ("B", "O", "O", "O"),
    2: ("O", "B", "O", "O"),
    3: ("O", "O", None, "B"),
    4: (None, "O", None, None),
}
THEN = {
    (pupil, code): Reading(row[place])
    for pupil, row in TABLE.items()
    for code, place in (("LAU", 0), ("SP", 2))
    if row[place] is not None
}
NOW = {
    (pupil, code): Reading(row[place])
    for pupil, row in TABLE.items()
    for code, place in (("LAU", 1), ("SP", 3))
    if row[place] is not None
}


def test_each_pupil_moves_as_worked_by_hand() -> None:
    progress = work_out_progress(
        EYFS_IN_YEAR, NAMES, PUPILS, THEN, NOW, subjects=EYFS_IN_YEAR.subjects[:2]
    )
    lau, sp = progress.subject("LAU"), progress.subject("SP")
    assert lau.moved(Movement.UP) == [1]
    assert lau.moved(Movement.DOWN) == [2]
    assert lau.moved(Movement.SAME) == [3]
    assert lau.moved(Movement.NOT_COMPARED) == [4]
    assert sp.moved(Movement.SAME) == [1, 2]
    assert sp.moved(Movement.NOT_COMPARED) == [3, 4]
    assert (lau.compared, sp.compared) == (3, 2)
    # The table: codes then (rows) against codes now (columns), blank last.
    assert lau.rows == ("B", "O", BLANK)
    assert lau.cell("B", "O") == [1]
    assert lau.cell("O", "B") == [2]
    assert lau.cell("O", "O") == [3]
    assert lau.cell(BLANK, "O") == [4]
    assert lau.cell("B", "B") == []
    assert sp.cell(BLANK, BLANK) == [4]
    # In-year codes have no points: ranked by band (one up, one down, one the same), and the
    # report shows points gained only where codes have points.
    assert not lau.uses_points and lau.average_gained() == Decimal("0.00")


def test_every_status_explains_itself() -> None:
    progress = work_out_progress(
        EYFS_IN_YEAR, NAMES, PUPILS, THEN, NOW, subjects=EYFS_IN_YEAR.subjects[:2]
    )
    assert progress.story(2) == [
        "Listening, Attention and Understanding: On track in Autumn 2, Below in Spring 1: "
        "moved down",
        "Speaking: On track in Autumn 2, On track in Spring 1: stayed the same",
    ]
    assert progress.story(4)[0] == (
        "Listening, Attention and Understanding: no value in Autumn 2, On track in Spring 1: "
        "not compared (no value in Autumn 2)"
    )
    assert progress.story(4)[1].endswith(
        "not compared (no value in Autumn 2; no value in Spring 1)"
    )


def test_the_meeting_list_puts_most_subjects_down_first_then_by_name() -> None:
    progress = work_out_progress(
        EYFS_IN_YEAR, NAMES, PUPILS, THEN, NOW, subjects=EYFS_IN_YEAR.subjects[:2]
    )
    assert progress.pupils_by_subjects_down() == [(2, 1), (1, 0), (3, 0), (4, 0)]


def test_points_gained_and_absent_not_compared() -> None:
    lau = EYFS_ELG.subjects[0]
    then = {(1, lau.code): Reading("E"), (2, lau.code): Reading("X"), (3, lau.code): Reading("X")}
    now = {(1, lau.code): Reading("X"), (2, lau.code): Reading("A"), (3, lau.code): Reading("E")}
    progress = work_out_progress(EYFS_ELG, NAMES, PUPILS, then, now, subjects=[lau])
    worked = progress.subject(lau.code)
    assert worked.uses_points
    assert [c.gained for c in worked.changes] == [1, None, -1, None]
    assert worked.average_gained() == Decimal("0.00")
    assert worked.gains() == {-1: 1, 1: 1}
    assert worked.changes[1].why.endswith("not compared (Absent is not a step)")


def test_marks_within_the_margin_are_maintained() -> None:
    mark = PHONICS.subjects[0]
    then = {(1, mark.code): Reading(number=30), (2, mark.code): Reading(number=20)}
    then[(3, mark.code)] = Reading("D")
    now = {(1, mark.code): Reading(number=34), (2, mark.code): Reading(number=32)}
    now[(3, mark.code)] = Reading(number=25)
    progress = work_out_progress(PHONICS, NAMES, PUPILS, then, now, margin=5, subjects=[mark])
    worked = progress.subject(mark.code)
    assert [c.movement for c in worked.changes] == [
        Movement.SAME,
        Movement.UP,
        Movement.NOT_COMPARED,
        Movement.NOT_COMPARED,
    ]
    assert (
        worked.changes[0].why
        == "30 in Autumn 2, 34 in Spring 1: +4, within 5 either way, so maintained"
    )
    assert worked.changes[1].gained == 12
    assert worked.rows[0] == MARK and worked.cell(MARK, MARK) == [1, 2]
    assert worked.average_gained() == Decimal("8.00")


def test_ks1_codes_rank_along_their_scale() -> None:
    """WTS to PK4 is down though both are below the standard; PK3 to WTS up two steps."""
    reading = KS1_TA.subjects[0]
    pairs = {1: ("PK3", "WTS"), 2: ("WTS", "PK4"), 3: ("GDS", "EXS"), 4: ("EM", "PK1")}
    then = {(pupil, reading.code): Reading(pair[0]) for pupil, pair in pairs.items()}
    now = {(pupil, reading.code): Reading(pair[1]) for pupil, pair in pairs.items()}
    worked = work_out_progress(KS1_TA, NAMES, PUPILS, then, now, subjects=[reading])
    changes = worked.subject(reading.code).changes
    assert [c.movement for c in changes] == [
        Movement.UP,
        Movement.DOWN,
        Movement.DOWN,
        Movement.UP,
    ]
    assert [c.gained for c in changes] == [2, -1, -1, 1]
    assert changes[0].why == (
        "PK3 (Pre-key stage standard 3) in Autumn 2, WTS (Working towards the expected "
        "standard) in Spring 1: moved up"
    )
    science = KS1_TA.subjects[3]
    moved = work_out_progress(
        KS1_TA,
        NAMES,
        {1: "ADAMS, Amy"},
        {(1, science.code): Reading("HNM")},
        {(1, science.code): Reading("EXS")},
        subjects=[science],
    )
    assert moved.subject(science.code).moved(Movement.UP) == [1]

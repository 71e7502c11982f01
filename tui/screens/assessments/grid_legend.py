"""What F1 help says under the Assessments screen's keys: the codes of the frameworks the grid
shows (from the frameworks themselves), then how the grid marks, counts and exports them."""

from __future__ import annotations

from collections.abc import Sequence

from store.curriculum.engagement import NOT_TOTALLED
from store.curriculum.framework import Framework

MARKS = (
    "· blank. * before a value: the cell has a note (a three-letter code with a note is "
    "underlined instead). V shows beside each cell how it moved since the assessment of the "
    "same framework before (↑ up, = the same, ↓ down), then that earlier value too, before "
    "the arrow."
)
GONE_BEYOND = "+ after {words}: gone beyond (its colour is the background)."
FIGURES = (
    "A row in italics with Include = No is left out of every figure. "
    "The foot shows whole percentages (AL = 100%, ## = too wide to show); press w for wide "
    "columns with words and 2 decimals, "
    "and the status line always gives the cursor column's figures to 2 decimals. "
    "E downloads Screen data or All data to Excel; the app says where it wrote the file."
)
ELG_SUBMISSION = (
    "l shows the End of Year ELGs (Reception); a fills all 17 goals with Absent. "
    "S submits them: then they are locked, the line above the grid says who submitted them and "
    "when, and only the support team can unlock them (U)."
)


TYPED_SAID = (
    "{name}: type a code as written ({hint}), kept as soon as it is whole (Enter keeps it, Esc "
    "drops it); a last key alone (a stage) takes the rest from the code typed before it in the "
    "column. The status line says the cursor's code in full. Where d is part of a code, Ctrl+D "
    "changes the direction after an entry."
)
ALTERNATIVE_SAID = (
    "» after a name: the pupil's Alternative assessment is Yes. {name}: for those pupils "
    "alone; the others' cells show - and take no value, and the foot and the reports count "
    "them apart from the cohort's figures."
)


def framework_codes(framework: Framework) -> str:
    """ "EYFS in-year: b (or 1) B Below, o (or 2) O On track." and each mark's range."""
    codes = framework.subjects[0].codes
    if codes.typed_with:  # too many codes to list, each typed in a few keys
        return TYPED_SAID.format(name=framework.name, hint=codes.typing_hint)
    said: list[str] = []
    seen: set[str] = set()
    for subject in framework.subjects:
        for code in subject.codes:
            if code.code in seen:
                continue
            seen.add(code.code)
            keys = code.keys[0] + (f" (or {', '.join(code.keys[1:])})" if code.keys[1:] else "")
            shown = f" shows {code.short}" if code.short != code.code else ""
            said.append(f"{keys} {code.code} {code.words}{shown}")
        if subject.numbers is not None:
            said.append(
                f"{subject.name}: digits, {subject.numbers.said()} (Enter keeps a mark, Esc "
                "drops it)"
            )
    said += [
        f"{derived.name} ({derived.code}): {derived.key}"
        for derived in framework.derived
        if derived.key
    ]
    return f"{framework.name}: {', '.join(said)}."


def framework_groups(framework: Framework) -> str:
    """What the foot and the status line count of a framework with groups of its own ("KS1
    teacher assessment's foot: number and % EXS+ and GDS; the status line gives every group of
    the cursor's column: EXS+ (GDS, EXS), ..."); "" for the others (below, and at or above)."""
    if not framework.groups:
        return ""
    bands = {code.code: code.band for subject in framework.subjects for code in subject.codes}
    said = []
    for group in framework.groups:
        members = [code for code, band in bands.items() if band in group.bands]
        if framework.subjects[0].codes.typed_with and members:
            members = ["a code"]  # small steps: every step is one
        if None in group.bands:
            members.append("blank")
        said.append(f"{group.words} ({', '.join(members)})")
    first, second = (group.words for group in framework.groups[:2])
    return (
        f"{framework.name}'s foot: number and % {first} and {second}; the status line gives "
        f"every group of the cursor's column: {', '.join(said)}."
    )


SCORES_SAID = (
    "{name}: the foot gives the number and % of pupils scored at or above the school's "
    "threshold (the score it takes as age-related: 100, the test's average, unless a manager "
    "sets another with B), then the mean and how many have a score; the status line gives the "
    "cursor's band and each band's count (WB well below, B below, IL in line, A above, WA well "
    "above: NFER's 70-84, 85-94, 95-104, 105-114, 115+ unless set with B). The threshold is "
    "not the national KS2 scaled score, whose 100 is the expected standard of the "
    "end-of-key-stage tests. In the Progress report a change within the school's margin (5 "
    "either way unless set with B) counts as maintained."
)


def framework_scores(framework: Framework) -> str:
    """What the foot and status line count of standardised scores; "" for other frameworks."""
    return SCORES_SAID.format(name=framework.name) if framework.has_scores else ""


def grid_legend(shown: Sequence[Framework], reception: bool) -> str:
    """The legend for a grid showing `shown` (its columns' frameworks) of a cohort."""
    parts = [framework_codes(framework) for framework in shown]
    parts.append(MARKS)
    for framework in shown:
        subject = framework.subjects[0]
        code = subject.code_for(framework.gone_beyond) if framework.gone_beyond else None
        if code is not None:
            parts.append(GONE_BEYOND.format(words=code.words))
    parts += [said for said in map(framework_groups, shown) if said]
    parts += [said for said in map(framework_scores, shown) if said]
    parts += [ALTERNATIVE_SAID.format(name=f.name) for f in shown if f.for_alternative]
    if any(not framework.totalled for framework in shown):
        parts.append(NOT_TOTALLED)
    parts.append(FIGURES)
    if reception:
        parts.append(ELG_SUBMISSION)
    return " ".join(parts)

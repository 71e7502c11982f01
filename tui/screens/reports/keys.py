"""The keys of the Reports screen, and the F1 help's words about them."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from store.curriculum.eyfs_to_ks1 import EYFS_EXPECTED, EYFS_TO_KS1, KS1_MEASURE, KS1_SIDE, PAIRS
from store.curriculum.ks1 import KS1_TA, MET, NOT_MET, PHONICS

REPORT_BINDINGS: list[BindingType] = [
    Binding("r", "choose_report", "Report", id="report-choose", tooltip="Choose the report"),
    Binding("p", "choose_period", "Period", id="report-period", tooltip="Choose the assessment"),
    Binding("c", "choose_class", "Class", id="report-class", tooltip="One class or all"),
    Binding("f", "filter", "Filter", id="report-filter", tooltip="Pupil characteristics filter"),
    Binding(
        "enter", "names", "Names", id="report-names", tooltip="List the pupils behind a figure"
    ),
    Binding(
        "b",
        "breakdown",
        "By school",
        id="report-breakdown",
        tooltip="The highlighted figure establishment by establishment",
    ),
    Binding("E", "export", "Excel", id="report-export", tooltip="Write the report to Excel"),
    Binding(
        "a",
        "all_scope(True)",
        "All schools",
        id="report-all",
        tooltip="Support: report over all establishments",
    ),
    Binding(
        "a",
        "all_scope(False)",
        "One school",
        show=False,  # the cohort bar says it: the key bar is full over many schools
        id="report-one",
        tooltip="Back to this establishment's reports",
    ),
    Binding(
        "s",
        "choose_schools",
        "Schools",
        show=False,
        id="report-schools",
        tooltip="Only the establishments whose number or name contains some text",
    ),
    Binding(
        "k",
        "eyfs_to_ks1",
        "EYFS→KS1",
        id="report-eyfs-ks1",
        tooltip="End of Year ELGs from Reception against KS1 results, subject by subject",
    ),
    Binding(
        "g",
        "progress",
        "Progress",
        id="report-progress",
        tooltip="Who moved up, stayed or moved down between two assessments, subject by subject",
    ),
    Binding(
        "o",
        "targets",
        "Targets",
        show=False,  # the key bar is full (r and F1 offer it)
        id="report-targets",
        tooltip="Who is above, met or below their target at one assessment, subject by subject",
    ),
    Binding("v", "next_venn", "Next Venn", show=False, id="report-venn"),
    Binding("right_square_bracket", "year_group(1)", "Next group", show=False),
    Binding("left_square_bracket", "year_group(-1)", "Prev group", show=False),
    Binding("greater_than_sign", "academic_year(1)", "Next year", show=False),
    Binding("less_than_sign", "academic_year(-1)", "Prev year", show=False),
    Binding("f5", "reload", "Reload", show=False, tooltip="Read the cohort again"),
    Binding("escape", "leave", "Back", show=False, id="report-back"),
]

ALL_SCOPE_HELP = (
    "Support: a switches between this establishment and all of them (from the establishments "
    "list, r opens them all). Over many establishments every report is worked out in one pass "
    "(Escape stops it), at each one's latest assessment with judgements or at the assessment "
    "of the name p chooses; s narrows the establishments by number or name; b shows the "
    "highlighted figure establishment by establishment; name lists say whose pupil. Progress "
    "(g) sums each one's own, between its latest two assessments of a framework or the two "
    "names p chooses; one without both is in no figure, and b says why."
)

EYFS_TO_KS1_HELP = (
    f"{EYFS_TO_KS1} (k, {KS1_SIDE.year_groups_said()}): for each KS1 subject, the pupils at "
    f"{EYFS_EXPECTED.words} in every goal of its area at the end of Reception ("
    + "; ".join(pair.said for pair in PAIRS)
    + f") against {KS1_MEASURE.words} in the {KS1_SIDE.name}, crossed; No EYFS: no "
    "End of Year ELG result (or a goal left blank). Enter on a figure lists its pupils with "
    "their results."
)
PROGRESS_HELP = (
    "Progress (g): for each subject, how many pupils moved up, stayed the same or moved down "
    "between two assessments of one framework (by default the latest two with judgements; p "
    "chooses them, last year's of the year group below too), ranked by the codes' points where "
    "they have them (the average gained is shown), else by band; a blank or a code that is not "
    "a step (Absent) is not compared. Enter on a figure lists its pupils and, on a pupil, why; "
    "Enter on a subject or t shows its table of values then against values now; m lists every "
    "pupil, most subjects moved down first, for a progress meeting."
)
TARGETS_HELP = (
    "Targets (o): for each subject, how many pupils are above, met or below the target set in "
    "an assessment's targets (by default the latest assessment with targets; p chooses another), "
    "ranked as Progress ranks values; no target, a blank or a code that is not a step (Absent) "
    "is not compared. Enter on a figure lists its pupils and, on a pupil, why."
)
KS1_GROUPS_SAID = ", ".join(group.words for group in KS1_TA.groups if group.reported)

REPORT_LEGEND = (
    "Full Report: Enter on a number lists its pupils (on an area's name: every pupil "
    f"counted); a {KS1_TA.name} counts {KS1_GROUPS_SAID}, the {PHONICS.name.lower()} its "
    f"outcome, {MET} or {NOT_MET}, among pupils with a mark. Venn: arrows move between regions, a "
    "region's number or Enter lists its pupils. Pupils with Include in Data = No are in no "
    "figure. Blank judgements count in Num Pupils, as at the foot of the grid. "
    + EYFS_TO_KS1_HELP
    + " "
    + PROGRESS_HELP
    + " "
    + TARGETS_HELP
    + " "
    + ALL_SCOPE_HELP
)

"""How each framework's subjects are coded in a Common Transfer File's StageAssessment: the
program's own table (support's CtfComponent rows take its place, subject by subject).

CONFIRM AGAINST DFE'S ASSESSMENT COMPONENT FILES (A_comp, A_subj, A_type for the CTF version in
use): the DfE does not publish them here, so the Stage, Subject, Method, Component and
ResultQualifier below are our best reading of the KS1 and EYFSP returns of CTF 25 and may need a
local authority's correction. Support corrects a subject in the app without a new release.
"""

from __future__ import annotations

from dataclasses import dataclass

from store.curriculum.eyfs import AREA_CODES, ElgOutcome
from store.curriculum.eyfs_frameworks import EYFS_ELG_ID
from store.curriculum.ks1 import KS1_TA_ID, MATHEMATICS, READING, SCIENCE_CODE, WRITING

CONFIRM_NOTE = "confirm against DfE's assessment component files"

KS1_STAGE = "KS1"
EYFSP_STAGE = "FSP"


@dataclass(frozen=True, slots=True)
class CtfCoding:
    """The fixed parts of one subject's StageAssessment (the result is the pupil's own)."""

    stage: str
    subject: str
    method: str
    component: str
    result_qualifier: str


def _ks1(subject: str, component: str) -> CtfCoding:
    # Teacher assessment ("TA") reported as a standard, not a number ("NV": a non-numeric value).
    return CtfCoding(KS1_STAGE, subject, "TA", component, "NV")


def _elg(number: int) -> CtfCoding:
    # The reformed EYFSP (from 2021/22): one component per goal, E01..E17 in the statutory order.
    return CtfCoding(EYFSP_STAGE, "FSP", "TA", f"E{number:02d}", "EL")


BUILT_IN: dict[tuple[str, str], CtfCoding] = {
    (KS1_TA_ID, READING): _ks1("ENG", "READ"),
    (KS1_TA_ID, WRITING): _ks1("ENG", "WRIT"),
    (KS1_TA_ID, MATHEMATICS): _ks1("MAT", "MAT"),
    (KS1_TA_ID, SCIENCE_CODE): _ks1("SCI", "SCI"),
    **{(EYFS_ELG_ID, code): _elg(number) for number, code in enumerate(AREA_CODES, start=1)},
}
"""(framework id, subject code) -> its coding; CONFIRM_NOTE applies to every row."""

ELG_RESULTS: dict[str, str] = {
    ElgOutcome.EMERGING.value: "1",
    ElgOutcome.EXPECTED.value: "2",
    ElgOutcome.ABSENT.value: "A",
}
"""An End of Year ELG outcome as the EYFSP return writes it: 1 emerging, 2 expected, A absent."""
ELG_ABSENT_RESULT = ELG_RESULTS[ElgOutcome.ABSENT.value]


def built_in_coding(framework_id: str, subject: str) -> CtfCoding | None:
    """The program's own coding of a subject, or None for one a CTF does not carry."""
    return BUILT_IN.get((framework_id, subject))

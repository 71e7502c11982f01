"""The Common Transfer File a school sends its local authority: KS1 teacher assessment
(`nnnDDDD_CTF_nnnLLLL_xxx.xml`) or the EYFS profile (`nnnDDDD_FSP_nnnLLLL_xxx.xml`).

Written as UTF-8 text with the standard library's XML escaping (xml.sax.saxutils.escape: `&`,
`<` and `>` in a name become entities, apostrophes and accents stay as they are); the tests read
every file back with ElementTree. ElementTree's own serialiser makes a Python call per element
and took 12-15 ms a school, most of the 10 s an LA's 600 schools may take; here each distinct
StageAssessment is laid out once per file. The store checks the return and numbers it; this
module only lays it out and puts it in the establishment's outbox.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

from exports.folder import FOLDER_MODE, outbox, write_new_file
from store.core.access import Actor
from store.core.db import Database
from store.returns.ctf import CtfExport, export_ctf
from store.returns.ctf_data import CtfPupil, CtfResult, CtfReturn, ReturnKind

DOCUMENT_NAME = "Common Transfer File"
SUPPLIER_ID = "PupilTracker"
DOCUMENT_QUALIFIER = "partial"
LOCALE = "EN"
RESULT_STATUS = "R"  # a result, not an estimate or a target
DEST_ESTAB = "LLLL"  # the destination is the local authority, not a school


def ctf_file_name(ctf: CtfReturn) -> str:
    """e.g. "8732001_CTF_873LLLL_001.xml": source LA and DfE number, what, the LA, the number."""
    school = ctf.school
    return (
        f"{school.la_number}{school.dfe_number}_{ctf.kind.file_tag}_"
        f"{school.la_number}{DEST_ESTAB}_{ctf.sequence:03d}.xml"
    )


def ctf_version(academic_year: int) -> str:
    """The CTF version of an academic year: 2025/26 is "25.0"."""
    return f"{academic_year % 100:02d}.0"


def short_academic_year(academic_year: int) -> str:
    """As a CTF header writes it: "2025/26"."""
    return f"{academic_year}/{(academic_year + 1) % 100:02d}"


def _leaf(tag: str, value: str) -> str:
    return f"<{tag}>{escape(value)}</{tag}>"


def _lines(indent: int, tags_values: Iterable[tuple[str, str]]) -> str:
    pad = "  " * indent
    return "".join(f"{pad}{_leaf(tag, value)}\n" for tag, value in tags_values)


def ctf_text(ctf: CtfReturn, made_at: datetime) -> str:
    """The whole file (`CTfile`), one element a line: LAs open these in Notepad to put a
    file right."""
    school = ctf.school
    parts = [
        "<?xml version='1.0' encoding='UTF-8'?>\n<CTfile>\n  <Header>\n",
        _lines(
            2,
            (
                ("DocumentName", DOCUMENT_NAME),
                ("CTFversion", ctf_version(ctf.academic_year)),
                # Local time without an offset, as MIS files carry it.
                ("DateTime", made_at.astimezone().replace(tzinfo=None, microsecond=0).isoformat()),
                ("DocumentQualifier", DOCUMENT_QUALIFIER),
                ("SupplierID", SUPPLIER_ID),
            ),
        ),
        "    <SourceSchool>\n",
        _lines(
            3,
            (
                ("LEA", school.la_number),
                ("Estab", school.dfe_number),
                ("URN", school.urn),
                ("SchoolName", school.name),
                ("AcademicYear", short_academic_year(ctf.academic_year)),
            ),
        ),
        "    </SourceSchool>\n    <DestSchool>\n",
        _lines(3, (("LEA", school.la_number), ("Estab", DEST_ESTAB))),
        "    </DestSchool>\n  </Header>\n  <CTFpupilData>\n",
    ]
    blocks: dict[CtfResult, str] = {}  # a class's results repeat: each is laid out once
    year = str(ctf.assessment_year)
    for pupil in ctf.pupils:
        parts.append(_pupil(pupil, year, blocks))
    parts.append("  </CTFpupilData>\n</CTfile>\n")
    return "".join(parts)


def _pupil(pupil: CtfPupil, year: str, blocks: dict[CtfResult, str]) -> str:
    parts = [
        "    <Pupil>\n",
        _lines(
            3,
            (
                ("UPN", pupil.upn),
                ("Surname", pupil.surname),
                ("Forename", pupil.forenames),
                ("DOB", pupil.date_of_birth.isoformat()),
                ("Sex", pupil.sex),
            ),
        ),
        "      <StageAssessments>\n",
    ]
    for stage, results in _by_stage(pupil.results).items():
        parts.append(f"        <KeyStage>\n          {_leaf('Stage', stage)}\n")
        for result in results:
            block = blocks.get(result)
            if block is None:
                block = blocks[result] = _result(result, year)
            parts.append(block)
        parts.append("        </KeyStage>\n")
    parts.append("      </StageAssessments>\n    </Pupil>\n")
    return "".join(parts)


def _by_stage(results: Iterable[CtfResult]) -> dict[str, list[CtfResult]]:
    # One stage in the program's own table; support's coding could give a subject another.
    stages: dict[str, list[CtfResult]] = {}
    for result in results:
        stages.setdefault(result.stage, []).append(result)
    return stages


def _result(result: CtfResult, year: str) -> str:
    return (
        "          <StageAssessment>\n"
        + _lines(
            6,
            (
                ("Locale", LOCALE),
                ("Year", year),
                ("Subject", result.subject),
                ("Method", result.method),
                ("Component", result.component),
                ("ResultStatus", RESULT_STATUS),
                ("ResultQualifier", result.result_qualifier),
                ("Result", result.result),
            ),
        )
        + "          </StageAssessment>\n"
    )


def write_ctf_file(ctf: CtfReturn, folder: Path, made_at: datetime) -> Path:
    """Write the numbered return into `folder` under its CTF name (never over a file).

    Raises:
        FileExistsError: a file of that name is there already. OSError: it cannot be written.
    """
    data = ctf_text(ctf, made_at).encode("utf-8")

    def fill(file: BinaryIO) -> None:
        file.write(data)

    return write_new_file(folder / ctf_file_name(ctf), fill)


def export_ctf_return(
    db: Database,
    actor: Actor,
    establishment_id: int,
    kind: ReturnKind,
    academic_year: int,
    *,
    source_id: int | None = None,
    folder: Path | None = None,
    made_at: datetime | None = None,
) -> CtfExport:
    """Check, number and write the school's CTF return into its outbox (or `folder`).

    Run it in a worker. Refusals are the store's (ReturnNotReady lists every problem).

    Raises:
        PermissionDenied, NotFound, ReturnNotReady, SequenceUsedUp: see store.returns.ctf.
        OSError: the file cannot be written (no number is taken, nothing is audited).
    """
    moment = made_at or datetime.now().astimezone()

    def write(ctf: CtfReturn) -> Path:
        if folder is None:
            return write_ctf_file(ctf, outbox(ctf.school.number), moment)
        folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
        return write_ctf_file(ctf, folder, moment)

    return export_ctf(db, actor, establishment_id, kind, academic_year, write, source_id=source_id)

"""Every submitted school's CTF written by support into one folder: the files read back with
ElementTree, a school whose return fails its checks listed with its first problems while the
others are written, a school not submitted left out, the stop, and support only."""

from __future__ import annotations

import stat
import xml.etree.ElementTree as ET
from datetime import datetime, timezone

import pytest
from sqlalchemy import select
from sqlmodel import col

from exports.ctf_batch import REFUSED_FILE, SchoolRefused, export_all_ctfs
from exports.folder import la_outbox
from exports.return_workbook import NothingSubmitted
from store.core.access import Actor, PermissionDenied, Role
from store.core.db import Database
from store.core.models import AuditEntry
from store.core.models_returns import ReturnSequence
from store.curriculum.eyfs import YearGroup
from store.returns.ctf import ACTION
from store.returns.ctf_data import ReturnKind
from tests.store.ks1_school import SUPPORT, YEAR, Ks1School, build_ks1_school, upn

MADE = datetime(2026, 7, 1, 9, 30, tzinfo=timezone.utc)
KS1, EYFSP = ReturnKind.KS1, ReturnKind.EYFSP
NO_NUMBERS = "Support has not yet set this establishment's LA number, DfE number and URN"


@pytest.fixture
def schools(database: Database) -> list[Ks1School]:
    """2001 submitted; 2002 not yet; 2003 submitted, but without its numbers for returns and
    with three Year 2 pupils whose sex is not M or F."""
    ready = build_ks1_school(database)
    waiting = build_ks1_school(database, number="2002", name="NOT YET", urn="100002")
    wrong = build_ks1_school(database, number="2003", name="WRONG SCHOOL", identity=False)
    for serial, surname in enumerate(("Xa", "Xb", "Xc"), start=30):
        wrong.add_pupil(surname, YearGroup.YEAR_2, serial=serial, sex="X")
        wrong.judge(surname, ("EXS", "EXS", "EXS", "EXS"))
    ready.mark_submitted()
    wrong.mark_submitted()
    return [ready, waiting, wrong]


def audited(database: Database) -> list[tuple[str, int | None, str | None]]:
    with database.read() as session:
        rows = session.scalars(
            select(AuditEntry).where(col(AuditEntry.action) == ACTION).order_by(col(AuditEntry.id))
        )
        return [(row.actor, row.establishment_id, row.new_value) for row in rows]


def sequences(database: Database) -> dict[int, int]:
    with database.read() as session:
        return {row.establishment_id: row.last for row in session.scalars(select(ReturnSequence))}


def test_every_submitted_schools_ks1_ctf_in_one_folder_and_the_refused_listed(
    database: Database, schools: list[Ks1School]
) -> None:
    ready, _, wrong = schools
    heard: list[tuple[int, int]] = []
    summary = export_all_ctfs(
        database,
        SUPPORT,
        KS1,
        YEAR,
        progress=lambda done, total: heard.append((done, total)),
        made_at=MADE,
    )
    stamp = MADE.astimezone().strftime("%Y-%m-%d %H%M")
    assert summary.folder == la_outbox() / f"KS1 CTF files 2025-2026 ({stamp})"
    assert summary.written == (summary.folder / "8732001_CTF_873LLLL_001.xml",)
    assert (summary.establishments, summary.done, summary.stopped) == (2, 2, False)
    assert heard == [(0, 2), (1, 2), (2, 2)]
    (refused,) = summary.refused
    assert (refused.number, refused.name) == ("2003", "WRONG SCHOOL")
    assert refused.problems[0].startswith(NO_NUMBERS)
    assert len(refused.problems) == 4 and refused.problems[3] == "and 1 more"
    assert "sex" in refused.problems[1].casefold()
    listed = (summary.folder / REFUSED_FILE).read_text(encoding="utf-8")
    assert listed == refused.said() + "\n"
    assert listed.startswith(f"2003 WRONG SCHOOL: {NO_NUMBERS}")
    assert sorted(path.name for path in summary.folder.iterdir()) == [
        "8732001_CTF_873LLLL_001.xml",
        REFUSED_FILE,
    ]
    (path,) = summary.written
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    root = ET.parse(path).getroot()
    assert root.tag == "CTfile"
    assert root.findtext("Header/SourceSchool/LEA") == "873"
    assert root.findtext("Header/SourceSchool/Estab") == "2001"
    assert root.findtext("Header/SourceSchool/SchoolName") == "ST MARY'S C OF E PRIMARY"
    assert root.findtext("Header/DestSchool/Estab") == "LLLL"
    pupils = root.findall("CTFpupilData/Pupil")
    assert sorted(str(pupil.findtext("UPN")) for pupil in pupils) == sorted(
        upn(serial) for serial in (1, 2, 3)
    )
    obrien = next(pupil for pupil in pupils if pupil.findtext("Surname") == "O'Brien")
    assert obrien.findtext("StageAssessments/KeyStage/Stage") == "KS1"
    assert [r.findtext("Result") for r in obrien.iter("StageAssessment")] == [
        "GDS",
        "EXS",
        "EXS",
        "EXS",
    ]
    # Numbered and audited as the school's own export is; nothing taken for the refused one.
    assert sequences(database) == {ready.school.id: 1}
    assert audited(database) == [
        (SUPPORT.username, ready.school.id, "file 001: 3 pupils, 12 results")
    ]
    assert wrong.school.id not in sequences(database)


def test_the_eyfs_profiles_go_to_a_folder_of_their_own(
    database: Database, schools: list[Ks1School]
) -> None:
    first = export_all_ctfs(database, SUPPORT, KS1, YEAR, made_at=MADE)
    summary = export_all_ctfs(database, SUPPORT, EYFSP, YEAR, made_at=MADE)
    assert summary.folder.name.startswith("EYFSP CTF files 2025-2026 (")
    assert summary.folder != first.folder
    assert [path.name for path in summary.written] == ["8732001_FSP_873LLLL_002.xml"]
    assert [school.number for school in summary.refused] == ["2003"]
    root = ET.parse(summary.written[0]).getroot()
    kaur, smith = root.findall("CTFpupilData/Pupil")
    assert smith.findtext("StageAssessments/KeyStage/Stage") == "FSP"
    assert [r.findtext("Result") for r in kaur.iter("StageAssessment")] == ["A"] * 17


def test_a_stop_keeps_the_files_written_and_says_how_far(
    database: Database, schools: list[Ks1School]
) -> None:
    asked = 0

    def cancelled() -> bool:
        nonlocal asked
        asked += 1
        return asked > 1

    summary = export_all_ctfs(database, SUPPORT, KS1, YEAR, cancelled=cancelled, made_at=MADE)
    assert (summary.done, summary.establishments, summary.stopped) == (1, 2, True)
    assert [path.name for path in summary.written] == ["8732001_CTF_873LLLL_001.xml"]
    assert summary.refused == ()
    assert not (summary.folder / REFUSED_FILE).exists()
    # Stopped before the first: no empty folder is left behind.
    none = export_all_ctfs(database, SUPPORT, KS1, YEAR, cancelled=lambda: True, made_at=MADE)
    assert none.written == () and none.stopped and not none.folder.exists()


def test_a_year_nobody_submitted_makes_no_folder(database: Database) -> None:
    build_ks1_school(database)
    for kind, what in ((KS1, "KS1 teacher assessment"), (EYFSP, "EYFS profile")):
        with pytest.raises(NothingSubmitted, match=f"submitted {what} results for 2025/2026"):
            export_all_ctfs(database, SUPPORT, kind, YEAR)
    assert list(la_outbox().iterdir()) == []


@pytest.mark.parametrize("role", [Role.USER, Role.MANAGER])
def test_only_support_writes_every_schools_files(
    database: Database, schools: list[Ks1School], role: Role
) -> None:
    actor = Actor("head", role, schools[0].school.id)
    with pytest.raises(PermissionDenied):
        export_all_ctfs(database, actor, KS1, YEAR)
    assert list(la_outbox().iterdir()) == []
    assert audited(database) == [] and sequences(database) == {}


def test_a_refused_school_is_said_with_its_problems() -> None:
    refused = SchoolRefused("2003", "WRONG", ("one", "two"))
    assert refused.said() == "2003 WRONG: one; two"

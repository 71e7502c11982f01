"""The CTF files read back with an XML parser: every element and value, the names escaped and
kept, the file names and their sequence, and nothing written when the return is refused."""

from __future__ import annotations

import stat
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path

import pytest

from exports.ctf import ctf_version, export_ctf_return, short_academic_year
from exports.folder import outbox
from store.core.db import Database
from store.curriculum.eyfs import AREA_CODES, YearGroup
from store.curriculum.year_groups import birth_date_range
from store.returns.ctf_data import ReturnKind, ReturnNotReady
from tests.store.ks1_school import YEAR, Ks1School, build_ks1_school, upn

MADE = datetime(2026, 7, 1, 9, 30, 15, 123456, tzinfo=timezone.utc)
KS1, EYFSP = ReturnKind.KS1, ReturnKind.EYFSP


@pytest.fixture
def school(database: Database) -> Ks1School:
    return build_ks1_school(database)


def export(school: Ks1School, kind: ReturnKind) -> Path:
    """The return's file, its results marked submitted first (only submitted results go)."""
    school.mark_submitted()
    return export_ctf_return(
        school.database, school.head, school.school.id, kind, YEAR, made_at=MADE
    ).path


def texts(element: ET.Element) -> list[tuple[str, str]]:
    """(tag, text) of each child, in order: the element's whole content when it has leaves."""
    return [(child.tag, (child.text or "").strip()) for child in element]


def test_the_ks1_file_read_back_element_by_element(school: Ks1School) -> None:
    path = export(school, KS1)
    assert path == outbox("2001") / "8732001_CTF_873LLLL_001.xml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_bytes().startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    root = ET.parse(path).getroot()
    assert root.tag == "CTfile"
    assert [child.tag for child in root] == ["Header", "CTFpupilData"]
    header = root.find("Header")
    assert header is not None
    local = MADE.astimezone().replace(tzinfo=None, microsecond=0).isoformat()
    assert texts(header)[:5] == [
        ("DocumentName", "Common Transfer File"),
        ("CTFversion", "25.0"),
        ("DateTime", local),
        ("DocumentQualifier", "partial"),
        ("SupplierID", "PupilTracker"),
    ]
    assert [child.tag for child in header][5:] == ["SourceSchool", "DestSchool"]
    source, dest = header.find("SourceSchool"), header.find("DestSchool")
    assert source is not None and dest is not None
    assert texts(source) == [
        ("LEA", "873"),
        ("Estab", "2001"),
        ("URN", "100001"),
        ("SchoolName", "ST MARY'S C OF E PRIMARY"),
        ("AcademicYear", "2025/26"),
    ]
    assert texts(dest) == [("LEA", "873"), ("Estab", "LLLL")]
    pupils = root.findall("CTFpupilData/Pupil")
    first, _ = birth_date_range(YearGroup.YEAR_2, YEAR)
    born = [first.replace(day=first.day + n).isoformat() for n in (3, 2, 1)]
    assert [texts(pupil)[:5] for pupil in pupils] == [
        [("UPN", upn(3)), ("Surname", "[bold]Rich[/bold]"), ("Forename", "Tom"),
         ("DOB", born[0]), ("Sex", "M")],
        [("UPN", upn(2)), ("Surname", "Núñez"), ("Forename", "Zoë & <Ann>"),
         ("DOB", born[1]), ("Sex", "F")],
        [("UPN", upn(1)), ("Surname", "O'Brien"), ("Forename", "Siobhán"),
         ("DOB", born[2]), ("Sex", "F")],
    ]  # fmt: skip
    for pupil in pupils:
        assert [child.tag for child in pupil] == [
            "UPN", "Surname", "Forename", "DOB", "Sex", "StageAssessments"
        ]  # fmt: skip
        (key_stage,) = pupil.findall("StageAssessments/KeyStage")
        assert [child.tag for child in key_stage] == ["Stage"] + ["StageAssessment"] * 4
        assert key_stage.findtext("Stage") == "KS1"
    nunez = pupils[1].findall("StageAssessments/KeyStage/StageAssessment")
    expected = [("ENG", "READ", "EXS"), ("ENG", "WRIT", "WTS"), ("MAT", "MAT", "PK3"),
                ("SCI", "SCI", "HNM")]  # fmt: skip
    assert [texts(result) for result in nunez] == [
        [("Locale", "EN"), ("Year", "2026"), ("Subject", subject), ("Method", "TA"),
         ("Component", component), ("ResultStatus", "R"), ("ResultQualifier", "NV"),
         ("Result", result)]
        for subject, component, result in expected
    ]  # fmt: skip


def test_names_are_escaped_in_the_file_and_come_back_as_typed(school: Ks1School) -> None:
    raw = export(school, KS1).read_bytes()
    # UTF-8 as is (no character references), markup escaped, the apostrophe left plain.
    assert "<Surname>Núñez</Surname>".encode() in raw
    assert "<Forename>Zoë &amp; &lt;Ann&gt;</Forename>".encode() in raw
    assert b"<Surname>O'Brien</Surname>" in raw
    assert b"<Surname>[bold]Rich[/bold]</Surname>" in raw
    assert b"<SchoolName>ST MARY'S C OF E PRIMARY</SchoolName>" in raw


def test_the_eyfsp_file_and_the_sequence_that_never_repeats(school: Ks1School) -> None:
    first = export(school, KS1)
    path = export(school, EYFSP)
    again = export(school, KS1)
    assert [p.name for p in (first, path, again)] == [
        "8732001_CTF_873LLLL_001.xml",
        "8732001_FSP_873LLLL_002.xml",
        "8732001_CTF_873LLLL_003.xml",
    ]
    root = ET.parse(path).getroot()
    kaur, smith = root.findall("CTFpupilData/Pupil")
    assert kaur.findtext("Surname") == "Kaur" and smith.findtext("Surname") == "Smith"
    (key_stage,) = smith.findall("StageAssessments/KeyStage")
    assert key_stage.findtext("Stage") == "FSP"
    results = key_stage.findall("StageAssessment")
    assert [r.findtext("Component") for r in results] == [f"E{n:02d}" for n in range(1, 18)]
    number = AREA_CODES.index("N")
    assert [r.findtext("Result") for r in results] == [
        "1" if index == number else "2" for index in range(17)
    ]
    assert {(r.findtext("Subject"), r.findtext("Year"), r.findtext("ResultStatus"))
            for r in results} == {("FSP", "2026", "R")}  # fmt: skip
    assert [r.findtext("Result") for r in kaur.iter("StageAssessment")] == ["A"] * 17


def test_a_refused_return_leaves_no_file(database: Database) -> None:
    school = build_ks1_school(database, identity=False)
    with pytest.raises(ReturnNotReady):
        export(school, KS1)
    assert list(outbox("2001").iterdir()) == []


def test_results_not_submitted_leave_no_file_and_take_no_number(school: Ks1School) -> None:
    for kind in (KS1, EYFSP):
        with pytest.raises(ReturnNotReady, match="not been submitted"):
            export_ctf_return(school.database, school.head, school.school.id, kind, YEAR)
    assert list(outbox("2001").iterdir()) == []
    assert export(school, KS1).name == "8732001_CTF_873LLLL_001.xml"


def test_version_and_year_as_a_ctf_writes_them() -> None:
    assert (ctf_version(2025), ctf_version(2100), ctf_version(2009)) == ("25.0", "00.0", "09.0")
    assert (short_academic_year(2025), short_academic_year(2099)) == ("2025/26", "2099/00")

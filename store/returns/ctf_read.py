"""Reading a Common Transfer File (CTF XML, as a school's MIS or our own export writes it) into
plain values: its pupils, their details and their StageAssessments, each by its coding.

Parsed with the standard library's ElementTree (expat guards entity expansion); a file with a
DOCTYPE is refused anyway, since a CTF never has one. Only what the import uses is read; every
other element (Address lines, Contacts, SEN history, ...) is passed over. The pupil's names,
date of birth and sex are read directly under Pupil (our export, older CTFs) or under
Pupil/BasicDetails (MIS files of later versions); the sex as Sex or Gender.
"""

from __future__ import annotations

import codecs
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from xml.etree.ElementTree import Element

from store.curriculum.dates import parse_academic_year
from store.pupils.import_problems import refuse_whole_file
from store.pupils.upload_bytes import MAX_UPLOAD_PUPILS, check_size
from store.returns.ctf_data import CtfResult

__all__ = ["CtfFile", "ReadAssessment", "ReadPupil", "looks_like_ctf", "read_ctf"]

ROOT = "CTfile"
EXPORT_AGAIN = "export the CTF from your MIS again and put that .xml file in the inbox"
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_DETAILS = "BasicDetails"


@dataclass(frozen=True, slots=True)
class ReadAssessment:
    """One StageAssessment as the file gives it: its coding and result, and its Year."""

    coding: CtfResult
    year: str
    """The Year element: the calendar year of the summer the result belongs to."""
    status: str
    """ResultStatus: R for a result (others, such as estimates, are not imported)."""


@dataclass(frozen=True, slots=True)
class ReadPupil:
    """A Pupil element's details as written (checked by the import), and its assessments."""

    number: int
    """Its place in the file: 1 for the first Pupil."""
    upn: str
    surname: str
    forenames: str
    date_of_birth: str
    sex: str
    sex_element: str
    """The element the sex came from: Sex, or Gender in older files."""
    postcode: str
    """"" when the file gives none."""
    ethnicity: str
    """"" when the file gives none."""
    assessments: tuple[ReadAssessment, ...]


@dataclass(frozen=True, slots=True)
class CtfFile:
    """A CTF read whole: its header's academic year (None if it gives none) and its pupils."""

    academic_year: int | None
    source_la: str
    source_estab: str
    pupils: tuple[ReadPupil, ...]


class _DoctypeFound(Exception):
    pass


class _Builder(ElementTree.TreeBuilder):
    """ElementTree's own tree builder, stopping at a DOCTYPE before anything in it is read."""

    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:
        raise _DoctypeFound


def _local(tag: object) -> str:
    """An element's name without its namespace: `{urn:x}Pupil` is Pupil."""
    return str(tag).rpartition("}")[2]


def _child(parent: Element | None, name: str) -> Element | None:
    if parent is None:
        return None
    for child in parent:
        if _local(child.tag) == name:
            return child
    return None


def _children(parent: Element | None, name: str) -> list[Element]:
    return [] if parent is None else [child for child in parent if _local(child.tag) == name]


def _text(element: Element | None) -> str:
    return "" if element is None else (element.text or "").strip()


def _start(data: bytes) -> str:
    """The first characters of the file as text (UTF-8, or UTF-16 after its byte-order mark)."""
    head = data[:200]
    if head.startswith(_UTF16_BOMS):
        return head.decode("utf-16", errors="replace").lstrip()
    return head.removeprefix(codecs.BOM_UTF8).decode("utf-8", errors="replace").lstrip()


def looks_like_ctf(name: str, data: bytes) -> bool:
    """Whether a file in the inbox is a CTF rather than a pupil upload (CSV): its name ends in
    .xml, or its text starts with `<` (an XML file saved under another name)."""
    return name.lower().endswith(".xml") or _start(data).startswith("<")


def _refuse_unreadable(data: bytes) -> None:
    """Refuse, with what is wrong and what to do, a file that cannot be a CTF at all."""
    check_size(data)
    if not data.strip() or not _start(data).strip("\ufeff \t\r\n"):
        raise refuse_whole_file(f"The file is empty: {EXPORT_AGAIN}.")
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise refuse_whole_file(
            f"The file is an Excel workbook or a zip file, not a Common Transfer File: "
            f"{EXPORT_AGAIN}."
        )
    if b"\x00" in data and not data.startswith(_UTF16_BOMS):
        raise refuse_whole_file(
            f"The file holds binary data, not a Common Transfer File (XML text): {EXPORT_AGAIN}."
        )
    if not _start(data).startswith("<"):
        raise refuse_whole_file(
            "The file is not XML (a Common Transfer File starts with <?xml or <CTfile>): "
            f"{EXPORT_AGAIN}; a pupil list saved as CSV should be named .csv."
        )


def _parse(data: bytes) -> Element:
    parser = ElementTree.XMLParser(target=_Builder())
    try:
        parser.feed(data)
        root: Element = parser.close()
    except _DoctypeFound:
        raise refuse_whole_file(
            "The file has a DOCTYPE declaration, which a Common Transfer File never has, so it "
            f"is not read (it could make the server expand entities without end): {EXPORT_AGAIN}."
        ) from None
    except ElementTree.ParseError as error:
        line, column = error.position
        reason = str(error).partition(":")[0]
        raise refuse_whole_file(
            f"The file is not well-formed XML ({reason} at line {line}, column {column + 1}): "
            f"{EXPORT_AGAIN}. A file edited by hand must close every tag it opens and write & "
            "as &amp;."
        ) from None
    return root


def _academic_year(header: Element | None) -> int | None:
    text = _text(_child(_child(header, "SourceSchool"), "AcademicYear"))
    try:
        return parse_academic_year(text) if text else None
    except ValueError:
        return None


def _detail(pupil: Element, *names: str) -> tuple[str, str]:
    """(text, element name) of the first of `names` given directly under Pupil, or under
    Pupil/BasicDetails; ("", first name) when none is."""
    details = _child(pupil, _DETAILS)
    for place in (pupil, details):
        for name in names:
            element = _child(place, name)
            if element is not None and _text(element):
                return _text(element), name
    return "", names[0]


def _postcode(pupil: Element) -> str:
    address = _child(pupil, "Address")
    if address is None:
        return ""
    for element in address.iter():
        if _local(element.tag).casefold() == "postcode" and _text(element):
            return _text(element)
    return ""


def _assessments(pupil: Element) -> tuple[ReadAssessment, ...]:
    found: list[ReadAssessment] = []
    for stage_block in _children(_child(pupil, "StageAssessments"), "KeyStage"):
        stage = _text(_child(stage_block, "Stage"))
        for assessment in _children(stage_block, "StageAssessment"):

            def value(name: str, assessment: Element = assessment) -> str:
                return _text(_child(assessment, name))

            coding = CtfResult(
                stage,
                value("Subject"),
                value("Method"),
                value("Component"),
                value("ResultQualifier"),
                value("Result"),
            )
            found.append(ReadAssessment(coding, value("Year"), value("ResultStatus")))
    return tuple(found)


def _pupil(number: int, pupil: Element) -> ReadPupil:
    sex, sex_element = _detail(pupil, "Sex", "Gender")
    return ReadPupil(
        number=number,
        upn=_detail(pupil, "UPN")[0],
        surname=_detail(pupil, "Surname")[0],
        forenames=_detail(pupil, "Forename")[0],
        date_of_birth=_detail(pupil, "DOB")[0],
        sex=sex,
        sex_element=sex_element,
        postcode=_postcode(pupil),
        ethnicity=_detail(pupil, "Ethnicity")[0],
        assessments=_assessments(pupil),
    )


def read_ctf(data: bytes) -> CtfFile:
    """Read a CTF's pupils and their assessments; nothing is checked but the file's shape.

    Raises:
        ImportRefused: with one problem saying why the file as a whole cannot be read: too big,
            empty, binary, not XML, not well-formed, a DOCTYPE, not a CTF, no pupils, or more
            than MAX_UPLOAD_PUPILS of them.
    """
    _refuse_unreadable(data)
    root = _parse(data)
    if _local(root.tag) != ROOT:
        raise refuse_whole_file(
            f"The file is XML but not a Common Transfer File: its first element is "
            f"<{_local(root.tag)[:40]}>, not <{ROOT}>: {EXPORT_AGAIN}."
        )
    pupils = _children(_child(root, "CTFpupilData"), "Pupil")
    if not pupils:
        raise refuse_whole_file(
            f"The file has no pupils (no CTFpupilData/Pupil elements): {EXPORT_AGAIN}, with "
            "the pupils chosen."
        )
    if len(pupils) > MAX_UPLOAD_PUPILS:
        raise refuse_whole_file(
            f"The file has {len(pupils):,} pupils, more than the {MAX_UPLOAD_PUPILS:,} an import "
            "takes: a CTF to import is one establishment's pupils; check the file."
        )
    header = _child(root, "Header")
    source = _child(header, "SourceSchool")
    return CtfFile(
        _academic_year(header),
        _text(_child(source, "LEA")),
        _text(_child(source, "Estab")),
        tuple(_pupil(number, pupil) for number, pupil in enumerate(pupils, start=1)),
    )

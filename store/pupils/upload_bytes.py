"""An upload file's bytes: read from disk within bounds, and the encoding their text is in.

A school's roll is a few thousand rows, so an upload file is at most 5 MB and 20,000 pupils:
anything bigger is the wrong file, and is refused before it is read. Only regular files are
read (a device such as /dev/zero never ends; a pipe nobody writes to never starts).
"""

from __future__ import annotations

import codecs
import errno
import io
import itertools
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from store.pupils.import_problems import ImportProblem, ImportRefused, refuse_whole_file

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UPLOAD_PUPILS = 20_000
LIMITS = "5 MB and 20,000 pupils"
ENCODINGS_READ = "UTF-8, UTF-16 with a BOM and Windows-1252"
SAVE_AS_CSV = "in Excel choose File > Save As > CSV UTF-8 (Comma delimited) and import that file"
_WORKBOOK = f"The file is an Excel workbook, not a CSV file: {SAVE_AS_CSV}."
_BINARY = (
    "The file is not a CSV file: it holds binary data, or text in an encoding that is not "
    f"read (the encodings read are {ENCODINGS_READ}); {SAVE_AS_CSV}."
)
_EMPTY = "The file is empty: fill in the upload template and save it as CSV."
_CHUNK = 1 << 16
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_UTF32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)


class FileRefused(ImportRefused):
    """The path is not a file that may be read as an upload (missing, not a regular file, too
    big, unreadable); the message is one line naming it."""

    def __init__(self, message: str) -> None:
        super().__init__([ImportProblem(None, None, message)])


@dataclass(frozen=True)
class TextEncoding:
    """How an upload file's bytes are text."""

    name: str  # as people read it: "UTF-8", "UTF-8 with BOM", "UTF-16", "Windows-1252"
    codec: str  # as Python names it
    skip: int = 0  # bytes of byte-order mark before the text

    @property
    def guessed(self) -> bool:
        """Windows-1252 is what is left when the bytes prove no other encoding: its text is
        checked for names that only another encoding would make sense of."""
        return self.codec == "cp1252"


def size_text(size: int) -> str:
    """A file size as people say it: "50.0 MB", "212 KB"."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def read_upload_file(path: Path, *, follow_link: bool = True) -> bytes:
    """The bytes of the upload file at `path`, read only if it is a regular file within bounds.

    Args:
        path: The file.
        follow_link: False for a file in an establishment's inbox: whoever may put files there
            could put a link to another establishment's file, which the app could read.

    Raises:
        FileRefused: there is no such file, it is a folder, a device, a pipe or a socket, it is
            over MAX_UPLOAD_BYTES, it is a link not to be followed, or it cannot be read.
            Nothing is read beyond the limit.
    """
    # O_NONBLOCK: opening a pipe with nobody at its other end would otherwise wait for ever.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    if not follow_link:
        flags |= os.O_NOFOLLOW
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        raise FileRefused(f"There is no file {path}: check its name and folder.") from None
    except IsADirectoryError:
        raise FileRefused(f"{path} is a folder: give the CSV file's own name.") from None
    except PermissionError:
        raise FileRefused(
            f"{path.name} may not be read by the app: it was saved readable by its owner only. "
            "Put it there again without keeping its permissions (WinSCP: untick Set "
            "permissions; sftp: without -p), then import it."
        ) from None
    except OSError as error:
        if error.errno == errno.ELOOP and not follow_link:
            raise FileRefused(f"{path.name} is a link: put the CSV file itself there.") from None
        raise FileRefused(f"Cannot read {path}: {error.strerror or error}.") from None
    try:
        status = os.fstat(descriptor)
        if stat.S_ISDIR(status.st_mode):
            raise FileRefused(f"{path} is a folder: give the CSV file's own name.")
        if not stat.S_ISREG(status.st_mode):
            raise FileRefused(
                f"{path} is not a file but a device, pipe or socket: save the pupils as a CSV "
                "file and import that."
            )
        if status.st_size > MAX_UPLOAD_BYTES:
            raise FileRefused(_too_big(path, status.st_size))
        data = _read_at_most(descriptor, MAX_UPLOAD_BYTES + 1)
    except OSError as error:
        raise FileRefused(f"Cannot read {path}: {error.strerror or error}.") from None
    finally:
        os.close(descriptor)
    if len(data) > MAX_UPLOAD_BYTES:  # it grew after it was measured
        raise FileRefused(_too_big(path, len(data)))
    return data


def _read_at_most(descriptor: int, limit: int) -> bytes:
    parts: list[bytes] = []
    left = limit
    while left > 0:
        part = os.read(descriptor, min(left, _CHUNK))
        if not part:
            break
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


def _too_big(path: Path, size: int) -> str:
    return (
        f"{path} is {size_text(size)}: an upload file is at most {LIMITS} (a school's roll is "
        "a few thousand rows), so this is not a pupil list; check the file."
    )


def check_size(data: bytes) -> None:
    """Refuse bytes over the limit, however they came (a file read elsewhere, a test)."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise refuse_whole_file(
            f"The file is {size_text(len(data))}: an upload file is at most {LIMITS}; "
            "check the file."
        )


def find_encoding(data: bytes) -> TextEncoding:
    """The encoding of an upload file: UTF-8 (BOM or not), UTF-16 with a BOM, or Windows-1252.

    The bytes are read in chunks and not kept as text, so this costs no memory beyond them.

    Raises:
        ImportRefused: the file is empty, a workbook, binary, or text in no encoding read.
    """
    check_size(data)
    if not data or data.isspace():
        raise refuse_whole_file(_EMPTY)
    if data.startswith(_UTF32_BOMS):  # before UTF-16: UTF-32's LE mark starts as UTF-16's does
        raise refuse_whole_file(
            f"The file is UTF-32 text, which is not read (the encodings read are "
            f"{ENCODINGS_READ}); {SAVE_AS_CSV}."
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's "Unicode Text" is UTF-16 with a byte-order mark (and tab separated).
        codec = "utf-16-le" if data.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"
        scan = _scan(data, 2, codec)
        if scan.bad is not None or scan.nuls or scan.controls * 50 > scan.characters:
            raise refuse_whole_file(_BINARY)
        return TextEncoding("UTF-16", codec, 2)
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise refuse_whole_file(_WORKBOOK)
    if b"\x00" in data:
        raise refuse_whole_file(_BINARY)
    if data.startswith(codecs.BOM_UTF8):
        encoding = TextEncoding("UTF-8 with BOM", "utf-8", len(codecs.BOM_UTF8))
        scan = _scan(data, encoding.skip, "utf-8")
        if scan.bad is not None:
            raise refuse_whole_file(
                f"Line {_line_of(data, scan.bad)} is not UTF-8 text, though the file starts "
                f"as UTF-8 does: {SAVE_AS_CSV}."
            )
    else:
        encoding = TextEncoding("UTF-8", "utf-8")
        scan = _scan(data, 0, "utf-8")
        if scan.bad is not None:
            encoding = TextEncoding("Windows-1252", "cp1252")
            scan = _scan(data, 0, "cp1252")
            if scan.bad is not None:
                raise refuse_whole_file(
                    f"Line {_line_of(data, scan.bad)} holds bytes that are neither UTF-8 nor "
                    f"Windows-1252 text (the encodings read are {ENCODINGS_READ}); "
                    f"{SAVE_AS_CSV}."
                )
    if (
        scan.controls * 50 > scan.characters
    ):  # a stray control character is a typo; many are not text
        raise refuse_whole_file(_BINARY)
    return encoding


@dataclass(frozen=True)
class _Scan:
    bad: int | None  # the offset of the first byte that is not text in the codec
    characters: int
    controls: int  # control characters other than tab, CR and LF
    nuls: int


def _scan(data: bytes, start: int, codec: str) -> _Scan:
    """Decode `data` from `start` a chunk at a time, keeping none of the text."""
    decoder = codecs.getincrementaldecoder(codec)()
    view = memoryview(data)
    characters = controls = nuls = 0
    position = start
    while True:
        chunk = view[position : position + _CHUNK]
        final = position + len(chunk) >= len(data)
        pending = len(decoder.getstate()[0])  # bytes held back from the chunk before
        try:
            text = decoder.decode(chunk, final)
        except UnicodeDecodeError as error:
            return _Scan(position - pending + error.start, characters, controls, nuls)
        found = _CONTROLS.findall(text)
        characters += len(text)
        controls += len(found)
        nuls += found.count("\x00")
        position += len(chunk)
        if final:
            return _Scan(None, characters, controls, nuls)


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def text_of(data: bytes, encoding: TextEncoding) -> tuple[TextIO, io.BytesIO]:
    """The file's text as a stream decoded as it is read (newlines kept for the csv module),
    and the bytes under it (whose position says how far reading has got)."""
    raw = io.BytesIO(data)
    raw.seek(encoding.skip)
    return io.TextIOWrapper(raw, encoding=encoding.codec, newline=""), raw


# Windows-1252's letters, as Western European names use them (not its symbols, nor ƒ, ª, º, µ).
_NAME_LETTERS = frozenset("ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿŠšŽžŒœŸ")
_NAME_MARKS = frozenset("‘’´`–")  # apostrophes and a dash, as Excel and Word type them
_NEVER_IN_NAMES = frozenset("@[\\]^_{|}~")
_WORD = re.compile(r"[^\W\d_]+")


def implausible_name(text: str) -> bool:
    """Whether a name read as Windows-1252 is rather another encoding's text.

    KOI8-R's or Windows-1251's Cyrillic reads as runs of accented capitals and small letters
    ("ðÅÔÒÏ×" for Петров); Shift-JIS's kanji as symbols, stray quotes and letters with
    brackets ("ŽR–{" for 山本). A Western name has at most half its letters accented, no case
    change next to an accented letter ("ðÅ"), and quote marks only between letters (O’Brien).
    Names in plain ASCII read the same in every encoding and are never suspect.

    Central European and Turkish files (Windows-1250, -1254) still read as plausible Latin
    with some letters wrong; nothing in the bytes tells them apart.
    """
    if text.isascii():
        return False
    for index, character in enumerate(text):
        if character in _NEVER_IN_NAMES:
            return True
        if character.isascii() or character == "\u00a0" or character in _NAME_LETTERS:
            continue
        if character not in _NAME_MARKS:
            return True
        before = text[index - 1] if index else ""
        after = text[index + 1] if index + 1 < len(text) else ""
        if not (before.isalpha() and after.isalpha()):
            return True
    for word in _WORD.findall(text):
        accented = sum(1 for character in word if not character.isascii())
        if len(word) >= 2 and accented * 2 > len(word):
            return True
        for first, second in itertools.pairwise(word):
            if first.islower() and second.isupper() and not (first + second).isascii():
                return True
    return False

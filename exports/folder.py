"""Where exported files go, where files to import are put, and the one way every export creates
its file (private, never over another, inside the exports folder).

The exports folder holds one folder per establishment, named by its number, with an `outbox`
(its exports) and an `inbox` (files put there to import); "Local authority/outbox" holds the
support team's exports about every establishment. On a server each establishment's folder is
what its SFTP accounts see (deploy/add-school), so a school fetches its exports and drops its
uploads with WinSCP, FileZilla or psftp.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from platformdirs import user_documents_dir

EXPORTS_DIR_ENV = "PUPIL_TRACKER_EXPORTS_DIR"
APP_FOLDER = "Pupil Tracker"
LA_FOLDER = "Local authority"
"""Beside the establishments' folders: what is about every establishment (support's exports)."""
OUTBOX = "outbox"
INBOX = "inbox"
FILE_MODE = 0o600  # exports hold pupils' personal data: only the service account reads them
SHARED_FILE_MODE = 0o640
"""In a folder the administrator shared with an establishment's group (setgid, as
deploy/add-school makes the outbox), that group may read the file: it is fetched over SFTP."""
FOLDER_MODE = 0o700
# Characters Windows, macOS or Linux refuse in a file name (a share may be mounted from any).
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
STAMP_FORMAT = "%Y-%m-%d %H%M"


class OutsideExportsFolder(PermissionError):
    """A file was to be written outside the exports folder; only the command line may."""


@dataclass(frozen=True)
class _AdministratorsChoice:
    path: Path
    replace: bool


_chosen: ContextVar[_AdministratorsChoice | None] = ContextVar("chosen_export", default=None)


def safe_name(text: str) -> str:
    """`text` usable as one file or folder name on every system (unsafe runs become "-")."""
    cleaned = _UNSAFE.sub("-", text).strip(" .")
    return cleaned or "export"


def exports_root() -> Path:
    """The folder holding every establishment's exports.

    $PUPIL_TRACKER_EXPORTS_DIR when set, otherwise "Pupil Tracker" in the user's documents
    folder (platformdirs: ~/Documents on most systems).
    """
    configured = os.environ.get(EXPORTS_DIR_ENV, "").strip()
    if configured:
        return Path(configured).expanduser()
    return Path(user_documents_dir()) / APP_FOLDER


def _make_folder(folder: Path) -> Path:
    """`folder`, created 0700 if missing (an existing folder keeps its mode)."""
    folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    return folder


def _folder_in_exports(*names: str) -> Path:
    """exports_root() / names..., each level created 0700 if missing.

    On a server the administrator makes these folders beforehand (deploy/add-school), shared
    with the establishment's group; a level the app may not create is an OSError.
    """
    folder = _make_folder(exports_root())
    for name in names:
        folder = _make_folder(folder / name)
    return folder


def outbox(number: str) -> Path:
    """Where the establishment's exports go: "<number>/outbox" in the exports folder. The
    establishment's folder is named by its number, so a rename never moves it; on a server it is
    what the establishment's SFTP accounts see as "/" (their chroot).

    Raises:
        OSError: the folder cannot be created.
    """
    return _folder_in_exports(safe_name(number), OUTBOX)


def inbox(number: str) -> Path:
    """Where the establishment's files to import are put: "<number>/inbox".

    Raises:
        OSError: the folder cannot be created.
    """
    return _folder_in_exports(safe_name(number), INBOX)


def la_outbox() -> Path:
    """Where the support team's exports about every establishment go.

    Raises:
        OSError: the folder cannot be created.
    """
    return _folder_in_exports(LA_FOLDER, OUTBOX)


def file_name(what: str, made_at: datetime, suffix: str = ".xlsx") -> str:
    """A name saying what and when, e.g. "All data 2025-2026 (2026-03-12 1405).xlsx"."""
    return f"{safe_name(what)} ({made_at.astimezone():{STAMP_FORMAT}}){suffix}"


def unused_path(path: Path) -> Path:
    """`path`, or "name (2).xlsx", "name (3).xlsx"... if it is taken: nothing is overwritten."""
    candidate = path
    number = 2
    while candidate.exists() or candidate.is_symlink():
        candidate = path.with_name(f"{path.stem} ({number}){path.suffix}")
        number += 1
    return candidate


def export_path(folder: Path, what: str, made_at: datetime, suffix: str = ".xlsx") -> Path:
    """A new file path in `folder`, which is created if missing.

    Args:
        folder: Where the file goes: an establishment's `outbox`, the `la_outbox`, or the
            CLI's --out DIRECTORY.
        what: What the file holds, e.g. "Screen data Reception 2025-2026".
        made_at: When it is made (goes into the name).
        suffix: The file's type, ".xlsx" or ".csv".

    Raises:
        OSError: the folder cannot be created.
    """
    if is_inside_exports(folder):
        _make_folder(exports_root())
    _make_folder(folder)
    return unused_path(folder / file_name(what, made_at, suffix))


def is_inside_exports(path: Path) -> bool:
    """Whether `path` is the exports folder or lies within it (links followed)."""
    root = exports_root().expanduser().resolve()
    return Path(path).expanduser().resolve().is_relative_to(root)


@contextmanager
def chosen_by_administrator(path: Path, *, replace: bool = False) -> Iterator[Path]:
    """Let the export written inside this block go to `path`, wherever it is.

    For the command line only: the server's administrator may name any file (`--out`) and, with
    `--force`, replace one. The app's screens never use this, so they write only inside the
    exports folder.
    """
    token = _chosen.set(_AdministratorsChoice(Path(path).expanduser().absolute(), replace))
    try:
        yield path
    finally:
        _chosen.reset(token)


def write_new_file(path: Path, fill: Callable[[BinaryIO], None]) -> Path:
    """Create the file `path` and `fill` it: the one way every export makes its file.

    The file is private from its first byte (mode 0600, whatever the umask; 0640 in a folder
    the administrator shared with a group, see SHARED_FILE_MODE), whole or absent
    (filled under a temporary name in the same folder, then given its name, so a failure or a
    reader never meets half a file), never written over an existing file (the name is taken
    with a hard link, which fails if it exists), and inside the exports folder unless the
    server's administrator chose it (`chosen_by_administrator`).

    Args:
        path: The file to create.
        fill: Writes the contents to the binary file it is given (and does not close it).

    Returns:
        `path`.

    Raises:
        OutsideExportsFolder: `path` is outside the exports folder and nobody chose it.
        FileExistsError: `path` exists already; it is left as it was.
        OSError: the file cannot be written; its `filename` is `path`.
    """
    path = Path(path)
    chosen = _chosen.get()
    replace = False
    if chosen is not None and path.expanduser().absolute() == chosen.path:
        replace = chosen.replace
    elif not is_inside_exports(path.parent):
        raise OutsideExportsFolder(
            errno.EACCES, f"outside the exports folder {exports_root()}", str(path)
        )
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{path.stem}-", suffix=".part", dir=path.parent
        )
    except OSError as error:
        # Name the file asked for, not the temporary one, in what the person is told.
        raise OSError(error.errno, error.strerror, str(path)) from error
    try:
        with os.fdopen(handle, "wb") as file:  # mkstemp made it 0600
            if os.stat(path.parent).st_mode & stat.S_ISGID:
                os.fchmod(file.fileno(), SHARED_FILE_MODE)
            fill(file)
        if replace:
            os.replace(temporary, path)
        else:
            _name_without_overwriting(temporary, path)
    except FileExistsError:
        raise FileExistsError(errno.EEXIST, "the file exists already", str(path)) from None
    except OSError as error:
        raise OSError(error.errno, error.strerror, str(path)) from error
    finally:
        Path(temporary).unlink(missing_ok=True)
    return path


def _name_without_overwriting(temporary: str, path: Path) -> None:
    try:
        os.link(temporary, path, follow_symlinks=False)
        return
    except FileExistsError:
        raise
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
    # A file system without hard links (some network shares): take the name with O_EXCL,
    # then put the finished file in its place.
    descriptor = os.open(
        path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), FILE_MODE
    )
    os.close(descriptor)
    os.replace(temporary, path)

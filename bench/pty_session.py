"""Run a program in a pseudo-terminal of a given size and watch what it writes, byte by byte.

A thread reads the terminal continuously and timestamps every chunk, so the benchmarks can
tell when a burst of output ended; the child's CPU time and peak memory come from /proc.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import signal
import struct
import sys
import termios
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

ENTER = b"\r"
DOWN = b"\x1b[B"
RIGHT = b"\x1b[C"
HOME = b"\x1b[H"
LEAVE_ALT_SCREEN = b"\x1b[?1049l"
# What Textual writes first when it stops: pop the kitty keyboard mode, leave the alt screen.
EXIT_SEQUENCES = (b"\x1b[<u", LEAVE_ALT_SCREEN)


class BenchError(RuntimeError):
    """A benchmark could not measure what it set out to; the message says what happened."""


@dataclass(frozen=True)
class Chunk:
    at: float
    data: bytes


@dataclass(frozen=True)
class Exit:
    status: int
    max_rss_kib: int


def child_environment(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a terminal user: no size override, no Textual dev settings."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR")
        and not key.startswith("TEXTUAL")
    }
    env["TERM"] = "xterm-256color"
    env["COLORTERM"] = "truecolor"
    env["PYTHONPATH"] = str(ROOT)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if extra:
        env.update(extra)
    return env


class PtySession:
    """One child process on its own pseudo-terminal of `columns` x `lines`."""

    def __init__(
        self,
        argv: Sequence[str],
        columns: int,
        lines: int,
        env: Mapping[str, str] | None = None,
        cwd: Path = ROOT,
    ) -> None:
        self.argv = list(argv)
        self.columns = columns
        self.lines = lines
        self.env = dict(env) if env is not None else child_environment()
        self.cwd = cwd
        self.pid = -1
        self.fd = -1
        self.started_at = 0.0
        self.exit: Exit | None = None
        self.ended_by = "itself"
        self.exit_seconds = 0.0
        self._chunks: list[Chunk] = []
        self._total = 0
        self._eof = False
        self._condition = threading.Condition()
        self._reader: threading.Thread | None = None

    # --- life cycle ----------------------------------------------------------------------

    def start(self) -> PtySession:
        size = struct.pack("HHHH", self.lines, self.columns, 0, 0)
        self.started_at = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # the child: size the terminal before the program can ask, then exec
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, size)
                os.chdir(self.cwd)
                os.execve(self.argv[0], self.argv, self.env)
            except BaseException:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self._reader = threading.Thread(target=self._read, name=f"pty-{pid}", daemon=True)
        self._reader.start()
        return self

    def __enter__(self) -> PtySession:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self.fd, 65536)
            except OSError:  # EIO: the child closed the terminal
                data = b""
            now = time.perf_counter()
            with self._condition:
                if not data:
                    self._eof = True
                    self._condition.notify_all()
                    return
                self._chunks.append(Chunk(now, data))
                self._total += len(data)
                self._condition.notify_all()

    def alive(self) -> bool:
        if self.exit is not None or self.pid <= 0:
            return False
        pid, status, usage = os.wait4(self.pid, os.WNOHANG)
        if pid == 0:
            return True
        self.exit = Exit(status, int(usage.ru_maxrss))
        return False

    def wait_exit(self, timeout: float) -> Exit:
        """Wait for the child to end by itself."""
        deadline = time.perf_counter() + timeout
        while self.alive():
            if time.perf_counter() > deadline:
                raise BenchError(f"{self.describe()} did not exit within {timeout:.0f} s.")
            time.sleep(0.005)
        assert self.exit is not None
        return self.exit

    def close(self, grace: float = 0.5, nudge: bytes | None = DOWN) -> Exit | None:
        """End the child if it still runs and release the terminal.

        SIGTERM first; if the child is still there after `grace` seconds, `nudge` is typed (an
        app whose signal handler only takes effect on its next event then leaves), and SIGKILL
        ends it if that did not help. `self.ended_by` says which one worked.
        """
        try:
            if self.pid > 0 and self.alive():
                asked = time.perf_counter()
                os.kill(self.pid, signal.SIGTERM)
                try:
                    self.wait_exit(grace)
                    self.ended_by = "SIGTERM"
                except BenchError:
                    try:
                        if nudge is None:
                            raise
                        os.write(self.fd, nudge)
                        self.wait_exit(2.0)
                        self.ended_by = "SIGTERM, then a key"
                    except (BenchError, OSError):
                        os.kill(self.pid, signal.SIGKILL)
                        self.wait_exit(5.0)
                        self.ended_by = "SIGKILL"
                self.exit_seconds = time.perf_counter() - asked
        finally:
            if self._reader is not None:
                self._reader.join(timeout=1.0)
            if self.fd >= 0:
                os.close(self.fd)
                self.fd = -1
        return self.exit

    def describe(self) -> str:
        return f"{' '.join(self.argv[1:])} at {self.columns}x{self.lines} (pid {self.pid})"

    # --- input and output ----------------------------------------------------------------

    def send(self, data: bytes) -> float:
        """Type `data`; returns when it was sent."""
        at = time.perf_counter()
        os.write(self.fd, data)
        return at

    @property
    def total_bytes(self) -> int:
        with self._condition:
            return self._total

    def output(self) -> bytes:
        with self._condition:
            return b"".join(chunk.data for chunk in self._chunks)

    def chunks(self) -> list[Chunk]:
        with self._condition:
            return list(self._chunks)

    def wait_for(self, marker: bytes, timeout: float) -> float:
        """Wait until `marker` has been written; returns when the chunk completing it arrived."""
        deadline = time.perf_counter() + timeout
        with self._condition:
            while True:
                seen = b""
                for chunk in self._chunks:
                    seen += chunk.data
                    if marker in seen:
                        return chunk.at
                if self._eof:
                    raise BenchError(f"{self.describe()} ended before writing {marker!r}.")
                left = deadline - time.perf_counter()
                if left <= 0:
                    raise BenchError(
                        f"{self.describe()} did not write {marker!r} within {timeout:.0f} s "
                        f"({self._total} bytes so far)."
                    )
                self._condition.wait(min(left, 0.05))

    def wait_quiet(
        self, since: float, quiet: float, timeout: float, require_output: bool = True
    ) -> float | None:
        """Wait until nothing has been written for `quiet` seconds after `since`.

        Returns the time of the last chunk written after `since` (None if there was none).
        With `require_output`, the quiet spell only counts once something was written.
        """
        deadline = since + timeout
        with self._condition:
            while True:
                now = time.perf_counter()
                last = self._chunks[-1].at if self._chunks else None
                if last is not None and last < since:
                    last = None
                if self._eof:
                    return last
                if last is not None or not require_output:
                    reference = last if last is not None else since
                    if now - reference >= quiet:
                        return last
                    wait = reference + quiet - now
                else:
                    wait = 0.05
                if now > deadline:
                    raise BenchError(
                        f"{self.describe()} did not go quiet ({quiet * 1000:.0f} ms) within "
                        f"{timeout:.0f} s ({'some' if last else 'no'} output since the key)."
                    )
                self._condition.wait(max(0.001, min(wait, deadline - now + 0.001)))

    # --- the child's resources -----------------------------------------------------------

    def cpu_ns(self) -> int:
        """CPU time of all the child's threads, in nanoseconds (from schedstat)."""
        total = 0
        task_dir = Path(f"/proc/{self.pid}/task")
        for task in task_dir.iterdir():
            try:
                total += int((task / "schedstat").read_text().split()[0])
            except (OSError, ValueError, IndexError):
                continue  # a thread that ended meanwhile
        return total

    def cpu_ticks(self) -> int:
        """utime + stime of the child in clock ticks (/proc/PID/stat)."""
        text = Path(f"/proc/{self.pid}/stat").read_text()
        fields = text[text.rindex(")") + 2 :].split()
        return int(fields[11]) + int(fields[12])

    def memory_kib(self, field: str = "VmHWM") -> int:
        """A memory figure of the child from /proc/PID/status, in KiB."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
        raise BenchError(f"No {field} in /proc/{self.pid}/status.")


def python_module(module: str, *arguments: str) -> list[str]:
    return [PYTHON, "-m", module, *arguments]


_ESCAPES = re.compile(
    rb"\x1b\[[0-9;?<>=$]*[ -/]*[@-~]"  # CSI: cursor moves, colours, modes
    rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC, e.g. the pointer shape
    rb"|\x1b[()][0-9A-Za-z]"  # character set selection
)


def painted_cells(data: bytes) -> int:
    """How many characters `data` paints: everything but escape sequences and line breaks."""
    text = _ESCAPES.sub(b"", data).decode("utf-8", errors="replace")
    return sum(1 for char in text if char not in "\r\n")


def marker_time(chunks: Sequence[Chunk], marker: bytes, after: float) -> float | None:
    """When the chunk that completed `marker` arrived, counting only output after `after`."""
    seen = b""
    for chunk in chunks:
        if chunk.at < after:
            continue
        seen += chunk.data
        if marker in seen:
            return chunk.at
    return None


def first_burst_end(chunks: Sequence[Chunk], marker: bytes, quiet: float) -> float:
    """The time of the last chunk of the burst that wrote `marker`.

    The burst ends at the first gap of `quiet` seconds after the marker, or where the program
    starts restoring the terminal (a benchmark app that exits after its first frame).
    """
    seen = b""
    index = -1
    for position, chunk in enumerate(chunks):
        seen += chunk.data
        if marker in seen:
            index = position
            break
    if index < 0:
        raise BenchError(f"The output never showed {marker!r}.")
    end = chunks[index].at
    for chunk in chunks[index + 1 :]:
        if chunk.at - end >= quiet or any(exit in chunk.data for exit in EXIT_SEQUENCES):
            break
        end = chunk.at
    return end

"""A database server that does not answer is given up after a stated time, in one line."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest

from store.core import db as db_module
from store.core.db import DatabaseUnavailable, open_database
from tests.test_cli import run_cli


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A loopback port that takes connections and never says a word (as a server behind a
    firewall that drops its replies, or a hung one): the port number."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    try:
        yield listener.getsockname()[1]
    finally:
        listener.close()


def test_the_command_line_gives_up_on_a_silent_server_with_one_line(silent_server: int) -> None:
    url = f"postgresql+psycopg://tracker@127.0.0.1:{silent_server}/tracker?connect_timeout=2"
    started = time.monotonic()
    result = run_cli("--db-url", url, "user", "list")
    assert time.monotonic() - started < 30
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"pupil-tracker: Cannot open the database postgresql+psycopg://tracker@127.0.0.1:"
        f"{silent_server}/tracker?connect_timeout=2: the server did not answer within 2 seconds."
    ]


def test_without_a_timeout_in_the_url_the_program_s_own_applies(
    silent_server: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db_module, "CONNECT_TIMEOUT", 2)
    with pytest.raises(DatabaseUnavailable, match="did not answer within 2 seconds"):
        open_database(f"postgresql+psycopg://tracker@127.0.0.1:{silent_server}/tracker")

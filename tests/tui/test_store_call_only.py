"""One pattern for slow work: only tui/store_call.py crosses threads.

A screen or widget that calls the store off the UI thread does it through `run_store_call`,
`run_with_progress` or `in_thread`, so every answer comes back the same way and every
unexpected error reaches the app's one path. Anything else that hands work to a thread
(`call_from_thread`, `asyncio.to_thread`, `run_in_executor`, a `thread=True` worker) is a
second pattern, found here by reading the source (imports under TYPE_CHECKING or in a function
count as much as any).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT / "tui" / "store_call.py"
CROSSING_ATTRIBUTES = frozenset({"call_from_thread", "to_thread", "run_in_executor"})


def thread_crossings(source: str) -> list[str]:
    """Each place `source` hands work to another thread or back: "line: what"."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in CROSSING_ATTRIBUTES:
            found.append(f"{node.lineno}: {node.attr}")
        elif isinstance(node, ast.ImportFrom) and node.module == "asyncio":
            found += [f"{node.lineno}: {a.name}" for a in node.names if a.name == "to_thread"]
        elif (
            isinstance(node, ast.keyword)
            and node.arg == "thread"
            and isinstance(node.value, ast.Constant)
            and node.value.value is True
        ):
            found.append(f"{node.value.lineno}: thread=True")
    return sorted(found, key=lambda place: int(place.split(":")[0]))


def test_the_crossings_are_found() -> None:
    source = (
        "import asyncio\n"
        "from asyncio import to_thread\n"
        "from textual import work\n"
        "@work(thread=True, exclusive=True)\n"
        "def load(self):\n"
        "    self.app.call_from_thread(self.show, 1)\n"
        "async def read():\n"
        "    await asyncio.to_thread(print)\n"
        "    loop.run_in_executor(None, print)\n"
        "    self.run_worker(print, thread=True)\n"
        "    self.run_worker(print, thread=False)\n"
    )
    assert thread_crossings(source) == [
        "2: to_thread",
        "4: thread=True",
        "6: call_from_thread",
        "8: to_thread",
        "9: run_in_executor",
        "10: thread=True",
    ]


def test_only_the_shared_module_crosses_threads() -> None:
    crossings = {
        str(path.relative_to(ROOT)): places
        for path in sorted((ROOT / "tui").rglob("*.py"))
        if path != SHARED and (places := thread_crossings(path.read_text(encoding="utf-8")))
    }
    assert crossings == {}, "use tui.store_call (run_store_call, run_with_progress, in_thread)"


def test_the_shared_module_is_where_it_is_said_to_be() -> None:
    assert thread_crossings(SHARED.read_text(encoding="utf-8")), "tui/store_call.py moved?"

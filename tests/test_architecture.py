"""The shape of the program (DESIGN.md): no import circles, and no module past 500 lines.

Every import counts, those under TYPE_CHECKING and inside functions too: a helper that imports
the screen it serves, even lazily, is a circle. The layers and the independent features are
import-linter's contracts in pyproject.toml.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("store", "exports", "tui")
MAX_LINES = 500


def circles(imports: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """The import circles: each strongly connected component of more than one module, sorted.

    Tarjan's algorithm, without recursion (the graph is a few hundred modules deep at most, but
    Python's stack is not to be relied on).
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    for start in sorted(imports):
        if start in index:
            continue
        work: list[tuple[str, list[str]]] = [(start, sorted(imports.get(start, ())))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            module, todo = work[-1]
            if todo:
                nxt = todo.pop()
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, sorted(imports.get(nxt, ()))))
                elif nxt in on_stack:
                    low[module] = min(low[module], index[nxt])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[module])
            if low[module] == index[module]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == module:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return sorted(found)


def test_circles_are_found() -> None:
    imports = {
        "a": {"b"},
        "b": {"c"},
        "c": {"a", "d"},  # a -> b -> c -> a
        "d": {"e"},
        "e": set(),
        "f": {"g"},
        "g": {"f"},  # f <-> g
        "h": {"h"},  # a module importing itself is no circle between modules
    }
    assert circles(imports) == [["a", "b", "c"], ["f", "g"]]
    assert circles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_no_import_circles() -> None:
    graph = grimp.build_graph(*PACKAGES, cache_dir=None)
    imports = {module: graph.find_modules_directly_imported_by(module) for module in graph.modules}
    found = circles(imports)
    assert found == [], "Import circles (a helper gets plain values, never its screen):\n" + (
        "\n".join(" <-> ".join(circle) for circle in found)
    )


def test_no_module_is_over_500_lines() -> None:
    paths = sorted(path for package in PACKAGES for path in (ROOT / package).rglob("*.py"))
    assert len(paths) > 100  # the walk found the program
    lengths = {path: len(path.read_text(encoding="utf-8").splitlines()) for path in paths}
    long = [
        f"{path.relative_to(ROOT)}: {lines}" for path, lines in lengths.items() if lines > MAX_LINES
    ]
    assert long == [], f"Over {MAX_LINES} lines (split each by concern, DESIGN.md): {long}"

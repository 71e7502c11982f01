"""Every public function of the store, found by walking its packages (for the meta-tests that
insist each one is checked: a new module anywhere under store/ is found too)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator

import store


def store_functions() -> Iterator[tuple[str, Callable[..., object]]]:
    """("package.module.function", function) for each public function defined in the store."""
    for module_info in pkgutil.walk_packages(store.__path__, "store."):
        if module_info.ispkg or ".migrations" in module_info.name:
            continue
        module = importlib.import_module(module_info.name)
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and not name.startswith("_"):
                yield f"{module_info.name.removeprefix('store.')}.{name}", function

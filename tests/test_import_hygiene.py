"""store/ and exports/ never load the interface (DESIGN.md: imports go tui -> exports -> store)."""

from __future__ import annotations

import subprocess
import sys


def test_store_and_exports_do_not_import_textual_or_tui() -> None:
    code = (
        "import sys, pkgutil, importlib, store, exports\n"
        "for package in (store, exports):\n"
        "    for module in pkgutil.walk_packages(package.__path__, package.__name__ + '.'):\n"
        "        importlib.import_module(module.name)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'tui', 'rich'}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"

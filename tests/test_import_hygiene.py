"""What each part imports: store/ and exports/ never load the interface (DESIGN.md: imports go
tui -> exports -> store), the start screen leaves later screens' code to them, and
store.core.all_tables registers every table."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def printed_by(code: str) -> str:
    """What `code` prints in a fresh Python process (only its own imports loaded)."""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_store_and_exports_do_not_import_textual_or_tui() -> None:
    code = (
        "import sys, pkgutil, importlib, store, exports\n"
        "for package in (store, exports):\n"
        "    for module in pkgutil.walk_packages(package.__path__, package.__name__ + '.'):\n"
        "        importlib.import_module(module.name)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'tui', 'rich'}))\n"
    )
    assert printed_by(code) == "[]"


def test_the_start_screen_leaves_the_home_screen_to_the_enter_key() -> None:
    # The first frame waits for every module the app imports before it: the home screen's
    # (its headline reads a cohort) and the tables beyond the core ones (store.core.all_tables)
    # come with the screens that use them.
    code = (
        "import sys, tui.cli, tui.app, tui.screens.start\n"
        "print(sorted(m for m in sys.modules if m.startswith('tui.screens.school.home')\n"
        "             or m.startswith(('store.reports', 'store.core.models_'))))\n"
    )
    assert printed_by(code) == "[]"


def test_every_models_module_is_registered_by_all_tables() -> None:
    # A backup copies the tables store.core.all_tables registers: one left out would be lost.
    files = (ROOT / "store" / "core").glob("models*.py")
    models = sorted(f"store.core.{path.stem}" for path in files)
    code = (
        "import sys, store.core.all_tables\n"
        "print(sorted(m for m in sys.modules if m.startswith('store.core.models')))\n"
    )
    assert printed_by(code) == str(models)

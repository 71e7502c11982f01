"""`python -m bench.schema_upgrade`: how long opening takes when the schema is, or is not, new.

Each case runs in a fresh process (Alembic's import counts when there is an upgrade to do, and
an up-to-date database should not pay for it): the fixture of the last version before
migrations upgraded (its backup copy included), the same file opened again, and a new database.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from bench.common import Figures, report, scratch_folder

FIXTURE = Path(__file__).parents[1] / "tests" / "fixtures" / "pre-alembic.db"
RUNS = 5
_TIMED = (
    "import sys, time\n"
    "import store.core.db\n"
    "start = time.perf_counter()\n"
    "database = store.core.db.open_database(sys.argv[1])\n"
    "print((time.perf_counter() - start) * 1000)\n"
    "alembic = 'alembic' in sys.modules\n"
    "database.dispose()\n"
    "print(int(alembic))\n"
)


def _open_ms(path: Path) -> tuple[float, bool]:
    done = subprocess.run(
        [sys.executable, "-c", _TIMED, f"sqlite:///{path}"],
        capture_output=True,
        text=True,
        check=True,
    )
    took, alembic = done.stdout.split()
    return float(took), alembic == "1"


def main() -> Figures:
    upgrade, again, new = [], [], []
    loaded: dict[str, bool] = {}
    with scratch_folder() as folder:
        for run in range(RUNS):
            path = folder / f"school-{run}.db"
            shutil.copyfile(FIXTURE, path)
            path.chmod(0o600)
            took, loaded["upgrade"] = _open_ms(path)
            upgrade.append(took)
            took, loaded["again"] = _open_ms(path)
            again.append(took)
            took, loaded["new"] = _open_ms(folder / f"new-{run}.db")
            new.append(took)
    size = FIXTURE.stat().st_size // 1024
    report(f"open + upgrade the fixture ({size} KB)", upgrade, "with its backup copy", " ms")
    report("open it again (up to date)", again, f"Alembic imported: {loaded['again']}", " ms")
    report("open a new database (create)", new, "", " ms")
    return {
        "schema_upgrade_fixture_ms": sorted(upgrade)[len(upgrade) // 2],
        "schema_open_up_to_date_ms": sorted(again)[len(again) // 2],
        "schema_create_new_ms": sorted(new)[len(new) // 2],
    }


if __name__ == "__main__":
    main()

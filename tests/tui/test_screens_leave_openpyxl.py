"""Opening a screen does not load openpyxl: its 200 modules (7 MiB, 0.1-0.3 s on this machine)
load in the worker of the first export. Before, the Reports and Meetings screens imported it,
and the key that opened them waited for it."""

from __future__ import annotations

import subprocess
import sys

import pytest

# Every screen Home and the start screen open (tui/screens/school/home.py, tui/screens/start.py).
SCREENS = (
    "tui.screens.assessments.grid_screen",
    "tui.screens.reports.reports",
    "tui.screens.pupils.pupils",
    "tui.screens.school.profile",
    "tui.screens.school.news",
    "tui.screens.meetings.meetings",
    "tui.screens.meetings.form",
    "tui.screens.meetings.discussion_areas",
    "tui.screens.accounts.audit",
    "tui.screens.accounts.school_accounts",
    "tui.screens.accounts.sign_in",
    "tui.screens.support.console",
)


@pytest.mark.parametrize("screen", SCREENS)
def test_opening_a_screen_leaves_openpyxl_unloaded(screen: str) -> None:
    code = f"import sys, tui.app, {screen}\nprint('openpyxl' in sys.modules)\n"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"

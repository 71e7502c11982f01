"""Enter on an audit trail row shows the whole entry: at 80 columns the table cuts What, Old and
New short, so a long note or name could not be read anywhere."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from textual.pilot import Pilot

from store.curriculum.upn import upn_check_letter
from store.pupils import editing
from store.pupils.fields import PupilForm
from tests.tui.conftest import School
from tui.app import PupilTrackerApp
from tui.screens.accounts.audit import AuditScreen
from tui.screens.accounts.audit_entry import AuditEntryDialog

NOTE = "Speech and language therapy weekly; " * 6 + "[b]reviewed[/b] in March."


def shown(pilot: Pilot[None]) -> str:
    """The top screen as the terminal shows it, one line per row."""
    return "\n".join(strip.text for strip in pilot.app.screen._compositor.render_strips())


async def test_enter_opens_the_whole_entry_and_escape_closes_it(school: School) -> None:
    digits = "999000000042"
    first = PupilForm(
        upn_check_letter(digits) + digits,
        "Zeller",
        "Ann",
        f"01/10/{date.today().year - 4}",
        gender="F",
        postcode="PR1 2AB",
        ethnicity="WBRI",
    )
    args = (school.database, school.actor, school.establishment.id)
    pupil_id = editing.create_pupil(*args, first, date.today())
    editing.update_pupil(*args, pupil_id, replace(first, sen="K", sen_notes=NOTE), date.today())
    async with PupilTrackerApp(school.database, school.actor).run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "t")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, AuditScreen)
        row = next(i for i, e in enumerate(screen.entries) if e.target == "SEN notes")
        await pilot.press(*["down"] * row, "enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, AuditEntryDialog)
        text = shown(pilot)
        flat = " ".join(line.strip(" │╭╮╰╯─") for line in text.splitlines())
        for part in ("Who", "clerk", "Pupil", "ZELLER", "What", "SEN notes", "Old", "New"):
            assert part in flat
        assert " ".join(NOTE.split()) in " ".join(flat.split())  # all of it, wrapped
        assert max(len(line) for line in text.splitlines()) <= 80
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is screen

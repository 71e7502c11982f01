"""The support console's details panel: one account, one establishment, or an unknown username.

Plain text, a fact a line, so it reads the same in 16 colours and under NO_COLOR; it scrolls
when a long history does not fit at 80x24.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from store.accounts.accounts import AccountSummary
from store.accounts.diagnosis import AccountDetails, Diagnosis
from store.accounts.settings import clock_time
from store.core.access import Role
from store.establishments.establishments import EstablishmentInfo
from store.establishments.return_identity import PARTS

LABEL_WIDTH = 14


def fit(text: str, width: int) -> str:
    """`text` padded or cut (with …) to exactly `width` cells."""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


def short_state(state: str) -> str:
    """The state in at most 22 characters, for a list row (the detail line has it in full)."""
    if state.startswith("locked until"):
        return state.split(" on ")[0]
    if state.startswith("temporary password pending"):
        return "temporary password"
    if state == "temporary password expired":
        return "temp. password expired"
    return state


def at(moment: datetime | None) -> str:
    return "never" if moment is None else clock_time(moment)


def _fact(text: Text, label: str, value: str) -> None:
    text.append(f"{label:<{LABEL_WIDTH}}", style="bold")
    text.append(f"{value}\n")


def _diagnosis(text: Text, diagnosis: Diagnosis) -> None:
    text.append("Diagnosis: ", style="bold")
    text.append(f"{diagnosis.line}\n")
    for fact in diagnosis.evidence:
        text.append(f"  - {fact}\n")


def account_text(details: AccountDetails) -> Text:
    """Everything about one account, the one-line diagnosis first."""
    summary = details.summary
    text = Text()
    where = f"{summary.role.value} of {summary.establishment_number}"
    if summary.establishment_number is None:
        where = f"{summary.role.value} (every establishment)"
    name = f" ({summary.display_name})" if summary.display_name else ""
    text.append(f"{summary.username}{name} · {where}\n", style="bold")
    _diagnosis(text, details.diagnosis)
    text.append("\n")
    _fact(text, "State", summary.state)
    _fact(text, "Failures", f"{details.failed_sign_ins} in a row")
    source = details.last_success_source or "an unknown address"
    success = at(details.last_success_at)
    if details.last_success_at is not None:
        success += f" from {source}"
    _fact(text, "Last success", success)
    failure = at(details.last_failure_at)
    if details.last_failure_at is not None:
        failure += f" from {details.last_failure_source or 'an unknown address'}"
    _fact(text, "Last failure", failure)
    live = details.session
    if live is None:
        _fact(text, "Session", "none live")
    else:
        _fact(
            text,
            "Session",
            f"from {live.source}, started {clock_time(live.started_at)}, "
            f"last key press {clock_time(live.last_activity)}",
        )
    _fact(text, "Security code", "set" if details.has_security_code else "not set yet")
    if summary.role is Role.SUPPORT:
        _fact(text, "Authenticator", "enrolled" if details.has_authenticator else "not yet")
    if details.recent:
        text.append("Recent sign-ins\n", style="bold")
        for record in details.recent:
            line = f"  {record.at.astimezone():%d/%m %H:%M}  {record.action:<14} {record.source}"
            if record.detail:
                line += f" · {record.detail}"
            text.append(line + "\n")
    return text


def return_numbers_text(establishment: EstablishmentInfo) -> str:
    """ "LA number 873, DfE number 2001, URN not set": each number a return names it by."""
    return ", ".join(
        f"{part.name} {getattr(establishment, part.field) or 'not set'}" for part in PARTS
    )


def establishment_text(
    establishment: EstablishmentInfo, accounts: Sequence[AccountSummary], archived: int
) -> Text:
    """An establishment: the numbers its returns need, its accounts and how many archived
    pupils it has."""
    text = Text()
    text.append(f"{establishment.title}\n", style="bold")
    text.append(f"{return_numbers_text(establishment)}\n")
    text.append(f"{len(accounts)} account{'s' if len(accounts) != 1 else ''}\n")
    for summary in accounts:
        state = fit(short_state(summary.state), 22)
        text.append(f"  {fit(summary.username, 26)} {summary.role.value:<8} {state}\n")
    text.append(f"{archived} archived pupil{'s' if archived != 1 else ''}\n")
    text.append(
        "\nEnter manages its users · b brings back archived pupils · i issues in-house UPNs"
        " · d brings back a deleted assessment · m transfers a pupil here · l sets the LA"
        " number, DfE number and URN",
        style="italic",
    )
    return text


def unknown_text(username: str, diagnosis: Diagnosis) -> Text:
    text = Text()
    text.append(f"{username}\n", style="bold")
    _diagnosis(text, diagnosis)
    return text


class AccountPanel(VerticalScroll):
    """A scrolling panel showing one Text; Tab reaches it, the arrows scroll it."""

    DEFAULT_CSS = """
    AccountPanel { height: 1fr; padding: 0 1; }
    AccountPanel > Static { width: 100%; }
    """

    def compose(self) -> ComposeResult:
        yield Static("", id="panel-text")

    def show(self, text: Text) -> None:
        self.query_one("#panel-text", Static).update(text)
        self.scroll_home(animate=False)

    @property
    def plain(self) -> str:
        """What the panel says, as plain text (for tests and screen readers)."""
        return str(self.query_one("#panel-text", Static).render())

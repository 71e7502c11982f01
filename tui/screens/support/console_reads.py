"""The support console's reads, made in a worker thread: a search's hits, one hit's details.

Plain functions of their arguments (no Textual), so they run off the UI thread; the screen
(tui.screens.support.console) shows what they return.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date, datetime

from rich.text import Text

from store.accounts.accounts import AccountSummary, check_username, list_accounts
from store.accounts.diagnosis import (
    AccountDetails,
    account_details,
    diagnose_username,
    find_accounts,
    find_establishments,
)
from store.accounts.settings import SecuritySettings
from store.core.access import Actor
from store.core.db import Database
from store.core.errors import InvalidInput, StoreError
from store.curriculum.dates import academic_year_of
from store.establishments.establishments import EstablishmentInfo
from store.pupils.pupils import list_pupils
from tui.widgets.accounts.account_panel import (
    account_text,
    establishment_text,
    fit,
    short_state,
    unknown_text,
)


@dataclass(frozen=True)
class Hit:
    """One search result: an establishment, an account, or a username no account has."""

    establishment: EstablishmentInfo | None = None
    account: AccountSummary | None = None
    unknown: str = ""

    def row(self) -> Text:
        if self.establishment is not None:
            line = f"School  {self.establishment.number:<8} {self.establishment.name}"
        elif self.account is not None:
            number = self.account.establishment_number or "support"
            line = (
                f"User    {fit(self.account.username, 26)} {self.account.role.value:<8} "
                f"{number:<8} {short_state(self.account.state)}"
            )
        else:
            line = f"?       {self.unknown}: no account has this username"
        return Text(fit(line, 74), no_wrap=True, overflow="ellipsis")

    @property
    def name(self) -> str:
        """What the hit is called, to say it is being read."""
        if self.establishment is not None:
            return self.establishment.title
        return self.account.username if self.account is not None else self.unknown


@dataclass(frozen=True)
class Found:
    """What a search for `text` found, or why it could not look (`problem`)."""

    text: str
    hits: tuple[Hit, ...] = ()
    problem: str = ""


@dataclass(frozen=True)
class Details:
    """What the details panel says about `hit`; `account` when it is an account."""

    hit: Hit
    text: Text
    account: AccountDetails | None = None


def search(database: Database, actor: Actor, text: str, now: datetime) -> Found:
    """Establishments, then accounts, matching `text`; a username no account has, last."""
    try:
        schools = find_establishments(database, actor, text)
        accounts = find_accounts(database, actor, text, now=now)
    except StoreError as error:
        return Found(text, problem=str(error))
    hits = [Hit(establishment=school) for school in schools]
    hits += [Hit(account=summary) for summary in accounts]
    wanted = text.strip().lower()
    if wanted and not accounts:
        # Not a possible username: nobody can have tried to sign in with it.
        with contextlib.suppress(InvalidInput):
            hits.append(Hit(unknown=check_username(wanted)))
    return Found(text, tuple(hits))


def details(
    database: Database,
    actor: Actor,
    hit: Hit,
    *,
    now: datetime,
    settings: SecuritySettings,
    today: date,
) -> Details:
    """The highlighted hit as it is at `now` (the clock matters: locks run out)."""
    try:
        if hit.account is not None:
            found = account_details(
                database, actor, hit.account.username, now=now, settings=settings
            )
            return Details(hit, account_text(found), found)
        if hit.establishment is not None:
            school = hit.establishment
            accounts = list_accounts(database, actor, school.id, now=now)
            year = academic_year_of(today)
            archived = len(list_pupils(database, actor, school.id, year, archived=True))
            return Details(hit, establishment_text(school, accounts, archived))
        diagnosis = diagnose_username(database, actor, hit.unknown, now=now)
        return Details(hit, unknown_text(hit.unknown, diagnosis))
    except StoreError as error:
        return Details(hit, Text(str(error)))

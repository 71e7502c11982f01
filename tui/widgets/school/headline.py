"""The home screen's board: a headline cycling through each cohort's areas, and the news.

Both are read in a worker each time the home screen comes into view (it calls `reload`); the
timer only moves along the list already in memory, so a tick never reads the disk.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from sqlalchemy.exc import SQLAlchemyError
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import Label, Static

from store.core.access import Actor, Role
from store.core.db import Database
from store.establishments.news import News, live_news
from store.reports.headlines import Headline, cohort_headlines
from tui.store_call import run_store_call
from tui.unexpected import first_line

HEADLINE_SECONDS = 5.0
BAR_WIDTH = 12
PERIOD_WIDTH = 20
NO_HEADLINE = (
    "No judgements entered yet this year: once there are, this shows how many of each cohort "
    "are on track at their latest assessment."
)


def headline_text(headline: Headline, position: int, count: int) -> Text:
    """A line with a bar readable without colour and which assessment; then the sentence."""
    filled = round(headline.percent * BAR_WIDTH / 100)
    period = headline.period_name
    if len(period) > PERIOD_WIDTH:  # the first line must fit 80 columns; the sentence wraps
        period = period[: PERIOD_WIDTH - 1] + "…"
    text = Text()
    text.append("█" * filled + "░" * (BAR_WIDTH - filled) + f" {headline.percent:>3}%  ")
    text.append(
        f"{headline.year_group.label} · {period} ({headline.period_day:%d/%m/%Y}) · "
        f"{position}/{count}\n",
        style="dim",
    )
    text.append(headline.sentence, style="bold")
    return text


def news_text(items: list[News]) -> Text:
    if not items:
        return Text("No news at the moment.", style="dim")
    text = Text()
    for index, item in enumerate(items):
        if index:
            text.append("\n\n")
        text.append(item.title, style="bold")
        text.append(f"  {item.show_from:%d/%m/%Y}\n", style="dim")
        text.append(item.text)
    return text


class HomeBoard(Vertical):
    """The headline (not for the support team, who have no cohorts) above the live news."""

    DEFAULT_CSS = """
    HomeBoard { height: 1fr; }
    HomeBoard #headline { height: 3; }
    HomeBoard #news-heading { text-style: bold; }
    HomeBoard #news { height: 1fr; }
    """

    def __init__(
        self,
        database: Database,
        actor: Actor,
        establishment_id: int,
        today: date,
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.database = database
        self.actor = actor
        self.establishment_id = establishment_id
        self.today = today
        self.headlines: list[Headline] = []
        self.news: list[News] = []
        self.position = 0
        self._timer: Timer | None = None

    @property
    def shows_headline(self) -> bool:
        return self.actor.role is not Role.SUPPORT

    def compose(self) -> ComposeResult:
        yield Static("Working out how your cohorts are doing…", id="headline", markup=False)
        yield Label("News and updates", id="news-heading")
        with VerticalScroll(id="news"):
            yield Static("", id="news-items", markup=False)

    def on_mount(self) -> None:
        self.query_one("#headline").display = self.shows_headline
        self._timer = self.set_interval(HEADLINE_SECONDS, self.advance, pause=True)

    def reload(self) -> None:
        """Read the headline figures and the news again, in a worker."""
        run_store_call(
            self,
            self._read,
            self._loaded,
            lambda error: self._failed(first_line(error)),
            group="home-board",
            exclusive=True,
        )

    def _read(self) -> tuple[list[Headline], list[News]] | str:
        """In the worker's thread: the headlines and the news, or why they could not be read."""
        try:
            headlines = (
                cohort_headlines(self.database, self.actor, self.establishment_id, self.today)
                if self.shows_headline
                else []
            )
            return headlines, live_news(self.database, self.actor, self.today)
        except SQLAlchemyError as error:  # said on the board: the rest of home works without it
            return first_line(error)

    def _loaded(self, read: tuple[list[Headline], list[News]] | str) -> None:
        if isinstance(read, str):
            self._failed(read)
            return
        headlines, items = read
        self.headlines, self.news = headlines, items
        self.position = self.position % len(headlines) if headlines else 0
        if not self.screen.is_active:
            return  # read again and shown when home is back on top
        self._show_headline()
        self.query_one("#news-items", Static).update(news_text(items))
        if self._timer is not None:
            if len(headlines) > 1:
                self._timer.resume()
            else:
                self._timer.pause()

    def _failed(self, reason: str) -> None:
        self.query_one("#headline", Static).update(f"The headline could not be read: {reason}")
        self.query_one("#news-items", Static).update("")

    def pause(self) -> None:
        """Home is covered by another screen: the headline waits until it is back.

        A change under the top screen repainted all of it (22 KB at 80x24, 134 KB at 200x50),
        every few seconds, whatever screen was in use.
        """
        if self._timer is not None:
            self._timer.pause()

    def advance(self) -> None:
        """The next area (then the next cohort): from memory only, and only in view."""
        if self.headlines and self.screen.is_active:
            self.position = (self.position + 1) % len(self.headlines)
            self._show_headline()

    def _show_headline(self) -> None:
        headline = self.query_one("#headline", Static)
        # Its height is fixed (3 lines): a new headline needs no layout of the screen.
        if not self.headlines:
            headline.update(NO_HEADLINE, layout=False)
            return
        current = self.headlines[self.position]
        text = headline_text(current, self.position + 1, len(self.headlines))
        headline.update(text, layout=False)

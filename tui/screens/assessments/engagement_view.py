"""O in the grid: the cursor pupil's engagement model over time, area by area (forward, lateral
or back, and every note), read in a worker. No totals: the areas are not a ladder."""

from __future__ import annotations

from functools import partial

from textual.dom import DOMNode

from store.assessments.grid_model import GridModel
from store.core.access import Actor
from store.core.db import Database
from store.curriculum.engagement import NOT_TOTALLED
from store.progress.engagement_story import AreaStory, engagement_story
from tui.store_call import run_store_call


def story_lines(stories: list[AreaStory]) -> list[str]:
    """Each area's sentence and its notes, then why there is no total."""
    lines: list[str] = []
    for story in stories:
        lines += [story.said(), *story.notes()]
    return [*lines, "", NOT_TOTALLED]


def show_engagement_story(
    host: DOMNode, database: Database, actor: Actor, model: GridModel | None, row: int
) -> None:
    """Read the pupil's engagement model at every assessment, then show it."""
    if model is None or not model.rows:
        return
    pupil = model.rows[row]
    school = model.cohort.establishment_id
    call = partial(engagement_story, database, actor, school, pupil.id)

    def shown(stories: list[AreaStory]) -> None:
        from tui.screens.dialogs.why import WhyDialog

        title = f"{pupil.display_name}: the engagement model over time"
        host.app.push_screen(WhyDialog(title, story_lines(stories)))

    run_store_call(host, call, shown, group="engagement-story")

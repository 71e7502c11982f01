"""A school's settings for standardised scores: the age-related threshold, the five bands (NFER's
names) and the margin within which a score counts as maintained. Pure rules, no I/O
(store.assessments.score_settings keeps each establishment's)."""

from __future__ import annotations

from dataclasses import dataclass

SCORE_LOW = 69
"""The lowest standardised score a test reports (69 stands for "below 70")."""
SCORE_HIGH = 141
"""The highest (141 stands for "above 140")."""
THRESHOLD_USUAL = 100
"""The score a school takes as age-related unless it sets its own: the average of the tests'
standardisation sample. Not the national KS2 scaled score, whose 100 is the expected standard
of the end-of-key-stage tests."""
EDGES_USUAL = (70, 85, 95, 105, 115)
"""Where each band starts: well below 70-84, below 85-94, in line 95-104, above 105-114, well
above 115+ (NFER's)."""
BAND_NAMES = ("well below", "below", "in line", "above", "well above")
BAND_SHORT = ("WB", "B", "IL", "A", "WA")
"""The bands as the status line counts them."""
MARGIN_USUAL = 5
MARGIN_MAX = 20


@dataclass(frozen=True)
class ScoreBand:
    """One band: its name and the scores in it (`high` None: to the top)."""

    name: str
    short: str
    low: int
    high: int | None

    def said(self) -> str:
        """ "95-104", "115+"."""
        return f"{self.low}+" if self.high is None else f"{self.low}-{self.high}"

    def said_for(self, score: int) -> str:
        """ "104: in line (95-104)"; a score under the first band's start (69) says so."""
        if score < self.low:
            return f"{score}: {self.name} (under {self.low})"
        return f"{score}: {self.name} ({self.said()})"


@dataclass(frozen=True)
class ScoreSettings:
    """An establishment's threshold, band edges and margin (the usual ones unless it set
    its own)."""

    threshold: int = THRESHOLD_USUAL
    edges: tuple[int, ...] = EDGES_USUAL
    margin: int = MARGIN_USUAL

    @property
    def bands(self) -> tuple[ScoreBand, ...]:
        """The five bands, lowest first."""
        highs: list[int | None] = [edge - 1 for edge in self.edges[1:]]
        highs.append(None)
        named = zip(BAND_NAMES, BAND_SHORT, self.edges, highs, strict=True)
        return tuple(ScoreBand(name, short, low, high) for name, short, low, high in named)

    def band_index(self, score: int) -> int:
        """Which band a score is in (0: well below; a score under the first edge counts there)."""
        index = 0
        for position, edge in enumerate(self.edges):
            if score >= edge:
                index = position
        return index

    def band_of(self, score: int) -> ScoreBand:
        return self.bands[self.band_index(score)]

    def problem(self) -> tuple[str, str] | None:
        """What is wrong with these settings, as (field, sentence saying what to do); None if
        nothing is."""
        return settings_problem(self.threshold, self.edges, self.margin)

    def said(self) -> str:
        """ "threshold 100; bands well below 70-84, ...; maintained within 5"."""
        bands = ", ".join(f"{band.name} {band.said()}" for band in self.bands)
        return f"threshold {self.threshold}; bands {bands}; maintained within {self.margin}"


USUAL_SCORES = ScoreSettings()


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def settings_problem(
    threshold: object, edges: tuple[object, ...], margin: object
) -> tuple[str, str] | None:
    """Why these cannot be an establishment's score settings, as (field, sentence); None if
    they can."""
    if not _whole(threshold) or not SCORE_LOW <= threshold <= SCORE_HIGH:  # type: ignore[operator]
        return (
            "threshold",
            f"The threshold is a score from {SCORE_LOW} to {SCORE_HIGH} (usually "
            f"{THRESHOLD_USUAL}), not {threshold}: type a whole number in that range.",
        )
    if len(edges) != len(BAND_NAMES):
        return "edges", f"Give where each of the {len(BAND_NAMES)} bands starts."
    for name, edge in zip(BAND_NAMES, edges, strict=True):
        if not _whole(edge) or not SCORE_LOW <= edge <= SCORE_HIGH:  # type: ignore[operator]
            return (
                "edges",
                f"The band {name} starts at a score from {SCORE_LOW} to {SCORE_HIGH}, not "
                f"{edge}: type a whole number in that range.",
            )
    starts = [int(edge) for edge in edges]  # type: ignore[call-overload]
    for index in range(1, len(starts)):
        if starts[index] <= starts[index - 1]:
            return (
                "edges",
                f"The band {BAND_NAMES[index]} starts at {starts[index]}, not above where "
                f"{BAND_NAMES[index - 1]} starts ({starts[index - 1]}): each band starts above "
                "the one before it.",
            )
    if not _whole(margin) or not 0 <= margin <= MARGIN_MAX:  # type: ignore[operator]
        return (
            "margin",
            f"The margin is a whole number from 0 to {MARGIN_MAX} (usually {MARGIN_USUAL}), "
            f"not {margin}: a change within it either way counts as maintained.",
        )
    return None

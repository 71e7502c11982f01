"""Small helpers shared by the benchmarks: percentiles and the printed lines."""

from __future__ import annotations

import math
import statistics
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

Figures = dict[str, float]
"""What every benchmark's main() returns: figure name -> value (milliseconds, bytes, MiB...)."""


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values)) if values else math.nan


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile (p90: share 0.9)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return float(ordered[rank - 1])


def report(name: str, values: Sequence[float], target: str = "", unit: str = "") -> None:
    """Print `name  median M  p90 P  max X  (target)` for a series of samples."""
    text = (
        f"{name:<40} median {median(values):8.1f}{unit}  p90 {percentile(values, 0.9):8.1f}{unit}"
        f"  max {max(values) if values else math.nan:8.1f}{unit}  n={len(values)}"
    )
    if target:
        text += f"  ({target})"
    print(text, flush=True)


def line(name: str, value: float, target: str = "", unit: str = "") -> None:
    """Print `name  value  (target)` for one figure."""
    text = f"{name:<40} {value:10.1f}{unit}"
    if target:
        text += f"  ({target})"
    print(text, flush=True)


def heading(title: str) -> None:
    print(f"\n== {title} ==", flush=True)


@contextmanager
def scratch_folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="pupil-tracker-bench-") as folder:
        yield Path(folder)

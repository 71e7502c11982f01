"""The installed version of Pupil Tracker, for `--version` and the about line."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version


def package_version() -> str:
    try:
        return version("pupil-tracker")
    except PackageNotFoundError:
        return "0+unknown"

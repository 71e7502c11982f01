"""What both grids say (the judgements of the Assessments screen and the pupils' characteristics
of multi-edit): the banner over pupils left out of the figures, and a save the database refused."""

from __future__ import annotations

EXCLUDED_BANNER = "Include in Data has been set to No for a number of pupils."
SAVE_FAILED = (
    "Not saved: the database could not be written ({reason}). Nothing was changed; try again."
)

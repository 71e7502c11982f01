"""`python -m tui` runs the same command as `pupil-tracker`."""

from __future__ import annotations

import sys

from tui.launch import main

sys.exit(main())

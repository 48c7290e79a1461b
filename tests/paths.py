"""Where the tests find the repository's files and the shared sources."""

import datetime as dt
import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GEODATA = REPO / "geodata"
# CI clones the repo with shared/ beside it; KARABAKH_SHARED points elsewhere.
SHARED = Path(os.environ.get("KARABAKH_SHARED", REPO.parent / "shared"))
ARTIFACTS = REPO / "test-artifacts"
# A fixed "today" for pure figure tests, so they do not change with the calendar.
TODAY = dt.date(2026, 11, 25)

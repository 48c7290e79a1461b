"""Where the tests find the repository's files."""

import datetime as dt
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GEODATA = REPO / "geodata"
ARTIFACTS = REPO / "test-artifacts"
# A fixed "today" for pure figure tests, so they do not change with the calendar.
TODAY = dt.date(2026, 11, 25)

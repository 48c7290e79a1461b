"""Where the project's files are: one place for every path the app and the build read.

The app runs from a checkout (``make run``, gunicorn); the wheel holds code only. Its
data and assets are the checkout's ``geodata/`` and ``assets/``, or those under
``KARABAKH_ROOT`` when the code is installed elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(os.environ.get("KARABAKH_ROOT") or Path(__file__).resolve().parents[2])
#: The built, committed data the app reads at run time.
GEODATA = ROOT / "geodata"
#: Files Dash serves and exports inline (plotly.js bundle, base map, CSS, scripts).
ASSETS = ROOT / "assets"
#: Inputs of the data build: public extracts and researched tables, with provenance.
SOURCES = ROOT / "sources"
GEODATA_SOURCES = SOURCES / "geodata"
RESEARCH = SOURCES / "research"
#: The project's own hand-written tables, one README each.
EDITORIAL = ROOT / "editorial"

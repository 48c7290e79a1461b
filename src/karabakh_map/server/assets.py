"""The files the app serves from assets/ and inlines into exports."""

from __future__ import annotations

from karabakh_map.paths import ASSETS

# plotly.js with only the trace types the app draws (`make plotly-bundle`); dcc.Graph uses
# the window.Plotly it defines instead of fetching Dash's full 4.8 MB build.
PLOTLY_BUNDLE = ASSETS / "plotly-partial.min.js"
# plotly.js fetches <topojsonURL><scope>_<resolution>m.json for every geo subplot.
TOPOJSON_DIR = ASSETS / "topojson"
TOPOJSON_NAME = "asia_50m"

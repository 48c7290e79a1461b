"""The dashboard's view outputs, memoised per process.

Every builder is a pure function of the view state (and the day), so a process may
keep what it built: the cache never changes an answer, only how soon it comes. Each
worker fills its own; nothing is shared or written back.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from functools import lru_cache

import plotly.io as pio

from karabakh_map.data.atlas import Atlas
from karabakh_map.figures.map import GeoJSONSource, map_figure, overlay_traces
from karabakh_map.model.view_state import DEFAULT_COMPARE, ViewState

# Views kept per process; a figure is about 10 kB of JSON.
CACHED_VIEWS = 512


def plain_json(value):
    """A plotly figure or trace, or a Dash component tree, as the plain JSON the browser receives.

    Plain dicts and lists compare with ==, and Dash serialises them with the json module's C
    encoder; components it serialises in Python, one call each (for a details panel, about a
    third of a click callback's time).
    """
    return json.loads(pio.json.to_json_plotly(value))


class MapFigures:
    """The map of a view as plotly JSON.

    The map without a selection depends on the names, layers and date only; the
    selection and true-size outlines on the region, place and names. Each part is
    built once per process and the two are put together per request.
    """

    def __init__(self, atlas: Atlas, geojson_for: GeoJSONSource):
        self._atlas = atlas
        self._geojson_for = geojson_for
        self._base = lru_cache(maxsize=CACHED_VIEWS)(self._build_base)
        self._overlays = lru_cache(maxsize=CACHED_VIEWS)(self._build_overlays)

    def _build_base(self, state: ViewState, today: dt.date) -> dict:
        return plain_json(map_figure(self._atlas, state, self._geojson_for, today))

    def _build_overlays(self, state: ViewState) -> dict[str, dict]:
        return {trace.uid: plain_json(trace) for trace in overlay_traces(self._atlas, state)}

    def figure(self, state: ViewState, today: dt.date) -> dict:
        """The map for ``state``; do not modify the result (parts of it are shared)."""
        base = self._base(replace(state, region=None, compare=DEFAULT_COMPARE, event=None), today)
        if state.region is None:
            return base
        overlays = self._overlays(ViewState(region=state.region, compare=state.compare, names=state.names))
        return {**base, "data": [overlays.get(trace.get("uid"), trace) for trace in base["data"]]}

"""The map: its frame on the page, its per-process figures, and the callback that redraws it.

The map follows the view one step behind the panel: the router's answer paints the
panel, then this callback sends the map a Patch from what it draws to what the page
now shows (tens of milliseconds of plotly.js work that would otherwise hold back the
panel).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from functools import lru_cache

from dash import Input, Output, State, dcc, html, no_update

from karabakh_map.data.atlas import Atlas
from karabakh_map.figures.frame import MapView, view_for
from karabakh_map.figures.map import GeoJSONSource, base_figure, map_figure, overlay_traces
from karabakh_map.figures.patch import figure_patch
from karabakh_map.model.view_state import ViewState
from karabakh_map.ui import ids
from karabakh_map.ui.cache import CACHED_VIEWS, plain_json
from karabakh_map.ui.site import Site


class MapFigures:
    """The map of a view as plotly JSON.

    The map without a selection depends on the names, layers, date, frame and a
    selected town (always labelled); the selection and comparison on the region, place
    and frame. Each part is built once per process and the two are put together per
    request, as :func:`karabakh_map.figures.map.map_figure` does.
    """

    def __init__(self, atlas: Atlas, geojson_for: GeoJSONSource):
        self._atlas = atlas
        self._geojson_for = geojson_for
        self._base = lru_cache(maxsize=CACHED_VIEWS)(self._build_base)
        self._overlays = lru_cache(maxsize=CACHED_VIEWS)(self._build_overlays)

    def _build_base(self, state: ViewState, view: MapView, today: dt.date) -> dict:
        return plain_json(base_figure(self._atlas, state, view, self._geojson_for, today))

    def _build_overlays(self, state: ViewState, view: MapView) -> dict[str, dict]:
        return {trace.uid: plain_json(trace) for trace in overlay_traces(self._atlas, state, view)}

    def figure(self, state: ViewState, today: dt.date) -> dict:
        """The map for ``state``; do not modify the result (parts of it are shared)."""
        view = view_for(self._atlas, state)
        town = state.region if state.region and self._atlas.layer_of(state.region) == "towns" else None
        base = self._base(replace(state, region=town, compare=None, event=None, frame=None), view, today)
        if state.region is None:
            return base
        overlays = self._overlays(ViewState(region=state.region, compare=state.compare, names=state.names), view)
        return {**base, "data": [overlays.get(trace.get("uid"), trace) for trace in base["data"]]}


def layout(site: Site) -> html.Div:
    """The map's frame, drawn with the default view before the first callback answers."""
    config = {
        # plotly.js fetches a world TopoJSON for every geo subplot; serve it ourselves.
        "topojsonURL": site.asset_url("topojson/"),
        "displaylogo": False,
        "scrollZoom": True,
    }
    figure = map_figure(site.atlas, ViewState(), site.geojson_url, dt.date.today())
    # A responsive dcc.Graph is 100 % of its parent's height: the frame sets it.
    return html.Div(
        className="map-frame",
        children=[
            dcc.Graph(id=ids.MAP, figure=figure, className="map", responsive=True, config=config),
            dcc.Store(id=ids.MAP_SHOWN, data=""),  # the layout's map is the default view's
        ],
    )


def register(app, site: Site) -> None:
    """The map's callback: it follows ``view-shown``."""
    figures = MapFigures(site.atlas, site.geojson_url)

    @app.callback(
        output=dict(figure=Output(ids.MAP, "figure"), drawn=Output(ids.MAP_SHOWN, "data")),
        inputs=dict(shown=Input(ids.VIEW_SHOWN, "data")),
        state=dict(drawn=State(ids.MAP_SHOWN, "data")),
        prevent_initial_call=True,
    )
    def redraw(shown, drawn):
        if not isinstance(shown, str):
            return dict(figure=no_update, drawn=no_update)
        today = dt.date.today()
        patch = figure_patch(figures.figure(site.view_of(drawn)[0], today), figures.figure(site.view_of(shown)[0], today))
        return dict(figure=patch if patch is not None else no_update, drawn=shown)

"""``create_app()``: the Dash app, its routes and callbacks, from a validated geodata/."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import dash
import flask

from karabakh_map.atlas import DEFAULT_GEODATA, MANIFEST, Atlas, load_atlas
from karabakh_map.callbacks import register_callbacks
from karabakh_map.comparison import compare_ids
from karabakh_map.figures.map import map_figure
from karabakh_map.layout import TITLE, page_layout
from karabakh_map.state import ViewState

ASSETS = Path(__file__).resolve().parents[2] / "assets"
DRAW_ROUTE = "/geodata/draw/<layer>.geojson"
# Drawn geometry changes only with a rebuild: let browsers keep it for a day.
GEOJSON_MAX_AGE_S = 86_400


def _register_routes(server: flask.Flask, atlas: Atlas) -> None:
    @server.get(DRAW_ROUTE)
    def drawn_geojson(layer: str) -> flask.Response:
        data = atlas.drawn.get(layer)
        if data is None:
            return flask.Response(f"no drawn layer called {layer!r}\n", status=404, mimetype="text/plain")
        response = flask.Response(data, mimetype="application/geo+json")
        response.cache_control.public = True
        response.cache_control.max_age = GEOJSON_MAX_AGE_S
        return response

    @server.get(f"/geodata/{MANIFEST}")
    def manifest() -> flask.Response:
        return flask.jsonify(dict(atlas.manifest))


def create_app(geodata: Path = DEFAULT_GEODATA) -> dash.Dash:
    """Load and validate geodata/ and build the app; raises GeodataError naming a bad file."""
    atlas = load_atlas(geodata)
    app = dash.Dash(__name__, title=TITLE, assets_folder=str(ASSETS), serve_locally=True)
    _register_routes(app.server, atlas)

    def geojson_url(layer: str) -> str:
        return app.get_relative_path(DRAW_ROUTE.replace("<layer>", layer))

    graph_config = {
        # plotly.js fetches a world TopoJSON for every geo subplot; serve it ourselves.
        "topojsonURL": app.get_asset_url("topojson/"),
        "displaylogo": False,
        "scrollZoom": True,
    }
    region_ids = frozenset(
        region for name, frame in atlas.layers.items() if name != "comparison_places" for region in frame.index
    )
    places = frozenset(compare_ids(atlas))
    app.layout = page_layout(
        atlas,
        map_figure(atlas, ViewState(), geojson_url, dt.date.today()),
        graph_config,
        app.get_relative_path(f"/geodata/{MANIFEST}"),
        places,
    )
    register_callbacks(app, atlas, region_ids, places, geojson_url)
    return app

"""``create_app()``: the Dash app, its routes and callbacks, from a validated geodata/."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import dash
import flask

from karabakh_map.server import guard, headers, index, static
from karabakh_map.server.assets import ASSETS
from karabakh_map.data.atlas import DEFAULT_GEODATA, MANIFEST, load_atlas
from karabakh_map.ui.callbacks import register_callbacks
from karabakh_map.model.areas import compare_ids
from karabakh_map.model.controls import Choices
from karabakh_map.reports.render import chromium_available
from karabakh_map.server.routes import DRAW_ROUTE, register_routes
from karabakh_map.model.periods import event_ids
from karabakh_map.figures.map import map_figure
from karabakh_map.ui import ids
from karabakh_map.ui.first_paint import map_svg, static_html
from karabakh_map.ui.layout import TITLE, page_layout
from karabakh_map.reports.figure import data_version
from karabakh_map.model.view_state import ViewState

# Everything text-like this app serves (flask-compress's defaults lack GeoJSON and CSV).
COMPRESSED_TYPES = [
    "text/html",
    "text/css",
    "text/plain",
    "text/csv",
    "text/javascript",
    "application/javascript",
    "application/json",
    "application/geo+json",
    "image/svg+xml",
]


def create_app(geodata: Path = DEFAULT_GEODATA) -> dash.Dash:
    """Load and validate geodata/ and build the app; raises GeodataError naming a bad file."""
    atlas = load_atlas(geodata)
    server = flask.Flask(__name__)
    # flask-compress fixes its list of types when it starts and leaves others uncompressed;
    # the drawn GeoJSON is the largest payload the page fetches.
    server.config["COMPRESS_MIMETYPES"] = COMPRESSED_TYPES
    app = dash.Dash(
        __name__, server=server, title=TITLE, assets_folder=str(ASSETS), serve_locally=True, compress=True
    )

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
    server_renders = chromium_available()
    register_routes(app.server, atlas, Choices(region_ids, places, event_ids(atlas)), app.get_relative_path("/"))
    app.layout = page_layout(
        atlas,
        map_figure(atlas, ViewState(), geojson_url, dt.date.today()),
        graph_config,
        app.get_relative_path(f"/geodata/{MANIFEST}"),
        places,
        server_renders=server_renders,
    )
    index.install(app, static_html(app.layout, {ids.MAP: map_svg(atlas, ViewState(), dt.date.today())}))
    register_callbacks(app, atlas, region_ids, places, geojson_url, server_renders)
    guard.install(app)
    static.install(app, ASSETS)
    headers.install(app, data_version(atlas))
    return app

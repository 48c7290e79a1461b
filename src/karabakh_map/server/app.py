"""``create_app()``: the Dash app, its routes and callbacks, from a validated geodata/."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache, partial
from pathlib import Path

import dash
import flask

from karabakh_map.data.atlas import DEFAULT_GEODATA, load_atlas
from karabakh_map.data.layers import drawing_path
from karabakh_map.model.view_state import ViewState
from karabakh_map.reports.renderer import chromium_available
from karabakh_map.server import guard, headers, index, static
from karabakh_map.server.assets import ASSETS, PLOTLY_BUNDLE
from karabakh_map.server.deployment import Deployment
from karabakh_map.server.routes import EMBED_ENDPOINT, register_routes
from karabakh_map.ui import ids
from karabakh_map.ui import map as map_section
from karabakh_map.ui.cache import CACHED_VIEWS
from karabakh_map.ui.controls import Choices
from karabakh_map.ui.first_paint import KEY_SLOT, MAP_SLOT, static_html
from karabakh_map.ui.page import TITLE, page_layout, register_callbacks
from karabakh_map.ui.site import Site

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


def create_app(geodata: Path = DEFAULT_GEODATA, deployment: Deployment | None = None) -> dash.Dash:
    """Load and validate geodata/ and build the app; raises GeodataError naming a bad file.

    ``deployment`` (URL prefix, trusted proxies, public URL) defaults to the environment's.
    """
    deployment = deployment or Deployment.from_environment()
    atlas = load_atlas(geodata)
    server = flask.Flask(__name__)
    # flask-compress fixes its list of types when it starts and leaves others uncompressed;
    # the drawn GeoJSON is the largest payload the page fetches.
    server.config["COMPRESS_MIMETYPES"] = COMPRESSED_TYPES
    app = dash.Dash(
        __name__, server=server, title=TITLE, assets_folder=str(ASSETS), serve_locally=True, compress=True,
        # Served, not loaded with the page: assets/static-map.js loads it when needed (server.index).
        assets_ignore=re.escape(PLOTLY_BUNDLE.name),
        # Routes at the root, URLs under the prefix: deployment.install maps one onto the other.
        routes_pathname_prefix="/", requests_pathname_prefix=deployment.url_prefix,
    )

    site = Site(
        atlas=atlas,
        choices=Choices.of(atlas),
        base_path=app.get_relative_path("/"),
        asset_url=app.get_asset_url,
        geojson_url=lambda layer, level: app.get_relative_path("/" + drawing_path(layer, level)),
        server_renders=chromium_available(),
    )
    register_routes(app.server, atlas, site.choices, site.base_path, deployment)
    app.layout = page_layout(site)
    # The link's view decides the first paint's map and key (the default view's drawn once a day).
    first_paint = lru_cache(maxsize=CACHED_VIEWS)(partial(map_section.first_paint, site))
    first_paint(ViewState(), dt.date.today())

    def with_the_links_view(page: str) -> str:
        state = site.view_of(flask.request.query_string.decode("utf-8", "replace"))[0]
        for slot, drawn in first_paint(state, dt.date.today()).items():
            page = page.replace(slot, drawn, 1)
        return page

    slots = {ids.MAP_STATIC: MAP_SLOT, ids.MAP: "", ids.MAP_KEY: KEY_SLOT}
    index.install(app, static_html(app.layout, slots), PLOTLY_BUNDLE, with_the_links_view)
    register_callbacks(app, site)
    guard.install(app)
    static.install(app, ASSETS)
    headers.install(app, EMBED_ENDPOINT)
    deployment.install(app.server)
    return app

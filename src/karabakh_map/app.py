"""``create_app()``: the Dash app, its layout and the routes that serve geodata.

The layout is built from the pure figure builders; the app adds only wiring.
"""

from __future__ import annotations

from pathlib import Path

import dash
import flask
from dash import dcc, html

from karabakh_map import ids
from karabakh_map.atlas import DEFAULT_GEODATA, MANIFEST, Atlas, load_atlas
from karabakh_map.figures.map import map_figure
from karabakh_map.state import ViewState

ASSETS = Path(__file__).resolve().parents[2] / "assets"
DRAW_ROUTE = "/geodata/draw/<layer>.geojson"
# Drawn geometry changes only with a rebuild: let browsers keep it for a day.
GEOJSON_MAX_AGE_S = 86_400
TITLE = "Nagorno-Karabakh: a sourced map of the conflict"


def _sources_caption(atlas: Atlas, state: ViewState, manifest_url: str) -> html.P:
    return html.P(
        id=ids.SOURCES_CAPTION,
        className="sources",
        children=[
            "Sources: ",
            " · ".join(text.rstrip(".") for text in atlas.attributions(sorted(state.layers))),
            ". Boundaries are approximate (1:10M) and dated; each layer's sources, licences, methods and fixes are in ",
            html.A("the data manifest", href=manifest_url),
            ".",
        ],
    )


def _layout(app: dash.Dash, atlas: Atlas) -> html.Div:
    state = ViewState()
    figure = map_figure(
        atlas, state, lambda layer: app.get_relative_path(DRAW_ROUTE.replace("<layer>", layer))
    )
    graph = dcc.Graph(
        id=ids.MAP,
        figure=figure,
        className="map",
        responsive=True,
        config={
            # plotly.js fetches a world TopoJSON for every geo subplot; serve it ourselves.
            "topojsonURL": app.get_asset_url("topojson/"),
            "displaylogo": False,
            "scrollZoom": True,
        },
    )
    return html.Div(
        className="page",
        children=[
            html.Header(
                className="masthead",
                children=[
                    html.H1(TITLE),
                    html.P(
                        "Armenia, Azerbaijan and Nagorno-Karabakh: who held what, when, with every figure sourced.",
                        className="lede",
                    ),
                ],
            ),
            html.Main(
                className="content",
                children=[
                    # A responsive dcc.Graph is 100 % of its parent's height: the frame sets it.
                    html.Section(className="map-panel", children=[html.Div(className="map-frame", children=[graph])]),
                    html.Aside(
                        className="side-panel",
                        children=[
                            html.H2("About this map"),
                            html.P(
                                "Hover over a region or town to name it. Azerbaijan is drawn in its internationally "
                                "recognised borders; the Soviet-era NKAO (1923–1991) is outlined as history, and the "
                                "seven surrounding districts are shaded."
                            ),
                        ],
                    ),
                ],
            ),
            html.Footer(
                className="footer",
                children=[_sources_caption(atlas, state, app.get_relative_path(f"/geodata/{MANIFEST}"))],
            ),
        ],
    )


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
    app.layout = _layout(app, atlas)
    return app

"""Flask routes beside the Dash app: drawn geometry, the manifest, snapshots, the embed page, data downloads, health.

Every route answers bad input with a 4xx and a plain message, never a 5xx. An image
export the server cannot make now (no browser, a full queue, past its time limit) is a
503 with ``Retry-After`` and the reason, logged with the view it was for.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import zipfile
from pathlib import Path
from urllib.parse import urlencode

import flask
import plotly

from karabakh_map.server.assets import PLOTLY_BUNDLE
from karabakh_map.data.atlas import MANIFEST, Atlas
from karabakh_map.reports.render import MEDIA_TYPES, ExportError, parse_export_request, render
from karabakh_map.reports.renderer import RenderUnavailable, process_renderer
from karabakh_map.data.layers import LAYERS_BY_NAME
from karabakh_map.reports.figure import alt_text, data_version, snapshot_figure, title
from karabakh_map.server.deployment import Deployment
from karabakh_map.figures.legend import legend_classes
from karabakh_map.ui.legend import swatch_css
from karabakh_map.model.view_state import parse_query, to_query

DRAW_ROUTE = "/geodata/draw/<layer>.geojson"
# Drawn geometry changes only with a rebuild: let browsers keep it for a day.
GEOJSON_MAX_AGE_S = 86_400
EMBED_JS = Path(__file__).with_name("embed.js")
VIEW_PARAMETERS = ("region", "names", "layers", "compare", "date", "event", "frame")
#: The one view other sites may frame (server/headers.py).
EMBED_ENDPOINT = "embed"
log = logging.getLogger(__name__)


def _text(message: str, status: int) -> flask.Response:
    return flask.Response(message + "\n", status=status, mimetype="text/plain")


def data_archive(atlas: Atlas, layer_names) -> bytes:
    """A zip of the shown layers (full geometry) and every table, with the manifest and a licence note."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(layer_names):
            path = LAYERS_BY_NAME[name].full_path
            archive.write(atlas.root / path, path)
        for table in sorted(atlas.tables):
            archive.write(atlas.root / f"tables/{table}.csv", f"tables/{table}.csv")
        archive.write(atlas.root / MANIFEST, MANIFEST)
        attributions = "\n".join(f"- {text}" for text in atlas.attributions(layer_names))
        archive.writestr(
            "LICENSE.txt",
            "Data from karabakh-map. Natural Earth data is in the public domain; GeoNames data is CC BY 4.0 and "
            "must be attributed. Research tables cite a source on every row.\n\nAttribution:\n"
            f"{attributions}\n\nEach file's sources, licences, methods and fixes: {MANIFEST}\n",
        )
    return buffer.getvalue()


def register_routes(server: flask.Flask, atlas: Atlas, choices, base_path: str, deployment: Deployment) -> None:
    """Attach the routes; ``choices`` holds the ids URL parameters may name, ``base_path`` is the page's path."""
    version = data_version(atlas)

    def view_of(args):
        query = urlencode([(k, v) for k, v in args.items(multi=True) if k in VIEW_PARAMETERS])
        state, _ = parse_query(query, choices.region_ids, choices.compare_ids, choices.event_ids)
        return state

    def permalink(state) -> str:
        return deployment.permalink_base(flask.request) + to_query(state)

    @server.get(DRAW_ROUTE)
    def drawn_geojson(layer: str) -> flask.Response:
        data = atlas.drawn.get(layer)
        if data is None:
            return _text(f"no drawn layer called {layer[:40]!r}", 404)
        response = flask.Response(data, mimetype="application/geo+json")
        response.cache_control.public = True
        response.cache_control.max_age = GEOJSON_MAX_AGE_S
        return response

    @server.get(f"/geodata/{MANIFEST}")
    def manifest() -> flask.Response:
        return flask.jsonify(dict(atlas.manifest))

    @server.get("/export")
    def export() -> flask.Response:
        try:
            request = parse_export_request(flask.request.args)
        except ExportError as error:
            return _text(f"export: {error}", 400)
        state = view_of(flask.request.args)
        today = dt.date.today()
        figure = snapshot_figure(atlas, state, today, permalink(state))
        try:
            data = render(figure, request, title(atlas, state, today), alt_text(atlas, state, today))
        except RenderUnavailable as error:
            log.warning("export failed: %s; view %s, %s %sx%s@%g", error, to_query(state) or "(the default view)",
                        request.format, request.width, request.height, request.scale)
            response = _text(f"export: {error}", 503)
            response.headers["Retry-After"] = str(error.retry_after_s)
            return response
        name = f"karabakh-map-{state.region or 'overview'}-{state.on(today).isoformat()}.{request.format}"
        return flask.Response(
            data,
            mimetype=MEDIA_TYPES[request.format],
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    @server.get("/export-data.zip")
    def export_data() -> flask.Response:
        state = view_of(flask.request.args)
        data = data_archive(atlas, state.layers)
        return flask.Response(
            data, mimetype="application/zip", headers={"Content-Disposition": 'attachment; filename="karabakh-map-data.zip"'}
        )

    @server.get("/embed/embed.js")
    def embed_js() -> flask.Response:
        return flask.send_file(EMBED_JS, mimetype="text/javascript", max_age=GEOJSON_MAX_AGE_S)

    @server.get("/healthz")
    def health() -> flask.Response:
        """For load balancers: 200 while the map is served; says whether image export works, and if not why."""
        return flask.jsonify({"status": "ok", "data_version": version, "export": process_renderer().status()})

    @server.get("/embed", endpoint=EMBED_ENDPOINT)
    def embed() -> flask.Response:
        from karabakh_map.figures.map import map_figure

        state = view_of(flask.request.args)
        today = dt.date.today()
        figure = map_figure(
            atlas, state, lambda layer: base_path + DRAW_ROUTE.replace("<layer>", layer).lstrip("/"), today
        )
        full_view = base_path + to_query(state)
        legend = [(drawn.kind, drawn.symbol or "box", swatch_css(drawn), drawn.label)
                  for drawn in legend_classes(atlas, state, today)]
        page = flask.render_template_string(
            EMBED_PAGE,
            legend=legend,
            sources=" · ".join(text.rstrip(".") for text in atlas.attributions(sorted(state.layers | {"towns"}))),
            title=title(atlas, state, today),
            alt=alt_text(atlas, state, today),
            # "</" inside the JSON would end the script element early.
            figure=json.dumps(figure.to_plotly_json(), cls=plotly.utils.PlotlyJSONEncoder).replace("</", "<\\/"),
            topojson_url=base_path + "assets/topojson/",
            full_view=full_view,
            base=base_path,
            plotly_bundle=PLOTLY_BUNDLE.name,
        )
        return flask.Response(page, mimetype="text/html")


EMBED_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title><meta name="description" content="{{ alt }}">
<link rel="stylesheet" href="{{ base }}assets/legend.css">
<style>html,body{margin:0;height:100%;font:12px system-ui,sans-serif}#map{position:absolute;inset:0 0 20px 0}
.bar{position:absolute;left:0;right:0;bottom:0;height:20px;display:flex;gap:10px;align-items:center;padding:0 6px;
white-space:nowrap;overflow:hidden}#back{color:#1f5f8b;overflow:hidden;text-overflow:ellipsis}
details.legend{flex:none}details.legend summary{cursor:pointer;color:#1f5f8b}
details.legend[open] .legend-panel{position:absolute;left:4px;bottom:22px;max-width:calc(100% - 8px);max-height:calc(100% - 30px);
overflow:auto;background:#fff;border:1px solid #ccc;padding:4px 8px;white-space:normal}</style></head>
<body><div id="map" role="img" aria-label="{{ alt }}"></div>
<div class="bar"><details class="legend"><summary>Legend</summary><div class="legend-panel">
<ul class="map-legend">{% for kind, symbol, css, label in legend %}<li class="legend-entry legend-{{ kind }}">
<span class="legend-swatch swatch-{{ kind }} swatch-{{ symbol }}" style="{{ css }}" aria-hidden="true"></span>
<span class="legend-label">{{ label }}</span></li>{% endfor %}</ul><p class="legend-sources">{{ sources }}</p></div></details>
<a id="back" href="{{ full_view }}" target="_top">{{ title }} · open the full view</a></div>
<script id="figure" type="application/json">{{ figure | safe }}</script>
<script src="{{ base }}assets/{{ plotly_bundle }}"></script>
<script src="{{ base }}assets/labels.js"></script>
<script src="{{ base }}embed/embed.js" data-topojson="{{ topojson_url }}"></script>
</body></html>
"""

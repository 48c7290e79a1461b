"""Flask routes beside the Dash app: drawn geometry, the manifest, snapshots, the embed page, data downloads, health.

Every route answers bad input with a 4xx and a plain message, never a 5xx. An image
export the server cannot make now (no browser, a full queue, past its time limit) is a
503 with ``Retry-After`` and the reason, logged with the view it was for.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

import flask
import plotly
from dash import html

from karabakh_map.data.atlas import MANIFEST, Atlas
from karabakh_map.data.layers import drawing_path
from karabakh_map.figures.frame import ASPECT, REFERENCE_WIDTH_PX, view_for
from karabakh_map.figures.legend import legend_classes
from karabakh_map.figures.map import PAGE_DRAWN_SHARE, label_sets, map_figure
from karabakh_map.model.periods import covered_dates
from karabakh_map.model.view_state import ViewState, parse_query, to_query
from karabakh_map.reports.batch import EXPORT_KEYS
from karabakh_map.reports.data_package import data_archive
from karabakh_map.reports.figure import alt_text, data_version, snapshot_figure, sources_line, title
from karabakh_map.reports.layout import TooSmall
from karabakh_map.reports.render import MEDIA_TYPES, ExportError, parse_export_request, render
from karabakh_map.reports.renderer import RenderUnavailable, process_renderer
from karabakh_map.server.assets import PLOTLY_BUNDLE
from karabakh_map.server.deployment import Deployment
from karabakh_map.ui.cache import CACHED_VIEWS, memoised
from karabakh_map.ui.first_paint import LOCATOR_ROUTE, locator_svg, static_html
from karabakh_map.ui.graph_config import map_config
from karabakh_map.ui.legend import legend_items
from karabakh_map.ui.map import Keys

DRAW_ROUTE = "/geodata/draw/<layer>.geojson"
# The fine level of detail, for windows zoomed in on the Karabakh frame (data.layers.detail_level).
FINE_DRAW_ROUTE = "/geodata/draw/fine/<layer>.geojson"
# Drawn geometry changes only with a rebuild: let browsers keep it for a day.
GEOJSON_MAX_AGE_S = 86_400
EMBED_JS = Path(__file__).with_name("embed.js")
#: The one view other sites may frame (server/headers.py).
EMBED_ENDPOINT = "embed"
# An embed gets its labels placed for a map of about its size (server/embed.js): placed for 750 px and thinned,
# a 480 × 320 embed lost Shusha's name to Stepanakert's. By the shape (width / height) its frame is fitted to:
# the page's, the suggested 800 × 560 iframe's and a 480 × 320 one's (its map 205–220 px tall, whether or not an
# event's caption takes a line), each at a few widths. (The page's frame widened to a wide iframe left the sides
# it added unlabelled: Nakhchivan unnamed at 480 × 320.)
EMBED_LABEL_WIDTHS_PX = {ASPECT: (300, 400, 500), 1.65: (600, 750), 2.15: (440, 520)}
log = logging.getLogger(__name__)


def embed_frames(atlas: Atlas, state: ViewState, geojson_for, today: dt.date) -> list[dict]:
    """For each shape of EMBED_LABEL_WIDTHS_PX, its frame and its label sets (server/embed.js draws one).

    Plain JSON: ``[{"aspect": width / height, "lonaxis": [west, east], "lataxis": [south, north]
    (degrees), "sets": {width in px: labelled traces}}]``.
    """
    frames = []
    for aspect, widths in EMBED_LABEL_WIDTHS_PX.items():
        view = view_for(atlas, state, aspect)
        frames.append({"aspect": aspect, "lonaxis": list(view.lon_range), "lataxis": list(view.lat_range),
                       "sets": label_sets(atlas, state, geojson_for, today, widths, aspect)})
    return frames


def _text(message: str, status: int) -> flask.Response:
    return flask.Response(message + "\n", status=status, mimetype="text/plain")


def _exported(atlas: Atlas, state, notices: list[str], request, permalink: str) -> flask.Response:
    """The view rendered as a download; a 400 naming any value refused, or a 503 naming why it cannot be now."""
    if notices:  # a file drawn with the default in place of a refused value would be a wrong answer
        return _text("export: " + " ".join(notices), 400)
    today = dt.date.today()
    try:
        figure = snapshot_figure(atlas, state, today, permalink, request.width, request.height)
    except TooSmall as error:
        return _text(f"export: {error}", 400)
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


def _data_zip(atlas: Atlas, notices: list[str]) -> flask.Response:
    """All the data whatever the view (what the manifest lists); a 400 naming a bad or repeated value of its link's view.

    The link's view is checked as /export checks it, so that a mistyped link is not answered with a silent 200.
    """
    if notices:
        return _text("export-data.zip: " + " ".join(notices), 400)
    return flask.Response(data_archive(atlas), mimetype="application/zip",
                          headers={"Content-Disposition": 'attachment; filename="karabakh-map-data.zip"'})


def _drawn(atlas: Atlas, layer: str, level: str) -> flask.Response:
    """A layer's drawing file at a level of detail (``overview`` or ``fine``), cached a day; 404 if none."""
    data = atlas.drawing(layer, level)
    if data is None:
        return _text(f"no drawn layer called {layer[:40]!r}", 404)
    response = flask.Response(data, mimetype="application/geo+json")
    response.cache_control.public = True
    response.cache_control.max_age = GEOJSON_MAX_AGE_S
    return response


def _register_locator(server: flask.Flask, atlas: Atlas, view_of) -> None:
    # Drawn once per frame (about 50 ms each): only the fields the frame depends on key it.
    drawn = lru_cache(maxsize=CACHED_VIEWS)(lambda frame: locator_svg(atlas, frame))

    @server.get(LOCATOR_ROUTE)
    def locator() -> flask.Response:
        # An image: a value the view refuses draws the default frame (the page says what it ignored).
        response = flask.Response(drawn(Keys.frame_view(view_of(flask.request.args)[0])), mimetype="image/svg+xml")
        response.cache_control.max_age = GEOJSON_MAX_AGE_S
        return response


def register_routes(server: flask.Flask, atlas: Atlas, choices, base_path: str, deployment: Deployment) -> None:
    """Attach the routes; ``choices`` holds the ids URL parameters may name, ``base_path`` is the page's path."""
    version = data_version(atlas)

    def view_of(args, fallback: bool = True) -> tuple[ViewState, list[str]]:
        """The view the request's parameters ask for, and a notice for each value refused (see ``parse_query``)."""
        query = urlencode([(k, v) for k, v in args.items(multi=True) if k not in EXPORT_KEYS])
        dates = covered_dates(atlas, dt.date.today())
        return parse_query(query, choices.region_ids, choices.compare_ids, choices.event_ids, dates, fallback=fallback,
                           event_spans=choices.event_spans)

    def permalink(state) -> str:
        return deployment.permalink_base(flask.request) + to_query(state)

    @server.get(DRAW_ROUTE, defaults={"level": "overview"})
    @server.get(FINE_DRAW_ROUTE, defaults={"level": "fine"})
    def drawn_geojson(layer: str, level: str) -> flask.Response:
        return _drawn(atlas, layer, level)

    @server.get(f"/geodata/{MANIFEST}")
    def manifest() -> flask.Response:
        return flask.jsonify(dict(atlas.manifest))

    @server.get("/export")
    def export() -> flask.Response:
        try:
            request = parse_export_request(flask.request.args)
        except ExportError as error:
            return _text(f"export: {error}", 400)
        # Nothing is drawn in a refused value's place: the notices say what is wrong, not what is shown.
        state, notices = view_of(flask.request.args, fallback=False)
        notices += [f"Refused “{key}”: given {len(values)} times; give it once." for key, values in
                    flask.request.args.lists() if key in EXPORT_KEYS and len(values) > 1]
        return _exported(atlas, state, notices, request, permalink(state))

    _register_locator(server, atlas, view_of)

    @server.get("/export-data.zip")
    def export_data() -> flask.Response:
        return _data_zip(atlas, view_of(flask.request.args, fallback=False)[1])

    @server.get("/robots.txt")
    def robots() -> flask.Response:
        # Crawlers may read every page, but not ask for exports: each one starts a render.
        return flask.Response(f"User-agent: *\nDisallow: {base_path}export\n", mimetype="text/plain")

    @server.get("/embed/embed.js")
    def embed_js() -> flask.Response:
        return flask.send_file(EMBED_JS, mimetype="text/javascript", max_age=GEOJSON_MAX_AGE_S)

    @server.get("/healthz")
    def health() -> flask.Response:
        """For load balancers: 200 while the map is served; says whether image export works, and if not why."""
        return flask.jsonify({"status": "ok", "data_version": version, "export": process_renderer().status()})

    drawing_url = lambda layer, level: base_path + drawing_path(layer, level)  # noqa: E731
    embed_labels = memoised(lambda state, today: embed_frames(atlas, state, drawing_url, today))

    @server.get("/embed", endpoint=EMBED_ENDPOINT)
    def embed() -> flask.Response:
        state, notices = view_of(flask.request.args)
        today = dt.date.today()
        figure = map_figure(atlas, state, drawing_url, today)
        full_view = base_path + to_query(state)
        # The page's own legend entries (ui.legend), written as HTML: the two never differ.
        legend = static_html(html.Ul(className="map-legend", children=legend_items(legend_classes(atlas, state, today))), {})
        page = flask.render_template_string(
            EMBED_PAGE,
            legend=legend,
            title=title(atlas, state, today),
            notices=notices,
            alt=alt_text(atlas, state, today),
            sources=sources_line(atlas, state),
            # "</" inside the JSON would end the script element early.
            figure=json.dumps(figure.to_plotly_json(), cls=plotly.utils.PlotlyJSONEncoder).replace("</", "<\\/"),
            config=json.dumps(map_config(base_path + "assets/topojson/")),
            label_sets=json.dumps(embed_labels(state, today)).replace("</", "<\\/"),
            own_labels_from=round(PAGE_DRAWN_SHARE * REFERENCE_WIDTH_PX),
            full_view=full_view,
            base=base_path,
            plotly_bundle=PLOTLY_BUNDLE.name,
            aspect=ASPECT,
        )
        return flask.Response(page, mimetype="text/html")


EMBED_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title><meta name="description" content="{{ alt }}">
<link rel="icon" href="{{ base }}assets/favicon.ico"><link rel="stylesheet" href="{{ base }}assets/legend.css">
<style>html,body{margin:0;height:100%;font:12px system-ui,sans-serif}main{display:flex;flex-direction:column;height:100%}
#map{position:relative;flex:1;min-height:0}footer{position:relative;padding:2px 6px;line-height:1.3}#back{color:#1f5f8b}
.bar{display:flex;gap:10px;align-items:baseline}h1{font-size:12px;font-weight:normal;margin:0;min-width:0}
#sources{color:#444}#notice{margin:0;color:#8a3b00}.legend-panel .map-legend{font-size:12px}
details.legend{flex:none}details.legend summary{cursor:pointer;color:#1f5f8b}
details.legend[open] .legend-panel{position:absolute;left:4px;bottom:100%;max-width:calc(100vw - 8px);
max-height:calc(100vh - 60px);overflow:auto;background:#fff;border:1px solid #ccc;padding:4px 8px}</style></head>
<body><main><div id="map" role="figure" aria-label="{{ alt }}" data-aspect="{{ aspect }}"
data-own-labels-from="{{ own_labels_from }}"></div>
<footer><div class="bar"><details class="legend"><summary>Legend</summary><div class="legend-panel">
{{ legend | safe }}</div></details>
<h1><a id="back" href="{{ full_view }}" target="_top">{{ title }} · open the full view</a></h1></div>
{% if notices %}<p id="notice" role="status">{{ notices | join(" ") }}</p>{% endif %}
<div id="sources">{{ sources }}</div></footer></main>
<script id="figure" type="application/json">{{ figure | safe }}</script>
<script id="config" type="application/json">{{ config | safe }}</script>
<script id="label-sets" type="application/json">{{ label_sets | safe }}</script>
<script src="{{ base }}assets/{{ plotly_bundle }}"></script>
<script src="{{ base }}assets/labels.js"></script>
<script src="{{ base }}embed/embed.js"></script>
</body></html>
"""

"""The map: its frame on the page with the legend and locator beside it, and its callback.

The map's figures are kept per process (:class:`MapFigures`).

The map follows the view one step behind the panel: the router's answer paints the
panel and the map's key (:meth:`Keys.changes`), then this callback sends the map a Patch
from what it draws to what the page now shows (tens of milliseconds of plotly.js work
that would otherwise hold back the panel).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from functools import lru_cache

from dash import ClientsideFunction, Input, Output, State, dcc, html, no_update

from karabakh_map.data.atlas import Atlas
from karabakh_map.figures.frame import REFERENCE_WIDTH_PX, MapView, view_for
from karabakh_map.figures.legend import legend_classes
from karabakh_map.figures.map import GeoJSONSource, base_figure, map_figure, overlay_traces
from karabakh_map.model.view_state import OVERVIEW_FRAME, ViewState, to_query
from karabakh_map.ui import ids, static_map
from karabakh_map.ui.cache import CACHED_VIEWS, memoised, plain_json
from karabakh_map.ui.first_paint import KEY_SLOT, LOCATOR_LABEL, LOCATOR_ROUTE, MAP_SLOT, static_html, static_map_html
from karabakh_map.ui.graph_config import map_config
from karabakh_map.ui.legend import legend_items
from karabakh_map.ui.patch import figure_patch
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

    def _build_base(self, state: ViewState, view: MapView, today: dt.date, width: int | None) -> dict:
        return plain_json(base_figure(self._atlas, state, view, self._geojson_for, today, width))

    def _build_overlays(self, state: ViewState, view: MapView) -> dict[str, dict]:
        return {trace.uid: plain_json(trace) for trace in overlay_traces(self._atlas, state, view)}

    def figure(self, state: ViewState, today: dt.date, width: int | None = None) -> dict:
        """The map for ``state``, its names, event markers and labels placed for a map ``width`` px wide (:func:`reported_width`).

        Do not modify the result (parts of it are shared).
        """
        view = view_for(self._atlas, state)
        town = state.region if state.region and self._atlas.layer_of(state.region) == "towns" else None
        base = self._base(replace(state, region=town, compare=None, event=None, frame=None), view, today, width)
        if state.region is None:
            return base
        overlays = self._overlays(ViewState(region=state.region, compare=state.compare, names=state.names), view)
        return {**base, "data": [overlays.get(trace.get("uid"), trace) for trace in base["data"]]}


# The page reports the map's width in steps of this many px (assets/labels.js, mapWidth), and
# only below the reference width: a few sizes, each a cached figure.
WIDTH_STEP_PX = 50
MIN_WIDTH_PX = 200


def reported_width(reported) -> int | None:
    """The map's width the page reported, if it is one it could send (a step below the reference), else None.

    Examples
    --------
    >>> reported_width(350), reported_width(None), reported_width(800), reported_width("350"), reported_width(333)
    (350, None, None, None, None)
    """
    if isinstance(reported, int) and not isinstance(reported, bool) and reported % WIDTH_STEP_PX == 0 \
            and MIN_WIDTH_PX <= reported < REFERENCE_WIDTH_PX:
        return reported
    return None


def frame_link(site: Site, view: ViewState) -> dict:
    """The link between the whole region and the view's own frame: its text and where it goes."""
    if view.frame == OVERVIEW_FRAME:
        return {"children": "Back to the map's frame", "href": site.href(replace(view, frame=None))}
    return {"children": "Whole region", "href": site.href(replace(view, frame=OVERVIEW_FRAME))}


class Keys:
    """What the legend and the locator show, per process: each depends on a few of the view's fields."""

    def __init__(self, site: Site):
        self.legend = memoised(lambda view, today: legend_items(legend_classes(site.atlas, view, today)))
        self._locator_url = site.url(LOCATOR_ROUTE)
        self._site = site
        # The layout's legend (map_key of the default view), built as the layout is.
        self._layout_legend = self.legend(ViewState(), dt.date.today())

    def changes(self, before: ViewState | None, after: ViewState, today: dt.date) -> dict:
        """The key's outputs from the view ``before`` (None: the layout's, the default view's) to ``after``.

        Each is sent only when it changes: the legend's entries, the locator's image and the frame
        link's text and address.
        """
        shown = ViewState() if before is None else before
        legend = self.legend(self.legend_view(after), today)
        held = self._layout_legend if before is None else self.legend(self.legend_view(shown), today)
        link, held_link = frame_link(self._site, after), frame_link(self._site, shown)
        return dict(
            legend=no_update if legend == held else legend,
            locator=no_update if self.frame_view(after) == self.frame_view(shown) else self.locator(after),
            link=dict(text=link["children"], href=link["href"]) if link != held_link
            else dict(text=no_update, href=no_update),
        )

    def locator(self, view: ViewState) -> str:
        """The locator image of a view's frame: a URL, drawn by the server and cached by the browser."""
        return self._locator_url + to_query(self.frame_view(view))

    @staticmethod
    def legend_view(view: ViewState) -> ViewState:
        """The fields the legend depends on (not the event shown)."""
        return replace(view, event=None)

    @staticmethod
    def frame_view(view: ViewState) -> ViewState:
        """The fields the frame, and so the locator, depends on."""
        return ViewState(region=view.region, compare=view.compare, frame=view.frame)


def map_key(site: Site, view: ViewState, today: dt.date) -> html.Div:
    """Beside the map: the legend, the locator and the link between the whole region and the view's frame."""
    return html.Div(
        id=ids.MAP_KEY,
        className="map-key",
        children=[
            html.H2("Legend", className="map-key-title"),
            html.Ul(id=ids.MAP_LEGEND, className="map-legend",
                    children=legend_items(legend_classes(site.atlas, view, today))),
            html.Img(id=ids.MAP_LOCATOR, className="map-locator", alt=LOCATOR_LABEL, src=Keys(site).locator(view)),
            dcc.Link(id=ids.FRAME_LINK, className="frame-link", **frame_link(site, view)),
        ],
    )


def first_paint(site: Site, view: ViewState, today: dt.date) -> dict[str, str]:
    """The section in the initial HTML for a link's view: its map (see ``static_map_html``) and its key."""
    return {MAP_SLOT: static_map_html(site.atlas, view, today), KEY_SLOT: static_html(map_key(site, view, today), {})}


def layout(site: Site) -> html.Div:
    """The map's frame, drawn with the default view before the first callback answers.

    Beside it (below on narrow screens): the legend, the locator and the "Whole region" link.
    """
    config = map_config(site.asset_url("topojson/"))
    today = dt.date.today()
    figure = map_figure(site.atlas, ViewState(), site.geojson_url, today)
    return html.Div(
        className="map-row",
        children=[
            # A responsive dcc.Graph is 100 % of its parent's height: the frame sets it.
            html.Div(
                className="map-frame",
                children=[
                    static_map.placeholder(),
                    dcc.Graph(id=ids.MAP, figure=figure, className="map", responsive=True, config=config),
                    dcc.Store(id=ids.MAP_SHOWN, data=""),  # the layout's map is the default view's
                    dcc.Store(id=ids.MAP_WIDTH),
                    dcc.Store(id=ids.MAP_SHOWN_WIDTH),  # at the reference width
                ],
            ),
            map_key(site, ViewState(), today),
        ],
    )


def register(app, site: Site) -> None:
    """The map's callback: it follows ``view-shown`` (the key beside it rides in the router's answer: Keys.changes)."""
    figures = MapFigures(site.atlas, site.geojson_url)
    app.clientside_callback(
        ClientsideFunction(namespace="karabakh", function_name="mapWidth"),
        Output(ids.MAP_WIDTH, "data"),
        Input(ids.VIEW_SHOWN, "data"),
        State(ids.MAP_WIDTH, "data"),
    )

    @app.callback(
        output=dict(
            figure=Output(ids.MAP, "figure"),
            drawn=Output(ids.MAP_SHOWN, "data"),
            drawn_width=Output(ids.MAP_SHOWN_WIDTH, "data"),
        ),
        inputs=dict(shown=Input(ids.VIEW_SHOWN, "data"), width=Input(ids.MAP_WIDTH, "data")),
        state=dict(drawn=State(ids.MAP_SHOWN, "data"), drawn_width=State(ids.MAP_SHOWN_WIDTH, "data")),
        prevent_initial_call=True,
    )
    def redraw(shown, width, drawn, drawn_width):
        if not isinstance(shown, str):
            return dict(figure=no_update, drawn=no_update, drawn_width=no_update)
        today = dt.date.today()
        before, after = site.view_of(drawn)[0], site.view_of(shown)[0]
        width = reported_width(width)
        patch = figure_patch(figures.figure(before, today, reported_width(drawn_width)), figures.figure(after, today, width))
        return dict(figure=patch if patch is not None else no_update, drawn=shown, drawn_width=width)

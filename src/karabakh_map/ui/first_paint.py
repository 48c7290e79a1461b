"""The page as static HTML, painted before any script runs.

Dash draws its page in the browser, after React, the component bundles and plotly.js
have been fetched and run: seconds on a phone. The initial HTML therefore carries a
static copy of the layout, written here from the same component tree, with the map as
a server-rendered SVG (:mod:`karabakh_map.figures.static_svg`). ``assets/first-paint.js``
swaps it for the live page once plotly.js has drawn the map; the live page is laid out
underneath, hidden, so that nothing moves (see ``html.first-paint`` in style.css).

HTML components become their elements; the interactive Dash components become boxes
of the same class (``first-paint-<type>``) that style.css sizes like the real thing;
radio items are written as the native radios they are. Ids are left out: the live page
holds them, and the two are in the document together for a moment.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from functools import cache
from html import escape

import plotly.io as pio
from dash.development.base_component import Component

from karabakh_map.data.atlas import Atlas
from karabakh_map.figures.frame import REFERENCE_WIDTH_PX, view_for
from karabakh_map.figures.map import PAGE_DRAWN_SHARE, base_figure, locator_figure, map_figure
from karabakh_map.figures.static_svg import figure_svg
from karabakh_map.model.view_state import ViewState
from karabakh_map.reports.figure import alt_text, inline_geojson
from karabakh_map.server.assets import TOPOJSON_DIR, TOPOJSON_NAME

# React prop names that differ from the HTML attribute.
LOCATOR_LABEL = "Where the map's frame lies in the South Caucasus"
# Where the link's view goes in the first paint, filled per request: its map (:func:`static_map_html`)
# and the map's key (legend, locator, frame link: ui.map.map_key).
MAP_SLOT = "<!--karabakh-map-static-->"
KEY_SLOT = "<!--karabakh-map-key-->"
LOCATOR_ROUTE = "/locator.svg"  # the locator of the view its query names
LOCATOR_WIDTH_PX = 220  # as the page shows it (style.css): its frame and borders drawn at their width there
# The static map's labels are also placed for maps this wide, as phones show it (about 300–400 px;
# steps of ui.map.WIDTH_STEP_PX, as the page reports them for the interactive map): placed for the
# reference width and thinned there, Shusha's label was lost to Stepanakert's.
NARROW_WIDTHS_PX = (300, 350)
_ATTRIBUTES = {"className": "class", "htmlFor": "for", "tabIndex": "tabindex", "colSpan": "colspan", "rowSpan": "rowspan"}
# Props that are Dash's own, not attributes; and references to ids, which the copy has not.
_DASH_PROPS = {"id", "children", "n_clicks", "n_clicks_timestamp", "disable_n_clicks", "loading_state", "key", "style"}
_ID_REFERENCES = {"htmlFor", "aria-labelledby", "aria-describedby", "aria-controls"}
_VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "col", "source", "track"}
# Components with nothing to show before the page runs.
_INVISIBLE = {"Store", "Location", "Interval", "Download"}


def _style(style: Mapping) -> str:
    return ";".join(
        "".join("-" + c.lower() if c.isupper() else c for c in key) + f":{value}" for key, value in style.items()
    )


def _attributes(props: Mapping) -> str:
    parts = []
    for name, value in props.items():
        if name in _DASH_PROPS or name in _ID_REFERENCES or value is None or value is False:
            continue
        attribute = _ATTRIBUTES.get(name, name)
        parts.append(f" {attribute}" if value is True else f' {attribute}="{escape(str(value))}"')
    if props.get("style"):
        parts.append(f' style="{escape(_style(props["style"]))}"')
    return "".join(parts)


def _radio_items(props: Mapping) -> str:
    labels = []
    for option in props.get("options") or []:
        checked = " checked" if option["value"] == props.get("value") else ""
        labels.append(f'<label><input type="radio" disabled{checked}> {escape(str(option["label"]))}</label>')
    return f'<div class="first-paint-RadioItems">{"".join(labels)}</div>'


def static_html(component, replacements: Mapping[str, str]) -> str:
    """A Dash component tree as HTML.

    Parameters
    ----------
    component : Component, str, number, list or None
        The tree (typically the app's layout).
    replacements : Mapping[str, str]
        Component id → the HTML to write in its place (the map's SVG).

    Returns
    -------
    str
        HTML without ids and without scripts; text is escaped.

    Examples
    --------
    >>> from dash import dcc, html
    >>> static_html(html.P(["Hello ", html.B("world")], id="x", className="lede"), {})
    '<p class="lede">Hello <b>world</b></p>'
    >>> static_html(html.Div([dcc.Graph(id="map"), dcc.Store(id="s")]), {"map": "<svg></svg>"})
    '<div><svg></svg></div>'
    """
    if component is None:
        return ""
    if isinstance(component, list | tuple):
        return "".join(static_html(child, replacements) for child in component)
    if not isinstance(component, Component):
        return escape(str(component))
    props = {name: getattr(component, name) for name in component._prop_names if getattr(component, name, None) is not None}
    props.update({name: value for name, value in vars(component).items() if name.startswith(("aria-", "data-"))})
    if props.get("id") in replacements:
        return replacements[props["id"]]
    kind = component._type
    if component._namespace != "dash_html_components":
        if kind in _INVISIBLE:
            return ""
        if kind == "RadioItems":
            return _radio_items(props)
        return f'<div class="first-paint-{kind} {escape(props.get("className") or "")}"></div>'
    tag = kind.lower()
    children = "" if tag in _VOID else static_html(props.get("children"), replacements)
    return f"<{tag}{_attributes(props)}>" + ("" if tag in _VOID else f"{children}</{tag}>")


def locator_svg(atlas: Atlas, state: ViewState) -> str:
    """The locator of a view's frame (the South Caucasus with the frame on it) as static SVG.

    An image, not a plotly graph: it shows before plotly.js loads (the page loads plotly.js
    on the reader's first input) and it takes no input.
    """
    countries = inline_geojson(atlas)("countries", "overview")
    figure = json.loads(pio.to_json(locator_figure(atlas, view_for(atlas, state), countries)))
    return figure_svg(figure, lambda geojson: geojson, _basemap(), LOCATOR_LABEL, LOCATOR_WIDTH_PX)


def map_svg(atlas: Atlas, state: ViewState, today: dt.date) -> str:
    """The map of a view as static SVG, named by its text alternative (about 20 ms a label set: build once).

    Its labels are placed for the reference width (for maps from PAGE_DRAWN_SHARE of it up, as the
    interactive map's) and for each of :data:`NARROW_WIDTHS_PX` (for maps from that width up); the
    page shows the set for the width it draws the map at (assets/static-map.js).
    """
    geojson = inline_geojson(atlas)
    figure = json.loads(pio.to_json(map_figure(atlas, state, geojson, today)))
    narrow = {width: json.loads(pio.to_json(base_figure(atlas, state, view_for(atlas, state), geojson, today, width)))
              for width in NARROW_WIDTHS_PX}
    return figure_svg(figure, lambda geojson: geojson, _basemap(), alt_text(atlas, state, today),
                      label_sets={round(PAGE_DRAWN_SHARE * REFERENCE_WIDTH_PX): figure, **narrow})


def static_map_html(atlas: Atlas, state: ViewState, today: dt.date) -> str:
    """The first paint's map: the default view's as SVG, another view's as the words of its text alternative.

    A shared link opens on its own view, and drawing a view's SVG takes 0.5–2 s here: too long to
    hold the page's first byte. Such a view loads the interactive map at once (assets/static-map.js);
    until it is drawn, and without JavaScript, the reader reads what it will show, never another
    view's map (the default map stood there under the link's panel and caption).
    """
    if state == ViewState():
        return f'<div class="map-static">{map_svg(atlas, state, today)}</div>'
    return f'<div class="map-static map-pending"><p>{escape(alt_text(atlas, state, today))}</p></div>'


@cache
def _basemap() -> dict:
    """The base map's TopoJSON, read once per process (every static map and locator draws it)."""
    return json.loads((TOPOJSON_DIR / f"{TOPOJSON_NAME}.json").read_text())

"""The map before plotly.js: the first paint's SVG stays the page's map until the reader needs the interactive one.

plotly.js costs the page's load most of its main-thread time (its evaluation, React's graph and
the first plot of the geo subplot: about 200 ms here, four times that on a phone). The initial
HTML already draws the default view's map as SVG (:mod:`karabakh_map.ui.first_paint`), with what
a click on each shape reports (:mod:`karabakh_map.figures.static_svg`). ``assets/first-paint.js``
moves it into :func:`placeholder` when the live page shows, and ``assets/static-map.js`` makes
every dcc.Graph wait for plotly.js, which it loads on the reader's first input or, through
:func:`register`'s callback, as soon as the page shows another view than the default one.
"""

from __future__ import annotations

from dash import ClientsideFunction, Input, html

from karabakh_map.ui import ids
from karabakh_map.ui.site import Site


def placeholder() -> html.Div:
    """Where the static map stays in the live page, over the graph's place, until plotly.js has drawn."""
    return html.Div(id=ids.MAP_STATIC, className="map-static")


def register(app, site: Site) -> None:
    """Another view than the first paint's needs plotly.js (in the browser: no request)."""
    app.clientside_callback(
        ClientsideFunction(namespace="karabakh", function_name="mapNeeded"),
        Input(ids.VIEW_SHOWN, "data"),
    )

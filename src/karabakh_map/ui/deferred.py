"""What the page draws or sends only when the reader comes to it.

The sections below the fold, area and population, are drawn when the reader comes near them;
a control marked :func:`when_reached` sets its store the first time the reader points at or
focuses it (the region search is sent its every option then: ui.router).

On every screen the area and population sections start below the fold, and they hold two
plotly charts, a table and their notes: two thirds of the page's elements and a good part
of the script time of a first load, spent on what nobody sees yet. ``assets/deferred.js``
watches the live sections marked ``data-drawn-when-near`` with an IntersectionObserver and
sets ``panels-near`` when one comes within a short distance of the screen, however it got
there (scrolling, the Tab key, a link to it). From then on this section's clientside
callback passes ``view-shown`` on to ``panels-view``, the view the two sections follow;
before that, nothing is sent or drawn for them.
"""

from __future__ import annotations

from dash import ClientsideFunction, Input, Output, dcc

from karabakh_map.ui import ids
from karabakh_map.ui.site import Site

# The mark assets/deferred.js looks for on a section drawn when near.
DRAWN_WHEN_NEAR = {"data-drawn-when-near": "true"}


def when_reached(store_id: str) -> dict:
    """The mark of an element whose store ``store_id`` (a dcc.Store) is to turn True when reached.

    ``assets/deferred.js`` sets it the first time the reader points at or focuses something inside.
    """
    return {"data-reached-store": store_id}


def state() -> list:
    """The two stores: whether the sections have come near, and the view they show (None until then)."""
    return [dcc.Store(id=ids.PANELS_NEAR, data=False), dcc.Store(id=ids.PANELS_VIEW)]


def register(app, site: Site) -> None:
    """``panels-view`` follows ``view-shown`` once ``panels-near`` is set (in the browser: no request)."""
    app.clientside_callback(
        ClientsideFunction(namespace="karabakh", function_name="panelsView"),
        Output(ids.PANELS_VIEW, "data"),
        Input(ids.VIEW_SHOWN, "data"),
        Input(ids.PANELS_NEAR, "data"),
    )

"""The page, section by section: its layout and every section's callbacks.

Each section (a module of :mod:`karabakh_map.ui`) holds its layout and its callbacks;
the ids are in :mod:`karabakh_map.ui.ids`. The router keeps the URL and the controls
in step and publishes the one validated view (``view-shown``) that the map, time,
area, population and export sections follow.
"""

from __future__ import annotations

import dash
from dash import html

from karabakh_map.data.atlas import MANIFEST
from karabakh_map.model.view_state import DEFAULT_LAYERS
from karabakh_map.ui import area, census, context, deferred, details, export, ids, router, selection, static_map, time
from karabakh_map.ui import map as map_section
from karabakh_map.ui.site import Site

TITLE = "Nagorno-Karabakh: a sourced map of the conflict"
# Sections with callbacks, in the order they are registered.
SECTIONS = (router, map_section, static_map, selection, time, deferred, area, census, context, export)


def _sources_caption(site: Site) -> html.P:
    return html.P(
        id=ids.SOURCES_CAPTION,
        className="sources",
        children=[
            "Sources: ",
            " · ".join(text.rstrip(".") for text in site.atlas.attributions(sorted(DEFAULT_LAYERS))),
            ". Boundaries are approximate (about a kilometre) and dated; "
            "each layer's sources, licences, methods and fixes are in ",
            html.A("the data manifest", href=site.url(f"geodata/{MANIFEST}")),
            ".",
        ],
    )


def page_layout(site: Site) -> html.Div:
    """The whole page; the map is the default view's, drawn before the first callback answers."""
    return html.Div(
        className="page",
        children=[
            *router.state(),
            *deferred.state(),
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
            router.notice(),
            # Every section is in a landmark; the main one holds all but the masthead and the footer.
            html.Main(
                children=[
                    html.Div(
                        className="content",
                        children=[
                            html.Section(
                                className="map-panel",
                                children=[
                                    router.controls(),
                                    # One element, named by the view's description (ui.selection).
                                    html.Figure(
                                        id=ids.MAP_FIGURE,
                                        className="map-figure",
                                        **{"aria-labelledby": ids.MAP_CAPTION},
                                        children=[map_section.layout(site), selection.map_caption(site)],
                                    ),
                                    time.controls(),
                                    time.caption(),
                                    selection.panel(),
                                    export.layout(site),
                                ],
                            ),
                            html.Aside(
                                className="side-panel",
                                **{"aria-label": "Details"},
                                children=[
                                    selection.live_region(),
                                    time.event_panel(),
                                    details.layout(),
                                    time.timeline_panel(),
                                ],
                            ),
                        ],
                    ),
                    area.layout(site),
                    census.layout(),
                    html.Section(className="context-section", children=[context.layout()]),
                ],
            ),
            html.Footer(className="footer", children=[_sources_caption(site)]),
        ],
    )


def register_callbacks(app: dash.Dash, site: Site) -> None:
    """Attach every section's callbacks to ``app``."""
    for section in SECTIONS:
        section.register(app, site)

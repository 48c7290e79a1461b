"""The page: controls, map, details panel and footer, with the ids in :mod:`karabakh_map.ui.ids`."""

from __future__ import annotations

from dash import dcc, html

from karabakh_map.ui import ids
from karabakh_map.data.atlas import Atlas
from karabakh_map.data.layers import LAYERS_BY_NAME
from karabakh_map.ui.context import context_panel
from karabakh_map.ui.details import welcome
from karabakh_map.model.view_state import NAMING_CONVENTIONS, OPTIONAL_LAYERS, ViewState

TITLE = "Nagorno-Karabakh: a sourced map of the conflict"
KIND_IN_LIST = {
    "countries": "country",
    "provinces": "province",
    "held_1994_2020": "area",
    "nakhchivan": "autonomous republic",
    "districts": "district",
    "nkao": "Soviet oblast",
    "held_2020_2023": "area",
    "lachin_corridor": "corridor",
    "towns": "town",
}


def region_options(atlas: Atlas, region_ids, names: str) -> list[dict]:
    """Every selectable region for ``region-select``, named in the convention, sorted by name."""
    options = [
        {"label": f"{atlas.label(region, names)} ({KIND_IN_LIST[atlas.layer_of(region)]})", "value": region}
        for region in region_ids
    ]
    return sorted(options, key=lambda option: option["label"].casefold())


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


def _controls() -> html.Div:
    return html.Div(
        className="controls",
        children=[
            html.Div(
                className="control control-search",
                children=[
                    html.Label("Find a region or town", htmlFor=ids.REGION_SELECT),
                    dcc.Dropdown(
                        id=ids.REGION_SELECT,
                        options=[],
                        searchable=True,
                        clearable=True,
                        placeholder="Type a name…",
                    ),
                ],
            ),
            html.Fieldset(
                className="control",
                children=[
                    html.Legend("Names"),
                    dcc.RadioItems(
                        id=ids.NAMES_CONVENTION,
                        options=[{"label": label, "value": value} for value, label in NAMING_CONVENTIONS.items()],
                        value="both",
                        inline=True,
                    ),
                ],
            ),
            html.Details(
                className="control",
                children=[
                    html.Summary("Layers"),
                    dcc.Checklist(
                        id=ids.LAYER_TOGGLE,
                        options=[{"label": LAYERS_BY_NAME[name].title, "value": name} for name in OPTIONAL_LAYERS],
                        value=[],
                    ),
                ],
            ),
        ],
    )


def _area_section(atlas: Atlas, compare_ids) -> html.Section:
    options = sorted(
        ({"label": atlas.label(place, "both"), "value": place} for place in compare_ids),
        key=lambda option: option["label"].casefold(),
    )
    return html.Section(
        className="area-panel",
        children=[
            html.Div(
                className="area-head",
                children=[
                    html.H2("How big is it?"),
                    html.Div(
                        className="control control-search",
                        children=[
                            html.Label("Compare with", htmlFor=ids.COMPARE_PLACE),
                            dcc.Dropdown(id=ids.COMPARE_PLACE, options=options, searchable=True, clearable=False),
                        ],
                    ),
                    dcc.Checklist(
                        id=ids.COMPARE_REVERSE,
                        options=[{"label": "Also lay the region over the place", "value": "reverse"}],
                        value=[],
                    ),
                ],
            ),
            html.Div(
                className="area-body",
                children=[
                    html.Div(id=ids.AREA_COMPARISON, className="area-comparison"),
                    dcc.Graph(id=ids.COMPARE_RANKING, className="area-ranking", config={"displaylogo": False}),
                    html.Div(
                        id=ids.COMPARE_INSET_FRAME,
                        hidden=True,
                        className="area-inset",
                        children=[dcc.Graph(id=ids.COMPARE_INSET, config={"displaylogo": False})],
                    ),
                ],
            ),
        ],
    )


def _time_controls() -> html.Div:
    return html.Div(
        className="time-controls",
        children=[
            html.Button("▶ Play", id=ids.DATE_PLAY, n_clicks=0, className="play"),
            html.Div(
                className="date-slider",
                # Values are stop indices, so step 1 lands on marks only (and arrow keys work).
                children=[dcc.Slider(id=ids.DATE_SLIDER, min=0, max=1, step=1, marks={}, value=0, included=False)],
            ),
            dcc.Interval(id=ids.DATE_TIMER, interval=1600, disabled=True),
        ],
    )


def _population_section() -> html.Section:
    return html.Section(
        className="population-panel",
        children=[
            html.Div(
                className="population-head",
                children=[
                    html.H2(["Who lived there: ", html.Span(id=ids.POPULATION_TITLE)]),
                    dcc.RadioItems(
                        id=ids.POPULATION_MODE,
                        options=[{"label": "Shares", "value": "shares"}, {"label": "People", "value": "absolute"}],
                        value="shares",
                        inline=True,
                    ),
                    html.Button("Download CSV", id=ids.POPULATION_DOWNLOAD_BUTTON, n_clicks=0),
                    dcc.Download(id=ids.POPULATION_DOWNLOAD),
                ],
            ),
            dcc.Graph(id=ids.POPULATION_CHART, config={"displaylogo": False, "responsive": True}),
            html.Div(id=ids.POPULATION_TABLE, className="population-table"),
            html.Div(id=ids.POPULATION_NOTES, className="population-notes"),
        ],
    )


def _browser_export(server_renders: bool) -> html.Div:
    """PNG and SVG drawn by plotly.js in the reader's browser: shown when the server has no Chromium."""
    return html.Div(
        id=ids.BROWSER_EXPORT,
        hidden=server_renders,
        className="export-links",
        children=[
            html.Span("This server cannot render images (no Chromium). In your browser:", className="chart-note"),
            html.Button("PNG (map only)", id=ids.BROWSER_PNG, n_clicks=0),
            html.Button("SVG (map only)", id=ids.BROWSER_SVG, n_clicks=0),
            html.Span(id=ids.BROWSER_EXPORT_DONE, hidden=True),
        ],
    )


def page_layout(
    atlas: Atlas, figure, graph_config: dict, manifest_url: str, compare_ids, server_renders: bool = True
) -> html.Div:
    """The whole page; ``figure`` is the default view's map, drawn before the first callback answers."""
    return html.Div(
        className="page",
        children=[
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Store(id=ids.VIEW_SHOWN),  # None until the first callback: only the map is drawn
            dcc.Store(id=ids.MAP_SHOWN, data=""),  # the layout's map is the default view's
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
            html.Div(
                id=ids.NOTICE,
                className="notice",
                role="status",
                hidden=True,
                children=[
                    html.Span(id=ids.NOTICE_TEXT),
                    html.Button("Dismiss", id=ids.NOTICE_CLOSE, className="notice-close", n_clicks=0),
                ],
            ),
            html.Main(
                className="content",
                children=[
                    html.Section(
                        className="map-panel",
                        children=[
                            _controls(),
                            # A responsive dcc.Graph is 100 % of its parent's height: the frame sets it.
                            html.Div(
                                className="map-frame",
                                children=[
                                    dcc.Graph(
                                        id=ids.MAP, figure=figure, className="map", responsive=True, config=graph_config
                                    )
                                ],
                            ),
                            _time_controls(),
                            html.P(id=ids.DATE_CAPTION, className="date-caption", **{"aria-live": "polite"}),
                            html.Details(
                                className="export-panel",
                                children=[
                                    html.Summary("Export and embed"),
                                    _browser_export(server_renders),
                                    html.Div(id=ids.EXPORT_PANEL),
                                ],
                            ),
                        ],
                    ),
                    html.Aside(
                        className="side-panel",
                        children=[
                            html.Div(id=ids.EVENT_DETAILS, **{"aria-live": "polite"}),
                            html.Div(id=ids.REGION_DETAILS, children=welcome(), **{"aria-live": "polite"}),
                            html.Details(
                                className="timeline-panel",
                                # Filled when first opened (see callbacks): 65 entries the page need not carry till then.
                                children=[html.Summary("Timeline of events", id=ids.TIMELINE_SUMMARY),
                                          html.Div(id=ids.TIMELINE_LIST)],
                            ),
                        ],
                    ),
                ],
            ),
            _area_section(atlas, compare_ids),
            _population_section(),
            html.Section(className="context-section", children=[context_panel()]),
            html.Footer(className="footer", children=[_sources_caption(atlas, ViewState(), manifest_url)]),
        ],
    )

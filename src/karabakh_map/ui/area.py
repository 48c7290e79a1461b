"""The area section: how big the selected region is, against a familiar place.

``area_panel`` is pure; :class:`AreaPanels` keeps its answers per process, and the
section's callback follows ``view-shown`` and the reverse-overlay box.
"""

from __future__ import annotations

from functools import partial

from dash import Input, Output, dcc, html, no_update
from dash.exceptions import PreventUpdate

from karabakh_map.data.atlas import Atlas
from karabakh_map.figures.areas import inset_figure, ranking_figure, ranking_height
from karabakh_map.model import areas
from karabakh_map.model.formatting import format_number
from karabakh_map.model.view_state import ViewState
from karabakh_map.ui import ids
from karabakh_map.ui.cache import memoised
from karabakh_map.ui.components import chart, citation_links, figure_row
from karabakh_map.ui.deferred import DRAWN_WHEN_NEAR, when_reached
from karabakh_map.ui.graph_config import CHART_CONFIG
from karabakh_map.ui.site import Site

DEFAULT_REGION = "nkao"  # shown before anything is selected


def area_panel(atlas: Atlas, region_id: str | None, place_id: str | None, names: str):
    """The panel's components, the ranking figure and the reverse-overlay figure (None for a town).

    Without a chosen place the sentence still compares with :data:`areas.SENTENCE_PLACE`;
    only a chosen place is drawn on the map.
    """
    region_id = region_id or DEFAULT_REGION
    place_id = place_id or areas.SENTENCE_PLACE
    region = areas.area_of(atlas, region_id)
    name = atlas.label(region_id, names)
    if region is None:
        return [html.P(f"{name} is a town: it has no area in our data.", className="no-series")], None, None
    place = areas.area_of(atlas, place_id)
    rows = [figure_row("Area", f"{format_number(round(region.km2))} km² ({region.basis})", list(region.citations))]
    computed = areas.computed_area(atlas, region_id)
    if region.official:
        rows.append(figure_row("Our geometry", f"{format_number(round(computed.km2))} km²", list(computed.citations)))
    for country in ("armenia", "azerbaijan"):
        share = areas.share_of(atlas, region_id, country)
        if share is not None and country != region_id:
            rows.append(
                figure_row(
                    f"Share of {atlas.label(country, names)}",
                    f"{share[0]:.1f} %",
                    list(areas.area_of(atlas, country).citations if share[1] == "official" else computed.citations),
                    note=f"both areas {share[1]}",
                )
            )
    rows.append(
        html.P(
            className="comparison-sentence figure",
            children=[
                html.Span(areas.ratio_sentence(atlas, region_id, place_id, names), className="figure-value"),
                html.Span(["Source: ", *citation_links([*region.citations, *place.citations])], className="figure-source"),
            ],
        )
    )
    caveat = atlas.manifest["files"]["layers/comparison_places.geojson"]["notes"]
    rows.append(html.P(f"About the comparison places: {caveat}", className="chart-note"))
    place_geometry = atlas.layers[atlas.layer_of(place_id)].loc[place_id].geometry
    moved_region = areas.true_size_outline(atlas, region_id, place_id)
    return (
        rows,
        ranking_figure(areas.ranking(atlas, names), region_id, place_id),
        inset_figure(place_geometry, atlas.label(place_id, names), moved_region, name),
    )


class AreaPanels:
    """:func:`area_panel` as plain JSON, kept per process by region, place and names."""

    def __init__(self, atlas: Atlas):
        self._panel = memoised(partial(area_panel, atlas))

    def panel(self, view: ViewState) -> list:
        """[components, ranking figure, inset figure or None] for ``view``; do not modify (it is shared)."""
        return self._panel(view.region, view.compare, view.names)


def compare_options(site: Site) -> list[dict]:
    """Every place to compare with, for ``compare-place``: named in both languages, sorted by name."""
    return sorted(
        ({"label": site.atlas.label(place, "both"), "value": place} for place in site.choices.compare_ids),
        key=lambda option: option["label"].casefold(),
    )


def layout(site: Site) -> html.Section:
    """The section: the place to compare with, the sentence and sources, the ranking, the reverse overlay."""
    return html.Section(
        className="area-panel",
        **DRAWN_WHEN_NEAR,
        children=[
            html.Div(
                className="area-head",
                children=[
                    html.H2("How big is it?"),
                    html.Div(
                        className="control control-search",
                        **when_reached(ids.COMPARE_SEARCH_REACHED),
                        children=[
                            html.Label("Compare with", htmlFor=ids.COMPARE_PLACE),
                            # Empty until the reader picks a place: only then is it drawn on the map. Its
                            # options are sent by the router, every one once the reader reaches for it.
                            dcc.Dropdown(id=ids.COMPARE_PLACE, options=[], searchable=True, clearable=True,
                                         placeholder="Draw a place over the map…"),
                            dcc.Store(id=ids.COMPARE_SEARCH_REACHED, data=False),
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
                    # The charts' frames: each holds its chart once there is one (ui.components.chart).
                    # Its place kept until the first answer, so that drawing it moves nothing below.
                    html.Div(
                        id=ids.COMPARE_RANKING, className="area-ranking",
                        style={"minHeight": f"{ranking_height(len(areas.ranking(site.atlas, 'both')))}px"},
                    ),
                    html.Div(
                        id=ids.COMPARE_INSET_FRAME,
                        hidden=True,
                        className="area-inset",
                        children=[html.Div(id=ids.COMPARE_INSET)],
                    ),
                ],
            ),
        ],
    )


def register(app, site: Site) -> None:
    """The section's callback: it follows ``panels-view`` (ui.deferred) and the reverse-overlay box."""
    panels = AreaPanels(site.atlas)

    @app.callback(
        output=dict(
            rows=Output(ids.AREA_COMPARISON, "children"),
            ranking=Output(ids.COMPARE_RANKING, "children"),
            ranking_place=Output(ids.COMPARE_RANKING, "style"),
            inset=Output(ids.COMPARE_INSET, "children"),
            inset_hidden=Output(ids.COMPARE_INSET_FRAME, "hidden"),
        ),
        inputs=dict(shown=Input(ids.PANELS_VIEW, "data"), reverse=Input(ids.COMPARE_REVERSE, "value")),
        prevent_initial_call=True,
    )
    def show_area(shown, reverse):
        if not isinstance(shown, str):  # not near the screen yet: nothing to draw
            raise PreventUpdate
        rows, ranking, inset = panels.panel(site.view_of(shown)[0])
        show_inset = isinstance(reverse, list) and "reverse" in reverse and inset is not None
        return dict(
            rows=rows,
            ranking=chart(ranking, CHART_CONFIG),
            ranking_place=None,
            inset=chart(inset, CHART_CONFIG) if show_inset else no_update,
            inset_hidden=not show_inset,
        )

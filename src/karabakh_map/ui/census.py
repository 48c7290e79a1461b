"""The population section: census chart, its table, sources, events and the notes around them.

``population_panel(atlas, region_id, names, mode)`` is pure: it returns the figure and
Dash components, every sentence built from the tables' numbers and sources.
:class:`PopulationPanels` keeps its answers per process; the section's callbacks follow
``panels-view`` (the view, once the section is near the screen: :mod:`karabakh_map.ui.deferred`)
and the mode, and download the shown region's census as CSV.
"""

from __future__ import annotations

import re
from functools import partial

import pandas as pd
import plotly.graph_objects as go
from dash import Input, Output, State, dcc, html, no_update
from dash.exceptions import PreventUpdate

from karabakh_map.data.atlas import Atlas
from karabakh_map.figures.census import CHART_HEIGHT, bars, population_figure
from karabakh_map.model.census import census_csv, census_rows
from karabakh_map.model.citations import parse_sources
from karabakh_map.model.formatting import figure_value, format_date, format_number
from karabakh_map.model.view_state import ViewState
from karabakh_map.ui import ids
from karabakh_map.ui.cache import memoised
from karabakh_map.ui.components import chart, citation_links
from karabakh_map.ui.deferred import DRAWN_WHEN_NEAR
from karabakh_map.ui.graph_config import CHART_CONFIG
from karabakh_map.ui.site import Site

DEFAULT_REGION = "nkao"  # shown before anything is selected
CLAIM_FIGURE = "auckland_claim_newshub"
MAIN_GROUP = "Armenians"


def _events(atlas: Atlas, region_id: str) -> list[dict]:
    table = atlas.tables["population_events"]
    figures = atlas.tables["figures"].set_index("id")
    events = []
    for _, event in table[table["region_id"] == region_id].iterrows():
        counted = [figures.loc[figure_id] for figure_id in event["figure_ids"].split(";")]
        lines = [f"{f['figure']}: {figure_value(f)} (given by {f['attributed_to']})" for f in counted]
        usage = []
        if event["armenian_usage"] or event["azerbaijani_usage"]:
            usage.append(
                f"Armenian usage: “{event['armenian_usage']}”; Azerbaijani usage: “{event['azerbaijani_usage']}”; "
                f"here: {event['neutral_wording']}."
            )
        events.append(
            {
                "after_year": int(event["after_year"]),
                "title": event["title"],
                "lines": lines + usage,
                "sources": [c for f in counted for c in parse_sources(f["source"])],
            }
        )
    return events


def _claim_check(atlas: Atlas, rows: pd.DataFrame) -> html.P | None:
    figures = atlas.tables["figures"].set_index("id")
    if CLAIM_FIGURE not in figures.index:
        return None
    claim = figures.loc[CLAIM_FIGURE]
    match = re.search(r"'(\d+) percent' ethnic (\w+)", claim["figure"])
    if match is None:
        return None
    group = rows[rows["group"] == MAIN_GROUP]
    latest_per_territory = group.sort_values("year").groupby("territory", sort=False).tail(1).sort_values("year")
    home = rows.sort_values("year")["territory"].iloc[0]
    shares = [
        f"{row['share_pct']:.1f} % in {row['year']} ({'the ' + home if row['territory'] == home else row['territory']})"
        for _, row in latest_per_territory.iterrows()
    ]
    return html.P(
        className="claim-check",
        children=[
            f"Checking a claim: {claim['attributed_to']} ({format_date(claim['as_of'])}) called it “{match.group(1)} percent” "
            f"ethnic {match.group(2)}; the censuses give {' and '.join(shares)}. Source: ",
            *citation_links(parse_sources(claim["source"])),
        ],
    )


def _table(rows: pd.DataFrame) -> html.Table:
    categories, segments, totals = bars(rows)
    groups = list(dict.fromkeys(bar.group for bar in segments))
    share = {(bar.category, bar.group): bar for bar in segments}
    body = []
    for category in categories:
        total = format_number(totals[category]) if totals[category] else "—"
        cells = [html.Th(category.replace("<br>", " "), scope="row"), html.Td(total)]
        for group in groups:
            bar = share.get((category, group))
            cells.append(html.Td(f"{bar.share:.1f} %" if bar else ""))
        body.append(html.Tr(cells))
    return html.Table(
        className="census-table",
        children=[
            html.Thead(html.Tr([html.Th("Census"), html.Th("Total"), *[html.Th(g) for g in groups]])),
            html.Tbody(body),
        ],
    )


def _no_series(atlas: Atlas, region_id: str, names: str) -> list:
    label = atlas.label(region_id, names)
    layer = atlas.layer_of(region_id)
    regions = atlas.tables["regions"]
    research = regions[regions["id"] == region_id]
    source = research.iloc[0] if not research.empty else atlas.layers[layer].loc[region_id]
    children = [html.P(f"No census by ethnic group for {label} in our sources.", className="no-series")]
    population = source.get("population")
    if population not in (None, "") and population == population:
        year = source.get("population_year")
        year_text = f" in {int(float(year))}" if year not in (None, "") and year == year else ""
        children.append(
            html.P(
                [
                    f"What exists: a total population of {format_number(population)}{year_text}. Source: ",
                    *citation_links(parse_sources(source["population_source"])),
                ]
            )
        )
    return children


def population_panel(atlas: Atlas, region_id: str | None, names: str, mode: str):
    """The chart's figure, the table under it, and the notes (sources, events, claim check)."""
    region_id = region_id or DEFAULT_REGION
    rows = census_rows(atlas, region_id)
    label = atlas.label(region_id, names)
    if rows.empty:
        empty = go.Figure(layout={"height": 120, "xaxis": {"visible": False}, "yaxis": {"visible": False}})
        empty.add_annotation(text=f"No census by ethnic group for {label}", showarrow=False)
        return label, empty, None, _no_series(atlas, region_id, names)
    events = _events(atlas, region_id)
    figure = population_figure(
        rows, mode, [(e["after_year"], e["title"], "<br>".join(e["lines"])) for e in events]
    )
    sources = list(dict.fromkeys(c for text in rows["source"] for c in parse_sources(text)))
    notes = [
        html.P(["Sources: ", *citation_links(sources)], className="chart-sources"),
        html.P(
            "Groups under 1 % of a census are merged into “Others” (hover for each). Censuses of the NKR counted "
            "the territory it held, not the former oblast. Azerbaijan's 2009 and 2019 figures exist here as "
            "percentages only.",
            className="chart-note",
        ),
    ]
    if region_id == DEFAULT_REGION:
        claim = _claim_check(atlas, rows)
        if claim is not None:
            notes.append(claim)
    for event in events:
        notes.append(
            html.Div(
                className="chart-event figure",
                children=[
                    html.Span(f"{event['title']}: ", className="figure-label"),
                    html.Span("; ".join(event["lines"]), className="figure-value"),
                    html.Span(["Source: ", *citation_links(event["sources"])], className="figure-source"),
                ],
            )
        )
    return label, figure, _table(rows), notes


class PopulationPanels:
    """:func:`population_panel` as plain JSON, kept per process by region, names and mode."""

    def __init__(self, atlas: Atlas):
        self._panel = memoised(partial(population_panel, atlas))

    def panel(self, view: ViewState, mode: str) -> list:
        """[title, figure, table, notes] for ``view`` in ``mode``; do not modify (it is shared)."""
        return self._panel(view.region, view.names, mode)


def layout() -> html.Section:
    """The section: title, shares or people, the CSV download, the chart, its table and notes."""
    return html.Section(
        className="population-panel",
        **DRAWN_WHEN_NEAR,
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
            # The chart's frame (ui.components.chart), its place kept until the first answer.
            html.Div(id=ids.POPULATION_CHART, style={"minHeight": f"{CHART_HEIGHT}px"}),
            # It scrolls sideways on a phone: a keyboard must be able to reach it.
            html.Div(
                id=ids.POPULATION_TABLE, className="population-table", tabIndex=0, role="region",
                **{"aria-label": "Census table"},
            ),
            html.Div(id=ids.POPULATION_NOTES, className="population-notes"),
        ],
    )


def register(app, site: Site) -> None:
    """The section's callbacks: the panel follows ``panels-view`` (ui.deferred) and the mode; the CSV download."""
    panels = PopulationPanels(site.atlas)

    @app.callback(
        output=dict(
            title=Output(ids.POPULATION_TITLE, "children"),
            chart=Output(ids.POPULATION_CHART, "children"),
            chart_place=Output(ids.POPULATION_CHART, "style"),
            table=Output(ids.POPULATION_TABLE, "children"),
            notes=Output(ids.POPULATION_NOTES, "children"),
        ),
        inputs=dict(shown=Input(ids.PANELS_VIEW, "data"), mode=Input(ids.POPULATION_MODE, "value")),
        prevent_initial_call=True,
    )
    def show_population(shown, mode):
        if not isinstance(shown, str):  # not near the screen yet: nothing to draw
            raise PreventUpdate
        title, figure, table, notes = panels.panel(site.view_of(shown)[0], "absolute" if mode == "absolute" else "shares")
        return dict(title=title, chart=chart(figure, {**CHART_CONFIG, "responsive": True}), chart_place=None, table=table,
                    notes=notes)

    @app.callback(
        output=Output(ids.POPULATION_DOWNLOAD, "data"),
        inputs=dict(clicks=Input(ids.POPULATION_DOWNLOAD_BUTTON, "n_clicks")),
        state=dict(shown=State(ids.VIEW_SHOWN, "data")),
        prevent_initial_call=True,
    )
    def download_census(clicks, shown):
        region = site.view_of(shown)[0].region or DEFAULT_REGION
        rows = census_rows(site.atlas, region)
        if rows.empty:
            return no_update
        # With a BOM, so that Excel reads it as UTF-8 (see census.EXCEL_BOM).
        return {"content": census_csv(rows, for_excel=True), "filename": f"census-{region}.csv",
                "type": "text/csv;charset=utf-8"}

"""The details panel of a selected region: names, status, who held it when, area, population, sources.

``region_details(atlas, region_id, names)`` is pure: it returns Dash components
and is tested without a browser. Every figure it shows sits in a ``.figure`` row
with its ``.figure-source``. The panel has no callback of its own: it changes with
the view, in the router's answer (see :mod:`karabakh_map.ui.router`), so that it
paints in the click's own response.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from functools import partial

from dash import dcc, html

from karabakh_map.data.atlas import Atlas
from karabakh_map.data.layers import LAYERS_BY_NAME
from karabakh_map.model.areas import DATES_FROM, computed_area_citations, drawn_extent_area
from karabakh_map.model.citations import parse_sources
from karabakh_map.model.formatting import format_date, format_number
from karabakh_map.model.periods import SPLIT, changes_since, control_on, held_shares, history_of, split_text
from karabakh_map.model.view_state import ViewState
from karabakh_map.ui import ids
from karabakh_map.ui.cache import memoised
from karabakh_map.ui.components import attributed_figure, citation_links, figure_row, section
from karabakh_map.ui.site import Site
from karabakh_map.ui.time import event_link, events_at

NOT_IN_SOURCES = "not in our sources"
LANGUAGES = (("name_en", "English"), ("name_hy", "Armenian"), ("name_az", "Azerbaijani"), ("name_ru", "Russian"))
# Each name is marked with its language (BCP 47), so that a screen reader pronounces it as such.
LANGUAGE_CODES = {"name_en": "en", "name_hy": "hy", "name_az": "az", "name_ru": "ru"}
KIND_OF_LAYER = {
    "countries": "Country",
    "provinces": "Province or rayon",
    "districts": "One of the seven districts around the former NKAO",
    "nakhchivan": "Autonomous republic",
    "towns": "Town",
}


def _research_row(atlas: Atlas, region_id: str):
    regions = atlas.tables["regions"]
    rows = regions[regions["id"] == region_id]
    return rows.iloc[0] if not rows.empty else None


def _names(feature) -> html.Dl:
    items = []
    for column, language in LANGUAGES:
        value = feature.get(column) or ""
        items += [
            html.Dt(language),
            html.Dd(value, lang=LANGUAGE_CODES[column]) if value else html.Dd(NOT_IN_SOURCES, className="missing"),
        ]
    return html.Dl(className="names", children=items)


def _kind(atlas: Atlas, layer: str, feature) -> str:
    if layer == "towns":
        country = atlas.layers["countries"].loc[feature["country"], "name_en"] if feature["country"] else ""
        return f"Town in {country} (internationally recognised borders)" if country else "Town"
    if layer == "provinces":
        country = atlas.layers["countries"].loc[feature["country"], "name_en"]
        return f"{feature['kind']} of {country}"
    return KIND_OF_LAYER.get(layer, LAYERS_BY_NAME[layer].title)


def _status(atlas: Atlas, region_id: str) -> list:
    status = atlas.tables["status"]
    rows = status[status["region_id"] == region_id]
    return [
        figure_row("Status", row["status"], parse_sources(row["source"])) for _, row in rows.iterrows()
    ]


def _held_by(atlas: Atlas, row, start: str, end: str) -> str:
    """Who held it; where control was split, each side's share in the period, computed from the polygons."""
    if not row["held_by"].startswith(SPLIT):
        return row["held_by"]
    shares = held_shares(atlas, row["region_id"], start, end)
    return f"{row['held_by']}: {split_text(shares)}" if shares else row["held_by"]


def _held_on(atlas: Atlas, region_id: str, on: dt.date) -> list:
    """'On 1 Jun 2021: NKR/Artsakh…' from the history row that covers the date."""
    day = format_date(on.isoformat())
    row = control_on(atlas, region_id, on)
    if row is None:
        return [html.P(f"On {day}: no entry in our summary for this date.", className="figure-note")]
    held_by = _held_by(atlas, row, on.isoformat(), (on + dt.timedelta(days=1)).isoformat())
    return [figure_row(f"On {day}", held_by, parse_sources(row["source"]), note=row["note"])]


def _control_history(atlas: Atlas, region_id: str, on) -> list:
    history = atlas.tables["control_history"]
    rows = history[history["region_id"] == region_id]
    if rows.empty:
        return []
    items = []
    for _, row in rows.iterrows():
        start = format_date(row["start"]) if row["start"] else "…"
        end = format_date(row["end"]) if row["end"] else "today"
        items.append(
            html.Li(
                className="figure",
                children=[
                    html.Span(f"{start} – {end}", className="figure-label"),
                    html.Span(_held_by(atlas, row, row["start"], row["end"]), className="figure-value"),
                    html.Span(row["note"], className="figure-note") if row["note"] else None,
                    html.Span(["Source: ", *citation_links(parse_sources(row["source"]))], className="figure-source"),
                ],
            )
        )
    held_on = _held_on(atlas, region_id, on) if on is not None else []
    return [section("Who held it", [*held_on, html.Ol(className="history", children=items)])]


def _area(atlas: Atlas, layer: str, feature, research) -> list:
    if "area_km2" not in feature or feature["area_km2"] != feature["area_km2"]:  # towns have none
        return []
    rows = []
    drawn = drawn_extent_area(atlas, feature.name)
    if drawn is not None:
        # The figure for the borders drawn first; today's, where it differs, beside it.
        rows.append(figure_row("Official", f"{format_number(drawn.km2)} km²", list(drawn.citations),
                               note=f"Before {format_date(drawn.before)}: the borders drawn" if drawn.before else ""))
    if research is not None and research["area_km2"]:
        if drawn is None or float(research["area_km2"]) != drawn.km2:
            rows.append(
                figure_row(
                    "Official, today" if drawn is not None else "Official",
                    f"{format_number(research['area_km2'])} km²",
                    parse_sources(research["area_source"]),
                    note="Today's rayon, with part of the former NKAO" if drawn is not None else "",
                )
            )
        if research["area_km2_alt"]:
            rows.append(figure_row("Other figures", research["area_km2_alt"], parse_sources(research["area_source"])))
    # A held piece's source ends with the sources of its dates ("…; dates: A – URL | B – URL"): cited, not written out.
    geometry, _, dates = feature["source"].partition(DATES_FROM)
    rows.append(
        figure_row(
            "Our geometry",
            f"{format_number(round(feature['area_km2']))} km²",
            [*computed_area_citations(geometry), *parse_sources(dates)],
            # Which borders are drawn, where a layer says (dated, with their sources), else whose geometry.
            note=feature.get("boundaries") or f"from {geometry}" + ("; dated by the sources after it" if dates else ""),
        )
    )
    return [section("Area", rows)]


def _population(atlas: Atlas, region_id: str, feature, research) -> list:
    """The last figure the sources give, with its year and what has happened to the place since."""
    source = research if research is not None else feature
    population = source.get("population")
    if population is None or population != population or population == "":
        return []
    year = source.get("population_year")
    if year in (None, "") or year != year:
        # An undated figure for a place that changed hands may come from before any of the changes.
        changed = [f"{row['held_by']} from {format_date(row['start'])}" for row in history_of(atlas, region_id)[1:]]
        label = "Last figure (year not given)"
        note = f"Undated: it may predate every change of who held it: {'; '.join(changed)}" if changed else ""
    else:
        year = int(float(year))
        label, since = f"Last figure, {year}", changes_since(atlas, region_id, year)
        note = f"Counted before: {'; '.join(since)}" if since else ""
    return [
        section(
            "Population",
            [figure_row(label, format_number(population), parse_sources(source["population_source"]), note=note)],
        )
    ]


def _capital(research) -> list:
    if research is None or not research["capital_en"]:
        return []
    forms = " · ".join(value for value in (research["capital_hy"], research["capital_az"], research["capital_ru"]) if value)
    return [
        section(
            "Capital or administrative centre",
            [figure_row("Centre", research["capital_en"], parse_sources(research["area_source"])[:1], note=forms)],
        )
    ]


def _contested(atlas: Atlas, region_id: str) -> list:
    links = atlas.tables["region_figures"]
    figure_ids = list(links.loc[links["region_id"] == region_id, "figure_id"])
    if not figure_ids:
        return []
    figures = atlas.tables["figures"].set_index("id").loc[figure_ids]
    return [section("Figures and who gives them", [attributed_figure(figure) for _, figure in figures.iterrows()])]


def _notes(atlas: Atlas, region_id: str) -> list:
    notes = atlas.tables["region_notes"]
    rows = notes[notes["region_id"] == region_id]
    if rows.empty:
        return []
    return [section("Notes", [figure_row("", row["note"], parse_sources(row["source"])) for _, row in rows.iterrows()])]


def _also_here(atlas: Atlas, region_id: str, names: str, link_for, shown_layers) -> list:
    # Provinces overlap nearly everything: list them only when they are on the map.
    # The held area's dated pieces (the 2020 war's periods, district pieces) draw one
    # hold date by date: the map shows the ones of its date.
    others = [
        (layer, other)
        for layer, other in atlas.overlapping(region_id)
        if (layer != "provinces" or layer in shown_layers) and not LAYERS_BY_NAME[layer].pieces
    ]
    if not others:
        return []
    items = [
        html.Li(dcc.Link(atlas.label(other, names), href=link_for(other)), className=f"layer-{layer}")
        for layer, other in others
    ]
    return [section("Also at this place", [html.Ul(className="also-here", children=items)])]


def region_details(
    atlas: Atlas, region_id: str, names: str, link_for, shown_layers=frozenset(), on=None, more=()
) -> html.Article:
    """The details panel for one region.

    Parameters
    ----------
    atlas : Atlas
        The loaded data.
    region_id : str
        A feature id of any layer but the comparison places.
    names : str
        Naming convention: ``both``, ``hy`` or ``az``.
    link_for : callable
        Region id → the URL that selects it in the current view (for "Also at this place").
    shown_layers : set of str
        The layers on the map; provinces are listed as "also here" only when shown.
    on : date, optional
        The map's date: the panel says who held the region then.
    more : sequence of components
        Sections to add at the end (the dashboard adds a town's events).
    """
    layer = atlas.layer_of(region_id)
    feature = atlas.layers[layer].loc[region_id]
    research = _research_row(atlas, region_id)
    if research is not None:
        feature = feature.copy()
        for column, _ in LANGUAGES:
            feature[column] = research[column] or feature.get(column, "")
    status = _status(atlas, region_id)
    return html.Article(
        className="details",
        children=[
            html.H2(atlas.label(region_id, names)),
            html.P(_kind(atlas, layer, feature), className="kind"),
            section("Names", [_names(feature)]),
            *([section("Status", status)] if status else []),
            *_control_history(atlas, region_id, on),
            *_area(atlas, layer, feature, research),
            *_population(atlas, region_id, feature, research),
            *_capital(research),
            *_contested(atlas, region_id),
            *_notes(atlas, region_id),
            *_also_here(atlas, region_id, names, link_for, shown_layers),
            *more,
        ],
    )


def welcome() -> html.Div:
    """What the panel says before anything is selected."""
    return html.Div(
        className="details welcome",
        children=[
            html.H2("About this map"),
            html.P(
                "Click a region or town on the map, or find it in the list above, to see its names in four "
                "languages, its status, who held it when, its area and population, each with its source."
            ),
            html.P(
                "Azerbaijan is drawn in its internationally recognised borders; the Soviet-era NKAO (1923–1991) and "
                "the seven districts around it are outlined, and what the NKR/Artsakh held on the date shown is "
                "shaded (the legend beside the map names every colour). Where the parties name a place differently, "
                "the names control shows both, or either side's usage."
            ),
        ],
    )


def details_panel(site: Site, view: ViewState, on: dt.date):
    """The panel for a view: the selected region's details (with a town's events), or the welcome.

    Its links carry the whole view, changing only the region (or, for an event, its date).
    """
    if view.region is None:
        return welcome()
    events = events_at(site.atlas, view.region, event_link(site, view))  # the town stays selected
    return region_details(
        site.atlas, view.region, view.names, lambda region: site.href(replace(view, region=region)), view.layers, on, events
    )


class DetailsPanels:
    """:func:`details_panel` as plain JSON, kept per process by view and date."""

    def __init__(self, site: Site):
        self._panel = memoised(partial(details_panel, site))

    def panel(self, view: ViewState, on: dt.date) -> dict:
        """The panel for ``view`` on ``on``; do not modify the result (it is shared)."""
        return self._panel(view, on)


def layout() -> html.Div:
    """The panel's place on the page: the welcome until a region is selected.

    Not a live region: a screen reader would read the whole panel again on every
    selection. The selection's name and status are announced instead (ui.selection).
    """
    return html.Div(id=ids.REGION_DETAILS, children=welcome())

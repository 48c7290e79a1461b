"""The map's text side: its name, a list of what it shows, and a short word when the selection changes.

A keyboard or a screen reader cannot use the map's shapes. This section gives them:

- the map's accessible name, the one-sentence description of the view that exports
  use as alt text (:func:`karabakh_map.reports.figure.alt_text`), updated with the view;
- "Regions, towns and events on the map": a folded list read off the map's own figure
  (each choropleth's regions, the towns' and the events' markers), so it shows exactly
  what the map draws, in the same groups. Each entry is a toggle button that sends
  what a click on the map would send; the selected ones are pressed;
- a polite live region that says the new selection's name and status, instead of the
  whole details panel being read out again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace

from dash import ALL, Input, Output, State, ctx, html, no_update

from karabakh_map.data.atlas import Atlas
from karabakh_map.data.layers import LAYERS_BY_NAME
from karabakh_map.figures.map import map_figure
from karabakh_map.model.formatting import format_date
from karabakh_map.model.periods import event_summary
from karabakh_map.model.view_state import ViewState, to_query
from karabakh_map.reports.figure import alt_text
from karabakh_map.ui import ids
from karabakh_map.ui.cache import memoised, plain_json
from karabakh_map.ui.components import folded_list
from karabakh_map.ui.controls import EVENT_PREFIX, apply_control
from karabakh_map.ui.site import Site


def map_items(atlas: Atlas, figure: Mapping, names: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The selectable things a map figure draws: ``(group title, [(value, label), …])`` per trace.

    Parameters
    ----------
    atlas : Atlas
        Names the regions.
    figure : Mapping
        The map as plain plotly JSON.
    names : str
        The view's naming convention.

    Returns
    -------
    list
        Groups in the map's drawing order, least specific first; regions and towns by
        name, events by date. A value is what a click on the map reports for the thing:
        a feature id, or ``event:<id>`` (one entry per event, where the map has one
        marker per place). Traces nobody selects (outlines, country names) are left out.
    """
    groups = []
    for trace in figure.get("data", []):
        if trace.get("type") == "choropleth":
            items = [(i, atlas.label(i, names)) for i in trace.get("locations") or []]
        elif trace.get("customdata") and isinstance(trace["customdata"][0], list):  # events, by marker
            order = atlas.tables["timeline"].index
            events = sorted((value[len(EVENT_PREFIX):] for values in trace["customdata"] for value in values), key=order.get_loc)
            items = [(f"{EVENT_PREFIX}{event}", event_summary(atlas, event)) for event in events]
        elif trace.get("customdata"):
            items = list(zip(trace["customdata"], trace.get("hovertext") or trace["customdata"], strict=True))
        else:
            continue
        if not items[0][0].startswith(EVENT_PREFIX):
            items.sort(key=lambda item: item[1].casefold())
        groups.append((trace.get("name") or "", items))
    return groups


def map_list(groups, selected: set[str]) -> list:
    """A heading and a list of toggle buttons per group, the ``selected`` values pressed.

    The headings are of level 2: the list sits right under the page's title.
    """
    children = []
    for title, items in groups:
        buttons = [
            html.Li(
                html.Button(
                    label,
                    id={"type": ids.MAP_ITEM, "item": value},
                    className="map-item",
                    **{"aria-pressed": "true" if value in selected else "false"},
                )
            )
            for value, label in items
        ]
        children += [html.H2(title), html.Ul(className="map-items", children=buttons)]
    return children


def announcement(atlas: Atlas, view: ViewState) -> str:
    """What a screen reader says when the selection changes: the event, or the region's name and status."""
    if view.event:
        row = atlas.tables["timeline"].loc[view.event]
        return f"Event of {format_date(row['date'])}: {row['event']}"
    if view.region is None:
        return "No region selected."
    name = atlas.label(view.region, view.names)
    status = atlas.tables["status"]
    rows = status[status["region_id"] == view.region]
    if not rows.empty:
        return f"Selected: {name}. {rows.iloc[0]['status']}."
    layer = atlas.layer_of(view.region)
    return f"Selected: {name}, {'town' if layer == 'towns' else LAYERS_BY_NAME[layer].title}."


def live_region() -> html.P:
    """The polite live region the announcements go to (read out, not shown)."""
    return html.P(id=ids.SELECTION_ANNOUNCEMENT, className="visually-hidden", role="status")


def map_caption(site: Site) -> html.P:
    """The map's accessible name: the default view's description, until the first answer."""
    return html.P(
        alt_text(site.atlas, ViewState(), dt.date.today()), id=ids.MAP_CAPTION, className="visually-hidden"
    )


def panel() -> html.Details:
    """The folded list below the map: filled when first opened, then following the view."""
    # The store holds the query of what the list was sent for.
    return folded_list(
        "map-list", "Regions, towns and events on the map", ids.MAP_LIST_SUMMARY, ids.MAP_LIST, ids.MAP_LIST_SHOWN
    )


def register(app, site: Site) -> None:
    """The list's, the name's and the announcement's callbacks."""

    def items(view: ViewState, today: dt.date):
        figure = plain_json(map_figure(site.atlas, view, site.geojson_url, today))
        return map_items(site.atlas, figure, view.names)

    # The list without a selection depends on the names, layers and date only.
    groups = memoised(items)
    caption = memoised(lambda view, today: alt_text(site.atlas, view, today))
    said = memoised(lambda view: announcement(site.atlas, view))

    @app.callback(
        output=dict(
            entries=Output(ids.MAP_LIST, "children"),
            sent=Output(ids.MAP_LIST_SHOWN, "data"),
            pressed=Output({"type": ids.MAP_ITEM, "item": ALL}, "aria-pressed"),
            caption=Output(ids.MAP_CAPTION, "children"),
            said=Output(ids.SELECTION_ANNOUNCEMENT, "children"),
        ),
        inputs=dict(opened=Input(ids.MAP_LIST_SUMMARY, "n_clicks"), shown=Input(ids.VIEW_SHOWN, "data")),
        state=dict(sent=State(ids.MAP_LIST_SHOWN, "data"), items=State({"type": ids.MAP_ITEM, "item": ALL}, "id")),
        prevent_initial_call=True,
    )
    def follow(opened, shown, sent, items):
        view = site.view_of(shown)[0]
        today = dt.date.today()
        base = replace(view, region=None, compare=None, event=None, frame=None)
        selected = {view.region, f"{EVENT_PREFIX}{view.event}"}
        # The list is sent when first opened and when what the map draws changes; a new selection
        # only presses other buttons, so that the button a reader pressed keeps the focus.
        fresh = isinstance(opened, int) and opened > 0 and to_query(base) != sent
        return dict(
            entries=map_list(groups(base, today), selected) if fresh else no_update,
            sent=to_query(base) if fresh else no_update,
            # One answer per button the request names; an id that is not a button's (a hostile request) is not pressed.
            pressed=[
                no_update if fresh else str(isinstance(item, Mapping) and item.get("item") in selected).lower()
                for item in items or []
            ],
            caption=caption(view, today),
            said=no_update if ctx.triggered_id == ids.MAP_LIST_SUMMARY else said(view),
        )

    @app.callback(
        output=Output(ids.URL, "search", allow_duplicate=True),
        inputs=dict(clicks=Input({"type": ids.MAP_ITEM, "item": ALL}, "n_clicks")),
        # The view the page shows, as every section but the router reads it; the router takes the new URL.
        state=dict(shown=State(ids.VIEW_SHOWN, "data")),
        prevent_initial_call=True,
    )
    def select(clicks, shown):
        # The list renders its buttons afresh with the view: only a click (a count above 0) selects.
        item = ctx.triggered_id.get("item") if isinstance(ctx.triggered_id, Mapping) else None
        count = ctx.triggered[0].get("value") if ctx.triggered else None
        if not isinstance(item, str) or not isinstance(count, int) or count < 1:
            return no_update
        view = site.view_of(shown)[0]
        if item == view.region or item == f"{EVENT_PREFIX}{view.event}":  # pressed again: let go
            chosen = replace(view, region=None) if item == view.region else replace(view, event=None)
        else:
            chosen = apply_control(view, ids.MAP, {"points": [{"customdata": item}]}, site.choices)
        return no_update if chosen == view else to_query(chosen)

"""Event details and the timeline list: pure functions of the atlas and the view state."""

from __future__ import annotations

import datetime as dt

import numpy as np
from dash import dcc, html

from karabakh_map.data.atlas import Atlas
from karabakh_map.model.citations import parse_sources
from karabakh_map.model.formatting import format_date, format_period
from karabakh_map.ui.details import figure_row, section


def event_details(atlas: Atlas, event_id: str) -> html.Article:
    """One dated event: what happened, where, the figures that count it and its sources."""
    row = atlas.tables["timeline"].loc[event_id]
    sources = parse_sources(row["source"])
    children = [
        html.H2(format_period(row["date"], row["date_end"]), className="event-date"),
        html.P(row["event"], className="event-text"),
        html.P(f"Where: {row['place']}", className="kind") if row["place"] else None,
    ]
    if row["casualties_displaced"]:
        children.append(figure_row("Counted", row["casualties_displaced"], sources, note=row["note"]))
    else:
        children.append(figure_row("Source", "", sources, note=row["note"]))
    return html.Article(className="details event", children=children)


# Events the research places at a town itself: their coordinates within about 1 km of it.
EVENT_AT_TOWN_DEG = 0.01


def _entry(row, href: str, current: bool = False) -> html.Li:
    return html.Li(
        className="timeline-item current" if current else "timeline-item",
        children=dcc.Link(
            [html.Span(format_date(row["date"]), className="timeline-date"), " ", row["event"]],
            href=href,
        ),
    )


def timeline_list(atlas: Atlas, on: dt.date, period: set[str], link_for) -> html.Ol:
    """Every event, oldest first, each a link that moves the map to its date; the events of ``period`` (ids) marked."""
    items = [
        _entry(row, link_for(row["starts"], event_id), event_id in period)
        for event_id, row in atlas.tables["timeline"].iterrows()
    ]
    return html.Ol(className="timeline", children=items)


def events_at(atlas: Atlas, region_id: str, link_for) -> list:
    """For a town, an "Events here" section: each dated event placed at it, a link to its date; else [].

    An event's marker on the map sits on its town's marker, where a click selects the town:
    this list is how the town's events are reached from the map.
    """
    if atlas.layer_of(region_id) != "towns":
        return []
    point = atlas.layers["towns"].loc[region_id].geometry
    timeline = atlas.tables["timeline"]
    located = timeline[timeline["lat"] != ""]
    distance = np.hypot(located["lat"].astype(float) - point.y, located["lon"].astype(float) - point.x)
    here = located[distance < EVENT_AT_TOWN_DEG]
    items = [_entry(row, link_for(row["starts"], event_id)) for event_id, row in here.iterrows()]
    return [section("Events here", [html.Ol(className="timeline", children=items)])] if items else []

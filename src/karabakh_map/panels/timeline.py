"""Event details and the timeline list: pure functions of the atlas and the view state."""

from __future__ import annotations

import datetime as dt

from dash import dcc, html

from karabakh_map.atlas import Atlas
from karabakh_map.citations import parse_sources
from karabakh_map.formatting import format_date
from karabakh_map.panels.details import figure_row


def _when(row) -> str:
    start = format_date(row["date"])
    return f"{start} – {format_date(row['date_end'])}" if row["date_end"] else start


def event_details(atlas: Atlas, event_id: str) -> html.Article:
    """One dated event: what happened, where, the figures that count it and its sources."""
    row = atlas.tables["timeline"].loc[int(event_id)]
    sources = parse_sources(row["source"])
    children = [
        html.H2(_when(row), className="event-date"),
        html.P(row["event"], className="event-text"),
        html.P(f"Where: {row['place']}", className="kind") if row["place"] else None,
    ]
    if row["casualties_displaced"]:
        children.append(figure_row("Counted", row["casualties_displaced"], sources, note=row["note"]))
    else:
        children.append(figure_row("Source", "", sources, note=row["note"]))
    return html.Article(className="details event", children=children)


def timeline_list(atlas: Atlas, on: dt.date, period: set[int], link_for) -> html.Ol:
    """Every event, oldest first, each a link that moves the map to its date; the current period marked."""
    items = []
    for index, row in atlas.tables["timeline"].iterrows():
        items.append(
            html.Li(
                className="timeline-item current" if index in period else "timeline-item",
                children=dcc.Link(
                    [html.Span(format_date(row["date"]), className="timeline-date"), " ", row["event"]],
                    href=link_for(row["starts"], str(index)),
                ),
            )
        )
    return html.Ol(className="timeline", children=items)

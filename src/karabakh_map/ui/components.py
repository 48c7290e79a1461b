"""Pieces every panel is made of: a figure row, an attributed figure, a section, a folded list, a chart."""

from __future__ import annotations

from dash import dcc, html

from karabakh_map.model.citations import Citation, parse_sources
from karabakh_map.model.formatting import dated_name, figure_value


def citation_links(citations: list[Citation]) -> list:
    """Citations as inline Dash components, separated by semicolons."""
    parts: list = []
    for index, citation in enumerate(citations):
        if index:
            parts.append("; ")
        if citation.url:
            parts.append(html.A(citation.title, href=citation.url, target="_blank", rel="noopener noreferrer"))
        else:
            parts.append(citation.title)
    return parts


def figure_row(label: str, value, source: list[Citation], note: str = "") -> html.Div:
    """One figure with its label, an optional note and its source: the unit every panel is made of."""
    return html.Div(
        className="figure",
        children=[
            html.Span(label, className="figure-label"),
            html.Span(value, className="figure-value"),
            html.Span(note, className="figure-note") if note else None,
            html.Span(["Source: ", *citation_links(source)], className="figure-source"),
        ],
    )


def attributed_figure(figure) -> html.Div:
    """A figures.csv row: its number or range, the date it stands for, who gives it, and its sources."""
    unit = figure["unit"] if figure["unit"] != "text" else ""
    note = f"Given by: {figure['attributed_to']}" + (f". {figure['note']}" if figure["note"] else "")
    name = dated_name(figure["figure"], figure["as_of"])
    return figure_row(name, f"{figure_value(figure)} {unit}".strip(), parse_sources(figure["source"]), note=note)


def section(title: str, children) -> html.Section:
    """A titled part of a details panel."""
    return html.Section(className="details-section", children=[html.H3(title), *children])


def folded_list(class_name: str, summary: str, summary_id: str, body_id: str, sent_id: str) -> html.Details:
    """A folded panel filled when first opened: its summary, its body and a store.

    The summary's clicks say that it was opened; the store holds what the body was last sent
    for (None before), so that it is sent again only when that changes.
    """
    return html.Details(
        className=class_name,
        children=[html.Summary(summary, id=summary_id), html.Div(id=body_id), dcc.Store(id=sent_id)],
    )


def chart(figure: dict | None, config: dict) -> dcc.Graph | None:
    """A chart as its frame's children (None: no chart).

    The page holds only the frame, a Div with the chart's id: an empty dcc.Graph would have
    plotly.js draw empty axes, a few hundred elements, before there is anything to show.
    """
    return dcc.Graph(figure=figure, config=config) if figure else None

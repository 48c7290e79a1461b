"""The Context panel: what each party says, attributed and dated, and the headline figures as ranges.

Pure and static (it does not follow the view state). Positions are summaries in
our own words, each naming who says it and the sources; every number is a
figures.csv row shown with who gives it.
"""

from __future__ import annotations

from dash import Input, Output, html, no_update

from karabakh_map.data.atlas import Atlas
from karabakh_map.model.citations import parse_sources
from karabakh_map.model.formatting import format_period
from karabakh_map.ui import ids
from karabakh_map.ui.cache import plain_json
from karabakh_map.ui.components import attributed_figure, citation_links, figure_row
from karabakh_map.ui.site import Site


def headline_figures(atlas: Atlas) -> list:
    """A section per headline: each figure with who gives it and its sources."""
    figures = atlas.tables["figures"].set_index("id")
    sections = []
    for _, group in atlas.tables["headline_figures"].iterrows():
        rows = [attributed_figure(figures.loc[figure_id]) for figure_id in group["figure_ids"].split(";")]
        sections.append(html.Section(className="details-section", children=[html.H4(group["heading"]), *rows]))
    return sections


def civilian_tolls(atlas: Atlas, event_id: str) -> list:
    """The tolls of civilians harmed in one event, each with who gives it, neutral sources first; [] if none."""
    harm = atlas.tables["civilian_harm"]
    ordered = harm[harm["event_id"] == event_id].sort_values("neutral", ascending=False, kind="stable")
    return [
        figure_row(
            f"{row['civilians']} civilians",
            row["toll"],
            parse_sources(row["source"]),
            note=f"Given by: {row['given_by']}" + (" (neutral source)" if row["neutral"] == "yes" else ""),
        )
        for _, row in ordered.iterrows()
    ]


def civilian_harm(atlas: Atlas) -> list:
    """Violence against civilians on both sides, event by event, neutral sources' figures first.

    One section per event, oldest first; each toll names who gives it, and tolls from
    neutral organisations (Human Rights Watch, Amnesty International, the UN, the ICRC,
    the Council of Europe) come before each side's own.
    """
    timeline = atlas.tables["timeline"]
    sections = []
    for event_id in dict.fromkeys(atlas.tables["civilian_harm"]["event_id"]):
        event = timeline.loc[event_id]
        title = f"{format_period(event['date'], event['date_end'])}: {event['event']}"
        sections.append(html.Section(className="details-section", children=[html.H4(title), *civilian_tolls(atlas, event_id)]))
    return sections


def contested_terms(atlas: Atlas) -> html.Table:
    """Each side's term for a contested subject, and the wording this map uses."""
    terms = atlas.tables["terms"]
    header = html.Tr([html.Th(text) for text in ("Subject", "Armenian usage", "Azerbaijani usage", "This map says", "Sources")])
    body = [
        html.Tr(
            [
                html.Th(row["subject"], scope="row"),
                html.Td(row["armenian_usage"]),
                html.Td(row["azerbaijani_usage"]),
                html.Td(row["our_wording"]),
                html.Td(citation_links(parse_sources(row["source"])), className="figure-source"),
            ]
        )
        for _, row in terms.iterrows()
    ]
    return html.Table(className="terms-table", children=[html.Thead(header), html.Tbody(body)])


def positions(atlas: Atlas) -> list:
    """A section per party: what it says, period by period, with the sources."""
    items = []
    for party, rows in atlas.tables["context"].groupby("party", sort=False):
        entries = [
            html.Li(
                className="figure",
                children=[
                    html.Span(f"{row['period']}: ", className="figure-label"),
                    html.Span(row["says"], className="figure-value"),
                    html.Span(["Sources: ", *citation_links(parse_sources(row["sources"]))], className="figure-source"),
                ],
            )
            for _, row in rows.iterrows()
        ]
        items.append(html.Section(className="details-section", children=[html.H4(party), html.Ul(entries)]))
    return items


def layout() -> html.Details:
    """The panel, folded; its body (:func:`context_body`) is put in when a reader first opens it.

    Every component on the page slows every update Dash makes a little; this panel alone
    has some 250, which most readers never unfold.
    """
    return html.Details(
        className="context-panel",
        children=[
            html.Summary("Context: what each side says, and the numbers", id=ids.CONTEXT_SUMMARY),
            html.Div(id=ids.CONTEXT_BODY),
        ],
    )


def context_body(atlas: Atlas) -> list:
    """What each party says and the headline figures, each with its sources."""
    return [
        html.P(
            "Each position below is what that party says, summarised in our words with its sources; none is a "
            "finding of ours. Where sources disagree on a number, each figure is shown with who gives it.",
            className="chart-note",
        ),
        html.Div(className="context-columns", children=[
            html.Div(className="context-positions", children=[html.H3("Positions"), *positions(atlas)]),
            html.Div(className="context-figures", children=[html.H3("Headline figures"), *headline_figures(atlas)]),
        ]),
        html.H3("Harm to civilians on both sides"),
        html.P(
            "Each toll names who gives it; figures of neutral organisations come first. Where none exists, each "
            "side's own figure is shown as theirs.",
            className="chart-note",
        ),
        *civilian_harm(atlas),
        html.H3("Contested terms"),
        contested_terms(atlas),
    ]


def register(app, site: Site) -> None:
    """The panel's callback: its body, sent when a reader first opens it."""
    body = plain_json(context_body(site.atlas))

    @app.callback(
        output=Output(ids.CONTEXT_BODY, "children"),
        inputs=dict(clicks=Input(ids.CONTEXT_SUMMARY, "n_clicks")),
        prevent_initial_call=True,
    )
    def open_context(clicks):
        return body if clicks == 1 else no_update

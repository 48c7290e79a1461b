"""The Context panel: what each party says, attributed and dated, and the headline figures as ranges.

Pure and static (it does not follow the view state). Positions are summaries in
our own words, each naming who says it and the sources; every number is a
figures.csv row shown with who gives it.
"""

from __future__ import annotations

from dash import Input, Output, html, no_update

from karabakh_map.data.atlas import Atlas
from karabakh_map.model.citations import parse_sources
from karabakh_map.ui import ids
from karabakh_map.ui.cache import plain_json
from karabakh_map.ui.components import attributed_figure
from karabakh_map.ui.site import Site


def headline_figures(atlas: Atlas) -> list:
    figures = atlas.tables["figures"].set_index("id")
    sections = []
    for _, group in atlas.tables["headline_figures"].iterrows():
        rows = [attributed_figure(figures.loc[figure_id]) for figure_id in group["figure_ids"].split(";")]
        sections.append(html.Section(className="details-section", children=[html.H4(group["heading"]), *rows]))
    return sections


def positions(atlas: Atlas) -> list:
    items = []
    for party, rows in atlas.tables["context"].groupby("party", sort=False):
        entries = [
            html.Li(
                className="figure",
                children=[
                    html.Span(f"{row['period']}: ", className="figure-label"),
                    html.Span(row["says"], className="figure-value"),
                    html.Span(
                        "Sources: " + "; ".join(c.title for c in parse_sources(row["sources"])), className="figure-source"
                    ),
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

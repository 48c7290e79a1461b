"""The Export control: download links for the current view, its alt text and the embed snippet. Pure."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from dash import dcc, html

from karabakh_map.data.atlas import Atlas
from karabakh_map.reports.figure import alt_text
from karabakh_map.model.view_state import ViewState, to_query

DOWNLOADS = (
    ("PNG (screen, 2×)", {"format": "png", "preset": "screen"}),
    ("PNG (A4, 300 dpi)", {"format": "png", "preset": "a4-300dpi"}),
    ("PNG (letter, 300 dpi)", {"format": "png", "preset": "letter-300dpi"}),
    ("SVG (vector)", {"format": "svg"}),
    ("PDF (vector)", {"format": "pdf"}),
    ("HTML (interactive, offline)", {"format": "html"}),
)


def _with(query: str, extra: dict) -> str:
    joiner = "&" if query else "?"
    return f"{query}{joiner}{urlencode(extra)}"


def export_panel(
    atlas: Atlas, state: ViewState, today: dt.date, base: str, origin: str, server_renders: bool = True
) -> list:
    """Links that export exactly this view, the alt text to go with them, and the iframe snippet.

    Without Chromium on the server only HTML is rendered there; PNG and SVG come from the
    in-browser buttons, and PDF says what it needs.
    """
    query = to_query(state)
    links = [
        html.A(label, href=base + "export" + _with(query, params), download="", className="export-link")
        for label, params in DOWNLOADS
        if server_renders or params["format"] == "html"
    ]
    if not server_renders:
        links.append(html.Span("PDF needs Chromium on the server (apt-get install -y chromium).", className="chart-note"))
    links.append(html.A("Data (GeoJSON + CSV, zip)", href=base + "export-data.zip" + query, download="",
                        className="export-link"))
    snippet = (
        f'<iframe src="{origin}{base}embed{query}" width="800" height="560" style="border:0" '
        f'title="{alt_text(atlas, state, today)}" loading="lazy"></iframe>'
    )
    return [
        html.Div(className="export-links", children=links),
        html.P(["Alt text: ", html.Span(alt_text(atlas, state, today), className="alt-text")], className="chart-note"),
        html.Label("Embed this view", htmlFor="embed-snippet", className="chart-note"),
        dcc.Textarea(id="embed-snippet", value=snippet, readOnly=True, className="embed-snippet"),
    ]

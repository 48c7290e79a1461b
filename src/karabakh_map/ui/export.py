"""Export and embed: download links for the shown view, its alt text and the embed snippet.

``export_panel`` is pure; the section's callback follows ``view-shown`` once the folded
panel has been opened (before, its links are not sent with the page). Without
Chromium on the server, PNG and SVG are drawn by plotly.js in the reader's browser
(a clientside callback, ``assets/``'s ``karabakh.downloadMap``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from urllib.parse import urlencode

from dash import ClientsideFunction, Input, Output, State, dcc, html, no_update

from karabakh_map.data.atlas import Atlas
from karabakh_map.model.view_state import ViewState, to_query
from karabakh_map.reports.figure import alt_text
from karabakh_map.reports.renderer import process_renderer
from karabakh_map.ui import ids
from karabakh_map.ui.site import Site

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
    atlas: Atlas, state: ViewState, today: dt.date, base: str, origin: str, server_renders: bool = True,
    renderer_status: Mapping | None = None,
) -> list:
    """Links that export exactly this view, the alt text to go with them, and the iframe snippet.

    Without Chromium on the server only HTML is rendered there; PNG and SVG come from the
    in-browser buttons, and PDF says what it needs. ``renderer_status`` (``Renderer.status()``)
    of an installed browser that did not start just now adds a note to try again: busy, not missing.
    """
    query = to_query(state)
    links = [
        html.A(label, href=base + "export" + _with(query, params), download="", className="export-link")
        for label, params in DOWNLOADS
        if server_renders or params["format"] == "html"
    ]
    if not server_renders:
        links.append(html.Span("PDF needs Chromium on the server (apt-get install -y chromium).", className="chart-note"))
    elif renderer_status and renderer_status.get("installed") and not renderer_status.get("available"):
        links.append(html.Span(
            f"PNG, SVG and PDF: the server's browser did not start just now (the server may be busy); try again in "
            f"{renderer_status.get('retry_after_s', 10)} s. HTML and data work now.", className="chart-note"))
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


def _browser_export(server_renders: bool) -> html.Div:
    """PNG and SVG drawn by plotly.js in the reader's browser: shown when the server has no Chromium."""
    return html.Div(
        id=ids.BROWSER_EXPORT,
        hidden=server_renders,
        className="export-links",
        children=[
            html.Span("This server cannot render images (no Chromium). In your browser:", className="chart-note"),
            html.Button("PNG (map only)", id=ids.BROWSER_PNG, n_clicks=0),
            html.Button("SVG (map only)", id=ids.BROWSER_SVG, n_clicks=0),
            html.Span(id=ids.BROWSER_EXPORT_DONE, hidden=True),
        ],
    )


def layout(site: Site) -> html.Details:
    """The folded Export and embed panel, filled when first opened."""
    return html.Details(
        className="export-panel",
        children=[
            html.Summary("Export and embed", id=ids.EXPORT_SUMMARY),
            _browser_export(site.server_renders),
            html.Div(id=ids.EXPORT_PANEL),
        ],
    )


def register(app, site: Site) -> None:
    """The panel follows ``view-shown`` once opened; the in-browser PNG and SVG buttons run in the browser."""

    @app.callback(
        output=Output(ids.EXPORT_PANEL, "children"),
        inputs=dict(opened=Input(ids.EXPORT_SUMMARY, "n_clicks"), shown=Input(ids.VIEW_SHOWN, "data")),
        state=dict(href=State(ids.URL, "href")),
        prevent_initial_call=True,
    )
    def show_export(opened, shown, href):
        if not (isinstance(opened, int) and opened > 0):  # folded since the page loaded: nothing to send
            return no_update
        origin = "/".join(href.split("/")[:3]) if isinstance(href, str) and href.startswith("http") else ""
        view = site.view_of(shown)[0]
        status = process_renderer().status() if site.server_renders else None
        return export_panel(site.atlas, view, dt.date.today(), site.base_path, origin, site.server_renders, status)

    app.clientside_callback(
        ClientsideFunction(namespace="karabakh", function_name="downloadMap"),
        Output(ids.BROWSER_EXPORT_DONE, "children"),
        Input(ids.BROWSER_PNG, "n_clicks"),
        Input(ids.BROWSER_SVG, "n_clicks"),
        prevent_initial_call=True,
    )

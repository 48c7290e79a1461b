"""Helpers for reading what plotly.js drew on a page."""

from __future__ import annotations

from playwright.sync_api import Page


def lonlat_to_page(page: Page, lon: float, lat: float) -> tuple[float, float]:
    """Where plotly draws a longitude/latitude on the page, from the geo subplot's own projection."""
    return tuple(
        page.evaluate(
            """([lon, lat]) => {
                const gd = document.querySelector('#map .js-plotly-plot');
                const [x, y] = gd._fullLayout.geo._subplot.projection([lon, lat]);
                const frame = gd.getBoundingClientRect();
                return [frame.x + x, frame.y + y];
            }""",
            [lon, lat],
        )
    )

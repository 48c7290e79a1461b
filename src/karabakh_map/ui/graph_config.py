"""plotly.js's configuration of the page's graphs: each modebar keeps only what a reader uses.

A modebar button is a tab stop; plotly.js's default bar adds eight to ten to every graph,
among them "Share chart…", an upload to Plotly's cloud. The map keeps zoom and reset
(dragging pans it); box and lasso select mean nothing here. plotly.js's own download is
left out too: it saved the bare map, without title, date, legend or sources, which a
reader would publish unsourced; "Export and embed" (and /embed's link to the full view)
gives the finished figure. Charts that sit beside the page's own download buttons have
no modebar.
"""

from __future__ import annotations

MAP_MODEBAR = [["zoomInGeo", "zoomOutGeo", "resetGeo"]]
CHART_CONFIG = {"displayModeBar": False, "displaylogo": False}


def map_config(topojson_url: str) -> dict:
    """The map's config: our own base map (plotly.js would fetch a world TopoJSON), the trimmed modebar."""
    return {
        "topojsonURL": topojson_url,
        "displaylogo": False,
        "scrollZoom": True,
        "modeBarButtons": MAP_MODEBAR,
    }

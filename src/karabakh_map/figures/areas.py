"""Size figures: where a region ranks among familiar places, and a region laid over a place.

Pure: data in, plotly figures out. The inset is drawn in an equal-area plane centred
on the place (metres), so no base map is needed and nothing is distorted.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pyproj
import shapely

from karabakh_map.figures import style
from karabakh_map.model.areas import Ranked
from karabakh_map.model.formatting import format_number

RANK_WINDOW = 8  # places shown either side of the selected region


def ranking_height(rows: int) -> int:
    """The ranking chart's height in px for ``rows`` bars (the page keeps its place before it is drawn).

    >>> ranking_height(3), ranking_height(20)
    (240, 500)
    """
    return max(240, 22 * rows + 60)


def ranking_figure(entries: list[Ranked], region_id: str, place_id: str) -> go.Figure:
    """Horizontal bars: the selected region among the entries nearest it in size, and the chosen place."""
    index = next((i for i, e in enumerate(entries) if e.feature_id == region_id), 0)
    shown = set(range(max(0, index - RANK_WINDOW), min(len(entries), index + RANK_WINDOW + 1)))
    shown |= {i for i, e in enumerate(entries) if e.feature_id == place_id}
    rows = [entries[i] for i in sorted(shown)][::-1]  # largest on top
    colours = [
        style.SELECTION if e.feature_id == region_id
        else style.COMPARE_OUTLINE if e.feature_id == place_id
        else style.CONFLICT_BAR if e.conflict
        else style.PLACE_BAR
        for e in rows
    ]
    figure = go.Figure(
        go.Bar(
            name="Area (km²)",
            x=[e.area.km2 for e in rows],
            y=[e.name for e in rows],
            orientation="h",
            marker_color=colours,
            text=[f"{format_number(round(e.area.km2))} km²{'' if e.area.official else '*'}" for e in rows],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="<b>%{y}</b><br>%{text}<extra></extra>",
        )
    )
    figure.update_layout(
        height=ranking_height(len(rows)),
        margin={"l": 8, "r": 70, "t": 8, "b": 36},
        paper_bgcolor="white",
        plot_bgcolor="white",
        font={"family": style.FONT_FAMILY, "color": style.TEXT, "size": 11},
        xaxis={"title": "km² (* computed from our geometry)", "type": "log", "gridcolor": "#EEEEEE"},
        yaxis={"automargin": True},
        showlegend=False,
    )
    return figure


def _rings(geometry, transform) -> tuple[list, list]:
    xs, ys = [], []
    polygons = geometry.geoms if geometry.geom_type == "MultiPolygon" else [geometry]
    for polygon in polygons:
        x, y = transform.transform(*np.asarray(polygon.exterior.coords).T)
        xs += [*x, None]
        ys += [*y, None]
    return xs, ys


def inset_figure(place, place_name: str, moved_region, region_name: str) -> go.Figure:
    """The region's outline laid over the place, both in the place's equal-area plane."""
    centre = place.centroid
    plane = pyproj.CRS.from_proj4(f"+proj=laea +lat_0={centre.y} +lon_0={centre.x} +ellps=WGS84 +units=m")
    transform = pyproj.Transformer.from_crs("EPSG:4326", plane, always_xy=True)
    tolerance = max(np.sqrt(place.area), np.sqrt(moved_region.area)) / 300  # a fraction of the size, in degrees
    figure = go.Figure()
    for geometry, name, fill, line in (
        (place, place_name, "rgba(180,180,180,0.45)", "#666666"),
        (moved_region, region_name, "rgba(0,0,0,0)", style.SELECTION),
    ):
        xs, ys = _rings(shapely.simplify(geometry, tolerance), transform)
        figure.add_scatter(
            x=[x / 1000 if x is not None else None for x in xs],
            y=[y / 1000 if y is not None else None for y in ys],
            mode="lines",
            fill="toself",
            fillcolor=fill,
            line={"color": line, "width": 2},
            name=name,
            hoverinfo="name",
        )
    figure.update_layout(
        height=320,
        margin={"l": 8, "r": 8, "t": 8, "b": 8},
        paper_bgcolor="white",
        plot_bgcolor="white",
        font={"family": style.FONT_FAMILY, "color": style.TEXT, "size": 11},
        xaxis={"visible": False},
        yaxis={"visible": False, "scaleanchor": "x"},
        legend={"orientation": "h", "y": 0},
    )
    return figure

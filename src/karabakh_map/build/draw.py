"""Geometry for drawing, at two levels of detail, every layer simplified from the same faces.

The fitted geography is one coverage of faces (see :mod:`karabakh_map.build.fitting`).
Each level clips the faces to its extent, simplifies them once as a coverage
(``shapely.coverage_simplify``: a shared border is simplified once, so neighbours and
layers keep meeting exactly) and dissolves them into each layer's features:

- ``overview``: the whole region, within a pixel at the overview (default) view;
- ``fine``: the Karabakh frame with a margin, within a pixel when that frame fills the
  map, for a reader who zooms in or selects a region there.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import box

from karabakh_map.build.coverage import polygonal
from karabakh_map.build.fitting import Geography
from karabakh_map.data.layers import FINE_EXTENT, FINE_FRAME, OVERVIEW_DRAW_FRAME
from karabakh_map.model.geometry import orient_for_plotly, simplify_coverage

# Each level simplifies to PIXEL_SHARE of a pixel of its frame (data.layers.DrawFrame.tolerance_deg).
DRAW_TOLERANCE_DEG = OVERVIEW_DRAW_FRAME.tolerance_deg
# Coordinates snapped to a 1e-3° grid (about 100 m, a ninth of a pixel): short to send.
DRAW_GRID_DEG = 1e-3
# Neighbours are drawn only for context: clipped to the overview frame and about a degree
# around it (the overview's gzip budget is 20 KB).
CONTEXT_BOX = box(42.0, 37.5, 51.8, 42.9)
# The fine level: the same share of a pixel of the Karabakh frame, on a 1e-4° grid (about 10 m).
FINE_TOLERANCE_DEG = FINE_FRAME.tolerance_deg
FINE_GRID_DEG = 1e-4


@dataclass(frozen=True)
class DrawLevel:
    """One level of detail: where it is drawn and how closely.

    Beyond ``extent``, out to ``context`` (if any), the level is drawn at ``context_tolerance_deg``
    on a ``context_grid_deg`` grid:
    a reader who pans or zooms out of the fine level's window then sees the map go on, coarser,
    rather than cut off along a straight line.
    """

    name: str
    extent: shapely.Polygon
    tolerance_deg: float
    grid_deg: float
    context: shapely.Polygon | None = None
    context_tolerance_deg: float = 0.0
    context_grid_deg: float = 0.0


DRAW_LEVELS = (
    DrawLevel("overview", CONTEXT_BOX, DRAW_TOLERANCE_DEG, DRAW_GRID_DEG),
    DrawLevel("fine", FINE_EXTENT, FINE_TOLERANCE_DEG, FINE_GRID_DEG, CONTEXT_BOX, DRAW_TOLERANCE_DEG, DRAW_GRID_DEG),
)


def _simplified_faces(faces: np.ndarray, box: shapely.Polygon, tolerance_deg: float) -> np.ndarray:
    """The faces cut to ``box`` and simplified as one coverage; None for a face wholly outside."""
    cut = np.asarray([polygonal(g) for g in shapely.intersection(faces, box)], dtype=object)
    inside = ~shapely.is_empty(cut)
    simplified = np.full(len(cut), None, dtype=object)
    simplified[inside] = simplify_coverage(cut[inside], tolerance_deg)
    return simplified


def draw_level(
    geography: Geography,
    masks: dict[str, dict[str, np.ndarray]],
    level: DrawLevel,
    computed: dict[str, gpd.GeoDataFrame],
) -> dict[str, gpd.GeoDataFrame]:
    """Simplified, snapped, clockwise geometry for every area layer at one level of detail.

    Parameters
    ----------
    geography : Geography
        The fitted faces.
    masks : dict
        Layer name → feature id → boolean mask over the faces (see
        :func:`karabakh_map.build.layers.feature_masks`).
    level : DrawLevel
    computed : dict of GeoDataFrame
        Layers computed from the others rather than made of faces (the 2020 war's
        areas), by name: each feature simplified on its own (Douglas–Peucker, within the
        level's tolerance).

    Returns
    -------
    dict of GeoDataFrame
        By layer name, columns ``id`` and ``geometry``; a feature wholly outside the
        level's extent (and its context) is left out.
    """
    simplified = _simplified_faces(geography.atoms.faces, level.extent, level.tolerance_deg)
    around = np.full(len(simplified), None, dtype=object)
    if level.context is not None:
        # The context's faces simplified at their own tolerance, then cut off where the level's
        # extent begins: both sides of that seam are the same straight line.
        coarse = _simplified_faces(geography.atoms.faces, level.context, level.context_tolerance_deg)
        present = coarse != None  # noqa: E711 (an array of geometries and None)
        cut = [polygonal(g) for g in shapely.difference(coarse[present], level.extent, grid_size=level.context_grid_deg)]
        around[present] = [None if g.is_empty else g for g in cut]
    inside, beyond = simplified != None, around != None  # noqa: E711
    drawn = {}
    for layer, features in masks.items():
        ids, geometries = [], []
        for feature_id, mask in features.items():
            if (mask & (inside | beyond)).any():
                ids.append(feature_id)
                geometry = shapely.coverage_union_all(simplified[mask & inside])
                if (mask & beyond).any():
                    geometry = shapely.union_all([geometry, *around[mask & beyond]])
                geometries.append(polygonal(geometry))
        snapped = shapely.set_precision(np.asarray(geometries, dtype=object), level.grid_deg)
        # A node where two faces of one feature meet a border is a vertex on that side
        # only: give the neighbour it too, so shared edges match vertex for vertex.
        snapped = shapely.coverage_clean(snapped, snapping_distance=0)
        drawn[layer] = gpd.GeoDataFrame({"id": ids}, geometry=list(orient_for_plotly(snapped)), crs="EPSG:4326")
    for layer, frame in computed.items():
        clipped = np.asarray([polygonal(g) for g in shapely.intersection(frame.geometry.to_numpy(), level.extent)], dtype=object)
        inside = ~shapely.is_empty(clipped)
        simplified = shapely.set_precision(shapely.simplify(clipped[inside], level.tolerance_deg), level.grid_deg)
        drawn[layer] = gpd.GeoDataFrame(
            {"id": list(frame["id"][inside])}, geometry=list(orient_for_plotly(simplified)), crs="EPSG:4326"
        )
    return drawn

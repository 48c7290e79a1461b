"""Geometry for drawing: simplified within half a pixel at the default view, borders kept shared.

Two coverages are simplified, each as a whole so that neighbours keep one shared
border: the countries (NE admin-0), and the NE admin-1 units of Armenia, Azerbaijan
and Georgia, from which Nakhchivan, the seven districts and the provinces are
dissolved. (The two sources are each a valid coverage but not one together: their
vertices differ along the outer borders.) Each stays within half a pixel of the
source, so a province edge and the country border it follows stay within a pixel.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import box

from karabakh_map.model.geometry import orient_for_plotly, simplify_coverage
from karabakh_map.figures.frame import OVERVIEW

# Half a pixel at the overview frame: simplified edges stay within a pixel of the source.
DRAW_TOLERANCE_DEG = OVERVIEW.degrees_per_pixel / 2
# Coordinates snapped to a 1e-4° grid (about 10 m): far below a pixel, and short to send.
DRAW_GRID_DEG = 1e-4
# Neighbours are drawn only for context: clip them to the overview frame with a margin.
CONTEXT_BOX = box(41.0, 36.8, 52.8, 43.6)


def _finish(ids: list[str], geometries) -> gpd.GeoDataFrame:
    snapped = shapely.set_precision(np.asarray(geometries, dtype=object), DRAW_GRID_DEG)
    return gpd.GeoDataFrame({"id": ids}, geometry=list(orient_for_plotly(snapped)), crs="EPSG:4326")


def draw_layers(full: dict[str, gpd.GeoDataFrame], units: gpd.GeoDataFrame) -> dict[str, gpd.GeoDataFrame]:
    """Simplified, snapped, clockwise geometry for every drawn polygon layer.

    Parameters
    ----------
    full : dict of GeoDataFrame
        The full-geometry layers, by layer name.
    units : GeoDataFrame
        NE admin-1 units of Armenia, Azerbaijan and Georgia with ``unit_id``, ``adm1_code``
        and ``region``.
    """
    countries = full["countries"]
    # Clipping to a box shared by all keeps the countries a valid coverage.
    country_geometry = [g.intersection(CONTEXT_BOX) for g in countries.geometry]
    drawn = {"countries": _finish(list(countries["id"]), simplify_coverage(country_geometry, DRAW_TOLERANCE_DEG))}

    unit_geometry = dict(zip(units["adm1_code"], simplify_coverage(list(units.geometry), DRAW_TOLERANCE_DEG), strict=True))
    nakhchivan_codes = units.loc[units["region"] == "Naxçıvan Autonomous Republic", "adm1_code"]
    drawn["nakhchivan"] = _finish(["nakhchivan"], [shapely.union_all([unit_geometry[c] for c in nakhchivan_codes])])
    code_of_unit = dict(zip(units["unit_id"], units["adm1_code"], strict=True))
    for layer, key in (("provinces", "id"), ("districts", "province_id")):
        frame = full[layer]
        drawn[layer] = _finish(list(frame["id"]), [unit_geometry[code_of_unit[u]] for u in frame[key]])

    for layer in ("nkao", "held_1994_2020", "held_2020_war"):
        frame = full[layer]
        drawn[layer] = _finish(list(frame["id"]), shapely.simplify(frame.geometry.to_numpy(), DRAW_TOLERANCE_DEG))
    # The 2020–2023 area and the corridor share an edge: simplify them as one coverage.
    pair = [full["held_2020_2023"], full["lachin_corridor"]]
    pair_simplified = simplify_coverage([f.geometry.iloc[0] for f in pair], DRAW_TOLERANCE_DEG)
    for frame, geometry in zip(pair, pair_simplified, strict=True):
        drawn[frame["layer"].iloc[0]] = _finish(list(frame["id"]), [geometry])
    return drawn

"""Shares of control computed from the polygons: how much of a region an NKR-held area covered, and when.

Where the project's control history calls a region's control split (Fuzuli and Agdam
1993–2020, the NKAO 1994–2023), the panel gives each side's share. The share is the
geodesic area of the region inside the held area drawn in a period (the union of the
held layers' features valid then), over the region's area: computed here, from
generalised (1:10M) outlines, and labelled so.
"""

from __future__ import annotations

import itertools

import geopandas as gpd
import pandas as pd
import shapely

from karabakh_map.data.layers import HELD_LAYERS
from karabakh_map.model.geometry import geodesic_area_km2

COLUMNS = ["region_id", "valid_from", "valid_to", "held_feature", "held_pct"]


def held_periods(layers: dict[str, gpd.GeoDataFrame]) -> list[tuple[str, str, list[str], object]]:
    """The periods in which the same held features are valid: (from, to, their ids, their union), oldest first.

    On each date the map draws the union of the held layers' features valid then (two at
    once where a district piece lies beside the 2020–2023 area), so a share is of that union.
    """
    features = [row for name in HELD_LAYERS for _, row in layers[name].iterrows()]
    dates = sorted({row["valid_from"] for row in features} | {row["valid_to"] for row in features})
    periods = []
    for start, end in itertools.pairwise(dates):
        valid = [row for row in features if row["valid_from"] <= start and end <= row["valid_to"]]
        if valid:
            union = shapely.union_all([row.geometry for row in valid])
            periods.append((start, end, [row["id"] for row in valid], union))
    return periods


def control_shares(layers: dict[str, gpd.GeoDataFrame], region_ids) -> pd.DataFrame:
    """For each region and period that overlap, the share of the region held (per cent, 0.1).

    Parameters
    ----------
    layers : dict of GeoDataFrame
        The built layers.
    region_ids : iterable of str
        The regions of the control history; those without a polygon are skipped.

    Returns
    -------
    DataFrame
        ``region_id``, ``valid_from``, ``valid_to``, ``held_feature`` (the ids of the held
        features drawn in the period, joined by " + ") and ``held_pct``; a region is not
        measured against periods that draw the region itself.
    """
    polygons = {
        feature_id: geometry
        for name, frame in layers.items()
        if frame.geom_type.isin(["Polygon", "MultiPolygon"]).all()
        for feature_id, geometry in zip(frame["id"], frame.geometry, strict=True)
    }
    periods = held_periods(layers)
    rows = []
    for region_id in sorted(set(region_ids) & polygons.keys()):
        region = polygons[region_id]
        area = geodesic_area_km2(region)
        for start, end, ids, held in periods:
            share = round(100 * geodesic_area_km2(region.intersection(held)) / area, 1)
            if share > 0 and region_id not in ids:
                rows.append([region_id, start, end, " + ".join(ids), share])
    return pd.DataFrame(rows, columns=COLUMNS).sort_values(["region_id", "valid_from"]).reset_index(drop=True)

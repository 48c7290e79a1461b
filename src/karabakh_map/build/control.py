"""Shares of control computed from the polygons: how much of a region an NKR-held area covered, and when.

Where the project's control history calls a region's control split (Fuzuli and Agdam
1993–2020, the NKAO 1994–2023), the panel gives each side's share. The share is the
geodesic area of the region inside the held polygon valid in a period, over the
region's area: computed here, from generalised (1:10M) outlines, and labelled so.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from karabakh_map.model.geometry import geodesic_area_km2

# The layers that draw what the NKR/Artsakh held, each feature valid from valid_from to valid_to.
HELD_LAYERS = ("held_1994_2020", "held_2020_war", "held_2020_2023")
COLUMNS = ["region_id", "valid_from", "valid_to", "held_feature", "held_pct"]


def control_shares(layers: dict[str, gpd.GeoDataFrame], region_ids) -> pd.DataFrame:
    """For each region and held feature that overlap, the share of the region held (per cent, 0.1).

    Parameters
    ----------
    layers : dict of GeoDataFrame
        The built layers.
    region_ids : iterable of str
        The regions of the control history; those without a polygon are skipped.
    """
    polygons = {
        feature_id: geometry
        for name, frame in layers.items()
        if frame.geom_type.isin(["Polygon", "MultiPolygon"]).all()
        for feature_id, geometry in zip(frame["id"], frame.geometry, strict=True)
    }
    rows = []
    for region_id in sorted(set(region_ids) & polygons.keys()):
        region = polygons[region_id]
        area = geodesic_area_km2(region)
        for name in HELD_LAYERS:
            for _, held in layers[name].iterrows():
                share = round(100 * geodesic_area_km2(region.intersection(held.geometry)) / area, 1)
                if share > 0 and held["id"] != region_id:
                    rows.append([region_id, held["valid_from"], held["valid_to"], held["id"], share])
    return pd.DataFrame(rows, columns=COLUMNS).sort_values(["region_id", "valid_from"]).reset_index(drop=True)

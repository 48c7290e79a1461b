"""The former NKAO while the control history records a war in it and no line: drawn as contested.

From the oblast's abolition (26 Nov 1991) to the 1994 ceasefire the control history
(``editorial/control_history.csv``) has the former NKAO "contested in the war": the front
moved through it (Khojaly, Shusha, Martakert changed hands) and no open dataset draws it.
Left undrawn, the oblast showed in Azerbaijan's colour inside districts drawn as held by
the NKR/Artsakh. A feature per such period draws the whole oblast in a class of its own,
dated by the control history and citing its sources. Built from the layers and the control
history, so it follows both when they change.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from karabakh_map.build.fitting import Geography
from karabakh_map.data.layers import CONTESTED_LAYER
from karabakh_map.model.areas import DATES_FROM
from karabakh_map.model.formatting import format_date
from karabakh_map.model.geometry import geodesic_area_km2
from karabakh_map.model.periods import CONTESTED, holding

SOURCE = (
    "Computed by karabakh-map: the Soviet-era NKAO's outline (Natural Earth) of this atlas, fitted to OpenStreetMap's "
    "borders, on the dates of the control history (the NKAO's panel, with its sources)"
)


def contested_layer(
    layers: dict[str, gpd.GeoDataFrame], masks: dict[str, dict[str, np.ndarray]], geography: Geography,
    history: pd.DataFrame,
) -> tuple[gpd.GeoDataFrame, dict[str, np.ndarray]]:
    """One feature per period in which the control history has a region of the ``nkao`` layer contested in a war.

    Parameters
    ----------
    layers : dict of GeoDataFrame
        The built layers (the ``nkao`` layer, for its ids and names).
    masks : dict
        Layer name → feature id → boolean mask over the faces.
    geography : Geography
        The fitted faces: each feature is a union of them, sharing its borders with every layer.
    history : DataFrame
        The control history: ``region_id``, ``start``, ``end`` (ISO dates, end exclusive),
        ``held_by`` and ``source``.

    Returns
    -------
    (GeoDataFrame, dict)
        The ``contested_1991_1994`` layer (``valid_from``/``valid_to``) and its features' masks by id.

    Raises
    ------
    ValueError
        Where a contested period has no full start and end date to draw it by.
    """
    oblast = layers["nkao"].set_index("id")
    rows, piece_masks = [], {}
    for _, entry in history[history["region_id"].isin(oblast.index)].iterrows():
        if holding(entry["held_by"]) != CONTESTED:
            continue
        start, end = entry["start"], entry["end"]
        if len(start) != 10 or len(end) != 10:
            raise ValueError(f"control history: {entry['region_id']} contested from {start!r} to {end!r}")
        feature_id = f"{CONTESTED_LAYER}_{entry['region_id']}"
        piece_masks[feature_id] = masks["nkao"][entry["region_id"]]
        rows.append({
            "id": feature_id,
            "layer": CONTESTED_LAYER,
            "name_en": f"Former NKAO, contested in the war from {format_date(start)} to {format_date(end)} "
            "(the front inside it moved and is not drawn)",
            "valid_from": start,
            "valid_to": end,
            "source": f"{SOURCE}{DATES_FROM}{entry['source']}",
            "licence": oblast.loc[entry["region_id"], "licence"] + "; dates cited",
        })
    frame = gpd.GeoDataFrame(rows, geometry=[geography.geometry(piece_masks[row["id"]]) for row in rows],
                             crs="EPSG:4326")
    frame["area_km2"] = [round(geodesic_area_km2(g), 1) for g in frame.geometry]
    return frame.sort_values(["valid_from", "id"]).reset_index(drop=True), piece_masks

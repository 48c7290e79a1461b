"""Districts the NKR/Artsakh held outside the lines drawn for their dates.

The map's held areas are lines of a date: the 1994 ceasefire line (from 12 May 1994),
the 2020 war's areas (28 Sep – 9 Nov 2020) and the 2020 ceasefire line (from 10 Nov
2020). The control history (``editorial/control_history.csv``) dates when each of the
seven districts around the NKAO was taken and handed back, and some of those dates lie
outside the lines: Lachin was taken in May 1992, two years before the 1994 line; Agdam,
Kalbajar and Lachin were handed back 10 to 21 days after the 2020 line took effect.

For each period in which the control history has the NKR/Artsakh hold a district, wholly
or in part, and no line of the whole held area is drawn, a feature draws the district's
part of the 1994 area, less what another layer draws then (the 2020–2023 area, the
corridor): a union of the fitted faces, like those layers. The district is the one the map
draws, in its Soviet-era borders, outside the former oblast: before 1994 the control
history records a war there, not a line; in 2020 a district's handover did not take in the
oblast's land in today's rayon (Charektar, a village of the oblast's Martakert district in
today's Kalbajar rayon, was not handed over with Kalbajar: :data:`NOT_WITH_THE_RAYON`).
Land of the former oblast outside the 2020–2023 area is drawn held until that line took
effect, 10 Nov 2020.
Built from the layers and the control history, so it follows both when they change.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from karabakh_map.build.fitting import Geography
from karabakh_map.build.tables import PROJECT_TABLES
from karabakh_map.model.areas import DATES_FROM
from karabakh_map.model.formatting import format_date
from karabakh_map.model.geometry import geodesic_area_km2
from karabakh_map.model.periods import HELD, PARTLY_HELD, holding

# The pieces before the 1994 line, and after the 2020 line: two layers, as a district has one of each.
BEFORE_1994, AFTER_2020 = "held_1992_1994", "held_2020_handover"
# Layers that each draw the whole held area on their dates: no district piece is needed then.
WHOLE_AREA_LAYERS = ("held_1994_2020", "held_2020_war")
# Layers drawn beside the pieces whose area a piece leaves out, so that no place is drawn twice.
DRAWN_BESIDE = ("held_2020_2023", "lachin_corridor")
NOT_WITH_THE_RAYON = (
    "news.am, 'Head of Karabakh's Charektar village says residents can return, but many don't have homes anymore' "
    "(Charektar, in the NKR's Shahumyan region, was not handed to Azerbaijan 'since it used to be in the Martakert "
    "region') – https://news.am/eng/news/618215.html"
)
SOURCE = (
    "Computed by karabakh-map: the district outlines (geoBoundaries) and the 1994 line (Natural Earth) of this atlas, "
    "fitted to OpenStreetMap's borders, on the dates of the control history (each district's panel, with its sources)"
)


def read_control_history() -> pd.DataFrame:
    """The project's control history, as written (``editorial/control_history.csv``)."""
    return pd.read_csv(PROJECT_TABLES["control_history"], dtype=str, keep_default_na=False)


def _uncovered(start: str, end: str, covered: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The parts of [start, end) outside every interval of ``covered`` (ISO dates, ends exclusive).

    >>> _uncovered("1992-05-18", "2020-12-01", [("1994-05-12", "2020-09-28"), ("2020-09-28", "2020-11-10")])
    [('1992-05-18', '1994-05-12'), ('2020-11-10', '2020-12-01')]
    """
    parts, cursor = [], start
    for cover_start, cover_end in sorted(covered):
        if cover_start > cursor:
            parts.append((cursor, min(cover_start, end)))
        cursor = max(cursor, cover_end)
        if cursor >= end:
            break
    if cursor < end:
        parts.append((cursor, end))
    return [(a, b) for a, b in parts if a < b]


def held_district_layers(
    layers: dict[str, gpd.GeoDataFrame], masks: dict[str, dict[str, np.ndarray]], geography: Geography, history: pd.DataFrame
) -> dict[str, tuple[gpd.GeoDataFrame, dict[str, np.ndarray]]]:
    """One feature per district and period held outside the drawn lines, valid from ``valid_from`` to ``valid_to``.

    The periods before the 1994 line make the ``held_1992_1994`` layer, those after the
    2020 line the ``held_2020_handover`` layer.

    Each feature is a union of the fitted geography's faces, like the layers it is cut
    from, so that it shares their borders to the vertex.

    Parameters
    ----------
    layers : dict of GeoDataFrame
        The built ``districts``, ``held_1994_2020``, ``held_2020_war``,
        ``held_2020_2023`` and ``lachin_corridor`` layers (for their names and dates).
    masks : dict
        Layer name → feature id → boolean mask over the faces (see
        :func:`karabakh_map.build.layers.feature_masks`).
    geography : Geography
        The fitted faces.
    history : DataFrame
        The control history: ``region_id``, ``start``, ``end`` (ISO dates, end exclusive),
        ``held_by`` and ``source``.

    Returns
    -------
    dict
        Layer name → (the layer, its features' masks by id).

    Raises
    ------
    ValueError
        Where a district's held period has no full start and end date to draw it by.
    """
    covered = [
        (row["valid_from"], row["valid_to"]) for name in WHOLE_AREA_LAYERS for _, row in layers[name].iterrows()
    ]
    first_line = layers["held_1994_2020"]["valid_from"].iloc[0]
    districts = layers["districts"].set_index("id")
    rows, piece_masks = {BEFORE_1994: [], AFTER_2020: []}, {}
    for _, entry in history[history["region_id"].isin(districts.index)].iterrows():
        if holding(entry["held_by"]) not in (HELD, PARTLY_HELD):
            continue
        if len(entry["start"]) != 10 or len(entry["end"]) != 10:
            raise ValueError(f"control history: {entry['region_id']} held from {entry['start']!r} to {entry['end']!r}")
        for start, end in _uncovered(entry["start"], entry["end"], covered):
            before_1994 = end <= first_line
            mask = masks["districts"][entry["region_id"]] & masks["held_1994_2020"]["held_1994_2020"]
            for name in DRAWN_BESIDE:
                for feature_id, valid_from, valid_to in layers[name][["id", "valid_from", "valid_to"]].itertuples(
                    index=False
                ):
                    if valid_from < end and start < valid_to:
                        mask = mask & ~masks[name][feature_id]
            period = (
                f"from {format_date(start)} (the 1994 line within the district, outside the former oblast: approximate)"
                if before_1994
                else f"until handed back on {format_date(end)}"
            )
            layer = BEFORE_1994 if before_1994 else AFTER_2020
            feature_id = f"{layer}_{entry['region_id']}"
            piece_masks[feature_id] = mask
            rows[layer].append(
                {
                    "id": feature_id,
                    "layer": layer,
                    # Worded as the other held areas ("Area held by …"): a description, not a name to look up.
                    "name_en": f"Area held by the NKR/Artsakh in {districts.loc[entry['region_id'], 'name_en']} {period}",
                    "valid_from": start,
                    "valid_to": end,
                    "source": f"{SOURCE}{DATES_FROM}{entry['source']}",
                    "licence": "ODbL 1.0 (OpenStreetMap borders); CC BY-SA 3.0 (geoBoundaries districts); dates cited",
                }
            )
    built = {}
    for layer, features in rows.items():
        frame = gpd.GeoDataFrame(
            features, geometry=[geography.geometry(piece_masks[row["id"]]) for row in features], crs="EPSG:4326"
        )
        frame["area_km2"] = [round(geodesic_area_km2(g), 1) for g in frame.geometry]
        ids = list(frame["id"])
        built[layer] = (frame.sort_values(["valid_from", "id"]).reset_index(drop=True), {i: piece_masks[i] for i in ids})
    return built

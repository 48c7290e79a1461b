"""The 44-day war of 2020 on the map: the area the NKR/Artsakh held on each date, approximately.

No open dataset draws the front line day by day. What the sources do date is when
places and districts changed hands (``editorial/war_2020.csv``). The area taken in the
war is the 1994–2020 area minus what the NKR still held on 10 Nov 2020 (the 2020–2023
area, the Lachin corridor, and the Agdam, Kalbajar and Lachin districts it handed back
later). Each dated change takes a piece of it: a district's piece is its rayon's part
of that area; a town's piece is the rest of the area nearer to it than to any other
dated town. On each date the held area is the 1994–2020 area minus the pieces taken
by then. Built from the layers, so it follows their geometry when they are refined.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely

from karabakh_map.model.formatting import format_date
from karabakh_map.model.geometry import geodesic_area_km2
from karabakh_map.paths import EDITORIAL

WAR_CHANGES = EDITORIAL / "war_2020.csv"
LAYER = "held_2020_war"
# The front began to move on 27 Sep: that day still shows the 1994 line, the next the war's first area.
WAR_FROM, WAR_TO = "2020-09-28", "2020-11-10"
# Held on 10 Nov 2020 outside the 2020–2023 area and the corridor, handed back 20 Nov – 1 Dec 2020.
HANDED_BACK = ("agdam", "kalbajar", "lachin")
SOURCE = (
    "Computed by karabakh-map: the 1994 and 2020 lines (Natural Earth) and district outlines (geoBoundaries) of this "
    "atlas, fitted to OpenStreetMap's borders, minus the "
    "pieces taken on the dates each capture was announced (the events of the 2020 war, with their sources; approximate: "
    "the front moved daily)"
)


def read_changes() -> pd.DataFrame:
    """The dated control changes, oldest first; each names a district or a town (not both)."""
    changes = pd.read_csv(WAR_CHANGES, dtype=str, keep_default_na=False).sort_values(["date", "district", "town"])
    both_or_neither = changes[(changes["district"] == "") == (changes["town"] == "")]
    if not both_or_neither.empty:
        raise ValueError(f"{WAR_CHANGES.name}: each change names a district or a town: {list(both_or_neither['what'])}")
    return changes.reset_index(drop=True)


def taken_pieces(layers: dict[str, gpd.GeoDataFrame], changes: pd.DataFrame) -> list:
    """For each change, the piece of the area taken in the war that it dates."""
    held = layers["held_1994_2020"].geometry.iloc[0]
    # The 2020 sources date Azerbaijan's rayons of 2020: today's outlines, not the Soviet-era
    # districts the map draws. Where a rayon reaches into the former NKAO beyond the 2020–2023
    # area (in Kalbajar and Lachin), no source dates that part's capture: it is kept until the
    # 2020 line takes effect, and not handed back with its district (see held_districts).
    rayons = layers["provinces"].set_index("id").geometry
    districts = layers["districts"].set_index("id")["province_id"].map(rayons)
    kept = shapely.union_all(
        [layers["held_2020_2023"].geometry.iloc[0], layers["lachin_corridor"].geometry.iloc[0]]
        + [districts[d] for d in HANDED_BACK]
    )
    taken = held.difference(kept)
    by_district = {i: taken.intersection(districts[row["district"]]) for i, row in changes.iterrows() if row["district"]}
    rest = taken.difference(shapely.union_all(list(by_district.values())))
    towns = layers["towns"].set_index("id").geometry
    seeds = {i: towns[row["town"]] for i, row in changes.iterrows() if row["town"]}
    cells = shapely.voronoi_polygons(shapely.MultiPoint(list(seeds.values())), extend_to=held.envelope)
    by_town = {}
    for i, seed in seeds.items():
        cell = next(c for c in cells.geoms if c.contains(seed))
        by_town[i] = rest.intersection(cell)
    return [by_district.get(i, by_town.get(i)) for i in changes.index]


def war_layer(layers: dict[str, gpd.GeoDataFrame]) -> gpd.GeoDataFrame:
    """One feature per period between dated changes: the area held from ``valid_from`` to ``valid_to``.

    Parameters
    ----------
    layers : dict of GeoDataFrame
        The built ``held_1994_2020``, ``held_2020_2023``, ``lachin_corridor``, ``districts``,
        ``provinces`` and ``towns`` layers.
    """
    changes = read_changes()
    pieces = taken_pieces(layers, changes)
    held = layers["held_1994_2020"].geometry.iloc[0]
    starts = [WAR_FROM, *dict.fromkeys(changes["date"])]
    rows, geometries = [], []
    for start, end in zip(starts, [*starts[1:], WAR_TO], strict=True):
        lost = [piece for piece, date in zip(pieces, changes["date"], strict=True) if date <= start]
        geometry = held.difference(shapely.union_all(lost)) if lost else held
        last_day = (pd.Timestamp(end) - pd.Timedelta(days=1)).date().isoformat()
        rows.append(
            {
                "id": f"{LAYER}_{start}",
                "layer": LAYER,
                "name_en": f"Area held by the NKR/Artsakh, {format_date(start)} – {format_date(last_day)} (approximate)",
                "valid_from": start,
                "valid_to": end,
                "source": SOURCE,
                "licence": "ODbL 1.0 (OpenStreetMap borders); CC BY-SA 3.0 (geoBoundaries districts); dates cited per change",
            }
        )
        geometries.append(shapely.make_valid(geometry))
    frame = gpd.GeoDataFrame(rows, geometry=geometries, crs="EPSG:4326")
    frame["area_km2"] = [round(geodesic_area_km2(g), 1) for g in frame.geometry]
    return frame

"""Build each layer's features, with full (unsimplified) geometry, from the source frames.

Pure functions: frames in, GeoDataFrames in the canonical schema out, plus the
list of fixes applied. No file I/O here.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely
import shapely.ops

from karabakh_map.build.fixes import (
    ADMIN1_ID_FIXES,
    ADMIN1_NAME_FIXES,
    APPROXIMATE_TOWNS,
    CONTEXT_TOWNS,
    NE_KAPAN_FIX,
    SHUSHA_CUT,
    SHUSHA_CUT_DESCRIPTION,
    Fix,
)
from karabakh_map.build.sources import SOURCES, SourceFrames
from karabakh_map.model.geometry import cut_out, geodesic_area_km2
from karabakh_map.figures.frame import OVERVIEW

COUNTRY_IDS = {"ARM": "armenia", "AZE": "azerbaijan", "GEO": "georgia", "TUR": "turkey", "IRN": "iran", "RUS": "russia"}
NAKHCHIVAN_REGION = "Naxçıvan Autonomous Republic"
SEVEN_DISTRICTS = {
    "AZE-1682": "kalbajar",
    "AZE-1735": "lachin",
    "AZE-1736": "qubadli",
    "AZE-1740": "zangilan",
    "AZE-1699": "jabrayil",
    "AZE-1702": "fuzuli",
    "AZE-1691": "agdam",
}
# The research pack names the held areas by the NKR; the map names them by what they are.
RESEARCH_REGION_IDS = {"held_1994_2020": "nkr_1994_2020", "held_2020_2023": "nkr_2020_2023"}
KARABAKH_LAYERS = {
    # layer: (source key, English name, valid_from, valid_to); valid_to is exclusive.
    "nkao": ("ne_nkao_lines", "Nagorno-Karabakh Autonomous Oblast (NKAO), 1923–1991", "1923-07-07", "1991-11-26"),
    # From the Bishkek ceasefire to the first day of the 2020 war (inclusive); from 28 Sep the
    # held_2020_war layer (war_2020.py) draws the area held on each date.
    "held_1994_2020": ("ne_breakaway_1994", "Area held by the NKR/Artsakh, 1994–2020", "1994-05-12", "2020-09-28"),
    "held_2020_2023": ("ne_ceasefire_2020", "Area held by the NKR/Artsakh, Nov 2020 – Sep 2023", "2020-11-10", "2023-09-20"),
    "lachin_corridor": ("ne_lachin_corridor", "Lachin corridor, Nov 2020 – Sep 2023", "2020-11-10", "2023-09-20"),
}
CAPITALS = {"yerevan", "baku", "tbilisi", "stepanakert_khankendi", "nakhchivan_city"}
NAME_COLUMNS = ("name_en", "name_hy", "name_az", "name_ru")


def _frame(rows: list[dict], geometries: list) -> gpd.GeoDataFrame:
    frame = gpd.GeoDataFrame(rows, geometry=geometries, crs="EPSG:4326")
    if frame.geometry.geom_type.isin(["Polygon", "MultiPolygon"]).all():
        frame["area_km2"] = [round(geodesic_area_km2(g), 1) for g in frame.geometry]
    return frame


def _source_fields(key: str) -> dict[str, str]:
    source = SOURCES[key]
    return {"source": source.title, "licence": source.licence}


def _research_names(regions: pd.DataFrame, region_id: str) -> dict[str, str]:
    row = regions.loc[regions["id"] == region_id]
    if row.empty:
        return {}
    return {column: row.iloc[0][column] for column in NAME_COLUMNS[1:]}


def _label_point(geometry) -> shapely.Point:
    """Where a country's name goes on the overview frame: the point of its visible part farthest from its edges."""
    lon0, lon1 = OVERVIEW.lon_range
    lat0, lat1 = OVERVIEW.lat_range
    visible = geometry.intersection(shapely.box(lon0, lat0, lon1, lat1))
    if visible.geom_type == "MultiPolygon":
        visible = max(visible.geoms, key=lambda part: part.area)
    return shapely.ops.polylabel(visible, tolerance=0.01)


def countries(frames: SourceFrames) -> gpd.GeoDataFrame:
    """Armenia, Azerbaijan (with Nakhchivan), Georgia, and Turkey, Iran, Russia clipped to the region."""
    rows, geometries = [], []
    for _, ne in frames.admin0.sort_values("ADM0_A3").iterrows():
        country_id = COUNTRY_IDS[ne["ADM0_A3"]]
        names = _research_names(frames.research_regions, country_id) or {"name_ru": ne["NAME_RU"]}
        label = _label_point(ne.geometry)
        rows.append(
            {
                "id": country_id,
                "layer": "countries",
                "name_en": ne["NAME"],
                **{column: names.get(column, "") for column in NAME_COLUMNS[1:]},
                "clipped": bool(ne["clipped_to_region"]),
                "label_lon": round(label.x, 3),
                "label_lat": round(label.y, 3),
                **_source_fields("ne_admin0"),
            }
        )
        geometries.append(ne.geometry)
    return _frame(rows, geometries)


def admin1_units(frames: SourceFrames) -> tuple[gpd.GeoDataFrame, list[Fix]]:
    """NE admin-1 units of Armenia, Azerbaijan and Georgia with our ids and corrected names."""
    units = frames.admin1.sort_values("adm1_code").reset_index(drop=True)
    fixes = []
    ids, names = [], []
    for _, unit in units.iterrows():
        code = unit["adm1_code"]
        unit_id = unit["iso_3166_2"]
        if code in ADMIN1_ID_FIXES:
            unit_id, problem = ADMIN1_ID_FIXES[code]
            fixes.append(Fix("provinces", unit_id, problem, f"id set to {unit_id}"))
        local = str(unit["name_local"] or "").split("|")[0]
        unit_names = {
            "name_en": unit["name_en"],
            "name_hy": local if unit["adm0_a3"] == "ARM" else "",
            "name_az": unit["name"] if unit["adm0_a3"] == "AZE" else "",
            "name_ru": unit["name_ru"] or "",
        }
        if code in ADMIN1_NAME_FIXES:
            corrected = ADMIN1_NAME_FIXES[code]
            fixes.append(
                Fix(
                    "provinces",
                    unit_id,
                    "NE names: " + ", ".join(f"{k}={unit_names[k]!r}" for k in corrected),
                    "set " + ", ".join(f"{k}={v!r}" for k, v in corrected.items()),
                )
            )
            unit_names.update(corrected)
        ids.append(unit_id)
        names.append(unit_names)
    named = pd.DataFrame(names)
    units = units.assign(unit_id=ids, **{c: named[c] for c in NAME_COLUMNS})
    if units["unit_id"].duplicated().any():
        raise ValueError(f"duplicate admin-1 ids: {sorted(units.loc[units['unit_id'].duplicated(), 'unit_id'])}")
    return units, fixes


def provinces(units: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The marzer of Armenia and the rayons and cities of Azerbaijan, by ISO 3166-2 code."""
    selected = units[units["adm0_a3"].isin(["ARM", "AZE"])]
    rows = [
        {
            "id": unit["unit_id"],
            "layer": "provinces",
            **{column: unit[column] for column in NAME_COLUMNS},
            "country": COUNTRY_IDS[unit["adm0_a3"]],
            "kind": unit["type_en"],
            **_source_fields("ne_admin1"),
        }
        for _, unit in selected.iterrows()
    ]
    return _frame(rows, list(selected.geometry))


def nakhchivan(frames: SourceFrames, units: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The Nakhchivan Autonomous Republic: the union of its NE admin-1 units."""
    parts = units[units["region"] == NAKHCHIVAN_REGION]
    row = {
        "id": "nakhchivan",
        "layer": "nakhchivan",
        "name_en": "Nakhchivan Autonomous Republic",
        **_research_names(frames.research_regions, "nakhchivan"),
        "country": "azerbaijan",
        **_source_fields("ne_admin1"),
    }
    return _frame([row], [shapely.union_all(list(parts.geometry))])


def districts(frames: SourceFrames, units: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The seven Azerbaijani districts around the former NKAO (today's NE rayon outlines)."""
    selected = units[units["adm1_code"].isin(SEVEN_DISTRICTS)].copy()
    selected["district_id"] = selected["adm1_code"].map(SEVEN_DISTRICTS)
    selected = selected.sort_values("district_id")
    rows = []
    for _, unit in selected.iterrows():
        research = frames.research_regions.loc[frames.research_regions["id"] == unit["district_id"]].iloc[0]
        rows.append(
            {
                "id": unit["district_id"],
                "layer": "districts",
                **{column: research[column] for column in NAME_COLUMNS},
                "province_id": unit["unit_id"],
                **_source_fields("ne_admin1"),
            }
        )
    return _frame(rows, list(selected.geometry))


def karabakh_layer(frames: SourceFrames, layer: str) -> tuple[gpd.GeoDataFrame, list[Fix]]:
    """One of the dated Nagorno-Karabakh polygons (NKAO, held areas, Lachin corridor)."""
    source_key, name_en, valid_from, valid_to = KARABAKH_LAYERS[layer]
    geometry = shapely.union_all(list(getattr(frames, layer).geometry))
    fixes = []
    if layer == "held_2020_2023":
        geometry = cut_out(geometry, SHUSHA_CUT)
        fixes.append(Fix(layer, layer, "Shusha inside the area held after 10 Nov 2020", SHUSHA_CUT_DESCRIPTION))
    row = {
        "id": layer,
        "layer": layer,
        "name_en": name_en,
        **_research_names(frames.research_regions, RESEARCH_REGION_IDS.get(layer, layer)),
        "valid_from": valid_from,
        "valid_to": valid_to,
        **_source_fields(source_key),
    }
    return _frame([row], [geometry]), fixes


def towns(frames: SourceFrames, country_frame: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, list[Fix]]:
    """Towns from the research pack's places table, plus a few GeoNames towns for context.

    Each town's country is where its point lies, not what a source's attribute says.
    A town whose id is a district's id (``agdam``) becomes ``agdam_town``.
    """
    fixes = []
    rows, points = [], []
    reserved = set(SEVEN_DISTRICTS.values())
    for _, place in frames.research_places.iterrows():
        town_id = place["id"]
        if town_id in reserved:
            town_id = f"{town_id}_town"
            fixes.append(
                Fix("towns", town_id, f"places.csv id {place['id']!r} is the id of the district", f"id set to {town_id!r}")
            )
        from_geonames = "GeoNames" in place["coord_source"]
        approximate = place["id"] in APPROXIMATE_TOWNS
        if approximate:
            fixes.append(Fix("towns", place["id"], APPROXIMATE_TOWNS[place["id"]], "marked coord_approximate"))
        rows.append(
            {
                "id": town_id,
                "layer": "towns",
                **{column: place[column] for column in NAME_COLUMNS},
                "population": int(place["population"]) if place["population"] else None,
                "population_year": int(place["population_year"]) if place["population_year"] else None,
                "population_source": place["population_source"],
                "coord_source": place["coord_source"],
                "coord_approximate": approximate,
                "capital": town_id in CAPITALS,
                "source": SOURCES["research_places"].title,
                "licence": "CC BY 4.0 (GeoNames)" if from_geonames else "Cited facts (see coord_source)",
            }
        )
        points.append(shapely.Point(float(place["lon"]), float(place["lat"])))
    geonames = frames.geonames.set_index("geonameid")
    ne_russian = dict(zip(frames.ne_places["GEONAMEID"].fillna(-1).astype(int), frames.ne_places["NAME_RU"]))
    for town_id, geonameid in sorted(CONTEXT_TOWNS.items()):
        record = geonames.loc[geonameid]
        rows.append(
            {
                "id": town_id,
                "layer": "towns",
                "name_en": record["name"],
                "name_hy": "",
                "name_az": "",
                "name_ru": ne_russian.get(geonameid) or "",
                "population": int(record["population"]),
                "population_year": None,
                "population_source": f"GeoNames record {geonameid} (undated)",
                "coord_source": f"GeoNames record {geonameid}",
                "coord_approximate": False,
                "capital": town_id in CAPITALS,
                **_source_fields("geonames"),
            }
        )
        points.append(shapely.Point(record["longitude"], record["latitude"]))
    fixes.append(Fix("towns", "kapan", *NE_KAPAN_FIX))
    frame = _frame(rows, points)
    joined = gpd.sjoin(frame, country_frame[["id", "geometry"]].rename(columns={"id": "country"}), how="left")
    frame["country"] = joined["country"].fillna("").to_numpy()
    return frame, fixes


# Comparison places that are countries of the map already: the countries layer serves them.
COMPARISON_DUPLICATES = {"armenia": "armenia", "azerbaijan": "azerbaijan", "georgia_country": "georgia"}


def comparison_places(frames: SourceFrames) -> tuple[gpd.GeoDataFrame, list[Fix]]:
    """Familiar places to compare sizes with ("roughly the size of greater Auckland")."""
    places = frames.comparison_places.sort_values("key")
    duplicates = places["key"].isin(COMPARISON_DUPLICATES)
    fixes = [
        Fix(
            "comparison_places",
            key,
            f"same country as feature {COMPARISON_DUPLICATES[key]!r} of the countries layer",
            "left out here; ids stay unique across layers",
        )
        for key in places.loc[duplicates, "key"]
    ]
    places = places[~duplicates]
    rows = [
        {
            "id": place["key"],
            "layer": "comparison_places",
            "name_en": place["name_en"],
            "method": place["method"],
            "note": place["note"] or "",
            **_source_fields("ne_comparison"),
        }
        for _, place in places.iterrows()
    ]
    return _frame(rows, list(places.geometry)), fixes

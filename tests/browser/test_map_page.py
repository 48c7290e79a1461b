"""The dashboard in Chromium: it loads offline, draws every region, names what you hover."""

from __future__ import annotations

from itertools import combinations
from urllib.parse import urlsplit

import numpy as np
import pytest
import shapely
from playwright.sync_api import expect

from plotly_page import lonlat_to_page
from karabakh_map.labels import Box
from karabakh_map.layers import LAYERS
from karabakh_map.state import ViewState
from karabakh_map.view import DEFAULT_VIEW

pytestmark = pytest.mark.browser

REGION_PATHS = "#map path.choroplethlocation"


def _open(page, live_server):
    page.goto(live_server.url + "/")
    expect(page.locator(REGION_PATHS).first).to_be_visible(timeout=30_000)


def _visible_polygon_layers() -> list[str]:
    return [layer.name for layer in LAYERS if layer.draw_path and layer.name in ViewState().layers]


def _quiet_point(atlas, region: str) -> tuple[float, float]:
    """A point well inside a region, not under a layer drawn above it, and far from every town."""
    layer = atlas.layer_of(region)
    geometry = atlas.layers[layer].loc[region].geometry
    visible = _visible_polygon_layers()
    above = [
        g
        for name in visible[visible.index(layer) + 1 :]
        for feature_id, g in atlas.layers[name].geometry.items()
        if feature_id != region
    ]
    towns = shapely.MultiPoint(list(atlas.layers["towns"].geometry))
    window = shapely.box(DEFAULT_VIEW.lon_range[0] + 0.3, DEFAULT_VIEW.lat_range[0] + 0.3,
                         DEFAULT_VIEW.lon_range[1] - 0.3, DEFAULT_VIEW.lat_range[1] - 0.3)
    geometry = geometry.intersection(window)
    minx, miny, maxx, maxy = geometry.bounds
    best, best_score = None, -1.0
    for lon in np.arange(minx, maxx, 0.02):
        for lat in np.arange(miny, maxy, 0.02):
            point = shapely.Point(lon, lat)
            if not geometry.contains(point) or any(g.contains(point) for g in above):
                continue
            score = min(point.distance(towns), point.distance(geometry.boundary) * 2)
            if score > best_score:
                best, best_score = (lon, lat), score
    assert best is not None and best_score > 0.08, f"no quiet point in {region}"
    return best


def test_map_draws_one_path_per_visible_region(page, live_server, atlas):
    _open(page, live_server)
    expected = sum(len(atlas.layers[name]) for name in _visible_polygon_layers())
    expect(page.locator(REGION_PATHS)).to_have_count(expected)
    assert expected == 15  # 6 countries, Nakhchivan, 7 districts, the NKAO


@pytest.mark.parametrize("region", ["armenia", "azerbaijan", "nakhchivan", "nkao", "kalbajar", "georgia", "iran"])
def test_hovering_a_region_names_it(page, live_server, atlas, region):
    _open(page, live_server)
    expect(page.locator(REGION_PATHS)).to_have_count(15)
    x, y = lonlat_to_page(page, *_quiet_point(atlas, region))
    page.mouse.move(x, y)
    name = atlas.layers[atlas.layer_of(region)].loc[region, "name_en"]
    expect(page.locator("#map .hoverlayer .hovertext").first).to_contain_text(name)


def test_hovering_a_town_names_it(page, live_server, atlas):
    _open(page, live_server)
    goris = atlas.layers["towns"].loc["goris"].geometry
    page.mouse.move(*lonlat_to_page(page, goris.x, goris.y))
    expect(page.locator("#map .hoverlayer .hovertext").first).to_contain_text("Goris")


def test_no_request_leaves_the_server(page, live_server):
    _open(page, live_server)
    expect(page.locator(REGION_PATHS)).to_have_count(15)
    page.wait_for_load_state("networkidle")
    hosts = {urlsplit(url).netloc for url in page.requested_urls if not url.startswith("data:")}
    assert hosts == {f"127.0.0.1:{live_server.port}"}
    paths = {urlsplit(url).path for url in page.requested_urls}
    assert "/assets/topojson/asia_50m.json" in paths  # plotly.js's base map, from us
    assert "/geodata/draw/countries.geojson" in paths


def test_town_labels_do_not_collide_at_the_default_view(page, live_server):
    _open(page, live_server)
    labels = page.locator("#map g.trace.scattergeo text")
    expect(labels.first).to_be_visible()
    boxes = {}
    for index in range(labels.count()):
        label = labels.nth(index)
        text = label.text_content()
        if text:
            b = label.bounding_box()
            boxes[text] = Box(b["x"], b["y"], b["x"] + b["width"], b["y"] + b["height"])
    assert len(boxes) >= 15
    overlapping = [(a, b) for a, b in combinations(boxes, 2) if boxes[a].overlaps(boxes[b])]
    assert not overlapping


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (375, 740)], ids=["desktop", "phone"])
def test_screenshot_and_layout_fit_the_screen(browser, live_server, artifacts, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        _open(page, live_server)
        expect(page.locator(REGION_PATHS)).to_have_count(15)
        map_box = page.locator("#map").bounding_box()
        assert map_box["width"] >= width * 0.6 - 40 and map_box["height"] >= 300
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scrolling
        path = artifacts / f"map-{width}x{height}.png"
        page.screenshot(path=path, full_page=True)
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    finally:
        context.close()


def test_server_logged_no_error(page, live_server):
    _open(page, live_server)
    expect(page.locator(REGION_PATHS)).to_have_count(15)
    log = live_server.log
    assert "Traceback" not in log
    assert '" 500 ' not in log

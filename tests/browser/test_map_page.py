"""The dashboard in Chromium: it loads offline, draws every region, names what you hover."""

from __future__ import annotations

from itertools import combinations
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from karabakh_map.figures.label_placement import Box
from plotly_page import REGION_PATHS, lonlat_to_page, open_map, quiet_point, visible_polygon_layers

pytestmark = pytest.mark.browser



def _open(page, live_server):
    open_map(page, live_server.url + "/")


def test_map_draws_one_path_per_visible_region(page, live_server, atlas):
    _open(page, live_server)
    expected = sum(len(atlas.layers[name]) for name in visible_polygon_layers())
    expect(page.locator(REGION_PATHS)).to_have_count(expected)
    assert expected == 15  # 6 countries, Nakhchivan, 7 districts, the NKAO


@pytest.mark.parametrize("region", ["armenia", "azerbaijan", "nkao", "kalbajar", "iran"])  # in the default frame
def test_hovering_a_region_names_it(page, live_server, atlas, region):
    _open(page, live_server)
    expect(page.locator(REGION_PATHS)).to_have_count(15)
    x, y = lonlat_to_page(page, *quiet_point(atlas, region))
    page.mouse.move(x, y)
    name = atlas.label(region, "both")
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
    assert "/geodata/draw/fine/countries.geojson" in paths  # the default frame is drawn at the fine level
    assert "/locator.svg" in paths  # the locator, drawn by the server


def test_town_labels_do_not_collide_at_the_default_view(page, live_server):
    _open(page, live_server)
    labels = page.locator("#map g.trace.scattergeo text")
    expect(labels.first).to_be_visible()
    boxes = {}
    for index in range(labels.count()):
        label = labels.nth(index)
        text = label.text_content()
        if text and label.is_visible():  # labels that do not fit are hidden (assets/labels.js)
            b = label.bounding_box()
            boxes[text] = Box(b["x"], b["y"], b["x"] + b["width"], b["y"] + b["height"])
    assert len(boxes) >= 12
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
        # The map keeps the frame's shape (5:4); the legend takes the rest of the row, or goes below.
        assert map_box["width"] >= (width * 0.4 if width > 640 else width - 40)
        assert map_box["width"] / map_box["height"] == pytest.approx(1.25, abs=0.02)
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

"""The map before plotly.js (ui.static_map) in Chromium: the page loads without plotly.js, the
static SVG answers clicks as plotly.js's map does, and the interactive map takes its place
without moving anything on the reader's first input."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from karabakh_map.figures.map import drawn_layers
from karabakh_map.model.view_state import ViewState
from map_clicks import GRID_REGIONS, grid_points, selections
from paths import TODAY
from plotly_page import REGION_PATHS, open_map, open_page

pytestmark = pytest.mark.browser

PLOTLY_BUNDLE = "**/assets/plotly-partial.min.js*"
STATIC_MAP = "#map-static svg"
# Layout shifts not caused by the reader's input, from the start of the page (buffered).
RECORD_SHIFTS = """window.__shifts = [];
new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shifts.push(entry.value);
}).observe({type: 'layout-shift', buffered: true});"""
# Every few points of each region: the interactive map's test clicks them all (test_map_frame_page).
EVERY = 4


def _plotly_requests(page: Page) -> list[str]:
    return [url for url in page.requested_urls if "plotly" in url]


def test_the_page_goes_live_without_plotly_js_and_loads_it_on_the_first_pointer_over_the_map(page, live_server):
    page.add_init_script(RECORD_SHIFTS)
    open_page(page, live_server.url + "/")
    page.wait_for_load_state("networkidle")
    expect(page.locator(STATIC_MAP)).to_be_visible()
    expect(page.locator(".first-paint-page")).to_have_count(0)
    assert _plotly_requests(page) == [] and page.locator("#map .js-plotly-plot").count() == 0
    # In the live page the map is named by its caption, as the interactive one is: the SVG is not announced.
    assert page.locator(STATIC_MAP).get_attribute("aria-hidden") == "true"

    # The locator beside the map is an image too: drawn before plotly.js (it was an empty box until the first input).
    assert page.locator("img.map-locator").evaluate("img => img.complete && img.naturalWidth > 0")

    page.locator(STATIC_MAP).hover()
    expect(page.locator(REGION_PATHS).first).to_be_visible(timeout=30_000)
    expect(page.locator(STATIC_MAP)).to_have_count(0)
    # Our partial bundle, named by its content (cached for a year), not Dash's full plotly.min.js.
    assert [re.sub(r"\?m=[0-9a-f]{12}$", "?m=…", url.rsplit("/", 1)[-1]) for url in _plotly_requests(page)] == [
        "plotly-partial.min.js?m=…"
    ]
    page.wait_for_load_state("networkidle")
    assert sum(page.evaluate("window.__shifts")) < 0.01


def test_a_link_to_another_view_draws_the_interactive_map_without_input(page, live_server):
    page.goto(live_server.url + "/?region=lachin")
    expect(page.locator(REGION_PATHS).first).to_be_visible(timeout=30_000)
    expect(page.locator(STATIC_MAP)).to_have_count(0)
    expect(page.locator("#map-caption")).to_contain_text("highlighting Lachin")


def _clicked(request) -> str | None:
    """The region, town or event a router request says the map's click landed on."""
    body = json.loads(request.post_data)
    click = next(i["value"] for i in body["inputs"] if i.get("id") == "map" and i["property"] == "clickData")
    point = click["points"][0]
    return point.get("location") or point.get("customdata")


def _static_selections(page: Page, points) -> list[str | None]:
    """What a click at each page position on the static map sends the router as the map's clickData."""
    page.route("**/_dash-update-component*", lambda route: route.abort())  # the view stays: one map for every click
    answers = []
    for x, y in points:
        try:
            with page.expect_request(lambda r: '"changedPropIds":["map.clickData"]' in (r.post_data or ""),
                                     timeout=1000) as sent:
                page.mouse.click(x, y)
            answers.append(_clicked(sent.value))
        except PlaywrightTimeoutError:  # a click on no shape sends nothing
            answers.append(None)
    return answers


def test_a_click_on_the_static_map_selects_what_a_click_on_the_interactive_map_selects(browser, live_server, atlas):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    interactive = context.new_page()
    open_map(interactive, live_server.url + "/")
    interactive.route("**/_dash-update-component*", lambda route: route.abort())  # the map stays as drawn
    layers = [layer for layer, _ in drawn_layers(atlas, ViewState(), TODAY)]
    points = [point for region in GRID_REGIONS for point in grid_points(interactive, atlas, region, layers)[::EVERY]]
    towns = interactive.evaluate(
        """() => [...document.querySelectorAll('#map g.trace.scattergeo path.point')].map((m) => {
            const b = m.getBoundingClientRect(); return [b.x + b.width / 2, b.y + b.height / 2]; })"""
    )
    expected = selections(interactive, points + towns, touch=False)
    interactive.close()

    static = context.new_page()
    static.route(PLOTLY_BUNDLE, lambda route: None)  # plotly.js has not come yet: the static map stays
    open_page(static, live_server.url + "/")
    expect(static.locator(STATIC_MAP)).to_be_visible()
    answers = _static_selections(static, points + towns)
    context.close()
    # Inside the regions plotly.js selects them; at the markers' middles, towns (some markers lie beyond the frame).
    assert None not in expected[: len(points)] and sum(a is not None for a in expected[len(points):]) >= 10
    differ = [(point, want, got) for point, want, got in zip(points + towns, expected, answers, strict=True) if want != got]
    assert differ == [], f"{len(differ)} of {len(points + towns)} clicks differ: {differ[:10]}"


def test_a_click_on_the_static_map_selects_the_region_and_the_interactive_map_follows(page, live_server):
    open_page(page, live_server.url + "/")
    nkao = page.locator(f'{STATIC_MAP} path[data-id="nkao"]')
    box = nkao.bounding_box()
    # The NKAO's own middle is Stepanakert's marker and label: click a little west of it.
    page.mouse.click(box["x"] + box["width"] * 0.35, box["y"] + box["height"] * 0.5)
    expect(page).to_have_url(re.compile(r"region=nkao"))
    expect(page.locator("#region-details h2")).to_contain_text("NKAO")
    expect(page.locator(REGION_PATHS).first).to_be_visible(timeout=30_000)
    expect(page.locator("#map-caption")).to_contain_text("highlighting Nagorno-Karabakh")
    expect(page.locator("img.map-locator")).to_have_attribute("src", re.compile(r"locator\.svg\?region=nkao$"))


def test_on_a_phone_the_static_map_s_labels_are_drawn_at_their_size_and_none_overlap(browser, live_server, artifacts):
    context = browser.new_context(viewport={"width": 375, "height": 812}, has_touch=True, is_mobile=True)
    page = context.new_page()
    open_page(page, live_server.url + "/")
    page.wait_for_load_state("networkidle")
    assert page.locator("#map .js-plotly-plot").count() == 0  # still the static map
    shown = page.evaluate(
        """() => [...document.querySelectorAll('#map-static svg text')]
            .filter((t) => t.style.display !== 'none' && t.getBoundingClientRect().width > 0)  // its set shown
            .map((t) => { const b = t.getBoundingClientRect();
                          return {text: t.textContent, left: b.left, top: b.top, right: b.right, bottom: b.bottom,
                                  size: Number(t.getAttribute('font-size'))}; })"""
    )
    page.screenshot(path=artifacts / "static-map-375.png")
    context.close()
    # Drawn for an 800-unit map, a 375 px screen would show them under half their size in pixels.
    assert len(shown) >= 15 and all(label["bottom"] - label["top"] >= label["size"] for label in shown), shown
    overlapping = [(a["text"], b["text"]) for i, a in enumerate(shown) for b in shown[i + 1:]
                   if a["left"] < b["right"] - 1 and b["left"] < a["right"] - 1 and a["top"] < b["bottom"] - 1
                   and b["top"] < a["bottom"] - 1]
    assert overlapping == []
    # Its labels placed for a phone's map: placed for 750 px and thinned here, Shusha's was lost to Stepanakert's.
    assert {"Shusha / Shushi", "Askeran", "Stepanakert / Khankendi"} <= {label["text"] for label in shown}


def test_on_a_desktop_the_static_map_names_kapan_and_no_labels_overlap(browser, live_server):
    """The first paint at 1440 px draws the labels placed for 750 px on a 620 px map: Kapan's met "ARMENIA" there
    and the page hid it (labels are now placed free at both sizes)."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    try:
        open_page(page, live_server.url + "/")
        page.wait_for_load_state("networkidle")
        assert page.locator("#map .js-plotly-plot").count() == 0  # still the static map
        shown = page.evaluate("""() => [...document.querySelectorAll('#map-static svg text')]
            .filter((t) => t.style.display !== 'none' && t.getBoundingClientRect().width > 0)
            .map((t) => { const b = t.getBoundingClientRect(); return [t.textContent, b.left, b.top, b.right, b.bottom]; })""")
    finally:
        context.close()
    assert {"Kapan", "Goris", "Stepanakert / Khankendi", "ARMENIA"} <= {text for text, *_ in shown}
    overlapping = [(a[0], b[0]) for i, a in enumerate(shown) for b in shown[i + 1:]
                   if a[1] < b[3] - 1 and b[1] < a[3] - 1 and a[2] < b[4] - 1 and b[2] < a[4] - 1]
    assert overlapping == []

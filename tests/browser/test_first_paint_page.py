"""The static first paint in Chromium: the map is there without JavaScript, and the live map
takes its place to the pixel."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from plotly_page import LIVE_PAGE, REGION_PATHS, open_map

pytestmark = pytest.mark.browser

# Regions wholly inside the default frame: plotly.js cuts paths at the frame's edge (d3's clipExtent),
# the static SVG lets the viewBox hide what lies beyond, so the boxes of regions crossing the edge differ.
REGIONS = ("nkao", "kalbajar", "zangilan", "agdam")
STATIC_SVG = ".first-paint-page .map-frame svg"
LIVE_BOXES = """(regions) => {
    const box = (e) => { const b = e.getBoundingClientRect(); return {x: b.x, y: b.y, width: b.width, height: b.height}; };
    const paths = [...document.querySelectorAll('#map path.choroplethlocation')];
    const out = {map: box(document.querySelector('#map .js-plotly-plot'))};
    for (const region of regions) out[region] = box(paths.find((p) => p.__data__ && p.__data__.loc === region));
    return out;
}"""


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, {"width": 375, "height": 740}], ids=["desktop", "phone"])
def test_the_live_map_replaces_the_static_one_in_the_same_place(browser, live_server, viewport):
    static_context = browser.new_context(viewport=viewport, java_script_enabled=False)
    static = static_context.new_page()
    static.goto(live_server.url + "/")
    expect(static.locator(STATIC_SVG)).to_be_visible()
    boxes = {"map": static.locator(STATIC_SVG).bounding_box()}
    for region in REGIONS:
        boxes[region] = static.locator(f'{STATIC_SVG} path.region[data-id="{region}"]').bounding_box()
    static_context.close()

    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    open_map(page, live_server.url + "/")
    expect(page.locator(".first-paint-page")).to_have_count(0)
    expect(page.locator("html")).not_to_have_class("first-paint")
    live = page.evaluate(LIVE_BOXES, list(REGIONS))
    context.close()
    assert live["map"] == pytest.approx(boxes["map"], abs=0.5)
    for region in REGIONS:  # the same projection, window and frame as plotly.js
        for side in ("x", "y", "width", "height"):
            assert live[region][side] == pytest.approx(boxes[region][side], abs=2), (region, side)


def test_the_page_loads_no_script_it_does_not_use_and_caches_every_one(page, live_server):
    responses = []
    page.on("response", lambda response: responses.append(response))
    open_map(page, live_server.url + "/")
    page.wait_for_load_state("networkidle")
    scripts = [r for r in responses if r.request.resource_type == "script"]
    assert [r.url for r in scripts if "dash_table" in r.url or "polyfill" in r.url] == []
    assert any("async-graph.js" in r.url for r in scripts)  # the lazily loaded chunks are among them
    short = [r.url for r in scripts if "max-age=31536000" not in (r.headers.get("cache-control") or "")]
    assert short == []
    expect(page.locator(REGION_PATHS).first).to_be_visible()



def test_on_a_slow_cpu_the_page_paints_whole_and_goes_live_moving_nothing(browser, live_server):
    """On a slow CPU (a phone, a loaded machine) Chromium's parser yields while the HTML is still arriving,
    and it would paint the page so far: the map column full width until the details column is parsed,
    then narrower, moving the controls and the legend (0.01–0.1 at 1350×940, in about half of such loads).
    The first paint waits for the whole static page (server/index.py). The date slider's handle, drawn at
    the first stop, also jumped to today's once the router answered, after the live page showed."""
    shifts = []
    for _ in range(3):
        page = browser.new_page(viewport={"width": 1350, "height": 940})
        page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 6})
        page.add_init_script("""window.shifts = [];
            new PerformanceObserver((list) => list.getEntries().forEach((e) => window.shifts.push(e.value)))
                .observe({type: 'layout-shift', buffered: true});""")
        page.goto(live_server.url + "/")
        expect(page.locator(LIVE_PAGE)).to_have_count(1, timeout=60_000)
        expect(page.locator("#date-slider [role=slider]")).to_have_attribute("aria-valuetext", re.compile("today"))
        page.wait_for_load_state("networkidle")
        shifts.append(sum(page.evaluate("window.shifts")))
        page.close()
    assert shifts == [0, 0, 0]


def test_a_shared_link_s_legend_is_the_link_s_from_first_paint_to_live_page(browser, live_server):
    """The first paint shows the link's legend; the live page showed the default view's until the map's own
    answer came, then the link's again (a flicker and a small layout shift). The key now rides in the
    router's first answer, which the live page waits for before it takes over."""
    page = browser.new_page(viewport={"width": 1350, "height": 940})
    # Every legend the reader could see, as the page changes: the first paint's, then the live page's.
    page.add_init_script("""window.legends = [];
        new MutationObserver(() => {
            const live = !document.documentElement.classList.contains('first-paint');
            const legend = document.querySelector(live ? '#map-legend' : '.first-paint-page .map-legend');
            const entries = legend ? [...legend.querySelectorAll('li')].map((li) => li.textContent).join(' | ') : null;
            if (entries && entries !== window.legends[window.legends.length - 1]) window.legends.push(entries);
        }).observe(document, {childList: true, subtree: true, attributes: true, attributeFilter: ['class']});""")
    page.goto(live_server.url + "/?region=lachin&date=2021-06-01")
    expect(page.locator(LIVE_PAGE)).to_have_count(1, timeout=60_000)
    expect(page.locator("#map-legend li", has_text="Lachin corridor")).to_have_count(1)
    page.wait_for_load_state("networkidle")
    legends = page.evaluate("window.legends")
    page.close()
    assert len(legends) == 1 and "Lachin corridor" in legends[0], legends

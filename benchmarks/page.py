"""Measured in Debian's Chromium: bytes over the wire until the map is drawn, and click → panel."""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

# The tests' helpers find where plotly drew a place; the benchmark clicks the same way.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))
from karabakh_map.reports.renderer import find_chromium
from plotly_page import CHROMIUM_ARGS, click_region, come_near, open_map

UPDATE_ROUTE = "/_dash-update-component"
# Callback requests a map click sets off: the router, then the map, timeline, area, population,
# export and play callbacks. The next click waits for all of them, as a reader would.
REQUESTS_PER_CLICK = 7
# Set up in the page: the time from a click's mouseup to the details panel changing, and
# how many callback requests have completed.
TIME_CLICKS = """() => {
    window.callbacksDone = 0;
    const fetchOriginal = window.fetch;
    window.fetch = (...args) => fetchOriginal(...args).finally(() => { window.callbacksDone += 1; });
    window.clickToPanelMs = [];
    let clickedAt = null;
    document.addEventListener('mouseup', () => { clickedAt = performance.now(); }, true);
    new MutationObserver(() => {
        if (clickedAt !== null) { window.clickToPanelMs.push(performance.now() - clickedAt); clickedAt = null; }
    }).observe(document.getElementById('region-details'), {childList: true, subtree: true, characterData: true});
}"""


class Chromium:
    def __enter__(self):
        self._playwright = sync_playwright().start()
        self.browser = self._playwright.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        return self

    def __exit__(self, *_exc):
        self.browser.close()
        self._playwright.stop()

    def first_load_bytes(self, url: str, drawn_selector: str) -> dict[str, int]:
        """Compressed bytes (with headers) of every response until ``drawn_selector`` shows and the network is idle."""
        page = self.browser.new_page(viewport={"width": 1280, "height": 800})
        session = page.context.new_cdp_session(page)
        session.send("Network.enable")
        session.send("Network.setCacheDisabled", {"cacheDisabled": True})
        urls, sizes = {}, {}
        session.on("Network.responseReceived", lambda e: urls.__setitem__(e["requestId"], e["response"]["url"]))
        session.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
        page.goto(url)
        page.wait_for_selector(drawn_selector, timeout=30_000)
        page.wait_for_load_state("networkidle")
        page.close()
        return {urls.get(request, request): size for request, size in sizes.items()}

    def click_to_panel(self, url: str, atlas, regions: list[str]) -> tuple[list[float], list[str]]:
        """Click each region in turn: milliseconds from click to updated panel, and the view and map callback bodies sent."""
        page = self.browser.new_page(viewport={"width": 1280, "height": 800})
        bodies = []
        page.on("request", lambda r: r.method == "POST" and UPDATE_ROUTE in r.url and bodies.append(r.post_data))
        open_map(page, url)
        # Every click updates the area and population sections too, once drawn: a reader scrolled past them.
        come_near(page)
        page.locator("#map").scroll_into_view_if_needed()
        page.evaluate(TIME_CLICKS)
        clicks_before = len(bodies)
        for region in regions:
            shown, done = page.evaluate("() => [window.clickToPanelMs.length, window.callbacksDone]")
            click_region(page, atlas, region)
            page.wait_for_function(f"() => window.clickToPanelMs.length > {shown}")
            page.wait_for_function(f"() => window.callbacksDone >= {done + REQUESTS_PER_CLICK}")
        times = page.evaluate("() => window.clickToPanelMs")
        page.close()
        # Per click: the router's callback (the panel) and the map callback (its Patch) it sets off.
        clicks = [body for body in bodies[clicks_before:] if '"changedPropIds":["map.clickData"]' in body
                  or ('"changedPropIds":["view-shown.data"]' in body and '"output":"..map.figure' in body)]
        return times, clicks



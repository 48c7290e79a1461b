"""Helpers for driving the map in a real page (tests and benchmarks): launching Chromium,
where plotly drew a place, and clicking it."""

from __future__ import annotations

import numpy as np
import shapely
from playwright.sync_api import Page, expect

from karabakh_map.data.layers import LAYERS
from karabakh_map.figures.frame import KARABAKH
from karabakh_map.model.view_state import ViewState

REGION_PATHS = "#map path.choroplethlocation"
# The dashboard once its live page shows (assets/first-paint.js), the map still the static SVG.
LIVE_PAGE = "html:not(.first-paint)"
# Chromium reaches for Google's services at start unless told not to; offline they fail noisily.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def open_page(page: Page, url: str) -> None:
    """Go to a dashboard URL and wait until its live page shows (the map may still be the static SVG)."""
    page.goto(url)
    expect(page.locator(LIVE_PAGE)).to_have_count(1, timeout=30_000)


def open_map(page: Page, url: str) -> None:
    """Go to a dashboard (or /embed) URL, point at the map as a reader would, and wait until plotly.js has drawn its regions.

    The dashboard loads plotly.js on the reader's first input, such as a pointer over the map (ui.static_map).
    """
    page.goto(url)
    page.locator(".map-frame, #map").first.hover()
    expect(page.locator(REGION_PATHS).first).to_be_visible(timeout=30_000)


def come_near(page: Page, heading: str = "How big is it?") -> None:
    """Scroll to a section's heading, as a reader does: the area and population sections are drawn then."""
    page.get_by_role("heading", name=heading).scroll_into_view_if_needed()


def wait_for_drawing(page: Page) -> None:
    """Wait until plotly has every drawing file the map's traces name: a new frame may want another
    level of detail, and until its files arrive plotly still shows the old frame's regions."""
    page.wait_for_function(
        """() => {
            const gd = document.querySelector('#map .js-plotly-plot');
            const assets = window.PlotlyGeoAssets || {};
            return !!gd && !!gd.data && gd.data.every(
                t => typeof t.geojson !== 'string' || (assets[t.geojson] && assets[t.geojson] !== 'pending'));
        }""",
        timeout=30_000,
    )
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def lonlat_to_page(page: Page, lon: float, lat: float) -> tuple[float, float]:
    """Where plotly draws a longitude/latitude on the page, from the geo subplot's own projection."""
    wait_for_drawing(page)
    return tuple(
        page.evaluate(
            """([lon, lat]) => {
                const gd = document.querySelector('#map .js-plotly-plot');
                const [x, y] = gd._fullLayout.geo._subplot.projection([lon, lat]);
                const frame = gd.getBoundingClientRect();
                return [frame.x + x, frame.y + y];
            }""",
            [lon, lat],
        )
    )


def visible_polygon_layers(state: ViewState = ViewState()) -> list[str]:
    return [layer.name for layer in LAYERS if layer.draw_path and layer.name in state.layers]


def quiet_point(atlas, region: str, state: ViewState = ViewState()) -> tuple[float, float]:
    """A point well inside a region on the default view, under no layer drawn above it, far from every town."""
    layer = atlas.layer_of(region)
    geometry = atlas.layers[layer].loc[region].geometry
    visible = visible_polygon_layers(state)
    above = [
        g
        for name in visible[visible.index(layer) + 1 :]
        for feature_id, g in atlas.layers[name].geometry.items()
        if feature_id != region
    ]
    towns = shapely.MultiPoint(list(atlas.layers["towns"].geometry))
    (lon0, lon1), (lat0, lat1) = KARABAKH.lon_range, KARABAKH.lat_range
    geometry = geometry.intersection(shapely.box(lon0 + 0.3, lat0 + 0.3, lon1 - 0.3, lat1 - 0.3))
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


def click_region(page: Page, atlas, region: str, state: ViewState = ViewState()) -> None:
    """A real mouse click on a region, at a quiet point inside it."""
    page.mouse.click(*lonlat_to_page(page, *quiet_point(atlas, region, state)))


# Nakhchivan's name as drawn (page or exported SVG): the text's box, whether it lies inside the map's frame, and the
# share of points spread over it that fall inside Nakhchivan's drawn region. The argument names the region's path:
# null on the live page (plotly's own data says which path is Nakhchivan), else its choropleth trace's place among
# the map's choropleth traces (an exported SVG keeps no data).
NAKHCHIVAN_NAME = """(traceIndex) => {
    const geo = document.querySelector('.geolayer .geo:not(.geo2)') || document.querySelector('#map .geo');
    const name = [...geo.querySelectorAll('g.trace.scattergeo text')].find((t) => t.textContent.startsWith('NAKHCHIVAN')
        && getComputedStyle(t).display !== 'none');
    if (!name) return null;
    const area = traceIndex === null
        ? [...geo.querySelectorAll('path.choroplethlocation')].find((p) => p.__data__ && p.__data__.loc === 'nakhchivan')
        : geo.querySelectorAll('.choroplethlayer g.trace')[traceIndex].querySelector('path.choroplethlocation');
    const box = name.getBoundingClientRect(), frame = geo.querySelector('.bg').getBoundingClientRect();
    const toArea = area.getScreenCTM().inverse();
    let inside = 0, total = 0;
    for (let i = 0; i <= 10; i++) {
        for (const v of [0.3, 0.5, 0.7]) {  // the letters' height, not the line's
            const point = new DOMPoint(box.left + box.width * (0.05 + 0.09 * i), box.top + box.height * v);
            inside += area.isPointInFill(point.matrixTransform(toArea)) ? 1 : 0;
            total += 1;
        }
    }
    return {text: name.textContent, share: inside / total, box: [box.left, box.top, box.right, box.bottom],
            inFrame: box.left >= frame.left - 0.5 && box.right <= frame.right + 0.5 && box.top >= frame.top - 0.5
                && box.bottom <= frame.bottom + 0.5};
}"""
# This share of Nakhchivan's name lies on Nakhchivan (its glyphs' side bearings may stand over the border).
NAME_ON_AREA_SHARE = 0.8

"""What a click or a tap on the map selects, measured in Chromium at the drawn frame.

Dash's callback requests are held back while measuring, so that no click reframes the map
for the next one: what is measured is plotly's answer (the point it reports), which
``ui.controls.region_from_click`` turns into the selection.
"""

from __future__ import annotations

import numpy as np
import shapely
from playwright.sync_api import Page

from karabakh_map.ui.controls import EVENT_PREFIX

GRID_REGIONS = ("kalbajar", "lachin", "qubadli", "zangilan", "jabrayil", "fuzuli", "agdam", "nkao", "armenia")
MARKER_CLEARANCE_PX = 8  # grid points this close to a marker's edge are left out ("a few pixels")
EDGE_CLEARANCE_PX = 3  # or this close to a drawn border (a pixel's rounding decides there)
POINTS_PER_REGION = 25

_RECORD_CLICKS = """() => {
    const gd = document.querySelector('#map .js-plotly-plot');
    window.__clicks = [];
    gd.on('plotly_click', (event) => {
        const point = event.points[0];
        window.__clicks.push(point.location || point.customdata || null);
    });
}"""

_SCREEN = """() => {
    const gd = document.querySelector('#map .js-plotly-plot');
    const markers = [...gd.querySelectorAll('g.trace.scattergeo path.point')].map((m) => {
        const b = m.getBoundingClientRect();
        return [b.x + b.width / 2, b.y + b.height / 2, Math.max(b.width, b.height) / 2];
    });
    const insetBox = gd._fullLayout.geo2 ? gd._fullLayout.geo2._subplot.bgRect.node().getBoundingClientRect() : null;
    const mapBox = gd._fullLayout.geo._subplot.bgRect.node().getBoundingClientRect();
    return {markers, insetBox: insetBox && [insetBox.x, insetBox.y, insetBox.right, insetBox.bottom],
            mapBox: [mapBox.x, mapBox.y, mapBox.right, mapBox.bottom]};
}"""


def hold_callbacks(page: Page) -> None:
    """Keep Dash from answering clicks: the map stays as it is drawn now."""
    page.route("**/_dash-update-component*", lambda route: route.abort())


def _to_page(page: Page, lonlats: np.ndarray) -> np.ndarray:
    return np.array(
        page.evaluate(
            """(points) => {
                const gd = document.querySelector('#map .js-plotly-plot');
                const project = gd._fullLayout.geo._subplot.projection;
                const frame = gd.getBoundingClientRect();
                return points.map(([lon, lat]) => { const [x, y] = project([lon, lat]); return [frame.x + x, frame.y + y]; });
            }""",
            lonlats.tolist(),
        )
    )


def drawn_above(atlas, region: str, drawn_layers: list[str]):
    """The drawn polygons of the layers drawn after ``region``'s (they take the pointer where they overlap it)."""
    above = drawn_layers[drawn_layers.index(atlas.layer_of(region)) + 1:]
    return shapely.union_all([g for name in above for g in atlas.draw_geometry[name]])


def grid_points(page: Page, atlas, region: str, drawn_layers: list[str]) -> list[tuple[float, float]]:
    """About :data:`POINTS_PER_REGION` page positions where ``region`` is the topmost drawn region, clear of
    markers and borders.

    ``drawn_layers`` are the polygon layers on the map, in drawing order.
    """
    shape = shapely.difference(atlas.draw_geometry[atlas.layer_of(region)].loc[region],
                               drawn_above(atlas, region, drawn_layers))
    screen = page.evaluate(_SCREEN)
    markers = np.array(screen["markers"]).reshape(-1, 3)
    # The region in page pixels: project its drawn rings.
    rings = []
    polygons = [g for g in getattr(shape, "geoms", [shape]) if g.geom_type == "Polygon"]
    for polygon in polygons:
        rings.append(shapely.Polygon(_to_page(page, np.asarray(polygon.exterior.coords)),
                                     [_to_page(page, np.asarray(hole.coords)) for hole in polygon.interiors]))
    drawn = shapely.make_valid(shapely.MultiPolygon(rings))
    left, top, right, bottom = screen["mapBox"]
    visible = shapely.intersection(drawn, shapely.box(left + 2, top + 2, right - 2, bottom - 2))
    if screen["insetBox"]:
        visible = shapely.difference(visible, shapely.box(*screen["insetBox"]).buffer(2))
    inner = visible.buffer(-EDGE_CLEARANCE_PX)
    for x, y, radius in markers:
        inner = shapely.difference(inner, shapely.Point(x, y).buffer(radius + MARKER_CLEARANCE_PX))
    if inner.is_empty:
        return []
    minx, miny, maxx, maxy = inner.bounds
    step = max(np.sqrt(inner.area / POINTS_PER_REGION), 1.0)
    while True:
        xs, ys = np.meshgrid(np.arange(minx + step / 2, maxx, step), np.arange(miny + step / 2, maxy, step))
        inside = shapely.contains_xy(inner, xs.ravel(), ys.ravel())
        if inside.sum() >= POINTS_PER_REGION or step < 2:
            return list(zip(xs.ravel()[inside].tolist(), ys.ravel()[inside].tolist(), strict=False))
        step *= 0.8


def selections(page: Page, points, touch: bool) -> list[str | None]:
    """What plotly reports for a click (or tap) at each page position: a region or town id, ``event:<id>``, or None."""
    page.evaluate(_RECORD_CLICKS)
    # Two clicks closer in time than this are a double click (which resets or zooms the map).
    apart_ms = page.evaluate("document.querySelector('#map .js-plotly-plot')._context.doubleClickDelay") + 50
    answers = []
    for x, y in points:
        before = page.evaluate("window.__clicks.length")
        if touch:
            page.touchscreen.tap(x, y)
        else:
            page.mouse.click(x, y)
        # A click on no feature reports nothing: wait a little, then count it as a miss.
        try:
            page.wait_for_function("(n) => window.__clicks.length > n", arg=before, timeout=500)
            answers.append(page.evaluate("window.__clicks[window.__clicks.length - 1]"))
        except Exception:
            answers.append(None)
        page.wait_for_timeout(apart_ms)  # a reader's next click, not a double click
    return answers


def event_id(answer) -> str | None:
    """The event a click opens: an event marker reports its events (``["event:<id>", …]``) and opens the first."""
    if isinstance(answer, list) and answer:
        answer = answer[0]
    return answer[len(EVENT_PREFIX):] if isinstance(answer, str) and answer.startswith(EVENT_PREFIX) else None


EVENT_MARKERS = """() => {
    const gd = document.querySelector('#map .js-plotly-plot');
    const index = gd._fullData.findIndex((t) => t.name === 'Events in this period');
    if (index < 0) return [];
    const group = [...gd.querySelectorAll('g.trace.scattergeo')].find((g) => g.__data__[0].trace.index === index);
    if (!group) return [];  // no event in this period
    const map = gd._fullLayout.geo._subplot.bgRect.node().getBoundingClientRect();
    return [...group.querySelectorAll('path.point')].map((p) => {
        const b = p.getBoundingClientRect();
        return {events: gd._fullData[index].customdata[p.__data__.i],
                x: b.x + b.width / 2, y: b.y + b.height / 2, width: b.width, height: b.height,
                inside: b.x >= map.x && b.right <= map.right && b.y >= map.y && b.bottom <= map.bottom};
    }).filter((m) => m.inside);
}"""


def event_markers(page: Page) -> list[dict]:
    """The event markers drawn wholly inside the map: their events (customdata), centre and size in page px."""
    return page.evaluate(EVENT_MARKERS)

"""Exports at every size: a ladder of canvases from 320 to 6000 px a side, rendered by kaleido and measured in Chromium.

The title, legend, scale and sources must lie inside the canvas (their SVG text extents,
as Chromium lays them out), the map must be drawn, and a size too small for the map must
be refused with a size that works.
"""

from __future__ import annotations

import math
import re

import pytest
import shapely

from karabakh_map.data.layers import LAYERS
from karabakh_map.model.view_state import ViewState, to_query
from karabakh_map.reports.figure import px_per_km, snapshot_figure
from karabakh_map.reports.layout import MIN_MAP_PX, TooSmall
from karabakh_map.reports.render import ExportRequest, render
from paths import TODAY
from plotly_page import NAKHCHIVAN_NAME, NAME_ON_AREA_SHARE

pytestmark = pytest.mark.browser

LAYER_TITLES = {layer.name: layer.title for layer in LAYERS}

STATE = ViewState(region="nkao", date="2021-06-01", compare="luxembourg")
PERMALINK = "http://127.0.0.1:8050/?region=nkao&date=2021-06-01&compare=luxembourg"
LADDER = [(320, 320), (320, 640), (400, 300), (480, 360), (640, 480), (800, 600), (1123, 794), (1600, 1000),
          (2400, 900), (900, 2400), (320, 6000), (6000, 600), (6000, 4000)]

# On a landscape canvas the map is at least this share of its height.
MAP_HEIGHT_SHARE = 0.6
# Every text element outside the map (the map's own labels are clipped to it by plotly), with its extent.
TEXT_EXTENTS = """() => {
  const svg = document.querySelector('svg');
  return [...svg.querySelectorAll('text')]
    .filter(t => !t.closest('.geolayer') && t.textContent.trim())
    .map(t => { const b = t.getBoundingClientRect(); return [t.textContent, b.left, b.top, b.right, b.bottom]; });
}"""


def _figure(atlas, width, height):
    return snapshot_figure(atlas, STATE, TODAY, PERMALINK, width, height)


@pytest.mark.parametrize(("width", "height"), LADDER, ids=[f"{w}x{h}" for w, h in LADDER])
def test_no_text_leaves_the_canvas_and_the_map_is_drawn(atlas, browser, width, height):
    try:
        figure = _figure(atlas, width, height)
    except TooSmall as refused:
        needed = int(str(refused).rsplit("at least ", 1)[1].split()[0])
        assert needed > height
        figure, height = _figure(atlas, width, needed), needed  # the size it names works
    svg = render(figure, ExportRequest("svg", width, height, 1), "title", "alt")
    page = browser.new_page(viewport={"width": width, "height": height})
    page.set_content(f"<html><body style='margin:0'>{svg.decode('utf-8')}</body></html>")
    texts = page.evaluate(TEXT_EXTENTS)
    shown = "".join(text for text, *_ in texts).replace(" ", "")  # wrapped lines join without their spaces
    for words in ("Nagorno-Karabakh Autonomous Oblast", "Made with Natural Earth", "GeoNames", "0 km", "Luxembourg"):
        assert words.replace(" ", "") in shown, words
    for text, left, top, right, bottom in texts:
        assert left >= -0.5 and top >= -0.5 and right <= width + 0.5 and bottom <= height + 0.5, (text, left, top, right, bottom)
    boxes = [shapely.box(left, top, right, bottom) for _, left, top, right, bottom in texts]
    for i, a in enumerate(boxes):  # title, legend, scale and sources never overprint each other
        for j in range(i + 1, len(boxes)):
            assert a.intersection(boxes[j]).area < 2, (texts[i][0], texts[j][0])
    drawn = page.locator("path.choroplethlocation")
    assert drawn.count() > 10
    # the map's frame (plotly clips the regions to it) is at least the smallest map the layout allows
    frame = page.evaluate("""() => { const r = [...document.querySelectorAll('.geolayer .bg')]
        .map(e => e.getBoundingClientRect()).sort((a, b) => b.width * b.height - a.width * a.height)[0];
        return r ? [r.width, r.height] : null; }""")
    assert frame is None or min(frame) >= MIN_MAP_PX * 0.5, frame
    if width > height:  # landscape: the legend stands beside the map, which keeps most of the height
        assert frame[1] >= MAP_HEIGHT_SHARE * height, (frame, height)  # at 640×480 it was a 624×261 strip
    _in_the_maps_corners(page, texts)
    page.close()


def _in_the_maps_corners(page, texts) -> None:
    """The scale bar in the drawn map's lower right corner and the locator in its upper right, inside it."""
    maps = page.evaluate("""() => [...document.querySelectorAll('.geolayer .bg')]
        .map(e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })
        .sort((a, b) => (b[2] - b[0]) * (b[3] - b[1]) - (a[2] - a[0]) * (a[3] - a[1]))""")
    left, top, right, bottom = maps[0]
    scales = [box for text, *box in texts if re.fullmatch(r"[\d,]+ km", text)]
    assert len(scales) == 1, texts
    scale = scales[0]
    assert left <= scale[0] and scale[2] <= right + 0.5 and top <= scale[1] and scale[3] <= bottom + 0.5, (scale, maps[0])
    assert right - scale[2] < 0.1 * (right - left) + 40 and bottom - scale[3] < 0.1 * (bottom - top) + 40, (scale, maps[0])
    for inset in maps[1:]:  # the locator: at the map's top right corner
        assert left - 0.5 <= inset[0] and inset[2] <= right + 0.5 and abs(inset[1] - top) < 1 and abs(inset[2] - right) < 1


def test_a_size_too_small_for_the_map_is_refused_with_the_minimum(atlas):
    with pytest.raises(TooSmall, match=r"at 400 px wide it needs at least \d+ px of height"):
        _figure(atlas, 400, 200)


def test_the_scale_bar_measures_what_the_map_shows(atlas, browser):
    """Yerevan and Baku on the rendered map are as far apart as the bar's scale says (within 6 %)."""
    width, height = 1600, 1000
    figure = snapshot_figure(atlas, ViewState(frame="overview"), TODAY, PERMALINK, width, height)
    svg = render(figure, ExportRequest("svg", width, height, 1), "title", "alt")
    page = browser.new_page(viewport={"width": width, "height": height})
    page.set_content(f"<html><body style='margin:0'>{svg.decode('utf-8')}</body></html>")
    # Both labels sit right of their markers at the same offset: their left ends are as far apart as the towns.
    anchors = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('.geolayer text')]
        .filter(t => ['Yerevan', 'Baku'].includes(t.textContent))
        .map(t => { const b = t.getBoundingClientRect(); return [t.textContent, [b.left, b.top + b.height / 2]]; }))""")
    page.close()
    towns = atlas.layers["towns"]
    km = _geodesic_km(towns.loc["yerevan"].geometry, towns.loc["baku"].geometry)
    margin = figure.layout.margin
    scale = px_per_km(figure.layout.geo.lonaxis.range, figure.layout.geo.lataxis.range,
                      width - margin.l - margin.r, height - margin.t - margin.b)
    assert math.dist(anchors["Yerevan"], anchors["Baku"]) == pytest.approx(km * scale, rel=0.06)


def _geodesic_km(a, b) -> float:
    from pyproj import Geod

    return Geod(ellps="WGS84").inv(a.x, a.y, b.x, b.y)[2] / 1000


# Map labels in exports, against each other and what the export draws over the map.
LABELLED_EXPORTS = [(ViewState(), 640, 480), (ViewState(), 480, 360), (ViewState(), 1200, 800),
                    (ViewState(region="lachin", date="2021-06-01"), 1200, 800), (ViewState(region="lachin"), 1200, 800),
                    (ViewState(region="lachin", date="2021-06-01"), 640, 480),
                    (ViewState(date="1992-06-01"), 800, 600), (ViewState(frame="overview"), 640, 480),
                    (ViewState(frame="overview"), 480, 360),
                    (STATE, 640, 480)]
MAP_LABELS = """() => [...document.querySelectorAll('.geolayer .geo:not(.geo2) g.trace.scattergeo text')]
    .filter(t => t.textContent.trim() && !/^\\d+$/.test(t.textContent))  // not an event marker's count
    .map(t => { const b = t.getBoundingClientRect(); return [t.textContent, b.left, b.top, b.right, b.bottom]; })"""
OVER_THE_MAP = """() => {
  const box = (e) => { const b = e.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; };
  const inset = document.querySelector('.geolayer .geo2 .bg');
  return {scale: box(document.querySelector('.layer-above .shapelayer path')), inset: inset && box(inset),
          legend: box(document.querySelector('.legend .bg')), map: box(document.querySelector('.geolayer .geo .bg'))};
}"""


@pytest.mark.parametrize(("state", "width", "height"), LABELLED_EXPORTS,
                         ids=[f"{to_query(s) or 'default'}-{w}x{h}" for s, w, h in LABELLED_EXPORTS])
def test_an_export_s_map_labels_overlap_neither_each_other_nor_its_scale_bar_inset_or_legend(atlas, browser, state,
                                                                                              width, height):
    """Lachin on 1 Jun 2021 at 1200×800 drew "AZERBAIJAN" on "NAKHCHIVAN (AZERBAIJAN)" (Azerbaijan's widest
    place in that frame is Nakhchivan); "Lankaran" in the whole region at 480×360 stood under the scale bar;
    at 640×480 the NKAO's "Stepanakert / Khankendi" came down onto "Khojaly"."""
    figure = snapshot_figure(atlas, state, TODAY, PERMALINK, width, height)
    svg = render(figure, ExportRequest("svg", width, height, 1), "title", "alt")
    page = browser.new_page(viewport={"width": width, "height": height})
    page.set_content(f"<html><body style='margin:0'>{svg.decode('utf-8')}</body></html>")
    labels, over = page.evaluate(MAP_LABELS), page.evaluate(OVER_THE_MAP)
    page.close()
    boxes = [(text, shapely.box(*box)) for text, *box in labels]
    assert len(boxes) >= 5
    # Rounding of glyph extents aside (a pixel).
    assert not [(a, b) for i, (a, box) in enumerate(boxes) for b, other in boxes[i + 1:]
                if box.intersection(other).area > 1], to_query(state)
    # Inside the map, where plotly cuts them ("NAKHCHIVAN (AZERBAIJAN)" ran off its left edge at 640×480).
    frame = shapely.box(*over.pop("map")).buffer(0.5)
    assert not [text for text, box in boxes if not frame.contains(box)]
    for name, cover in over.items():
        if cover:
            assert not [text for text, box in boxes if box.intersection(shapely.box(*cover)).area > 1], name


@pytest.mark.parametrize(("state", "width", "height"), [
    (ViewState(frame="overview"), 1600, 1000), (ViewState(frame="overview"), 1200, 800),
    (ViewState(region="lachin"), 1200, 800), (ViewState(), 1200, 800), (ViewState(), 640, 480),
], ids=["whole-1600x1000", "whole-1200x800", "lachin-1200x800", "default-1200x800", "default-640x480"])
def test_an_export_names_nakhchivan_on_it(atlas, browser, state, width, height):
    """The "Whole region" export left Nakhchivan unnamed: its six towns left no widest place free for the name."""
    figure = snapshot_figure(atlas, state, TODAY, PERMALINK, width, height)
    svg = render(figure, ExportRequest("svg", width, height, 1), "title", "alt")
    # The region's path: its trace's place among the main map's choropleths (the exported SVG keeps no data).
    choropleths = [trace for trace in figure.data if trace.type == "choropleth" and trace.geo in (None, "geo")]
    index = next(i for i, trace in enumerate(choropleths) if trace.name == LAYER_TITLES["nakhchivan"])
    page = browser.new_page(viewport={"width": width, "height": height})
    page.set_content(f"<html><body style='margin:0'>{svg.decode('utf-8')}</body></html>")
    name = page.evaluate(NAKHCHIVAN_NAME, index)
    page.close()
    assert name is not None, "Nakhchivan is not named"
    assert name["inFrame"] and name["share"] >= NAME_ON_AREA_SHARE, name

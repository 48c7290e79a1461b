"""The former NKAO during the first war (1991–1994) is drawn as contested, not in Azerbaijan's colour.

Until this class existed the oblast showed in Azerbaijan's blue, ringed by districts drawn as
held by the NKR/Artsakh, while its own panel said the NKR held almost all of it by May 1994.
"""

from __future__ import annotations

import datetime as dt

import pytest
import shapely

from components import text_of
from karabakh_map.data.layers import CONTESTED_LAYER
from karabakh_map.figures import style
from karabakh_map.figures.legend import legend_classes
from karabakh_map.figures.map import map_figure
from karabakh_map.model.lookup import region_lookup
from karabakh_map.model.view_state import ViewState
from karabakh_map.reports.figure import alt_text
from karabakh_map.ui.details import region_details
from paths import TODAY

WAR_DATES = ("1991-11-26", "1992-05-08", "1993-09-01", "1994-05-11")
# Before the oblast's abolition (a Soviet oblast of the Azerbaijan SSR) and from the 1994 line on.
OTHER_DATES = ("1991-11-25", "1994-05-12", "2000-01-01", "2021-06-01")


def _fill_at(atlas, figure, point: shapely.Point) -> str | None:
    """The fill the figure paints at a point: the topmost choropleth feature there with a fill."""
    for trace in reversed(figure.data):
        if trace.type != "choropleth" or trace.geo not in (None, "geo"):
            continue
        layer = trace.geojson  # the test's GeoJSON source names the layer
        for i, location in enumerate(trace.locations):
            if not atlas.layers[layer].loc[location].geometry.contains(point):
                continue
            stops = [colour for _, colour in trace.colorscale]
            # z picks the stop (the countries trace has one per class); one-class traces have z 0.
            fill = stops[0] if layer != "countries" else stops[min(int(trace.z[i]), len(stops) - 1)]
            if fill != style.TRANSPARENT:
                return fill
    return None


def _points_in_the_oblast(atlas, count: int = 25) -> list[shapely.Point]:
    inner = atlas.layers["nkao"].loc["nkao"].geometry.buffer(-0.01)
    west, south, east, north = inner.bounds
    grid = [shapely.Point(west + (east - west) * i / 9, south + (north - south) * j / 9)
            for i in range(10) for j in range(10)]
    points = [p for p in grid if inner.contains(p)]
    assert len(points) >= count
    return points


@pytest.mark.parametrize("date", WAR_DATES)
def test_during_the_war_the_oblast_is_drawn_contested_and_the_legend_says_so(atlas, date):
    state = ViewState(date=date)
    figure = map_figure(atlas, state, lambda layer, level: layer, TODAY)
    fills = {_fill_at(atlas, figure, point) for point in _points_in_the_oblast(atlas)}
    assert fills == {style.CONTESTED.fill}, fills
    assert style.AZERBAIJAN.fill not in fills
    legend = legend_classes(atlas, state, TODAY)
    assert style.CONTESTED in legend
    # The swatch is the colour drawn: the trace's own.
    trace = next(t for t in figure.data if t.type == "choropleth" and t.geojson == CONTESTED_LAYER)
    assert {colour for _, colour in trace.colorscale} == {style.CONTESTED.fill}
    assert "contested" in alt_text(atlas, state, TODAY)


@pytest.mark.parametrize("date", OTHER_DATES)
def test_the_contested_class_is_drawn_and_listed_only_in_the_war(atlas, date):
    state = ViewState(date=date)
    figure = map_figure(atlas, state, lambda layer, level: layer, TODAY)
    assert not any(t.type == "choropleth" and t.geojson == CONTESTED_LAYER for t in figure.data)
    assert style.CONTESTED not in legend_classes(atlas, state, TODAY)
    assert style.CONTESTED.fill not in {_fill_at(atlas, figure, p) for p in _points_in_the_oblast(atlas)}
    assert "contested" not in alt_text(atlas, state, TODAY)


def test_the_contested_oblast_is_dated_by_the_control_history_and_cites_its_sources(atlas):
    (feature,) = atlas.layers[CONTESTED_LAYER].itertuples()
    history = atlas.tables["control_history"]
    (row,) = history[(history["region_id"] == "nkao") & (history["start"] == feature.valid_from)].itertuples()
    assert (feature.valid_from, feature.valid_to) == ("1991-11-26", "1994-05-12") == (row.start, row.end)
    assert row.source in feature.source and "First_Nagorno-Karabakh_War" in feature.source
    # The whole oblast, no more.
    oblast = atlas.layers["nkao"].loc["nkao"].geometry
    assert feature.geometry.symmetric_difference(oblast).area < 1e-6 * oblast.area


def test_the_oblast_s_history_for_a_war_date_says_contested_with_a_source(atlas):
    text = text_of(region_details(atlas, "nkao", "both", str, frozenset(), dt.date(1993, 9, 1)))
    held = text[text.index("Who held it"):]
    assert "On 1 Sep 1993 Contested in the war (the front moved; not drawn on the map)" in held
    assert "Shusha (8 May 1992)" in held and "First Nagorno-Karabakh War" in held


def test_a_search_for_the_nkao_finds_the_oblast_and_the_dated_piece_still_resolves(atlas):
    lookup = region_lookup(atlas)
    (piece,) = atlas.layers[CONTESTED_LAYER].index
    assert lookup.partial_matches("NKAO") == ["nkao"] and lookup.resolve("NKAO") == "nkao"
    assert lookup.resolve(piece) == piece  # a click on the drawn piece (the NKAO layer hidden) still opens it


@pytest.mark.parametrize("date", ["1993-09-01", "2000-01-01"])
def test_a_hover_over_the_oblast_says_what_its_fill_is(atlas, date):
    """The oblast's outline is drawn over the contested area and takes its hover: it said 'Soviet-era NKAO,
    1923–1991 (history)' over the grey."""
    figure = map_figure(atlas, ViewState(date=date), lambda layer, level: layer, TODAY)
    outline = next(t for t in figure.data if t.type == "choropleth" and t.geojson == "nkao")
    assert ("contested" in outline.hovertemplate) == (date == "1993-09-01"), outline.hovertemplate

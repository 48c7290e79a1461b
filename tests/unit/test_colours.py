"""The map's classes stay distinct for readers with colour-vision deficiencies, and swatches are the map's colours."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from colorspacious import cspace_convert, deltaE

from karabakh_map.figures import style
from karabakh_map.figures.frame import view_for
from karabakh_map.figures.legend import legend_classes
from karabakh_map.figures.map import SELECTION_UID, map_figure
from karabakh_map.model.view_state import ViewState
from paths import TODAY

DEFICIENCIES = ("deuteranomaly", "protanomaly", "tritanomaly")  # at severity 100: deuteranopia, protanopia, tritanopia
MIN_DELTA_E = 10


def _rgb(colour: str) -> np.ndarray:
    if colour.startswith("#"):
        return np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)]) / 255
    red, green, blue, _alpha = (float(v) for v in colour[colour.index("(") + 1 : -1].split(","))
    return np.array([red, green, blue]) / 255  # a translucent fill's own colour


def _seen(colour: str, deficiency: str) -> np.ndarray:
    simulated = cspace_convert(_rgb(colour), {"name": "sRGB1+CVD", "cvd_type": deficiency, "severity": 100}, "sRGB1")
    return np.clip(simulated, 0, 1)


def _drawn_colour(drawn: style.MapClass) -> str:
    return drawn.line if drawn.kind == "outline" else drawn.fill


CLASSES = {drawn.key: drawn for drawn in style.CLASSES}


@pytest.mark.parametrize(("first", "second"), style.TOUCHING, ids=[f"{a}-{b}" for a, b in style.TOUCHING])
@pytest.mark.parametrize("deficiency", DEFICIENCIES)
def test_classes_that_can_touch_differ_by_delta_e_10_under_each_deficiency(first, second, deficiency):
    a, b = _drawn_colour(CLASSES[first]), _drawn_colour(CLASSES[second])
    difference = deltaE(_seen(a, deficiency), _seen(b, deficiency), input_space="sRGB1")
    assert difference >= MIN_DELTA_E, f"{first} {a} vs {second} {b}: ΔE {difference:.1f} under {deficiency}"


def test_the_check_can_fail():
    # An orange and a green that deuteranopes confuse are refused (ΔE 2.9; 30 with normal vision).
    orange, green = "#E07B39", "#8DB33A"
    assert deltaE(_seen(orange, "deuteranomaly"), _seen(green, "deuteranomaly"), input_space="sRGB1") < MIN_DELTA_E
    assert deltaE(_rgb(orange), _rgb(green), input_space="sRGB1") > 2 * MIN_DELTA_E


def test_the_corridor_never_has_armenia_s_colour_and_areas_are_opaque():
    assert style.CORRIDOR.fill != style.ARMENIA.fill
    for drawn in style.CLASSES:
        if drawn.kind == "area" and drawn is not style.COMPARE:
            assert drawn.fill.startswith("#"), drawn.key  # opaque: the swatch is the colour on the map


def test_every_class_that_can_be_drawn_is_checked_against_its_neighbours():
    touching = {key for pair in style.TOUCHING for key in pair}
    # Grey outlines, black dots, the black selection outline.
    assert touching == {drawn.key for drawn in style.CLASSES} - {"provinces", "towns", "selection"}


@pytest.mark.parametrize("state", [ViewState(), ViewState(date="2000-01-01", layers=frozenset(
    {"countries", "nakhchivan", "districts", "nkao", "towns", "provinces"})), ViewState(date="2021-06-01"),
    ViewState(region="nkao", compare="luxembourg"), ViewState(region="shusha_shushi"), ViewState(date="1993-09-01")],
    ids=["today", "2000", "2021", "compared", "town", "1993"])
def test_the_legend_lists_exactly_the_colours_the_figure_draws(atlas, state):
    figure = map_figure(atlas, state, lambda layer, level: layer, TODAY)
    main = [t for t in figure.data if t.geo in (None, "geo")]
    frame = view_for(atlas, state).box()
    drawn = set()
    for trace in main:
        if trace.type == "choropleth":
            scale = {stop for _, stop in trace.colorscale}
            drawn |= {colour for colour in scale if colour != style.TRANSPARENT}
            if trace.name != "Countries" and style.TRANSPARENT in scale:
                drawn.add(trace.marker.line.color)  # an outline class
        elif trace.uid and trace.fill == "toself" and len(trace.lon):
            drawn.add(trace.fillcolor)
        elif trace.uid == SELECTION_UID and trace.mode == "lines" and len(trace.lon):
            drawn.add(trace.line.color)  # the selected region's outline
        elif trace.name in ("Towns", "Events in this period") and any(
            frame.contains(shapely.Point(lon, lat)) for lon, lat in zip(trace.lon, trace.lat, strict=False)
        ):
            drawn.add(trace.marker.color)  # in the frame
    listed = {_drawn_colour(c) for c in legend_classes(atlas, state, TODAY)}
    assert listed == drawn


# plotly.js draws markers whose size is given per point ("bubbles") at opacity 0.7 unless told otherwise.
BUBBLE_OPACITY = 0.7


@pytest.mark.parametrize("state", [ViewState(date="2020-10-15"), ViewState(region="shusha_shushi", date="2020-10-15")],
                         ids=["events", "selected-town"])
def test_every_marker_the_legend_lists_is_drawn_opaque_as_its_swatch(atlas, state):
    """Event markers were drawn at 0.7 (plotly's default for sized points) beside an opaque #EE3377 swatch."""
    figure = map_figure(atlas, state, lambda layer, level: layer, TODAY)
    markers = [t for t in figure.data if t.type == "scattergeo" and "markers" in (t.mode or "") and len(t.lon)]
    assert {t.name for t in markers} >= {"Towns", "Events in this period"}
    for trace in markers:
        given = trace.marker.opacity
        drawn = given if given is not None else BUBBLE_OPACITY if isinstance(trace.marker.size, tuple | list) else 1
        assert set(drawn if isinstance(drawn, tuple | list) else [drawn]) <= {0, 1}, (trace.name, drawn)


@pytest.mark.parametrize("sketched", [style.HELD_2020_WAR, style.HELD_1992_1994, style.HELD_2020_2023],
                         ids=lambda c: c.key)
def test_an_area_drawn_from_a_sketched_line_says_approximate_in_the_legend(sketched):
    # The 2020 war's daily front, the 1992–94 districts whole from their capture, and the box cut
    # around Shusha from the 2020–2023 area (build.fixes.SHUSHA_CUT) are sketches, not surveyed lines.
    assert "approximate" in sketched.label

"""Framing: the default frame holds the subject, a selection frames itself, the shape fits the map's box."""

from __future__ import annotations

import pytest
import shapely

from karabakh_map.figures.frame import ASPECT, KARABAKH, OVERVIEW, frame_around, view_for
from karabakh_map.model.geometry import geodesic_area_km2
from karabakh_map.model.view_state import ViewState

SUBJECT = (("nkao", "nkao"), ("districts", None), ("lachin_corridor", "lachin_corridor"), ("provinces", "AM-SU"))


def _shape(atlas, layer, feature):
    frame = atlas.layers[layer]
    return shapely.union_all(list(frame.geometry)) if feature is None else frame.loc[feature].geometry


@pytest.mark.parametrize(("layer", "feature"), SUBJECT, ids=["nkao", "districts", "corridor", "syunik"])
def test_the_default_frame_holds_the_nkao_the_districts_the_corridor_and_syunik(atlas, layer, feature):
    frame = view_for(atlas, ViewState()).box()
    assert frame.contains(_shape(atlas, layer, feature))


def test_the_nkao_fills_at_least_8_percent_of_the_default_frame(atlas):
    # The map's box has the frame's shape (ASPECT), so the frame is what the reader sees.
    frame = view_for(atlas, ViewState())
    share = geodesic_area_km2(_shape(atlas, "nkao", "nkao")) / geodesic_area_km2(shapely.segmentize(frame.box(), 0.05))
    assert share >= 0.08  # it was about 1 % on the old South Caucasus view
    assert round(frame.projected_aspect(), 2) == ASPECT


@pytest.mark.parametrize("region", ["kalbajar", "zangilan", "nkao", "armenia", "lachin_corridor", "shusha_shushi"])
def test_a_selection_is_framed_with_a_margin(atlas, region):
    shape = atlas.layers[atlas.layer_of(region)].loc[region].geometry
    frame = view_for(atlas, ViewState(region=region)).box()
    assert frame.contains(shape.buffer(0.05))  # all of it, with room around
    assert shape.buffer(0.05).area / frame.area > 0.01 or shape.geom_type == "Point"


def test_regions_beyond_the_map_are_framed_within_the_overview(atlas):
    frame = view_for(atlas, ViewState(region="russia"))
    assert OVERVIEW.fitted(ASPECT).box().buffer(1e-6).contains(frame.box())


def test_the_whole_region_frame_is_the_overview_and_wins_over_a_selection(atlas):
    assert view_for(atlas, ViewState(region="nkao", frame="overview")) == OVERVIEW.fitted(ASPECT)


def test_a_comparison_is_framed_with_the_region(atlas):
    alone = view_for(atlas, ViewState(region="nkao")).box()
    compared = view_for(atlas, ViewState(region="nkao", compare="cyprus")).box()
    assert compared.area > alone.area


def test_a_small_region_gets_a_minimum_frame():
    frame = frame_around((46.5, 39.5, 46.52, 39.52))
    assert frame.lon_range[1] - frame.lon_range[0] > 0.5


@pytest.mark.parametrize("aspect", [0.75, 1.0, 1.25, 1.6, 2.0])
def test_fitting_widens_to_the_box_s_shape_and_never_narrows(aspect):
    fitted = KARABAKH.fitted(aspect)
    assert fitted.projected_aspect() == pytest.approx(aspect, rel=0.01)
    assert fitted.box().buffer(1e-9).contains(KARABAKH.box())


@pytest.mark.parametrize(("state", "locator"), [(ViewState(region="nkao"), True), (ViewState(), True),
                                                (ViewState(frame="overview"), False)], ids=["nkao", "default", "overview"])
def test_an_export_has_a_locator_unless_its_map_shows_the_whole_region(atlas, state, locator):
    from karabakh_map.reports.figure import snapshot_figure
    from paths import TODAY

    figure = snapshot_figure(atlas, state, TODAY, "http://example.test/", 1600, 1000)
    assert any(getattr(trace, "geo", None) == "geo2" for trace in figure.data) is locator
    if locator:  # in the map's top right corner: the map fills its box at this shape
        assert (figure.layout.geo2.domain.x[1], figure.layout.geo2.domain.y[1]) == pytest.approx((1, 1), abs=1e-3)


@pytest.mark.parametrize("aspect", [0.2, ASPECT, 11.0])
def test_the_drawn_map_is_the_window_fitted_into_its_box_and_centred(aspect):
    window = OVERVIEW.fitted(aspect)
    left, bottom, right, top = window.drawn_box(aspect)
    assert (right - left) * aspect / (top - bottom) == pytest.approx(window.projected_aspect())
    assert (left + right, bottom + top) == pytest.approx((1, 1))
    assert max(right - left, top - bottom) == pytest.approx(1)  # by its limiting side


@pytest.mark.parametrize("aspect", [0.6, 1.0, ASPECT, 2.0, 3.0])
def test_a_frame_moved_inside_the_overview_keeps_what_it_frames(atlas, aspect):
    """Moved, not cut: the default frame keeps Nagorno-Karabakh's window and every town its town, even Tabriz,
    which lies south of the overview (cut to it, its frame ended on the town)."""
    assert view_for(atlas, ViewState(), aspect).box().buffer(1e-6).contains(KARABAKH.box())
    towns = atlas.layers["towns"]
    outside = [town for town, point in towns.geometry.items()
               if not view_for(atlas, ViewState(region=town), aspect).box().buffer(-0.03).contains(point)]
    assert not outside

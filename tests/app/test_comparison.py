"""Area comparisons: figures with their basis, true-size outlines, the sentence, the ranking."""

from __future__ import annotations

import pytest

from components import text_of, with_class
from karabakh_map.figures.map import map_figure
from karabakh_map.model import areas
from karabakh_map.model.geometry import geodesic_area_km2, main_part
from karabakh_map.model.view_state import ViewState
from karabakh_map.ui.area import area_panel
from paths import TODAY


def test_the_nkao_is_0_89_of_the_auckland_region(atlas):
    nkao, auckland = areas.area_of(atlas, "nkao"), areas.area_of(atlas, "auckland_region")
    assert (nkao.km2, auckland.km2) == (4388, pytest.approx(4941.13))
    assert nkao.official and auckland.official
    sentence = areas.ratio_sentence(atlas, "nkao", "auckland_region", "both")
    assert f"{4388 / 4941.13:.2f} ×" == "0.89 ×" and "0.89 × the size of" in sentence
    assert "(4,388 km², official)" in sentence and "(4,941 km², official)" in sentence


def test_places_without_an_official_figure_say_their_area_is_computed(atlas):
    sentence = areas.ratio_sentence(atlas, "kalbajar", "luxembourg", "both")
    assert "Luxembourg (2,608 km², computed from our geometry)" in sentence


@pytest.mark.parametrize("place", ["auckland_region", "greater_london", "bangladesh", "crete", "hawaii_state", "armenia"])
def test_a_moved_outline_keeps_its_area_and_lands_on_the_region(atlas, place):
    moved = areas.true_size_outline(atlas, place, "nkao")
    original = atlas.layers[atlas.layer_of(place)].loc[place].geometry
    assert moved.is_valid
    assert geodesic_area_km2(moved) == pytest.approx(geodesic_area_km2(original), rel=0.005)
    # Its main part (a mainland, not the sea between islands) lands on the region's centre.
    assert main_part(moved).centroid.distance(areas.centre_of(atlas, "nkao")) < 0.05


def test_every_comparison_place_moved_onto_the_nkao_keeps_its_area_within_half_a_percent(atlas):
    for place in areas.compare_ids(atlas):
        moved = areas.true_size_outline(atlas, place, "nkao")
        original = atlas.layers[atlas.layer_of(place)].loc[place].geometry
        assert moved.is_valid and moved.geom_type in ("Polygon", "MultiPolygon"), place
        assert abs(geodesic_area_km2(moved) / geodesic_area_km2(original) - 1) < 0.005, place


def test_shares_never_mix_official_and_computed_figures(atlas):
    assert areas.share_of(atlas, "nkao", "azerbaijan") == (pytest.approx(100 * 4388 / 86600), "official")
    _, basis = areas.share_of(atlas, "AZ-XA", "azerbaijan")  # no official area for the rayon
    assert basis == "computed from our geometry"


def test_the_ranking_holds_the_conflict_regions_and_every_place_largest_first(atlas):
    entries = areas.ranking(atlas, "both")
    ids = [e.feature_id for e in entries]
    assert set(areas.CONFLICT_REGIONS) | set(areas.compare_ids(atlas)) == set(ids)
    km2 = [e.area.km2 for e in entries]
    assert km2 == sorted(km2, reverse=True)


def test_the_panel_has_the_sentence_and_a_source_for_every_figure(atlas):
    rows, ranking, inset = area_panel(atlas, "nkao", "auckland_region", "both")
    panel_text = " ".join(text_of(row) for row in rows)
    assert "0.89 × the size of Auckland Region" in panel_text
    assert "Share of Azerbaijan 5.1 %" in panel_text
    for row in rows:
        for figure in with_class(row, "figure"):
            assert text_of(with_class(figure, "figure-source")[0]).replace("Source:", "").strip()
    assert "Nagorno-Karabakh Autonomous Oblast (NKAO), 1923–1991" in ranking.data[0].y
    assert [t.name for t in inset.data] == ["Auckland Region (NZ)", "Nagorno-Karabakh Autonomous Oblast (NKAO), 1923–1991"]


def test_a_town_has_no_area_to_compare(atlas):
    rows, ranking, inset = area_panel(atlas, "goris", "auckland_region", "both")
    assert ranking is None and inset is None
    assert "no area" in text_of(rows[0])


def test_the_map_draws_the_place_at_true_size_on_the_selected_region(atlas):
    figure = map_figure(atlas, ViewState(region="nkao", compare="luxembourg"), lambda layer, level: f"/{layer}", TODAY)
    assert "Luxembourg at true size" in [t.name for t in figure.data]
    plain = map_figure(atlas, ViewState(), lambda layer, level: layer, TODAY)
    assert "Luxembourg at true size" not in [t.name for t in plain.data]


def test_every_comparison_place_is_what_its_name_says(atlas):
    """No overseas part a name leaves out: a part far from the main one must be named ("incl. …")."""
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    for place_id, place in atlas.layers["comparison_places"].iterrows():
        parts = list(getattr(place.geometry, "geoms", [place.geometry]))
        main = max(parts, key=lambda part: part.area).representative_point()
        farthest_km = max(
            geod.inv(main.x, main.y, part.representative_point().x, part.representative_point().y)[2] / 1000
            for part in parts
        )
        if farthest_km > 700:
            assert "incl." in place["name_en"], (place_id, place["name_en"], round(farthest_km))
    netherlands = atlas.layers["comparison_places"].loc["netherlands"]
    assert netherlands.geometry.bounds[0] > 3 and netherlands.geometry.bounds[2] < 7.5  # no Caribbean islands


def test_a_district_is_compared_by_the_area_of_the_borders_drawn(atlas):
    """Kalbajar is drawn without the part of the former NKAO it took in 1992: so is its size compared."""
    sentence = areas.ratio_sentence(atlas, "kalbajar", "auckland_region", "both")
    assert "(1,936 km², official, before 13 Oct 1992)" in sentence
    assert "3,054" not in sentence

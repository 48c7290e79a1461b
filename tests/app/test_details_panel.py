"""The details panel is a pure function of (atlas, region id, naming convention): no browser needed."""

from __future__ import annotations

import pytest

from components import text_of, walk, with_class
from karabakh_map.model.citations import parse_sources
from karabakh_map.model.formatting import format_date, format_number
from karabakh_map.model.view_state import NAMING_CONVENTIONS
from karabakh_map.ui.details import region_details


def _panel(atlas, region, names="both"):
    return region_details(atlas, region, names, lambda other: f"/?region={other}", frozenset())


def _region_ids(atlas):
    return [i for name, frame in atlas.layers.items() if name != "comparison_places" for i in frame.index]


def test_the_nkao_panel_has_its_census_total_area_with_source_and_four_names(atlas):
    panel = _panel(atlas, "nkao")
    text = text_of(panel)
    assert "Last figure, 1989 189,085" in text and "Counted before:" in text  # and what happened since
    area = [f for f in with_class(panel, "figure") if "4,388 km²" in text_of(f)]
    assert area and "Wikipedia" in text_of(with_class(area[0], "figure-source")[0])
    for name in ["Nagorno-Karabakh Autonomous Oblast", "Լեռնային Ղարաբաղի Ինքնավար Մարզ",
                 "Dağlıq Qarabağ Muxtar Vilayəti", "Нагорно-Карабахская автономная область"]:
        assert name in text
    assert "4,282 km²" in text  # computed from our geometry, beside the official figure
    assert "12 May 1994 – 28 Sep 2020" in text


def test_every_region_renders_and_every_figure_has_a_source(atlas):
    ids = _region_ids(atlas)
    assert len(ids) > 120
    for region in ids:
        panel = _panel(atlas, region)
        assert atlas.label(region, "both") in text_of(panel)
        for figure in with_class(panel, "figure"):
            sources = with_class(figure, "figure-source")
            assert len(sources) == 1, region
            assert text_of(sources[0]).replace("Source:", "").strip(), f"{region}: a figure without a source"


@pytest.mark.parametrize("names", list(NAMING_CONVENTIONS))
def test_the_title_follows_the_naming_convention(atlas, names):
    expected = {"both": "Stepanakert / Khankendi", "hy": "Stepanakert", "az": "Khankendi"}[names]
    panel = _panel(atlas, "stepanakert_khankendi", names)
    assert panel.children[0].children == expected


def test_contested_figures_show_ranges_and_who_gives_them(atlas):
    text = text_of(_panel(atlas, "held_1994_2020"))
    assert "11,458 (…–11,927) km²" in text
    assert "Given by: Government of Azerbaijan" in text


def test_the_panel_links_the_other_layers_at_the_same_place(atlas):
    panel = _panel(atlas, "stepanakert_khankendi")
    links = {item.children.href for item in with_class(panel, "also-here")[0].children}
    assert {"/?region=nkao", "/?region=held_2020_2023", "/?region=azerbaijan"} <= links


def test_missing_names_say_so(atlas):
    assert "not in our sources" in text_of(_panel(atlas, "AZ-BA"))  # no Armenian name for Baku's rayon


def test_formatting():
    assert format_number("4388") == "4,388"
    assert format_number("5502.75") == "5,502.75"
    assert format_date("1993-04-03") == "3 Apr 1993"
    assert format_date("2020-10") == "Oct 2020"
    assert format_date("1920") == "1920"


def test_source_strings_become_links():
    citations = parse_sources("CIA World Factbook, Armenia (2025 data) – https://www.cia.gov/a/ | news.am – https://news.am/x.html")
    assert [(c.title, c.url) for c in citations] == [
        ("CIA World Factbook, Armenia (2025 data)", "https://www.cia.gov/a/"),
        ("news.am", "https://news.am/x.html"),
    ]


def test_a_district_s_panel_gives_the_area_of_the_borders_it_draws(atlas):
    """Kalbajar is drawn in its Soviet-era borders, outside the NKAO: its figures are that extent's, dated and sourced."""
    kalbajar = atlas.layers["districts"].loc["kalbajar"]
    rayon = atlas.layers["provinces"].loc[kalbajar["province_id"]]
    assert rayon["area_km2"] - kalbajar["area_km2"] > 800, "the 1992 gain inside the former NKAO is not drawn"
    text = text_of(_panel(atlas, "kalbajar"))
    assert f"Our geometry {format_number(round(kalbajar['area_km2']))} km² The Soviet-era district, outside the NKAO" in text
    assert format_number(round(rayon["area_km2"])) not in text
    assert "Official 1,936 km² Before 13 Oct 1992: the borders drawn" in text
    assert "Official, today 3,054 km² Today's rayon, with part of the former NKAO" in text
    assert "before 13 Oct 1992" in text and "geoBoundaries" in text and "Natural Earth" in text  # dated, sourced
    # A district whose border with the NKAO did not move shows one official figure.
    lachin = text_of(_panel(atlas, "lachin"))
    assert "Official 1,835 km²" in lachin and "Official, today" not in lachin


@pytest.mark.parametrize(
    ("region", "publishers"),
    [("kalbajar", ["geoboundaries.org", "openstreetmap.org"]), ("armenia", ["openstreetmap.org"]),
     # The NKAO follows geoBoundaries' rayon border along Jabrayil (5ccf3ae), Natural Earth's lines elsewhere.
     ("nkao", ["naturalearthdata.com", "openstreetmap.org", "geoboundaries.org"])],
)
def test_a_computed_area_cites_the_publishers_of_the_geometry_it_is_computed_from(atlas, region, publishers):
    ours = next(f for f in with_class(_panel(atlas, region), "figure") if "Our geometry" in text_of(f))
    links = [node.href for node in walk(ours) if getattr(node, "href", None)]
    assert [url for url in links if any(p in url for p in ("geoboundaries", "openstreetmap", "naturalearth"))] == [
        next(url for url in links if publisher in url) for publisher in publishers
    ]



def test_an_official_area_is_not_given_beside_figures_from_a_geometry_the_map_no_longer_draws(atlas):
    """The research pack's own areas of older Natural Earth polygons read as a second sourced measurement."""
    for region in ["armenia", "azerbaijan", "nkao", "held_1994_2020", "kalbajar", "lachin", "jabrayil", "agdam"]:
        figures = with_class(_panel(atlas, region), "figure")
        official = [f for f in figures if text_of(f).startswith(("Official", "Other figures"))]
        assert official, region
        for figure in official:
            assert "Natural Earth" not in text_of(figure) and "Computed" not in text_of(figure), (region, text_of(figure))

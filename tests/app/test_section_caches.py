"""Each section's per-process cache answers exactly what its pure builder builds, view after view.

The views are visited twice in different orders, so that a cache keyed by too few of
the fields its builder reads would hand back an answer built for another view.
"""

from __future__ import annotations

import datetime as dt

import pytest

from karabakh_map.figures.map import map_figure
from karabakh_map.model.view_state import ViewState
from karabakh_map.ui.area import AreaPanels, area_panel
from karabakh_map.ui.cache import plain_json
from karabakh_map.ui.census import PopulationPanels, population_panel
from karabakh_map.ui.controls import Choices
from karabakh_map.ui.details import DetailsPanels, details_panel
from karabakh_map.ui.map import MapFigures
from karabakh_map.ui.site import Site
from karabakh_map.ui.time import TimelineLists, timeline_of
from paths import TODAY

VIEWS = [
    ViewState(),
    ViewState(region="nkao"),
    ViewState(region="nkao", names="az"),
    ViewState(region="nkao", compare="luxembourg"),
    ViewState(region="nkao", date="2000-01-01"),
    ViewState(region="kalbajar", compare="luxembourg", names="hy"),
    ViewState(region="shusha_shushi"),
    ViewState(region="shusha_shushi", layers=frozenset({"countries", "nakhchivan", "provinces"})),
    ViewState(date="2021-06-01", layers=frozenset({"countries", "nakhchivan", "provinces"})),
    ViewState(date="2021-06-01", names="hy", compare="luxembourg"),
]
VISITS = VIEWS + VIEWS[::-1]


@pytest.fixture(scope="module")
def site(atlas) -> Site:
    return Site(atlas, Choices.of(atlas), base_path="/prefix/")


def test_the_details_cache_is_the_builder(site):
    panels = DetailsPanels(site)
    for view in VISITS:
        assert panels.panel(view, view.on(TODAY)) == plain_json(details_panel(site, view, view.on(TODAY))), view


def test_the_timeline_cache_is_the_builder(site):
    lists = TimelineLists(site)
    for view in VISITS:
        assert lists.list(view, TODAY) == plain_json(timeline_of(site, view, TODAY)), view


def test_the_area_cache_is_the_builder(site):
    panels = AreaPanels(site.atlas)
    for view in VISITS:
        assert panels.panel(view) == plain_json(area_panel(site.atlas, view.region, view.compare, view.names)), view


@pytest.mark.parametrize("mode", ["shares", "absolute"])
def test_the_population_cache_is_the_builder(site, mode):
    panels = PopulationPanels(site.atlas)
    for view in VISITS:
        assert panels.panel(view, mode) == plain_json(population_panel(site.atlas, view.region, view.names, mode)), view


def test_the_map_cache_is_the_builder(site):
    figures = MapFigures(site.atlas, site.geojson_url)
    for view in VISITS:
        assert figures.figure(view, TODAY) == plain_json(map_figure(site.atlas, view, site.geojson_url, TODAY)), view


def test_links_in_cached_panels_carry_the_mount_point_and_the_view(site):
    panel = DetailsPanels(site).panel(ViewState(region="nkao", names="az"), dt.date(2021, 6, 1))
    assert "/prefix/?region=held_2020_2023&names=az" in str(panel)  # "also at this place"

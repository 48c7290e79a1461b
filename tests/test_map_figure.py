"""The map figure is a pure function of (atlas, view state): checked without a browser."""

from __future__ import annotations

import json

import plotly.graph_objects as go

from karabakh_map.figures.map import map_figure
from karabakh_map.layers import LAYERS
from karabakh_map.state import DEFAULT_LAYERS, ViewState


def _url(layer: str) -> str:
    return f"/geodata/draw/{layer}.geojson"


def test_default_view_has_one_trace_per_visible_layer_most_specific_last(atlas):
    figure = map_figure(atlas, ViewState(), _url)
    names = [trace.name for trace in figure.data]
    assert names == ["Countries", "Nakhchivan Autonomous Republic (Azerbaijan)",
                     "The seven districts around the NKAO", "Soviet-era NKAO, 1923–1991", "Country names", "Towns"]
    choropleths = [t for t in figure.data if isinstance(t, go.Choropleth)]
    assert [t.geojson for t in choropleths] == [_url(n) for n in ["countries", "nakhchivan", "districts", "nkao"]]
    assert list(choropleths[0].locations) == list(atlas.layers["countries"].index)
    assert all(t.featureidkey == "properties.id" for t in choropleths)


def test_every_drawn_layer_can_be_shown_in_catalogue_order(atlas):
    everything = frozenset(layer.name for layer in LAYERS)
    figure = map_figure(atlas, ViewState(layers=everything), _url)
    drawn = [layer.title for layer in LAYERS if layer.draw_path and layer.name != "countries"]
    choropleths = [t for t in figure.data if isinstance(t, go.Choropleth)]
    assert [t.name for t in choropleths[1:]] == drawn
    assert choropleths[-1].name.startswith("Lachin corridor")  # the smallest polygon layer is on top
    assert sum(len(t.locations) for t in figure.data if isinstance(t, go.Choropleth)) == sum(
        len(atlas.layers[name]) for name in atlas.drawn
    )


def test_inline_geojson_makes_a_standalone_figure(atlas):
    figure = map_figure(atlas, ViewState(), lambda layer: json.loads(atlas.drawn[layer]))
    assert figure.data[0].geojson["type"] == "FeatureCollection"
    assert "/geodata/" not in figure.to_json()


def test_hover_names_each_region_and_town(atlas):
    figure = map_figure(atlas, ViewState(), _url)
    countries, towns = figure.data[0], figure.data[-1]
    assert dict(zip(countries.locations, countries.text))["armenia"] == "Armenia"
    assert "Stepanakert / Khankendi" in towns.hovertext
    assert "stepanakert_khankendi" in towns.customdata  # what a click reports


def test_main_towns_are_labelled(atlas):
    towns = map_figure(atlas, ViewState(), _url).data[-1]
    labelled = {text for text in towns.text if text}
    assert {"Yerevan", "Baku", "Tbilisi", "Stepanakert / Khankendi", "Nakhchivan (city)", "Ganja", "Goris"} <= labelled
    assert len(labelled) >= 15


def test_view_is_equal_area_and_offline_ready(atlas):
    geo = map_figure(atlas, ViewState(), _url).layout.geo
    assert geo.projection.type == "conic equal area"
    assert (geo.scope, geo.resolution) == ("asia", 50)  # the one TopoJSON served from assets/
    assert ViewState().layers == DEFAULT_LAYERS

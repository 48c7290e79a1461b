"""The map figure is a pure function of (atlas, view state): checked without a browser."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import pytest

from karabakh_map.data.layers import LAYERS
from karabakh_map.figures.map import SELECTION_UID, TRUE_SIZE_UID, map_figure
from karabakh_map.model.view_state import DEFAULT_LAYERS, ViewState
from paths import TODAY


def _url(layer: str) -> str:
    return f"/geodata/draw/{layer}.geojson"


def test_default_view_has_one_trace_per_visible_layer_most_specific_last(atlas):
    figure = map_figure(atlas, ViewState(), _url, TODAY)
    names = [trace.name for trace in figure.data]
    assert names == ["Countries", "Nakhchivan Autonomous Republic (Azerbaijan)",
                     "The seven districts around the NKAO", "Soviet-era NKAO, 1923–1991 (history)", None, None,
                     "Country names", "Towns", "Events in this period"]
    # Nothing selected: the selection and true-size slots are there, empty and out of the legend.
    overlays = [t for t in figure.data if t.uid in (SELECTION_UID, TRUE_SIZE_UID)]
    assert len(overlays) == 2 and all(len(t.lon) == 0 and t.showlegend is False for t in overlays)
    choropleths = [t for t in figure.data if isinstance(t, go.Choropleth)]
    assert [t.geojson for t in choropleths] == [_url(n) for n in ["countries", "nakhchivan", "districts", "nkao"]]
    assert list(choropleths[0].locations) == list(atlas.layers["countries"].index)
    assert all(t.featureidkey == "properties.id" for t in choropleths)


@pytest.mark.parametrize(
    ("date", "dated"),
    [
        ("1990-06-01", {"nkao"}),
        ("2000-01-01", {"nkao", "held_1994_2020"}),
        ("2021-06-01", {"nkao", "held_2020_2023", "lachin_corridor"}),
        ("2024-06-01", {"nkao"}),
    ],
)
def test_the_date_decides_the_karabakh_layers_in_catalogue_order(atlas, date, dated):
    everything = frozenset(layer.name for layer in LAYERS)
    figure = map_figure(atlas, ViewState(layers=everything, date=date), _url, TODAY)
    choropleths = [t for t in figure.data if isinstance(t, go.Choropleth)]
    shown = [t.geojson.split("/")[-1].removesuffix(".geojson") for t in choropleths]
    expected = [layer.name for layer in LAYERS if layer.draw_path and (not layer.dated or layer.name in dated)]
    assert shown == expected  # least specific first, so the most specific takes hover and click
    nkao = next(t for t in choropleths if t.geojson.endswith("/nkao.geojson"))
    assert nkao.name.endswith("(history)") == (date != "1990-06-01")


def test_inline_geojson_makes_a_standalone_figure(atlas):
    figure = map_figure(atlas, ViewState(), lambda layer: json.loads(atlas.drawn[layer]), TODAY)
    assert figure.data[0].geojson["type"] == "FeatureCollection"
    assert "/geodata/" not in figure.to_json()


def test_hover_names_each_region_and_town(atlas):
    figure = map_figure(atlas, ViewState(), _url, TODAY)
    countries, towns = figure.data[0], next(t for t in figure.data if t.name == "Towns")
    assert dict(zip(countries.locations, countries.text, strict=True))["armenia"] == "Armenia"
    assert "Stepanakert / Khankendi" in towns.hovertext
    assert "stepanakert_khankendi" in towns.customdata  # what a click reports


def test_main_towns_are_labelled(atlas):
    towns = next(t for t in map_figure(atlas, ViewState(), _url, TODAY).data if t.name == "Towns")
    labelled = {text for text in towns.text if text}
    assert {"Yerevan", "Baku", "Tbilisi", "Stepanakert / Khankendi", "Nakhchivan (city)", "Ganja", "Goris"} <= labelled
    assert len(labelled) >= 15


def test_view_is_equal_area_and_offline_ready(atlas):
    geo = map_figure(atlas, ViewState(), _url, TODAY).layout.geo
    assert geo.projection.type == "conic equal area"
    assert (geo.scope, geo.resolution) == ("asia", 50)  # the one TopoJSON served from assets/
    assert ViewState().layers == DEFAULT_LAYERS

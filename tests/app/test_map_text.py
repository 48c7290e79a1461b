"""The map's text side (ui.selection), without a browser: the list is what the map draws, the announcement is short,
and names carry their language."""

from __future__ import annotations

import json

import plotly.io as pio
import pytest
from dash import html

from components import walk
from karabakh_map.figures.census import population_figure
from karabakh_map.figures.map import map_figure
from karabakh_map.model.census import census_rows
from karabakh_map.model.periods import events_near
from karabakh_map.model.view_state import ViewState
from karabakh_map.reports.figure import snapshot_figure
from karabakh_map.ui.area import area_panel
from karabakh_map.ui.details import region_details
from karabakh_map.ui.selection import announcement, map_items, map_list
from paths import TODAY


def _figure(atlas, view: ViewState) -> dict:
    return json.loads(pio.to_json(map_figure(atlas, view, lambda layer, level: layer, TODAY)))


def test_the_list_holds_every_region_town_and_event_the_map_draws_in_its_groups(atlas):
    view = ViewState(date="2021-06-01")
    figure = _figure(atlas, view)
    groups = dict(map_items(atlas, figure, view.names))
    drawn = {trace["name"]: trace for trace in figure["data"] if trace.get("locations") or trace.get("customdata")}
    assert set(groups) == set(drawn)
    for title, trace in drawn.items():
        values = [value for value, _ in groups[title]]
        drawn_values = trace.get("locations") or trace["customdata"]
        if isinstance(drawn_values[0], list):  # event markers, each standing for the events at its place
            drawn_values = [value for values in drawn_values for value in values]
        assert sorted(values) == sorted(drawn_values)
    towns = dict(groups["Towns"])
    assert towns["stepanakert_khankendi"] == atlas.label("stepanakert_khankendi", "both")
    labels = [label for _, label in groups["Towns"]]
    assert labels == sorted(labels, key=str.casefold)
    events = groups["Events in this period"]
    near = events_near(atlas, view.on(TODAY), TODAY)
    assert [value for value, _ in events] == [f"event:{i}" for i in near.index] and len(events) >= 2
    assert all(label.startswith(date) for (_, label), date in zip(events, near["date"], strict=True))


def test_the_list_follows_the_naming_convention_and_marks_the_selection(atlas):
    view = ViewState(names="az", region="nkao")
    groups = map_items(atlas, _figure(atlas, view), view.names)
    assert ("stepanakert_khankendi", atlas.label("stepanakert_khankendi", "az")) in dict(groups)["Towns"]
    buttons = [c for c in walk(html.Div(map_list(groups, {"nkao"}))) if getattr(c, "className", None) == "map-item"]
    pressed = [b.id["item"] for b in buttons if getattr(b, "aria-pressed") == "true"]
    assert pressed == ["nkao"] and len(buttons) > 30


def test_the_announcement_is_the_name_and_status_not_the_panel(atlas):
    said = announcement(atlas, ViewState(region="nkao"))
    assert said.startswith("Selected: Nagorno-Karabakh Autonomous Oblast") and "Soviet autonomous oblast" in said
    assert len(said) < 300
    town = announcement(atlas, ViewState(region="gyumri"))
    assert town.startswith("Selected: Gyumri")
    event = announcement(atlas, ViewState(event="2020-11-09-trilateral-statement"))
    assert event.startswith("Event of 9 Nov 2020: ")
    assert announcement(atlas, ViewState()) == "No region selected."


def test_names_carry_their_language(atlas):
    panel = region_details(atlas, "nkao", "both", lambda other: f"/?region={other}", frozenset())
    languages = {getattr(c, "lang", None): c.children for c in walk(panel) if getattr(c, "lang", None)}
    assert languages["hy"].startswith("Լեռնային Ղարաբաղի") and languages["az"].startswith("Dağlıq Qarabağ")
    assert languages["ru"].startswith("Нагорно-Карабахская")


def test_the_map_labels_towns_by_the_chosen_usage(atlas):
    """?names=hy&region=shusha_shushi labelled Aghdam, Fuzuli, Khojaly … by their Azerbaijani names."""
    def town_labels(names: str) -> set[str]:
        figure = _figure(atlas, ViewState(names=names, region="shusha_shushi"))
        return {text for trace in figure["data"] if trace.get("name") == "Towns" for text in trace.get("text") or []}
    assert {"Akna", "Varanda", "Ivanyan", "Shushi"} <= town_labels("hy")
    assert not {"Akna", "Varanda", "Ivanyan", "Shushi"} & town_labels("az")
    assert {"Aghdam / Akna", "Fuzuli / Varanda"} <= town_labels("both")


@pytest.mark.parametrize("state", [ViewState(region="shusha_shushi", compare="auckland_region"),
                                   ViewState(region="nkao", compare="auckland_region", date="2020-10-15")],
                         ids=["town-compared", "region-compared"])
def test_every_trace_of_every_figure_has_a_name(atlas, state):
    """A town selected with compare=auckland drew two traces plotly called "trace 7" and "trace 8"."""
    _, ranking, inset = area_panel(atlas, "nkao", "auckland_region", state.names)
    figures = [map_figure(atlas, state, lambda layer, level: layer, TODAY),
               snapshot_figure(atlas, state, TODAY, "http://example.test/"),
               population_figure(census_rows(atlas, "nkao"), "shares"), ranking, inset]
    unnamed = [(index, trace.type) for index, figure in enumerate(figures) for trace in figure.data if not trace.name]
    assert unnamed == []

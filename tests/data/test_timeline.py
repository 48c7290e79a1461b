"""Time: layers by date come from the data, every timeline row renders, the details follow the date."""

from __future__ import annotations

import datetime as dt

import pytest
from shapely.geometry import Point

from components import text_of
from karabakh_map.data.layers import LAYERS_BY_NAME
from karabakh_map.figures.map import map_figure
from karabakh_map.model.periods import caption_on, events_near, features_on, shown_dated_layers, stop_index, stops
from karabakh_map.model.view_state import ViewState
from karabakh_map.ui.details import region_details
from karabakh_map.ui.time import event_details, events_at, timeline_list
from paths import TODAY


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("1990-06-01", {"nkao"}),
        ("2000-01-01", {"nkao", "held_1994_2020"}),
        ("2021-06-01", {"nkao", "held_2020_2023", "lachin_corridor"}),
        ("2024-06-01", {"nkao"}),
    ],
)
def test_the_karabakh_layers_shown_on_a_date(atlas, date, expected):
    assert shown_dated_layers(atlas, dt.date.fromisoformat(date)) == expected


def test_validity_is_read_from_the_data_not_the_code(atlas):
    # The 1994 line on the war's first day; an approximate area on each later day until the ceasefire.
    assert shown_dated_layers(atlas, dt.date(2020, 9, 27)) == {"nkao", "held_1994_2020"}
    assert shown_dated_layers(atlas, dt.date(2020, 11, 9)) == {"nkao", "held_2020_war"}
    assert "held_2020_2023" in shown_dated_layers(atlas, dt.date(2020, 11, 10))


def test_from_28_sep_to_9_nov_2020_a_held_area_is_drawn_and_labelled_approximate(atlas):
    day, areas = dt.date(2020, 9, 28), []
    while day < dt.date(2020, 11, 10):
        shown = features_on(atlas, "held_2020_war", day)
        assert len(shown) == 1, day
        assert "approximate" in shown["name_en"].iloc[0] and "approximate" in LAYERS_BY_NAME["held_2020_war"].title
        areas.append(shown["area_km2"].iloc[0])
        figure = map_figure(atlas, ViewState(date=day.isoformat()), lambda layer, level: layer, TODAY)
        drawn = [trace for trace in figure.data if trace.name == LAYERS_BY_NAME["held_2020_war"].title]
        assert [list(trace.locations) for trace in drawn] == [list(shown.index)], day
        day += dt.timedelta(days=1)
    # The held area only shrinks, from the 1994 area to about the 2020–2023 area plus what was handed back later.
    assert areas == sorted(areas, reverse=True) and areas[0] == atlas.layers["held_1994_2020"]["area_km2"].iloc[0]
    handed_back = atlas.layers["districts"].loc[["agdam", "kalbajar", "lachin"], "area_km2"].sum()
    assert areas[-1] < atlas.layers["held_2020_2023"]["area_km2"].iloc[0] + handed_back


def test_every_timeline_row_renders(atlas):
    for event_id in atlas.tables["timeline"].index:
        article = event_details(atlas, event_id)
        assert atlas.tables["timeline"].loc[event_id, "event"] in text_of(article)
        assert "Source:" in text_of(article)
    listing = timeline_list(atlas, dt.date(2021, 6, 1), set(), lambda event: f"?event={event}")
    assert len(listing.children) == len(atlas.tables["timeline"])


def test_casualty_figures_come_with_their_attribution(atlas):
    text = text_of(event_details(atlas, "1992-02-25-khojaly-massacre"))
    assert "more than 200 civilians killed" in text and "Given by: Human Rights Watch/Helsinki" in text
    assert "613 civilians killed" in text and "Given by: Government of Azerbaijan, as reported by Trend" in text


def test_stops_captions_and_nearby_events(atlas):
    all_stops = stops(atlas, TODAY)
    assert all_stops[0] == dt.date(1923, 7, 7) and all_stops[-1] == TODAY
    assert stop_index(all_stops, dt.date(2020, 11, 15)) == all_stops.index(dt.date(2020, 11, 10))
    assert "trilateral statement" in caption_on(atlas, dt.date(2020, 11, 15), TODAY)
    assert "Russian peacekeepers guard" in caption_on(atlas, dt.date(2021, 6, 1), TODAY)
    near = events_near(atlas, dt.date(2020, 10, 5), TODAY)
    assert {"Ganja", "Shusha"} <= {place.split(" ")[0] for place in near["place"]}


def test_the_slider_stops_at_each_dated_change_of_either_war_and_each_handover(atlas):
    # Each change of the held area in a war has a stop on its own day: the districts taken in 1992–1993,
    # the 2020 war's changes to the ceasefire (28 Sep, its first drawn day, falls under the stop of 27 Sep)
    # and the three handovers after it.
    all_stops = set(atlas.tables["date_stops"]["date"])
    first_war = set(atlas.layers["held_1992_1994"]["valid_from"])
    second_war = set(atlas.layers["held_2020_war"]["valid_from"]) | set(atlas.layers["held_2020_war"]["valid_to"])
    assert len(first_war) >= 6 and len(second_war) >= 8
    handovers = set(atlas.layers["held_2020_handover"]["valid_to"])  # 20 Nov, 25 Nov, 1 Dec 2020
    assert first_war <= all_stops and (second_war - {"2020-09-28"}) | {"2020-09-27"} | handovers <= all_stops
    between = {stop for stop in all_stops if "1992-05-18" <= stop < "1994-05-12" or "2020-09-27" <= stop < "2020-11-10"}
    assert between == first_war | (second_war - {"2020-09-28", "2020-11-10"}) | {"2020-09-27"}


def test_the_details_panel_says_who_held_a_region_on_the_map_date(atlas):
    panel = region_details(atlas, "kalbajar", "both", str, frozenset(), dt.date(2000, 1, 1))
    assert "On 1 Jan 2000 NKR/Artsakh (de facto)" in text_of(panel)
    panel = region_details(atlas, "kalbajar", "both", str, frozenset(), dt.date(2021, 6, 1))
    assert "On 1 Jun 2021 Republic of Azerbaijan" in text_of(panel)


def _links_at(atlas, town):
    links = []
    events_at(atlas, town, lambda event: links.append(event) or "")
    return links


def test_a_town_lists_the_events_placed_at_it_each_linked_to_its_date(atlas):
    links = []
    section = events_at(atlas, "shusha_shushi", lambda event: links.append(event) or f"?event={event}")
    text = text_of(section[0])
    assert "Events here" in text and "8 Nov 2020" in text and "Azerbaijani forces take Shusha" in text
    assert "2020-11-08-shusha-taken" in links and len(links) == 5
    # The blockade began on the corridor's road near Shusha (editorial/event_places.csv), not at Lachin.
    assert "2022-12-12-lachin-corridor-closed" in links
    assert "2022-12-12-lachin-corridor-closed" not in _links_at(atlas, "lachin_berdzor")
    assert events_at(atlas, "nkao", lambda *_: "") == []  # regions: their events are on the timeline
    assert events_at(atlas, "nakhchivan_city", lambda *_: "") == []  # a town with none placed at it


def test_jabrayil_is_dated_by_president_aliyevs_announcement_of_4_oct_2020(atlas):
    # AzerNews and AZERTAC, 4 Oct 2020: Aliyev announced the capture of Jabrayil town that day; 9 Oct is when the
    # defence ministry released video. The date flows to the held area, the control history, the stops and captions.
    town = Point(47.02835, 39.39917)
    for day, held_by_the_nkr in [(dt.date(2020, 10, 3), True), (dt.date(2020, 10, 4), False), (dt.date(2020, 10, 8), False)]:
        held = features_on(atlas, "held_2020_war", day)
        assert held.geometry.iloc[0].contains(town) == held_by_the_nkr, day
    for region in ("jabrayil", "jabrayil_town"):
        panel = text_of(region_details(atlas, region, "both", str, frozenset(), dt.date(2020, 10, 5)))
        assert "On 5 Oct 2020 Republic of Azerbaijan" in panel, region
        assert "Azerbaijan liberates key Jabrayil city', 4 Oct 2020" in panel, region
    assert "2020-10-04" in set(atlas.tables["date_stops"]["date"])
    caption = caption_on(atlas, dt.date(2020, 10, 6), TODAY)
    assert "4 Oct 2020" in caption and "Jabrayil" in caption
    assert "Jabrayil" in text_of(event_details(atlas, "2020-10-04-jabrayil-announced-taken"))

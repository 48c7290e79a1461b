"""What controls send becomes a view state; anything a control could not have sent changes nothing."""

import pytest

from karabakh_map.model.view_state import EventSpan, ViewState
from karabakh_map.ui import ids
from karabakh_map.ui.controls import Choices, apply_control, event_from_click, region_from_click

REGIONS = {"nkao", "armenia", "goris"}


def test_a_click_on_a_region_or_a_town_selects_it():
    assert region_from_click({"points": [{"location": "nkao", "curveNumber": 3}]}, REGIONS) == "nkao"
    assert region_from_click({"points": [{"customdata": "goris"}]}, REGIONS) == "goris"


@pytest.mark.parametrize(
    "payload",
    [None, "nkao", 42, [], {}, {"points": "x"}, {"points": []}, {"points": [None]},
     {"points": [{"location": "../../etc"}]}, {"points": [{"location": ["nkao"]}]}, {"points": [{"customdata": {"a": 1}}]}],
)
def test_hostile_click_payloads_select_nothing(payload):
    assert region_from_click(payload, REGIONS) is None
    assert apply_control(ViewState(region="armenia"), ids.MAP, payload, Choices(REGIONS)) == ViewState(region="armenia")
    assert event_from_click(payload, {"3"}) is None


@pytest.mark.parametrize(
    ("control", "value", "expected"),
    [
        (ids.REGION_SELECT, "nkao", ViewState(region="nkao")),
        (ids.REGION_SELECT, None, ViewState()),
        (ids.REGION_SELECT, "x" * 10_000, ViewState(region="armenia")),
        (ids.REGION_SELECT, ["nkao"], ViewState(region="armenia")),
        (ids.NAMES_CONVENTION, "az", ViewState(region="armenia", names="az")),
        (ids.NAMES_CONVENTION, "<script>", ViewState(region="armenia")),
        (
            ids.LAYER_TOGGLE,
            ["provinces"],
            ViewState(region="armenia", layers=frozenset({"countries", "nakhchivan", "provinces"})),
        ),
        (ids.LAYER_TOGGLE, ["provinces", {"$ne": 1}], ViewState(region="armenia")),
        (ids.LAYER_TOGGLE, "provinces", ViewState(region="armenia")),
        (ids.DATE_SLIDER, 700, ViewState(region="armenia", date="2021-06-01")),
        (ids.DATE_SLIDER, 1000, ViewState(region="armenia")),
        (ids.DATE_SLIDER, 7, ViewState(region="armenia", date="2021-06-01")),  # between stops: one stop back
        (ids.DATE_SLIDER, True, ViewState(region="armenia")),
        (ids.DATE_SLIDER, "1", ViewState(region="armenia")),
        # An event opens on its own day, whatever the date shown.
        (ids.MAP, {"points": [{"customdata": "event:3"}]},
         ViewState(region="armenia", event="3", date="1992-04-10", event_day="1992-04-10")),
        (ids.MAP, {"points": [{"customdata": "event:99"}]}, ViewState(region="armenia")),
        (ids.COMPARE_PLACE, "luxembourg", ViewState(region="armenia", compare="luxembourg")),
        (ids.COMPARE_PLACE, "atlantis", ViewState(region="armenia")),
        (ids.COMPARE_PLACE, None, ViewState(region="armenia")),  # cleared: no comparison
        ("not-a-control", "nkao", ViewState(region="armenia")),
    ],
)
def test_controls_change_only_what_they_may(control, value, expected):
    choices = Choices(REGIONS | {"armenia"}, {"luxembourg"}, {"3"}, {0: "1990-01-01", 700: "2021-06-01", 1000: None},
                      {"3": EventSpan("1992-04-10", "1992-04-10", "10 Apr 1992")})
    assert apply_control(ViewState(region="armenia"), control, value, choices) == expected


def test_moving_the_slider_closes_the_open_event():
    # Else the event's caption would sit over another date's map.
    choices = Choices(REGIONS, date_stops={0: "1923-07-07", 700: "2021-06-01", 1000: None})
    shown = ViewState(event="3", date="1992-04-10", event_day="1992-04-10")
    assert apply_control(shown, ids.DATE_SLIDER, 700, choices) == ViewState(date="2021-06-01")


def test_a_new_selection_leaves_the_whole_region_frame():
    choices = Choices(REGIONS | {"armenia"})
    whole = ViewState(frame="overview")
    assert apply_control(whole, ids.MAP, {"points": [{"location": "armenia"}]}, choices) == ViewState(region="armenia")
    assert apply_control(whole, ids.REGION_SELECT, "armenia", choices) == ViewState(region="armenia")


def test_an_arrow_key_between_stops_moves_one_stop_that_way():
    choices = Choices(REGIONS, date_stops={0: "1923-07-07", 364: "1988-02-20", 451: "1991-11-26", 1000: None})
    assert apply_control(ViewState(date="1923-07-07"), ids.DATE_SLIDER, 1, choices) == ViewState(date="1988-02-20")
    assert apply_control(ViewState(), ids.DATE_SLIDER, 999, choices) == ViewState(date="1991-11-26")
    assert apply_control(ViewState(date="1990-01-01"), ids.DATE_SLIDER, 363, choices) == ViewState(date="1923-07-07")

"""URL state: round trips, defaults left out, hostile values refused with a notice."""

from dataclasses import replace

import pytest

from karabakh_map.model.view_state import DEFAULT_LAYERS, ViewState, parse_query, to_query

IDS = {"nkao", "armenia", "AM-SU", "kalbajar"}
PLACES = {"auckland_region", "luxembourg", "armenia"}


def test_the_default_view_writes_nothing():
    assert to_query(ViewState()) == ""
    assert parse_query("", IDS) == (ViewState(), [])


@pytest.mark.parametrize(
    "state",
    [
        ViewState(region="nkao"),
        ViewState(region="AM-SU", names="az"),
        ViewState(names="hy", layers=DEFAULT_LAYERS | {"provinces"}, date="2021-06-01"),
        ViewState(layers=frozenset({"countries", "nakhchivan"})),
        ViewState(region="nkao", compare="luxembourg"),
        ViewState(region="kalbajar", frame="overview"),
    ],
)
def test_states_round_trip_through_the_url(state):
    assert parse_query(to_query(state), IDS, PLACES) == (state, [])


def test_only_non_defaults_are_written():
    assert to_query(ViewState(region="nkao", names="both")) == "?region=nkao"
    assert to_query(replace(ViewState(), names="hy")) == "?names=hy"


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("?region=../../etc", "region"),
        ("?names=xx", "names"),
        ("?region=" + "a" * 10_000, "region"),
        ("?layers=provinces,../../x", "layers"),
        ("?region=%00%ff", "region"),
        ("?compare=atlantis", "compare"),
        ("?frame=moon", "frame"),
    ],
)
def test_hostile_values_fall_back_with_a_notice_naming_the_parameter(query, parameter):
    state, notices = parse_query(query, IDS, PLACES)
    assert state == ViewState()
    assert len(notices) == 1 and parameter in notices[0]
    assert len(notices[0]) < 200


def test_a_good_value_survives_a_bad_neighbour():
    state, notices = parse_query("?region=nkao&names=klingon&utm_source=x", IDS)
    assert state == ViewState(region="nkao")
    assert len(notices) == 1


@pytest.mark.parametrize(("name", "meant"), [("regoin", "region"), ("Region", "region"), ("dates", "date"),
                                             ("layer", "layers"), ("name", "names"), ("evnt", "event")])
def test_a_misspelt_parameter_is_named_with_the_one_it_may_mean(name, meant):
    state, notices = parse_query(f"?{name}=nkao", IDS)
    assert state == ViewState()
    assert notices == [f"Ignored “{name}”: not a parameter of the view; did you mean “{meant}”?"]


def test_other_sites_and_exports_parameters_are_not_taken_for_misspellings():
    query = "?region=nkao&fbclid=abc&utm_source=x&format=png&width=800&height=600&scale=2&preset=screen"
    assert parse_query(query, IDS) == (ViewState(region="nkao"), [])


def test_without_a_fallback_the_notices_say_what_is_wrong_not_what_is_shown():
    # An export draws nothing in a refused value's place: "Showing today" would be untrue.
    for query in ("?date=2021-02-30", "?region=zzz", "?names=xx", "?frame=moon", "?layers=x", "?region=nkao&region=x"):
        notices = parse_query(query, IDS, fallback=False)[1]
        assert notices and not any("Showing" in notice or "Ignored" in notice for notice in notices), notices
    assert parse_query("?region=nkao&region=x", IDS, fallback=False)[1] == ["Refused “region”: given 2 times; give it once."]
    assert parse_query("?region=nkao&region=nkao", IDS) == (
        ViewState(), ["Ignored “region”: given 2 times; give it once. Showing the default."])


def test_too_many_parameters_are_refused_whole():
    state, notices = parse_query("&".join(f"p{i}=1" for i in range(100)), IDS)
    assert state == ViewState() and notices


def test_no_comparison_by_default_and_none_is_accepted():
    assert ViewState().compare is None
    assert parse_query("?region=nkao&compare=none", IDS, PLACES) == (ViewState(region="nkao"), [])
    assert to_query(ViewState(region="nkao")) == "?region=nkao"  # "none" is the default: never written


def test_old_links_with_a_comparison_keep_it():
    state, notices = parse_query("?region=nkao&compare=auckland_region", IDS, PLACES)
    assert (state.compare, notices) == ("auckland_region", [])


def test_the_frame_is_written_only_when_not_the_default():
    assert to_query(ViewState(frame="overview")) == "?frame=overview"
    assert parse_query("?frame=overview", IDS) == (ViewState(frame="overview"), [])

"""The view callbacks: map changes travel as Patches that turn the old map into the new one
exactly, and only what changed is sent."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest

from components import callback_body
from karabakh_map.figures.map import OVERLAY_UIDS
from karabakh_map.model.view_state import ViewState
from karabakh_map.ui import ids
from karabakh_map.ui.map import MapFigures
from karabakh_map.ui.patch import figure_patch
from paths import TODAY


def apply_patch(figure: dict, operations: list[dict]) -> dict:
    """What dash-renderer does with a Patch's Assign and Delete operations."""
    result = copy.deepcopy(figure)
    for operation in operations:
        *path, last = operation["location"]
        target = result
        for key in path:
            target = target[key]
        if operation["operation"] == "Assign":
            target[last] = operation["params"]["value"]
        elif operation["operation"] == "Delete":
            del target[last]
        else:
            raise AssertionError(f"unexpected operation {operation['operation']}")
    return result


@pytest.fixture(scope="module")
def figures(atlas):
    return MapFigures(atlas, lambda layer, level: f"/geodata/draw/{layer}.geojson")


VIEWS = [
    ViewState(),
    ViewState(region="nkao"),
    ViewState(region="kalbajar", compare="luxembourg"),
    ViewState(region="shusha_shushi"),
    ViewState(region="nkao", names="az"),
    ViewState(region="nkao", date="2000-01-01"),
    ViewState(date="2021-06-01", layers=frozenset({"countries", "nakhchivan", "provinces"})),
]


@pytest.mark.parametrize("before", VIEWS, ids=str)
@pytest.mark.parametrize("after", VIEWS, ids=str)
def test_a_patch_turns_one_view_s_map_into_another_s(figures, before, after):
    old, new = figures.figure(before, TODAY), figures.figure(after, TODAY)
    patch = figure_patch(old, new)
    if before == after:
        assert patch is None
    else:
        operations = json.loads(json.dumps(patch.to_plotly_json()))["operations"]
        assert apply_patch(old, operations) == new


def test_a_new_selection_changes_the_overlays_and_the_frame_never_the_layers(figures):
    old, new = figures.figure(ViewState(region="nkao"), TODAY), figures.figure(ViewState(region="kalbajar"), TODAY)
    overlays = {i for i, trace in enumerate(new["data"]) if trace.get("uid") in OVERLAY_UIDS}
    layers = {i for i, trace in enumerate(new["data"]) if trace["type"] == "choropleth"}
    operations = figure_patch(old, new).to_plotly_json()["operations"]
    touched = {op["location"][1] for op in operations if op["location"][0] == "data"}
    assert overlays & touched and not touched & layers
    assert {tuple(op["location"][:2]) for op in operations if op["location"][0] == "layout"} == {("layout", "geo")}


def test_the_memoised_map_is_the_pure_builder_s_map(figures, atlas):
    from karabakh_map.figures.map import map_figure
    from karabakh_map.ui.cache import plain_json

    for state in VIEWS:
        expected = plain_json(map_figure(atlas, state, lambda layer, level: f"/geodata/draw/{layer}.geojson", TODAY))
        assert figures.figure(state, TODAY) == expected


def _call(app, output: str, values: dict, changed: str) -> dict:
    key = next(k for k in app.callback_map if output in k)
    spec = app.callback_map[key]
    refs = spec["inputs"] + spec["state"]
    body = callback_body(spec, key, [values.get(f"{r['id']}.{r['property']}") for r in refs], changed)
    response = app.server.test_client().post("/_dash-update-component", json=body)
    assert response.status_code in (200, 204), response.data[:300]
    return response.get_json()["response"] if response.status_code == 200 else {}


def _main_callback(app, search, click=None, shown=None, changed=f"{ids.URL}.search", names=None, timeline=None,
                   reached=False):
    values = {f"{ids.URL}.search": search, f"{ids.MAP}.clickData": click, f"{ids.VIEW_SHOWN}.data": shown,
              f"{ids.NAMES_CONVENTION}.value": names, f"{ids.TIMELINE_SUMMARY}.n_clicks": timeline,
              f"{ids.REGION_SEARCH_REACHED}.data": reached}
    return _call(app, f"{ids.REGION_DETAILS}.children", values, changed)


def _map_callback(app, shown, drawn):
    values = {f"{ids.VIEW_SHOWN}.data": shown, f"{ids.MAP_SHOWN}.data": drawn}
    return _call(app, f"{ids.MAP}.figure", values, f"{ids.VIEW_SHOWN}.data")


def test_first_answer_for_the_default_view_leaves_the_drawn_map_alone(app):
    response = _main_callback(app, "")
    assert response[ids.VIEW_SHOWN]["data"] == ""
    assert ids.MAP not in _map_callback(app, "", "")  # the layout's map is the default view's: nothing to send


def test_the_layout_s_controls_show_the_default_view_which_the_first_answer_leaves_alone(app, atlas):
    """A control set again to the value it holds is drawn again (a search dropdown re-indexes its options):
    the default view's first answer sets none, a link's sets those it changes."""
    from karabakh_map.model.periods import stops
    from karabakh_map.ui.router import SET, control_values
    from karabakh_map.ui.site import ViewChange

    layout = app.layout() if callable(app.layout) else app.layout
    held = {component.id: getattr(component, "value", None)
            for component in layout._traverse() if getattr(component, "id", None) in SET}
    today = dt.date.today()
    default = control_values(ViewChange(None, ViewState(), today), None, stops(atlas, today))
    assert held == default and held[ids.LAYER_TOGGLE] == ["districts", "nkao", "towns"]
    first = _main_callback(app, "")
    assert not [control for control in SET if "value" in first.get(control, {}) or "options" in first.get(control, {})]
    assert ids.NOTICE not in first and ids.NOTICE_TEXT not in first
    linked = _main_callback(app, "?region=nkao&layers=provinces&names=hy")
    assert linked[ids.REGION_SELECT]["value"] == "nkao" and linked[ids.NAMES_CONVENTION]["value"] == "hy"
    assert set(linked[ids.LAYER_TOGGLE]["value"]) == {"provinces"} and ids.COMPARE_PLACE not in linked


def test_the_map_s_key_rides_in_the_router_s_answer_a_link_s_from_the_first(app):
    """A shared link's live page shows the link's legend from the router's first answer (it showed the default
    legend until the map's answer came: the legend flickered); the default view's first answer sends no key."""
    first = _main_callback(app, "")
    assert not {ids.MAP_LEGEND, ids.MAP_LOCATOR, ids.FRAME_LINK} & set(first)
    link = "?region=nkao&compare=luxembourg"
    linked = _main_callback(app, link)
    assert "Luxembourg at true size" in json.dumps(linked[ids.MAP_LEGEND]["children"])
    assert linked[ids.MAP_LOCATOR]["src"] == "/locator.svg" + link
    assert linked[ids.FRAME_LINK] == {"children": "Whole region", "href": f"/{link}&frame=overview"}
    # Then only what changes: a new date keeps the frame, an event keeps the legend.
    dated = _main_callback(app, link + "&date=1994-05-12", shown=link)
    assert ids.MAP_LOCATOR not in dated and ids.MAP_LEGEND in dated
    dated = f"{link}&date=2020-11-09"
    with_event = _main_callback(app, f"{dated}&event=2020-11-09-trilateral-statement", shown=dated)
    assert ids.MAP_LEGEND not in with_event and ids.EVENT_DETAILS in with_event
    assert set(_map_callback(app, link, "")) == {ids.MAP, ids.MAP_SHOWN, ids.MAP_SHOWN_WIDTH}  # the map: its patch only


def test_a_map_click_sends_a_patch_and_only_what_changed(app):
    click = {"points": [{"curveNumber": 3, "location": "nkao"}]}
    response = _main_callback(app, "", click=click, shown="", changed=f"{ids.MAP}.clickData")
    assert response[ids.URL]["search"] == "?region=nkao" and response[ids.VIEW_SHOWN]["data"] == "?region=nkao"
    # The panel first; then the map, from what it draws to what the page now shows.
    map_response = _map_callback(app, "?region=nkao", "")
    figure = map_response[ids.MAP]["figure"]
    assert figure["__dash_patch_update"] == "__dash_patch_update"
    assert {op["operation"] for op in figure["operations"]} <= {"Assign", "Delete"}
    assert map_response[ids.MAP_SHOWN]["data"] == "?region=nkao"
    assert ids.REGION_DETAILS in response
    # Unchanged by a selection: the options, the slider marks, the caption and the timeline.
    for unchanged in (ids.TIMELINE_LIST, ids.DATE_CAPTION, ids.DATE_SLIDER + ".marks"):
        component, _, prop = unchanged.partition(".")
        assert prop not in response.get(component, {}) if prop else component not in response
    # The search has only the selected region until the reader reaches for it, then every region.
    assert [option["value"] for option in response[ids.REGION_SELECT]["options"]] == ["nkao"]
    reached = _main_callback(app, "", click=click, shown="", changed=f"{ids.MAP}.clickData", reached=True)
    assert "options" not in reached.get(ids.REGION_SELECT, {})


def test_the_region_search_gets_every_region_when_the_reader_reaches_for_it(app, atlas):
    first = _main_callback(app, "?names=az")
    assert first[ids.REGION_SELECT]["options"] == []  # nothing selected: nothing to show
    reached = {f"{ids.REGION_SEARCH_REACHED}.data": True, f"{ids.VIEW_SHOWN}.data": "?names=az"}
    every = _call(app, f"{ids.REGION_SELECT}.options@", reached, f"{ids.REGION_SEARCH_REACHED}.data")
    every = every[ids.REGION_SELECT]["options"]
    assert len(every) > 100 and any(option["label"] == "Khankendi (town)" for option in every)
    # Once reached, a new naming sends every region again, in its names.
    renamed = _main_callback(app, "?names=az", shown="?names=az", names="hy", changed=f"{ids.NAMES_CONVENTION}.value",
                             reached=True)
    assert len(renamed[ids.REGION_SELECT]["options"]) == len(every)
    assert any(option["label"] == "Stepanakert (town)" for option in renamed[ids.REGION_SELECT]["options"])



def test_the_place_to_compare_with_gets_every_place_when_the_reader_reaches_for_it(app):
    """Dash's dropdown indexes its options on arrival: before the reader reaches for it, the place search holds
    only the place shown (which it needs to show it), none on the default view."""
    assert ids.COMPARE_PLACE not in _main_callback(app, "")  # the layout's empty place and no options stand
    linked = _main_callback(app, "?compare=luxembourg")
    assert [option["value"] for option in linked[ids.COMPARE_PLACE]["options"]] == ["luxembourg"]
    selected = _main_callback(app, "?compare=luxembourg", shown="?compare=luxembourg", names="hy",
                              changed=f"{ids.NAMES_CONVENTION}.value")
    assert "options" not in selected.get(ids.COMPARE_PLACE, {})  # the place kept: nothing to send
    reached = {f"{ids.COMPARE_SEARCH_REACHED}.data": True, f"{ids.VIEW_SHOWN}.data": "?compare=luxembourg"}
    every = _call(app, f"{ids.COMPARE_PLACE}.options@", reached, f"{ids.COMPARE_SEARCH_REACHED}.data")
    labels = [option["label"] for option in every[ids.COMPARE_PLACE]["options"]]
    assert len(labels) > 50 and "Luxembourg" in labels and labels == sorted(labels, key=str.casefold)


def test_the_router_s_answer_says_the_slider_s_date_when_the_date_changes(app):
    """The slider's spoken date rides in the router's answer (one request fewer as the page loads)."""
    first = _main_callback(app, "")
    assert first[ids.DATE_SLIDER_FRAME]["data-date"] == f"{dt.date.today():%-d %B %Y} (today)"
    dated = _main_callback(app, "?date=1994-05-12", shown="")
    assert dated[ids.DATE_SLIDER_FRAME]["data-date"] == "12 May 1994"
    selected = _main_callback(app, "?region=nkao", shown="")
    assert ids.DATE_SLIDER_FRAME not in selected  # the date kept: nothing to say

def test_a_link_to_a_misspelt_place_shows_the_default_with_a_notice_offering_the_place(app):
    response = _main_callback(app, "?region=Shushaa")
    assert response[ids.VIEW_SHOWN]["data"] == ""
    notice = response[ids.NOTICE_TEXT]["children"]
    assert notice.startswith("Ignored region=“Shushaa”") and "shusha_shushi (Shusha / Shushi, town)" in notice
    assert response[ids.NOTICE]["hidden"] is False


def test_a_control_that_sent_a_refused_value_is_set_back(app):
    response = _main_callback(app, "?region=nkao", shown="?region=nkao", names="xx",
                              changed=f"{ids.NAMES_CONVENTION}.value")
    assert response[ids.NAMES_CONVENTION]["value"] == "both"
    assert ids.URL not in response and ids.REGION_DETAILS not in response  # nothing else changed
    assert "value" not in response.get(ids.COMPARE_PLACE, {}) and "value" not in response.get(ids.LAYER_TOGGLE, {})


def _timeline_callback(app, opened, shown, sent=None, changed=f"{ids.VIEW_SHOWN}.data"):
    values = {f"{ids.TIMELINE_SUMMARY}.n_clicks": opened, f"{ids.VIEW_SHOWN}.data": shown, f"{ids.TIMELINE_SHOWN}.data": sent}
    return _call(app, f"{ids.TIMELINE_LIST}.children", values, changed)


def test_the_timeline_list_is_sent_once_opened_then_as_the_date_changes(app, atlas):
    assert ids.TIMELINE_LIST not in _main_callback(app, "")  # folded: not sent with the page
    assert _timeline_callback(app, 0, "") == {}
    opened = _timeline_callback(app, 1, "", changed=f"{ids.TIMELINE_SUMMARY}.n_clicks")
    assert len(opened[ids.TIMELINE_LIST]["children"]["props"]["children"]) == len(atlas.tables["timeline"])
    sent = opened[ids.TIMELINE_SHOWN]["data"]
    assert _timeline_callback(app, 2, "", sent, changed=f"{ids.TIMELINE_SUMMARY}.n_clicks") == {}  # folded again
    assert ids.TIMELINE_LIST in _timeline_callback(app, 2, "?date=2000-01-01", sent)
    assert _timeline_callback(app, 2, "?region=nkao", sent) == {}  # a selection leaves the list as it is


def test_the_context_panel_is_sent_when_first_opened(app):
    opened = _call(app, f"{ids.CONTEXT_BODY}.children", {f"{ids.CONTEXT_SUMMARY}.n_clicks": 1},
                   f"{ids.CONTEXT_SUMMARY}.n_clicks")
    assert "Headline figures" in json.dumps(opened[ids.CONTEXT_BODY]["children"])
    assert _call(app, f"{ids.CONTEXT_BODY}.children", {f"{ids.CONTEXT_SUMMARY}.n_clicks": 2},
                 f"{ids.CONTEXT_SUMMARY}.n_clicks") == {}


def test_the_export_panel_is_sent_once_opened_then_with_each_view(app):
    def answer(opened, shown, changed=f"{ids.VIEW_SHOWN}.data"):
        values = {f"{ids.EXPORT_SUMMARY}.n_clicks": opened, f"{ids.VIEW_SHOWN}.data": shown,
                  f"{ids.URL}.href": "http://example.org/?region=nkao"}
        return _call(app, f"{ids.EXPORT_PANEL}.children", values, changed)

    assert answer(None, "") == {} and answer(0, "?region=nkao") == {}  # folded: nothing sent with the page
    opened = json.dumps(answer(1, "?region=nkao", changed=f"{ids.EXPORT_SUMMARY}.n_clicks"))
    assert "export?region=nkao&format=png" in opened and "http://example.org/embed?region=nkao" in opened
    assert "export?region=shusha_shushi&format=svg" in json.dumps(answer(1, "?region=shusha_shushi"))


def test_play_answers_a_new_view_only_to_stop_at_today(app):
    def answer(shown, paused, changed=f"{ids.VIEW_SHOWN}.data"):
        values = {f"{ids.DATE_PLAY}.n_clicks": 0, f"{ids.VIEW_SHOWN}.data": shown, f"{ids.DATE_TIMER}.disabled": paused}
        return _call(app, f"{ids.DATE_TIMER}.disabled", values, changed)

    assert answer("", True) == {} and answer("?date=1994-05-12", False) == {}  # nothing changes: nothing sent
    assert answer("", False)[ids.DATE_TIMER]["disabled"] is True  # reached today: stop
    assert answer("", True, changed=f"{ids.DATE_PLAY}.n_clicks")[ids.DATE_PLAY]["children"] == "❚❚ Pause"


def test_only_the_router_reads_the_url_the_rest_follow_the_validated_view(app):
    def reads(spec, component, prop):
        return any(ref["id"] == component and ref["property"] == prop for ref in spec["inputs"] + spec["state"])

    url_readers = [key for key, spec in app.callback_map.items() if reads(spec, ids.URL, "search")]
    assert len(url_readers) == 1 and f"{ids.VIEW_SHOWN}.data" in url_readers[0]
    def follows(output, store):
        key = next(k for k in app.callback_map if f"..{output}." in k or k.startswith(f"{output}."))
        return reads(app.callback_map[key], store, "data")

    for output in (ids.MAP, ids.POPULATION_DOWNLOAD, ids.EXPORT_PANEL, ids.DATE_TIMER, ids.TIMELINE_LIST, ids.PANELS_VIEW):
        assert follows(output, ids.VIEW_SHOWN), output
    # The sections drawn once near the screen follow the view through panels-view (ui.deferred).
    for output in (ids.AREA_COMPARISON, ids.POPULATION_CHART):
        assert follows(output, ids.PANELS_VIEW) and not follows(output, ids.VIEW_SHOWN), output


@pytest.mark.parametrize(("output", "chart"), [(ids.AREA_COMPARISON, ids.COMPARE_RANKING),
                                               (ids.POPULATION_TITLE, ids.POPULATION_CHART)])
def test_a_section_below_the_fold_sends_nothing_until_near_then_its_chart(app, output, chart):
    def answer(shown):
        return _call(app, f"{output}.children", {f"{ids.PANELS_VIEW}.data": shown}, f"{ids.PANELS_VIEW}.data")

    assert answer(None) == {}  # panels-view is None until the section comes near the screen
    graph = answer("?region=nkao")[chart]["children"]
    assert graph["type"] == "Graph" and graph["props"]["figure"]["data"]

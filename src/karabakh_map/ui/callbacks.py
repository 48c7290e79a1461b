"""The dashboard's callbacks: thin. Inputs → view state → the pure builders → outputs.

One callback serves the URL and every control: the URL is the view state, a control
rewrites the URL (so the back button steps through selections), and the URL draws
the view. Dash allows such a loop only inside one callback.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from functools import lru_cache

import dash
from dash import ClientsideFunction, Input, Output, State, ctx, no_update

from karabakh_map.ui import ids
from karabakh_map.data.atlas import Atlas
from karabakh_map.model.controls import Choices, apply_control
from karabakh_map.figures.patch import figure_patch
from karabakh_map.ui.layout import region_options
from karabakh_map.ui.area import area_panel
from karabakh_map.ui.context import context_body
from karabakh_map.ui.details import region_details, welcome
from karabakh_map.ui.export import export_panel
from karabakh_map.ui.census import DEFAULT_REGION, population_panel
from karabakh_map.ui.time import event_details, events_at, timeline_list
from karabakh_map.model.census import census_csv, census_rows
from karabakh_map.ui.cache import CACHED_VIEWS, MapFigures, plain_json
from karabakh_map.model.view_state import NAMING_CONVENTIONS, OPTIONAL_LAYERS, ViewState, parse_query, to_query
from karabakh_map.model.periods import caption_on, event_ids, events_near, stop_index, stops

EMPTY_FIGURE = {"data": [], "layout": {"height": 40, "xaxis": {"visible": False}, "yaxis": {"visible": False}}}


def register_callbacks(
    app: dash.Dash,
    atlas: Atlas,
    region_ids: frozenset[str],
    compare_ids: frozenset[str],
    geojson_for,
    server_renders: bool,
) -> None:
    """Attach the callbacks to ``app``.

    ``region_ids`` are the selectable feature ids, ``compare_ids`` the places; ``server_renders``
    says whether this server has Chromium for PNG/SVG/PDF exports.
    """

    events = event_ids(atlas)

    def state_of(search) -> tuple[ViewState, list[str]]:
        return parse_query(search if isinstance(search, str) else "", region_ids, compare_ids, events)

    def slider_marks(all_stops: list[dt.date]) -> dict[int, str]:
        years = [stop.year for stop in all_stops]
        return {
            index: "Today" if index == len(all_stops) - 1
            else str(stop.year) if years.count(stop.year) == 1
            else stop.strftime("%b %Y")
            for index, stop in enumerate(all_stops)
        }

    def href(view: ViewState) -> str:
        return app.get_relative_path("/") + to_query(view)

    def link_for(state: ViewState):
        return lambda region: href(replace(state, region=region))

    def event_link_for(view: ViewState):
        """(date, event id) → the link that shows the event on its date, in ``view``."""
        return lambda date, event: href(replace(view, date=date, event=event))

    figures = MapFigures(atlas, geojson_for)

    @lru_cache(maxsize=CACHED_VIEWS)
    def details_for(state: ViewState, on: dt.date):
        if state.region is None:
            return plain_json(welcome())
        events = events_at(atlas, state.region, event_link_for(state))  # the town stays selected
        return plain_json(region_details(atlas, state.region, state.names, link_for(state), state.layers, on, events))

    @lru_cache(maxsize=CACHED_VIEWS)
    def timeline_for(names: str, layers: frozenset[str], compare: str, on: dt.date, today: dt.date):
        # Entries keep the reader's naming and layers but not the selection, so that a new
        # selection leaves the list as it is.
        event_link = event_link_for(ViewState(names=names, layers=layers, compare=compare))
        return plain_json(timeline_list(atlas, on, set(events_near(atlas, on, today).index), event_link))

    @lru_cache(maxsize=CACHED_VIEWS)
    def area_for(region: str | None, compare: str, names: str):
        return plain_json(area_panel(atlas, region, compare, names))

    @lru_cache(maxsize=CACHED_VIEWS)
    def population_for(region: str | None, names: str, mode: str):
        return plain_json(population_panel(atlas, region, names, mode))

    @lru_cache(maxsize=len(NAMING_CONVENTIONS))
    def options_for(names: str):
        return region_options(atlas, region_ids, names)

    @app.callback(
        Output(ids.URL, "search"),
        Output(ids.VIEW_SHOWN, "data"),
        Output(ids.REGION_DETAILS, "children"),
        Output(ids.REGION_SELECT, "options"),
        Output(ids.REGION_SELECT, "value"),
        Output(ids.NAMES_CONVENTION, "value"),
        Output(ids.LAYER_TOGGLE, "value"),
        Output(ids.COMPARE_PLACE, "value"),
        Output(ids.DATE_SLIDER, "value"),
        Output(ids.DATE_SLIDER, "marks"),
        Output(ids.DATE_SLIDER, "max"),
        Output(ids.DATE_CAPTION, "children"),
        Output(ids.EVENT_DETAILS, "children"),
        Output(ids.TIMELINE_LIST, "children"),
        Output(ids.NOTICE_TEXT, "children"),
        Output(ids.NOTICE, "hidden"),
        Input(ids.URL, "search"),
        Input(ids.MAP, "clickData"),
        Input(ids.REGION_SELECT, "value"),
        Input(ids.NAMES_CONVENTION, "value"),
        Input(ids.LAYER_TOGGLE, "value"),
        Input(ids.COMPARE_PLACE, "value"),
        Input(ids.DATE_SLIDER, "value"),
        Input(ids.DATE_TIMER, "n_intervals"),
        Input(ids.TIMELINE_SUMMARY, "n_clicks"),
        State(ids.VIEW_SHOWN, "data"),
    )
    def update_view(search, click, selected, names, layers, compare, stop, _ticks, timeline_clicks, shown):
        today = dt.date.today()
        state, notices = state_of(search)
        all_stops = stops(atlas, today)
        current = stop_index(all_stops, state.on(today))
        control = ctx.triggered_id
        if control == ids.DATE_TIMER:  # playing: the next stop, from the start again after today
            control, stop = ids.DATE_SLIDER, (current + 1) % len(all_stops)
        if control not in (None, ids.URL, ids.TIMELINE_SUMMARY):
            sent = {
                ids.MAP: click,
                ids.REGION_SELECT: selected,
                ids.NAMES_CONVENTION: names,
                ids.LAYER_TOGGLE: layers,
                ids.COMPARE_PLACE: compare,
                ids.DATE_SLIDER: stop,
            }
            choices = Choices(region_ids, compare_ids, events, [s.isoformat() for s in all_stops[:-1]] + [None])
            state = apply_control(state, control, sent.get(control), choices)
            notices = []
        on = state.on(today)
        query = to_query(state)
        # What the page shows now (None before the first answer: only the default map is drawn).
        before = state_of(shown)[0] if isinstance(shown, str) else None

        def shown_already(*fields: str) -> bool:
            return before is not None and all(getattr(before, f) == getattr(state, f) for f in fields)

        # The timeline list is sent once it has been opened: when first opened, then as the view changes.
        timeline_opened = isinstance(timeline_clicks, int) and timeline_clicks > 0
        first_opened = control == ids.TIMELINE_SUMMARY and timeline_clicks == 1
        send_timeline = timeline_opened and (first_opened or not shown_already("names", "layers", "compare", "date"))

        def control_value(control_id: str, field: str, value):
            # A control is re-rendered only when its value changes, or to undo what it sent.
            return no_update if shown_already(field) and control != control_id else value

        return (
            query if control not in (None, ids.URL) and query != search else no_update,
            query if before != state else no_update,
            no_update if before == state else details_for(state, on),  # its links carry the whole view
            no_update if shown_already("names") else options_for(state.names),
            control_value(ids.REGION_SELECT, "region", state.region),
            control_value(ids.NAMES_CONVENTION, "names", state.names),
            control_value(ids.LAYER_TOGGLE, "layers", [name for name in OPTIONAL_LAYERS if name in state.layers]),
            control_value(ids.COMPARE_PLACE, "compare", state.compare),
            control_value(ids.DATE_SLIDER, "date", stop_index(all_stops, on)),
            slider_marks(all_stops) if before is None else no_update,
            len(all_stops) - 1 if before is None else no_update,
            no_update if shown_already("date", "event") else caption_on(atlas, on, today, state.event),
            no_update if shown_already("event") else event_details(atlas, state.event) if state.event else None,
            timeline_for(state.names, state.layers, state.compare, on, today) if send_timeline else no_update,
            " ".join(notices),
            not notices,
        )

    # The map follows in a second step: the panel paints first, then the map redraws (tens
    # of milliseconds of plotly.js work that would otherwise hold back the panel).
    @app.callback(
        Output(ids.MAP, "figure"),
        Output(ids.MAP_SHOWN, "data"),
        Input(ids.VIEW_SHOWN, "data"),
        State(ids.MAP_SHOWN, "data"),
        prevent_initial_call=True,
    )
    def update_map(shown, drawn):
        if not isinstance(shown, str):
            return no_update, no_update
        today = dt.date.today()
        before, after = state_of(drawn)[0], state_of(shown)[0]
        patch = figure_patch(figures.figure(before, today), figures.figure(after, today))
        return (patch if patch is not None else no_update), shown

    @app.callback(
        Output(ids.AREA_COMPARISON, "children"),
        Output(ids.COMPARE_RANKING, "figure"),
        Output(ids.COMPARE_INSET, "figure"),
        Output(ids.COMPARE_INSET_FRAME, "hidden"),
        Input(ids.URL, "search"),
        Input(ids.COMPARE_REVERSE, "value"),
    )
    def update_area(search, reverse):
        state, _ = state_of(search)
        rows, ranking, inset = area_for(state.region, state.compare, state.names)
        show_inset = isinstance(reverse, list) and "reverse" in reverse and inset is not None
        return rows, ranking or EMPTY_FIGURE, inset if show_inset else no_update, not show_inset

    @app.callback(
        Output(ids.POPULATION_TITLE, "children"),
        Output(ids.POPULATION_CHART, "figure"),
        Output(ids.POPULATION_TABLE, "children"),
        Output(ids.POPULATION_NOTES, "children"),
        Input(ids.URL, "search"),
        Input(ids.POPULATION_MODE, "value"),
    )
    def update_population(search, mode):
        state, _ = state_of(search)
        return population_for(state.region, state.names, "absolute" if mode == "absolute" else "shares")

    context = plain_json(context_body(atlas))

    @app.callback(Output(ids.CONTEXT_BODY, "children"), Input(ids.CONTEXT_SUMMARY, "n_clicks"), prevent_initial_call=True)
    def open_context(clicks):
        return context if clicks == 1 else no_update

    @app.callback(
        Output(ids.POPULATION_DOWNLOAD, "data"),
        Input(ids.POPULATION_DOWNLOAD_BUTTON, "n_clicks"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def download_population(_clicks, search):
        state, _ = state_of(search)
        region = state.region or DEFAULT_REGION
        rows = census_rows(atlas, region)
        if rows.empty:
            return no_update
        return {"content": census_csv(rows), "filename": f"census-{region}.csv", "type": "text/csv"}

    app.clientside_callback(
        ClientsideFunction(namespace="karabakh", function_name="downloadMap"),
        Output(ids.BROWSER_EXPORT_DONE, "children"),
        Input(ids.BROWSER_PNG, "n_clicks"),
        Input(ids.BROWSER_SVG, "n_clicks"),
        prevent_initial_call=True,
    )

    @app.callback(Output(ids.EXPORT_PANEL, "children"), Input(ids.URL, "search"), Input(ids.URL, "href"))
    def update_export(search, href):
        state, _ = state_of(search)
        origin = "/".join(href.split("/")[:3]) if isinstance(href, str) and href.startswith("http") else ""
        return export_panel(atlas, state, dt.date.today(), app.get_relative_path("/"), origin, server_renders)

    @app.callback(
        Output(ids.DATE_TIMER, "disabled"),
        Output(ids.DATE_PLAY, "children"),
        Input(ids.DATE_PLAY, "n_clicks"),
        Input(ids.URL, "search"),
        State(ids.DATE_TIMER, "disabled"),
        prevent_initial_call=True,
    )
    def play_or_pause(_clicks, search, paused):
        if ctx.triggered_id == ids.DATE_PLAY:
            paused = not paused
        elif not paused and state_of(search)[0].date is None:  # reached today: stop
            paused = True
        return paused, "▶ Play" if paused else "❚❚ Pause"

    @app.callback(
        Output(ids.NOTICE, "hidden", allow_duplicate=True),
        Input(ids.NOTICE_CLOSE, "n_clicks"),
        prevent_initial_call=True,
    )
    def dismiss_notice(_clicks):
        return True

"""The router: the URL, the controls and the one validated view the rest of the page follows.

The URL is the view state: a control rewrites the URL (so the back button steps
through selections), and the URL sets the controls. Dash allows such a loop only
inside one callback, so this one owns the URL, the controls' values and the
``view-shown`` store (the validated view's query); every other section follows
``view-shown``. The details panel, the date's caption, spoken date and event, and the
map's key (legend, locator, frame link) ride in its answer, built by their sections, so
that they paint in the click's own response (and the page makes one request fewer as it
loads; a shared link's live page shows the link's legend from its first answer).
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from dash import ClientsideFunction, Input, Output, State, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from karabakh_map.data.atlas import Atlas
from karabakh_map.data.layers import LAYERS_BY_NAME
from karabakh_map.model.lookup import Gazetteer
from karabakh_map.model.periods import caption_on, stop_index, stops
from karabakh_map.model.timescale import SCALE_MAX, stop_positions
from karabakh_map.model.view_state import NAMING_CONVENTIONS, OPTIONAL_LAYERS, ViewState, to_query
from karabakh_map.ui import ids
from karabakh_map.ui.area import compare_options
from karabakh_map.ui.cache import memoised
from karabakh_map.ui.controls import apply_control
from karabakh_map.ui.deferred import when_reached
from karabakh_map.ui.details import DetailsPanels
from karabakh_map.ui.map import Keys
from karabakh_map.ui.site import Site, ViewChange
from karabakh_map.ui.time import event_panel_of, slider_marks, spoken_date

# What each control sends.
SENT = {
    ids.MAP: "clickData",
    ids.REGION_SELECT: "value",
    ids.NAMES_CONVENTION: "value",
    ids.LAYER_TOGGLE: "value",
    ids.COMPARE_PLACE: "value",
    ids.DATE_SLIDER: "value",
}
# The controls whose value the router sets, and the view field each shows.
SET = {
    ids.REGION_SELECT: "region",
    ids.NAMES_CONVENTION: "names",
    ids.LAYER_TOGGLE: "layers",
    ids.COMPARE_PLACE: "compare",
    ids.DATE_SLIDER: "date",
}


def region_options(atlas: Atlas, regions: Gazetteer, names: str) -> list[dict]:
    """Every selectable region for ``region-select``, named in the convention with its kind, sorted by name.

    Each option's ``search`` holds all the place's names, also without diacritics and in Latin
    letters: Dash's dropdown matches typed words against it, so ``Xankəndi``, ``xankendi``,
    ``Ստեփանակերտ`` and ``Степанакерт`` all find Stepanakert.
    """
    # The held area's dated pieces are the map's drawing of one hold, not places to look for
    # (a click on one still opens it: the gazetteer keeps them).
    options = [
        {"label": f"{atlas.label(region, names)} ({regions[region].kind})", "value": region,
         "search": regions.search_text(region)}
        for region in regions
        if not LAYERS_BY_NAME[regions[region].layer].pieces
    ]
    return sorted(options, key=lambda option: option["label"].casefold())


def search_options(change: ViewChange, field: str, reached: bool, every, depends_on: tuple[str, ...] = ()):
    """What a search dropdown showing the view's ``field`` is sent for a view change.

    ``every(view)`` is all its options, which change only with the view's fields ``depends_on``.
    Dash's dropdown indexes every option as it receives them (tens of milliseconds on a phone,
    for a list a reader may never open), so every option is sent once the reader reaches for the
    search (``reached``), and before that only the shown value's, which the dropdown needs to
    show it (it clears a value that is not among its options).
    """
    view = change.after
    if reached:
        return no_update if change.kept(*depends_on) else every(view)
    if change.kept(*depends_on, field):
        return no_update
    return [option for option in every(view) if option["value"] == getattr(view, field)]


def state() -> list:
    """The URL and the validated view's store, at the top of the page."""
    return [
        dcc.Location(id=ids.URL, refresh=False),
        dcc.Store(id=ids.VIEW_SHOWN),  # None until the first answer: only the map is drawn
        dcc.Store(id=ids.ADDRESS_WRITTEN),
    ]


def notice() -> html.Div:
    """What the router says about a link's refused values."""
    return html.Div(
        id=ids.NOTICE,
        className="notice",
        role="status",
        hidden=True,
        children=[
            html.Span(id=ids.NOTICE_TEXT),
            html.Button("Dismiss", id=ids.NOTICE_CLOSE, className="notice-close", n_clicks=0),
        ],
    )


def controls() -> html.Div:
    """Find a region, the naming convention and the optional layers: the default view's values, then the router's."""
    return html.Div(
        className="controls",
        children=[
            html.Div(
                className="control control-search",
                **when_reached(ids.REGION_SEARCH_REACHED),
                children=[
                    html.Label("Find a region or town", htmlFor=ids.REGION_SELECT),
                    dcc.Dropdown(
                        id=ids.REGION_SELECT, options=[], searchable=True, clearable=True, placeholder="Type a name…"
                    ),
                    dcc.Store(id=ids.REGION_SEARCH_REACHED, data=False),  # see search_options
                ],
            ),
            html.Fieldset(
                className="control",
                children=[
                    html.Legend("Names"),
                    dcc.RadioItems(
                        id=ids.NAMES_CONVENTION,
                        options=[{"label": label, "value": value} for value, label in NAMING_CONVENTIONS.items()],
                        value="both",
                        inline=True,
                    ),
                ],
            ),
            html.Details(
                className="control",
                children=[
                    html.Summary("Layers"),
                    dcc.Checklist(
                        id=ids.LAYER_TOGGLE,
                        options=[{"label": LAYERS_BY_NAME[name].title, "value": name} for name in OPTIONAL_LAYERS],
                        value=shown_layers(ViewState()),
                    ),
                ],
            ),
        ],
    )


def shown_layers(view: ViewState) -> list[str]:
    """The layer toggle's value for ``view``: its optional layers, in the toggle's order."""
    return [name for name in OPTIONAL_LAYERS if name in view.layers]


def control_values(change: ViewChange, control: str | None, slider_stops: list[dt.date]) -> dict:
    """Each control's value for the new view, by control id.

    A control is re-rendered only when its value changes, or to undo a value it sent that
    the view refused.
    """
    view = change.after
    values = {
        ids.REGION_SELECT: view.region,
        ids.NAMES_CONVENTION: view.names,
        ids.LAYER_TOGGLE: shown_layers(view),
        ids.COMPARE_PLACE: view.compare,
        ids.DATE_SLIDER: stop_positions(slider_stops)[stop_index(slider_stops, change.on)],
    }
    return {c: no_update if change.kept(SET[c]) and control != c else value for c, value in values.items()}


def _send_every_option(app, reached_store: str, dropdown: str, every) -> None:
    """Every option of ``dropdown`` (``every(view-shown)``) once the reader reaches for it (assets/deferred.js)."""

    @app.callback(
        output=Output(dropdown, "options", allow_duplicate=True),
        inputs=dict(reached=Input(reached_store, "data")),
        state=dict(shown=State(ids.VIEW_SHOWN, "data")),
        prevent_initial_call=True,
    )
    def send_every_option(reached, shown):
        if reached is not True:
            raise PreventUpdate
        return every(shown)


def register(app, site: Site) -> None:
    """The router's callback, every option for the region and place searches once reached, the notice's dismiss button."""
    panels = DetailsPanels(site)
    keys = Keys(site)
    options = memoised(partial(region_options, site.atlas, site.choices.region_ids), maxsize=len(NAMING_CONVENTIONS))
    places = compare_options(site)

    @app.callback(
        output=dict(
            url=Output(ids.URL, "search"),
            view=Output(ids.VIEW_SHOWN, "data"),
            controls={control: Output(control, "value") for control in SET},
            options=dict(region=Output(ids.REGION_SELECT, "options"), compare=Output(ids.COMPARE_PLACE, "options")),
            slider=dict(marks=Output(ids.DATE_SLIDER, "marks"), max=Output(ids.DATE_SLIDER, "max")),
            notice=dict(text=Output(ids.NOTICE_TEXT, "children"), hidden=Output(ids.NOTICE, "hidden")),
            details=Output(ids.REGION_DETAILS, "children"),
            caption=Output(ids.DATE_CAPTION, "children"),
            spoken_date=Output(ids.DATE_SLIDER_FRAME, "data-date"),
            event=Output(ids.EVENT_DETAILS, "children"),
            key=dict(legend=Output(ids.MAP_LEGEND, "children"), locator=Output(ids.MAP_LOCATOR, "src"),
                     link=dict(text=Output(ids.FRAME_LINK, "children"), href=Output(ids.FRAME_LINK, "href"))),
        ),
        inputs=dict(
            search=Input(ids.URL, "search"),
            sent={control: Input(control, prop) for control, prop in SENT.items()},
            ticks=Input(ids.DATE_TIMER, "n_intervals"),
        ),
        state=dict(shown=State(ids.VIEW_SHOWN, "data"),
                   reached={store: State(store, "data") for store in (ids.REGION_SEARCH_REACHED, ids.COMPARE_SEARCH_REACHED)}),
    )
    def route(search, sent, ticks, shown, reached):
        today = dt.date.today()
        slider_stops = stops(site.atlas, today)
        view, notices = site.view_of(search)
        control = ctx.triggered_id if isinstance(ctx.triggered_id, str) else None
        if control == ids.DATE_TIMER:  # playing: the next stop, from the start again after today
            next_stop = (stop_index(slider_stops, view.on(today)) + 1) % len(slider_stops)
            control, sent = ids.DATE_SLIDER, {**sent, ids.DATE_SLIDER: stop_positions(slider_stops)[next_stop]}
        if control in SENT:
            view, notices = apply_control(view, control, sent[control], site.choices_on(slider_stops)), ()
        before = site.view_of(shown)[0] if isinstance(shown, str) else None
        change = ViewChange(before, view, today)
        # Before the first answer the controls hold the layout's values, the default view's: a control
        # set again to the same value is drawn again (each search dropdown re-indexes its options), a
        # long task on a phone as the page starts.
        controls = ViewChange(ViewState() if before is None else before, view, today)
        query = to_query(view)
        return dict(
            url=query if control in SENT and query != search else no_update,
            view=query if before != view else no_update,
            controls=control_values(controls, control, slider_stops),
            options=dict(
                region=search_options(controls, "region", reached[ids.REGION_SEARCH_REACHED] is True,
                                      lambda view: options(view.names), depends_on=("names",)),
                compare=search_options(controls, "compare", reached[ids.COMPARE_SEARCH_REACHED] is True,
                                       lambda view: places),
            ),
            slider=dict(marks=slider_marks(slider_stops), max=SCALE_MAX)
            if before is None else dict(marks=no_update, max=no_update),
            # The layout's notice is hidden and empty.
            notice=dict(text=" ".join(notices), hidden=not notices)
            if notices or before is not None else dict(text=no_update, hidden=no_update),
            details=no_update if before == view else panels.panel(view, change.on),
            caption=no_update if change.kept("date", "event") else caption_on(site.atlas, change.on, today, view.event),
            spoken_date=no_update if change.kept("date") else spoken_date(view, today),
            event=no_update if change.kept("event", "date") else event_panel_of(site, view, today),
            key=keys.changes(before, view, today),
        )

    # The link's names and refused values become the validated query in the address bar (assets/address.js),
    # so a copied link is the view shown and repeats no notice; dcc.Location can only push a new entry.
    app.clientside_callback(ClientsideFunction(namespace="karabakh", function_name="writeAddress"),
                            Output(ids.ADDRESS_WRITTEN, "data"), Input(ids.VIEW_SHOWN, "data"))
    _send_every_option(app, ids.REGION_SEARCH_REACHED, ids.REGION_SELECT, lambda shown: options(site.view_of(shown)[0].names))
    _send_every_option(app, ids.COMPARE_SEARCH_REACHED, ids.COMPARE_PLACE, lambda shown: places)

    @app.callback(
        output=Output(ids.NOTICE, "hidden", allow_duplicate=True),
        inputs=dict(clicks=Input(ids.NOTICE_CLOSE, "n_clicks")),
        prevent_initial_call=True,
    )
    def dismiss_notice(clicks):
        return True

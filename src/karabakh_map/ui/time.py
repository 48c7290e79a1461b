"""Time: the date slider and its play button, the date's caption, event details and the timeline list.

The builders are pure functions of the atlas and the view state. The slider's value,
the caption and the event details change with the view, in the router's answer (see
:mod:`karabakh_map.ui.router`); the timeline list and the play button have their own
callbacks here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from dash import Input, Output, State, ctx, dcc, html, no_update

from karabakh_map.data.atlas import Atlas
from karabakh_map.model.citations import parse_sources
from karabakh_map.model.formatting import format_date, format_period
from karabakh_map.model.periods import events_near, events_placed_at, events_with
from karabakh_map.model.timescale import SCALE_MAX, stop_labels, stop_positions
from karabakh_map.model.view_state import ViewState, to_query, with_event
from karabakh_map.ui import ids
from karabakh_map.ui.cache import memoised
from karabakh_map.ui.components import figure_row, folded_list, section
from karabakh_map.ui.context import civilian_tolls
from karabakh_map.ui.site import Site

# Time between two steps while playing.
PLAY_INTERVAL_MS = 1600


def event_details(atlas: Atlas, event_id: str) -> html.Article:
    """One dated event: what happened, where, the figures that count it and its sources.

    Where the project's table of civilian harm has the event, its tolls are shown, each with
    who gives it and neutral sources first, in place of the research summary's one line
    (which gave every toll under one Wikipedia citation).
    """
    row = atlas.tables["timeline"].loc[event_id]
    sources = parse_sources(row["source"])
    children = [
        html.H2(format_period(row["date"], row["date_end"]), className="event-date"),
        html.P(row["event"], className="event-text"),
        html.P(f"Where: {row['place']}", className="kind") if row["place"] else None,
    ]
    tolls = civilian_tolls(atlas, event_id)
    if tolls:
        children += [section("Civilians harmed, by who counts", tolls), figure_row("Source", "", sources, note=row["note"])]
    elif row["casualties_displaced"]:
        children.append(figure_row("Counted", row["casualties_displaced"], sources, note=row["note"]))
    else:
        children.append(figure_row("Source", "", sources, note=row["note"]))
    return html.Article(className="details event", children=children)


def event_panel_of(site: Site, view: ViewState, today: dt.date) -> list:
    """The chosen event's details, and the other events its marker stands for (one marker per place), as links.

    A marker at a place with several events in the period opens the first; the others are one tap away.
    """
    if view.event is None:
        return []
    on = view.on(today)
    others = [event for event in events_with(site.atlas, view.event, on, today) if event != view.event]
    children = [event_details(site.atlas, view.event)]
    if others:
        timeline, link = site.atlas.tables["timeline"], event_link(site, view)
        items = [_entry(timeline.loc[event], link(event)) for event in others]
        children.append(section(f"Also at this place in this period ({len(others)})",
                                [html.Ol(className="timeline", children=items)]))
    return children


def _entry(row, href: str, current: bool = False) -> html.Li:
    return html.Li(
        className="timeline-item current" if current else "timeline-item",
        children=dcc.Link(
            [html.Span(format_date(row["date"]), className="timeline-date"), " ", row["event"]],
            href=href,
        ),
    )


def timeline_list(atlas: Atlas, on: dt.date, period: set[str], link_for) -> html.Ol:
    """Every event, oldest first, each a link that moves the map to its date; the events of ``period`` (ids) marked."""
    items = [
        _entry(row, link_for(event_id), event_id in period)
        for event_id, row in atlas.tables["timeline"].iterrows()
    ]
    return html.Ol(className="timeline", children=items)


def events_at(atlas: Atlas, region_id: str, link_for) -> list:
    """For a town, an "Events here" section: each dated event placed at it, a link to its date; else [].

    An event's marker on the map sits on its town's marker, where a click selects the town:
    this list is how the town's events are reached from the map.
    """
    if atlas.layer_of(region_id) != "towns":
        return []
    here = events_placed_at(atlas, region_id)
    items = [_entry(row, link_for(event_id)) for event_id, row in here.iterrows()]
    return [section("Events here", [html.Ol(className="timeline", children=items)])] if items else []


def event_link(site: Site, view: ViewState):
    """Event id → the link that shows the event on its own date (see ``with_event``), in ``view``."""
    return lambda event: site.href(with_event(replace(view, date=None), event, site.choices.event_spans)[0])


def slider_marks(all_stops: list[dt.date]) -> dict[int, str]:
    """The slider's labels by position (spaced by time, :mod:`karabakh_map.model.timescale`).

    Labels that would collide where the slider is narrow are hidden by the page (assets/labels.js).

    Examples
    --------
    >>> import datetime as dt
    >>> slider_marks([dt.date(1991, 9, 2), dt.date(2020, 9, 27), dt.date(2020, 11, 10), dt.date(2024, 5, 1)])
    {0: '1991', 709: 'Sep 2020', 755: 'Nov 2020', 1000: 'Today'}
    """
    return dict(zip(stop_positions(all_stops), stop_labels(all_stops), strict=True))


def entries_view(view: ViewState) -> ViewState:
    """What the timeline's entries depend on.

    They keep the reader's naming, layers, place and date, not the selection, so that a new
    selection leaves the list as it is.
    """
    return ViewState(names=view.names, layers=view.layers, compare=view.compare, date=view.date)


def timeline_of(site: Site, view: ViewState, today: dt.date) -> html.Ol:
    """The timeline list for a view: each entry links to its event on its date; the current period marked."""
    on = view.on(today)
    return timeline_list(site.atlas, on, set(events_near(site.atlas, on, today).index), event_link(site, entries_view(view)))


class TimelineLists:
    """:func:`timeline_of` as plain JSON, kept per process by the fields the entries depend on."""

    def __init__(self, site: Site):
        self._list = memoised(lambda view, today: timeline_of(site, view, today))

    def list(self, view: ViewState, today: dt.date) -> dict:
        """The list for ``view`` on ``today``; do not modify the result (it is shared)."""
        return self._list(entries_view(view), today)


def spoken_date(view: ViewState, today: dt.date) -> str:
    """The date a view shows, as the slider's handle says it (its ``aria-valuetext``: assets/labels.js).

    Examples
    --------
    >>> spoken_date(ViewState(), dt.date(2026, 11, 30)), spoken_date(ViewState(date="1994-05-12"), dt.date(2026, 11, 30))
    ('30 November 2026 (today)', '12 May 1994')
    """
    return f"{view.on(today):%-d %B %Y}" + ("" if view.date else " (today)")


def controls() -> html.Div:
    """Play, the slider (values are stop positions, its marks set by the router's first answer) and the timer."""
    return html.Div(
        className="time-controls",
        children=[
            html.Button("▶ Play", id=ids.DATE_PLAY, n_clicks=0, className="play"),
            html.Div(
                id=ids.DATE_SLIDER_FRAME,
                className="date-slider",
                # The shown date, which the page gives the slider as its accessible value (assets/labels.js);
                # the router's answers set it.
                **{"data-date": spoken_date(ViewState(), dt.date.today())},
                # Values are the stops' positions (spaced by time); step=None lands on marks only.
                # No number box: a stop's position means nothing to a reader (the caption says the date).
                # At today's stop (always the last, at SCALE_MAX), the default view's: drawn at 0, the handle
                # jumped across the live page once the router's answer came (a layout shift).
                children=[dcc.Slider(id=ids.DATE_SLIDER, min=0, max=SCALE_MAX, step=None, marks={}, value=SCALE_MAX,
                                     included=False, allow_direct_input=False)],
            ),
            dcc.Interval(id=ids.DATE_TIMER, interval=PLAY_INTERVAL_MS, disabled=True),
        ],
    )


def caption() -> html.P:
    """The date's caption under the slider, read out when it changes."""
    return html.P(id=ids.DATE_CAPTION, className="date-caption", **{"aria-live": "polite"})


def event_panel() -> html.Div:
    """Where the details of a chosen event show (announced briefly by ui.selection, not read out whole)."""
    return html.Div(id=ids.EVENT_DETAILS)


def timeline_panel() -> html.Details:
    """The timeline, folded: filled when first opened (65 entries the page need not carry till then)."""
    # The store holds the entries_view query the list was sent for.
    return folded_list("timeline-panel", "Timeline of events", ids.TIMELINE_SUMMARY, ids.TIMELINE_LIST, ids.TIMELINE_SHOWN)


def register(app, site: Site) -> None:
    """The timeline list's and the play button's callbacks."""
    lists = TimelineLists(site)

    @app.callback(
        output=dict(entries=Output(ids.TIMELINE_LIST, "children"), sent=Output(ids.TIMELINE_SHOWN, "data")),
        inputs=dict(opened=Input(ids.TIMELINE_SUMMARY, "n_clicks"), shown=Input(ids.VIEW_SHOWN, "data")),
        state=dict(sent=State(ids.TIMELINE_SHOWN, "data")),
        prevent_initial_call=True,
    )
    def fill_timeline(opened, shown, sent):
        # Sent once the list has been opened, then again only when its entries change.
        view = site.view_of(shown)[0]
        key = to_query(entries_view(view))
        if not (isinstance(opened, int) and opened > 0) or key == sent:
            return dict(entries=no_update, sent=no_update)
        return dict(entries=lists.list(view, dt.date.today()), sent=key)

    @app.callback(
        output=dict(paused=Output(ids.DATE_TIMER, "disabled"), label=Output(ids.DATE_PLAY, "children")),
        inputs=dict(clicks=Input(ids.DATE_PLAY, "n_clicks"), shown=Input(ids.VIEW_SHOWN, "data")),
        state=dict(paused=State(ids.DATE_TIMER, "disabled")),
        prevent_initial_call=True,
    )
    def play_or_pause(clicks, shown, paused):
        if ctx.triggered_id == ids.DATE_PLAY:
            paused = not paused
        elif not paused and site.view_of(shown)[0].date is None:  # reached today: stop
            paused = True
        else:  # a new view, playing or not: nothing changes
            return dict(paused=no_update, label=no_update)
        return dict(paused=paused, label="▶ Play" if paused else "❚❚ Pause")

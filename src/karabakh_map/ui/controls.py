"""From what a control sent to the next view state: pure, and defensive.

Callback payloads come from the browser and can be anything; a value that is not
what the control could have sent changes nothing.
"""

from __future__ import annotations

from collections.abc import Container, Mapping
from dataclasses import dataclass, field, replace

from karabakh_map.data.atlas import Atlas
from karabakh_map.model.lookup import compare_lookup, region_lookup
from karabakh_map.model.periods import EVENT_PREFIX, event_ids, event_spans
from karabakh_map.model.view_state import ALWAYS_SHOWN, NAMING_CONVENTIONS, OPTIONAL_LAYERS, EventSpan, ViewState, with_event
from karabakh_map.ui import ids


@dataclass(frozen=True)
class Choices:
    """What controls may choose among: region, place and event ids, each event's days, and the slider's dates by position.

    A slider position's date is None for today.
    """

    region_ids: Container[str] = ()
    compare_ids: Container[str] = ()
    event_ids: Container[str] = ()
    date_stops: Mapping[int, str | None] = field(default_factory=dict)
    event_spans: Mapping[str, EventSpan] = field(default_factory=dict)

    @classmethod
    def of(cls, atlas: Atlas) -> Choices:
        """What the atlas offers: every feature but the comparison places, the places, the events (no dates).

        Regions and places are lookups (:mod:`karabakh_map.model.lookup`): they contain the ids,
        and the URL may name a place by any of its names, in any script.
        """
        return cls(region_ids=region_lookup(atlas), compare_ids=compare_lookup(atlas), event_ids=event_ids(atlas),
                   event_spans=event_spans(atlas))


def _first_point(click_data) -> dict | None:
    if not isinstance(click_data, dict):
        return None
    points = click_data.get("points")
    if not isinstance(points, list) or not points or not isinstance(points[0], dict):
        return None
    return points[0]


def region_from_click(click_data, region_ids: Container[str]) -> str | None:
    """The region a map click landed on: a choropleth's location, or a town's id in customdata."""
    point = _first_point(click_data)
    if point is None:
        return None
    for key in ("location", "customdata"):
        value = point.get(key)
        if isinstance(value, str) and value in region_ids:
            return value
    return None


def event_from_click(click_data, event_ids: Container[str]) -> str | None:
    """The event a click on an event marker opens: the first of the marker's (customdata ``["event:<id>", …]``)."""
    point = _first_point(click_data)
    value = point.get("customdata") if point else None
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, str) and value.startswith(EVENT_PREFIX) and value[len(EVENT_PREFIX) :] in event_ids:
        return value[len(EVENT_PREFIX) :]
    return None


def _stop_towards(stops: Mapping[int, str | None], date: str | None, value: int) -> int:
    """The stop next to the shown one (``date``, None for today) in the direction of ``value``."""
    positions = sorted(stops)
    if date is None:
        shown = [p for p in positions if stops[p] is None]
    else:
        shown = [p for p in positions if stops[p] is not None and stops[p] <= date]
    current = shown[-1] if shown else positions[0]
    if value > current:
        return next((p for p in positions if p > current), current)
    return next((p for p in reversed(positions) if p < current), current)


def _after_map_click(state: ViewState, click, choices: Choices) -> ViewState:
    region = region_from_click(click, choices.region_ids)
    if region:  # a new selection is framed (leaving the whole-region frame)
        return replace(state, region=region, frame=None)
    event = event_from_click(click, choices.event_ids)
    if not event:
        return state
    # The event's own day: the marker is drawn for the stop's period, the caption will say the event's date.
    return with_event(replace(state, date=None), event, choices.event_spans)[0]


def _after_compare(state: ViewState, value, choices: Choices) -> ViewState:
    if value is None:  # cleared: no comparison drawn
        return replace(state, compare=None)
    return replace(state, compare=value) if isinstance(value, str) and value in choices.compare_ids else state


def apply_control(state: ViewState, control: str | None, value, choices: Choices) -> ViewState:
    """The state after ``control`` (a component id) sent ``value``; unchanged when the value is not valid."""
    if control == ids.MAP:
        return _after_map_click(state, value, choices)
    if control == ids.REGION_SELECT:
        if value is None:
            return replace(state, region=None)
        if isinstance(value, str) and value in choices.region_ids:
            return replace(state, region=value, frame=None)
        return state
    if control == ids.NAMES_CONVENTION:
        return replace(state, names=value) if isinstance(value, str) and value in NAMING_CONVENTIONS else state
    if control == ids.COMPARE_PLACE:
        return _after_compare(state, value, choices)
    if control == ids.DATE_SLIDER:
        # Another date closes the open event: its caption would otherwise sit over another date's map.
        closed = replace(state, event=None, event_day=None)
        if isinstance(value, int) and not isinstance(value, bool) and value in choices.date_stops:
            return replace(closed, date=choices.date_stops[value])
        if isinstance(value, int) and not isinstance(value, bool):  # between stops (an arrow key): the next one that way
            return replace(closed, date=choices.date_stops[_stop_towards(choices.date_stops, state.date, value)])
        return state
    if control == ids.LAYER_TOGGLE:
        if isinstance(value, list) and all(isinstance(v, str) and v in OPTIONAL_LAYERS for v in value):
            return replace(state, layers=ALWAYS_SHOWN | frozenset(value))
        return state
    return state

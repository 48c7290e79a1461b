"""Time: which layers were valid on a date, the slider's stops, and the events near a date.

Validity lives in the data (``valid_from``/``valid_to`` on each dated layer, end
exclusive); nothing here hard-codes a period.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from types import MappingProxyType

import numpy as np
import pandas as pd

from karabakh_map.data.atlas import Atlas
from karabakh_map.data.layers import HELD_LAYERS, LAYERS
from karabakh_map.model.formatting import format_date, format_period
from karabakh_map.model.view_state import EventSpan, IsoDates

HISTORY_OUTLINE = "nkao"  # drawn as an outline outside its own years, as history


def valid_layers(atlas: Atlas, on: dt.date) -> frozenset[str]:
    """The dated layers whose features were valid on ``on``."""
    day = on.isoformat()
    return frozenset(
        layer.name
        for layer in LAYERS
        if layer.dated
        and ((atlas.layers[layer.name]["valid_from"] <= day) & (day < atlas.layers[layer.name]["valid_to"])).any()
    )


def features_on(atlas: Atlas, layer: str, on: dt.date):
    """The features of a dated layer valid on ``on`` (a layer such as the 2020 war has one per period)."""
    frame = atlas.layers[layer]
    day = on.isoformat()
    return frame[(frame["valid_from"] <= day) & (day < frame["valid_to"])]


def shown_dated_layers(atlas: Atlas, on: dt.date) -> frozenset[str]:
    """The Nagorno-Karabakh layers the map shows on a date: those valid then, and the NKAO always."""
    return valid_layers(atlas, on) | {HISTORY_OUTLINE}


def stops(atlas: Atlas, today: dt.date) -> list[dt.date]:
    """The dates the slider steps through, ending with today."""
    return [dt.date.fromisoformat(d) for d in atlas.tables["date_stops"]["date"]] + [today]


def stop_index(all_stops: list[dt.date], on: dt.date) -> int:
    """The last stop on or before ``on`` (the first stop for earlier dates)."""
    return max((i for i, stop in enumerate(all_stops) if stop <= on), default=0)


def caption_on(atlas: Atlas, on: dt.date, today: dt.date, event: str | None = None) -> str:
    """The caption under the map, beginning with the date of what it describes.

    With an event open, the event's own dates and text ("8 Nov 2020: Azerbaijani forces take
    Shusha…"). Otherwise the caption of the stop the date falls in: on the stop's own date
    "12 May 1994: …", after it "Since 12 May 1994: …" (never the chosen date before a text
    that describes an earlier event).
    """
    if event is not None:
        row = atlas.tables["timeline"].loc[event]
        return f"{format_period(row['date'], row['date_end'])}: {row['event']}"
    table = atlas.tables["date_stops"]
    index = min(stop_index(stops(atlas, today), on), len(table) - 1)
    stop = table.iloc[index]
    since = "Since " if on.isoformat() > stop["date"] else ""
    return f"{since}{format_date(stop['date'])}: {stop['caption']}"


def events_near(atlas: Atlas, on: dt.date, today: dt.date) -> pd.DataFrame:
    """Events from the stop a date falls in up to the next stop, with a place on the map."""
    all_stops = stops(atlas, today)
    index = stop_index(all_stops, on)
    start = all_stops[index].isoformat()
    end = all_stops[index + 1].isoformat() if index + 1 < len(all_stops) else "9999-12-31"
    timeline = atlas.tables["timeline"]
    near = timeline[(timeline["starts"] >= start) & (timeline["starts"] < end) & (timeline["lat"] != "")]
    return near


# What a click on an event's marker reports (plotly customdata): this prefix and the event's id.
EVENT_PREFIX = "event:"
# Events this close together (degrees, about 1 km) happened at one place: the map gives them one marker.
SAME_PLACE_DEG = 0.01


def events_by_place(events: pd.DataFrame) -> list[list[str]]:
    """The ids of ``events`` (rows of the timeline with coordinates) grouped by place, in their order.

    An event joins the first group whose first event lies within :data:`SAME_PLACE_DEG`
    of it; the map draws one marker per group (several events at one town read as one
    place, not as markers crowding it).

    Examples
    --------
    >>> frame = pd.DataFrame({"lat": ["39.8", "39.8", "40.4"], "lon": ["46.75", "46.7501", "49.9"]}, index=["a", "b", "c"])
    >>> events_by_place(frame)
    [['a', 'b'], ['c']]
    """
    groups: list[tuple[float, float, list[str]]] = []
    for event_id, lon, lat in zip(events.index, events["lon"].astype(float), events["lat"].astype(float), strict=True):
        group = next((g for g in groups if np.hypot(g[0] - lon, g[1] - lat) < SAME_PLACE_DEG), None)
        if group is None:
            groups.append((lon, lat, [event_id]))
        else:
            group[2].append(event_id)
    return [ids for _, _, ids in groups]


# An event's text in a hover or a button: its first characters.
SUMMARY_CHARS = 90


def event_summary(atlas: Atlas, event_id: str, chars: int = SUMMARY_CHARS) -> str:
    """The event's date and the first ``chars`` characters of its text, as the map's hover and its list give it."""
    row = atlas.tables["timeline"].loc[event_id]
    text = row["event"]
    return f"{row['date']}: {text[:chars]}{'…' if len(text) > chars else ''}"


def events_with(atlas: Atlas, event_id: str, on: dt.date, today: dt.date) -> list[str]:
    """The events of the period shown on ``on`` that share ``event_id``'s marker (its place), itself included.

    [``event_id``] when the event is not among the period's (a link may open any event).
    """
    return next((group for group in events_by_place(events_near(atlas, on, today)) if event_id in group), [event_id])


def event_ids(atlas: Atlas) -> Mapping[str, str]:
    """What a link's ``event`` may say, and the event id it means.

    Each event's id names itself; the row numbers that links used before events had
    ids (``?event=44``) name the event that row held then (``event_numbers`` table).
    """
    numbers = atlas.tables["event_numbers"]
    old_numbers = dict(zip(numbers["number"], numbers["id"], strict=True))
    return MappingProxyType({**old_numbers, **{event_id: event_id for event_id in atlas.tables["timeline"].index}})


def event_spans(atlas: Atlas) -> Mapping[str, EventSpan]:
    """Every event's days, by event id: what decides the date a view of the event shows."""
    timeline = atlas.tables["timeline"]
    return MappingProxyType({
        event_id: EventSpan(row["starts"], row["date_end"] or row["date"], format_period(row["date"], row["date_end"]))
        for event_id, row in timeline.iterrows()
    })


SPLIT = "Split"  # how the control history marks a region held in part by each side
# What a control history entry says of the NKR/Artsakh (Armenian forces), as the map must draw it.
HELD, PARTLY_HELD, NOT_HELD = "held", "partly held", "not held"
# A war with a moving front and no line in our sources (the former NKAO, 1991–1994): drawn as contested.
CONTESTED = "contested"
CONTESTED_IN_WAR = "Contested in the war"
_HOLDING_BY_PREFIX = (
    (SPLIT, PARTLY_HELD),
    (CONTESTED_IN_WAR, CONTESTED),
    ("NKR/Artsakh", HELD),
    ("War: NKR/Artsakh", HELD),  # a district in the 2020 war until its capture
    ("Azerbaijan SSR", NOT_HELD),
    ("Republic of Azerbaijan", NOT_HELD),
)


def holding(held_by: str) -> str | None:
    """Whether a control history entry has the NKR/Artsakh hold the region: whole, in part, not, or contested.

    ``contested`` where a war's front moved through the region and no line of it is drawn
    (the map draws the region in a class of its own). None where the entry names neither
    side's hold (a town's war with no dated change, a political contest, the Russian
    peacekeepers, Armenia itself): the map draws no claim for those.

    Examples
    --------
    >>> holding("NKR/Artsakh part to be handed back"), holding("Split: NKR/Artsakh and Republic of Azerbaijan")
    ('held', 'partly held')
    >>> holding("Republic of Azerbaijan"), holding("War"), holding("Contested in the war (the front moved)")
    ('not held', None, 'contested')
    """
    return next((kind for prefix, kind in _HOLDING_BY_PREFIX if held_by.startswith(prefix)), None)


def control_on(atlas: Atlas, region_id: str, on: dt.date):
    """The control history row that covers a date for a region, or None where the history has a gap.

    Partial dates ('2020-10', '1920') compare correctly as ISO prefixes; an empty start is
    "before anything recorded", an empty end "until today".
    """
    history = atlas.tables["control_history"]
    day = on.isoformat()
    rows = history[history["region_id"] == region_id]
    covering = rows[((rows["start"] == "") | (rows["start"] <= day)) & ((rows["end"] == "") | (day < rows["end"]))]
    return covering.iloc[0] if not covering.empty else None


def history_of(atlas: Atlas, region_id: str) -> list:
    """A region's or town's control history rows, oldest first (empty where it has none)."""
    history = atlas.tables["control_history"]
    return [row for _, row in history[history["region_id"] == region_id].iterrows()]


def held_shares(atlas: Atlas, region_id: str, start: str, end: str = "") -> list[float]:
    """The distinct shares (per cent) of a region the NKR/Artsakh held in [start, end), oldest first.

    Computed by the build from the polygons (``control_shares`` table); ISO dates, or
    partial ones ('2020-10', '1920') that compare as prefixes; an empty end is today.
    """
    shares = atlas.tables["control_shares"]
    rows = shares[(shares["region_id"] == region_id) & (shares["valid_to"] > start)]
    if end:
        rows = rows[rows["valid_from"] < end]
    return list(dict.fromkeys(float(pct) for pct in rows["held_pct"]))


def split_text(shares: list[float]) -> str:
    """Each side's share as a reader reads it, or a range when it changed.

    >>> split_text([70.2])
    "NKR/Artsakh 70 %, Azerbaijan 30 % of its area (computed here from the map's polygons)"
    >>> split_text([96.2, 71.3])
    "NKR/Artsakh from 96 % to 71 % of its area, the rest Azerbaijan (computed here from the map's polygons)"
    """
    computed = "(computed here from the map's polygons)"
    if len(shares) == 1:
        held = round(shares[0])
        return f"NKR/Artsakh {held} %, Azerbaijan {100 - held} % of its area {computed}"
    return f"NKR/Artsakh from {round(shares[0])} % to {round(shares[-1])} % of its area, the rest Azerbaijan {computed}"


# Events the research places at a town itself: their coordinates within about 1 km of it.
EVENT_AT_TOWN_DEG = 0.01


def events_placed_at(atlas: Atlas, town_id: str) -> pd.DataFrame:
    """The timeline events whose coordinates are the town's (within about 1 km), oldest first."""
    point = atlas.layers["towns"].loc[town_id].geometry
    timeline = atlas.tables["timeline"]
    located = timeline[timeline["lat"] != ""]
    distance = np.hypot(located["lat"].astype(float) - point.y, located["lon"].astype(float) - point.x)
    return located[distance < EVENT_AT_TOWN_DEG]


def held_at(atlas: Atlas, point, on: dt.date) -> bool:
    """Whether the held area the map draws on ``on`` contains a point (a town's location)."""
    return any(features_on(atlas, layer, on).contains(point).any() for layer in HELD_LAYERS)


def control_changes_at(atlas: Atlas, point, after: str) -> list[tuple[str, bool]]:
    """The dates on or after ``after`` (ISO) when the drawn held area begins or ceases to cover a point.

    Returns ``(date, held_from_then)`` pairs, oldest first. Computed from the dated held
    layers themselves, so a town's changes agree with the map on every date.
    """
    edges = set()
    for layer in HELD_LAYERS:
        around = atlas.layers[layer][atlas.layers[layer].contains(point)]
        edges |= set(around["valid_from"]) | set(around["valid_to"])
    changes = []
    for edge in sorted(day for day in edges if after <= day < dt.date.max.isoformat()):
        on = dt.date.fromisoformat(edge)
        now = held_at(atlas, point, on)
        if now != held_at(atlas, point, on - dt.timedelta(days=1)):
            changes.append((edge, now))
    return changes


def _held_within(atlas: Atlas, point, years: list[int]) -> bool:
    """Whether the drawn held area covered a point at some time in the years (first to last)."""
    start, end = f"{min(years)}-01-01", f"{max(years) + 1}-01-01"
    return any(
        frame[(frame["valid_from"] < end) & (start < frame["valid_to"])].contains(point).any()
        for frame in (atlas.layers[layer] for layer in HELD_LAYERS)
    )


def changes_since(atlas: Atlas, region_id: str, year: int) -> list[str]:
    """What changed for the people of a place after a figure's year, oldest first, as dated phrases.

    For a region: the changes of control in its history and the population events the
    project records for it (the 2023 exodus). For a town: the changes of who held it, from
    its own control history or, where it has none, from the map's held areas (named by the
    event placed there on that day, where there is one), the events placed there that killed,
    wounded or displaced people, and the
    population events of the regions around it in years when the NKR/Artsakh held it.
    Used to say what a dated figure predates.
    """
    after = f"{year + 1}-01-01"
    if atlas.layer_of(region_id) == "towns":
        return [text for _, text in sorted(_town_changes(atlas, region_id, after))]
    history = atlas.tables["control_history"]
    rows = history[(history["region_id"] == region_id) & (history["start"] >= after)]
    changes = [(row["start"], f"from {format_date(row['start'])}: {row['held_by']}") for _, row in rows.iterrows()]
    changes += _population_events(atlas, [region_id], year)
    return [text for _, text in sorted(changes)]


def _town_control_changes(atlas: Atlas, town_id: str, after: str) -> list[tuple[str, str]]:
    """(date, who held it from then) on or after ``after``: the town's own history where it has one, else the map's.

    The map's held areas draw no line inside the former oblast before 1994, where towns
    changed hands (Shusha on 8 May 1992): a town's own dated changes are preferred.
    """
    history = atlas.tables["control_history"]
    own = history[history["region_id"] == town_id]
    if not own.empty:
        return [(row["start"], row["held_by"]) for _, row in own.iterrows() if row["start"] >= after]
    point = atlas.layers["towns"].loc[town_id].geometry
    return [
        (day, "NKR/Artsakh" if held else "Republic of Azerbaijan") for day, held in control_changes_at(atlas, point, after)
    ]


def _town_changes(atlas: Atlas, town_id: str, after: str) -> list[tuple[str, str]]:
    point = atlas.layers["towns"].loc[town_id].geometry
    events = events_placed_at(atlas, town_id)
    events = events[events["starts"] >= after]
    changes, named = [], set()
    for day, held_by in _town_control_changes(atlas, town_id, after):
        # The event that day says how (a capture, a handover); the map's dates are a day apart at most.
        if len(day) == 10:
            near = events[events["starts"].between((dt.date.fromisoformat(day) - dt.timedelta(days=1)).isoformat(), day)]
        else:  # a month or year known only
            near = events[events["starts"].str.startswith(day)]
        if not near.empty:
            named |= set(near["id"])
        else:
            changes.append((day, f"from {format_date(day)}: {held_by}"))
    changes += [
        (row["starts"], f"{format_period(row['date'], row['date_end'])}: {re.split(r' [(;–]', row['event'])[0]}")
        for _, row in events.iterrows()
        if row["id"] in named or row["casualties_displaced"]
    ]
    around = [other for _, other in atlas.overlapping(town_id)]
    year = int(after[:4]) - 1
    return changes + [
        change
        for change, years in _population_events(atlas, around, year, with_years=True)
        if _held_within(atlas, point, years)
    ]


def _population_events(atlas: Atlas, regions: list[str], year: int, *, with_years: bool = False) -> list:
    """The population events recorded for the regions after ``year``, as (date, phrase) pairs.

    Each is placed at the end of the first year its title names ("Sep–Oct 2023"); with
    ``with_years``, each comes with the years its title names.
    """
    population = atlas.tables["population_events"]
    found = []
    for _, event in population[population["region_id"].isin(regions)].drop_duplicates("title").iterrows():
        years = [int(found_year) for found_year in re.findall(r"\d{4}", event["title"])]
        if int(event["after_year"]) >= year or years[0] > year:
            change = (f"{years[0]}-12-31", f"{event['title']}: {event['neutral_wording']}")
            found.append((change, years) if with_years else change)
    return found


def covered_dates(atlas: Atlas, today: dt.date) -> IsoDates:
    """The dates the map can show: from its first state (the slider's first stop, the NKAO of 7 Jul 1923) to today.

    One rule for the URL, /embed, /export, the CLI and the slider. An earlier date would be
    drawn with a later state (the NKAO outlined before it existed) under a caption of what
    came after it, so it is refused. The timeline's events before it (the Kavburo's votes of
    July 1921) open on this first date, with a notice saying so (see ``with_event``).
    """
    return IsoDates(stops(atlas, today)[0], today)

"""The view state: everything that decides what the map and panels show. One state, many outputs.

It round-trips through the URL query: only values that differ from the defaults
are written, and a malformed or unknown value falls back to its default with a
notice naming the parameter, never an error.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from difflib import get_close_matches
from functools import partial
from urllib.parse import parse_qs, urlencode

NAMING_CONVENTIONS: dict[str, str] = {
    "both": "Both names",
    "hy": "Armenian usage",
    "az": "Azerbaijani usage",
}
DEFAULT_NAMES = "both"
# No size comparison is drawn until the reader asks for one; "none" in a link says so explicitly.
NO_COMPARISON = "none"
# Frames a reader can ask for besides the default (Nagorno-Karabakh, or the selection).
OVERVIEW_FRAME = "overview"
FRAMES: dict[str, str] = {OVERVIEW_FRAME: "Whole region"}
# Layers a reader can switch; the countries and Nakhchivan are always drawn, and the
# held areas and the corridor follow the date.
OPTIONAL_LAYERS: tuple[str, ...] = ("provinces", "districts", "nkao", "towns")
ALWAYS_SHOWN: frozenset[str] = frozenset({"countries", "nakhchivan"})
DEFAULT_LAYERS: frozenset[str] = ALWAYS_SHOWN | {"districts", "nkao", "towns"}
# Longer values are not ids or names of anything: refuse them before looking.
MAX_VALUE_LENGTH = 100
SHOWN_VALUE_LENGTH = 40
# How close an unknown parameter must be to a view parameter to be taken for a misspelling of it
# (difflib's ratio: "regoin" → region 0.83; "format" → frame 0.73 is an export's own parameter).
MISSPELT_PARAMETER_CUTOFF = 0.75


@dataclass(frozen=True)
class ViewState:
    """What a view shows.

    Attributes
    ----------
    region : str or None
        The selected feature id, or None.
    names : str
        Naming convention: ``both`` (default), ``hy`` or ``az``.
    layers : frozenset of str
        Names of the visible layers (see :mod:`karabakh_map.data.layers`).
    compare : str or None
        The familiar place drawn over the selected region at true size, or None (the default:
        no comparison drawn).
    date : str or None
        The ISO date the map shows, or None for today. With an event open, a day of the
        event (its first by default: see :func:`with_event`).
    event : str or None
        The id of the timeline event shown, or None.
    frame : str or None
        ``overview`` for the whole region, or None (the default): the selection with a
        margin, or Nagorno-Karabakh when nothing is selected.
    event_day : str or None
        The first day (ISO) of the open event: the default ``date`` while it is open, so a
        link does not repeat it. Set with ``event`` by :func:`with_event`; not a parameter.
    """

    region: str | None = None
    names: str = DEFAULT_NAMES
    layers: frozenset[str] = field(default=DEFAULT_LAYERS)
    compare: str | None = None
    date: str | None = None
    event: str | None = None
    frame: str | None = None
    event_day: str | None = field(default=None, repr=False, metadata={"parameter": False})

    def on(self, today: dt.date) -> dt.date:
        """The date the view shows: its own, or today."""
        return dt.date.fromisoformat(self.date) if self.date else today


#: The view's parameters, as the URL, /embed, /export, the CLI and batch files name them.
VIEW_PARAMETERS: tuple[str, ...] = tuple(f.name for f in fields(ViewState) if f.metadata.get("parameter", True))


@dataclass(frozen=True)
class IsoDates:
    """Contains every real ISO calendar date (YYYY-MM-DD) from ``earliest`` to ``latest``, both included.

    The bounds are the range the data covers (see :func:`karabakh_map.model.periods.covered_dates`):
    a date outside it has no story to tell, so it is refused rather than drawn.
    """

    earliest: dt.date = dt.date(1800, 1, 1)
    latest: dt.date = dt.date(2100, 12, 31)

    def __contains__(self, value: object) -> bool:
        day = _iso_date(value)
        return day is not None and self.earliest <= day <= self.latest

    def problem(self, value: str) -> str:
        """Why ``value`` is not a date the map can show.

        >>> IsoDates().problem("2020-02-30"), IsoDates().problem("30/02/2020")
        ('there is no 30 February 2020 (the month has 29 days)', 'use a date such as 2021-06-01')
        """
        if isinstance(value, str) and re.fullmatch(r"(?!0000)\d{4}-(0[1-9]|1[0-2])-\d{2}", value) and _iso_date(value) is None:
            # A day past the month's end (2020-02-30): say so, rather than ask for the format it has.
            year, month, day = (int(part) for part in value.split("-"))
            days = calendar.monthrange(year, month)[1]
            return f"there is no {day} {calendar.month_name[month]} {year} (the month has {days} days)"
        if _iso_date(value) is None:
            return "use a date such as 2021-06-01"
        return f"the map covers {self.earliest:%-d %B %Y} to {self.latest:%-d %B %Y}"


@dataclass(frozen=True)
class EventSpan:
    """The days of a timeline event, as the timeline gives them.

    Attributes
    ----------
    first : str
        The ISO day it starts (the month's or year's first day where only those are known).
    last : str
        Its last day as written: an ISO day, or ``YYYY-MM`` / ``YYYY`` for the whole month or year.
    period : str
        Its dates as a reader writes them ("27 Feb 1988 – 1 Mar 1988").
    """

    first: str
    last: str
    period: str

    def covers(self, day: str) -> bool:
        """Whether an ISO day is one of the event's.

        >>> span = EventSpan("1990-01-01", "1990-01-20", "Jan 1990 – 20 Jan 1990")
        >>> span.covers("1990-01-13"), span.covers("1990-01-21")
        (True, False)
        >>> EventSpan("1990-01-01", "1990-01", "Jan 1990").covers("1990-01-31")
        True
        """
        return self.first <= day and day[: len(self.last)] <= self.last


def with_event(
    state: ViewState, event: str, spans: Mapping[str, EventSpan], dates: IsoDates = IsoDates(), *, fallback: bool = True
) -> tuple[ViewState, list[str]]:
    """``state`` with an event open, on a day of that event, and a notice for a date that gave way.

    The event decides the date, so a caption never puts one date over a map of another:
    with no date, the view shows the event's first day; a date outside the event's days
    is ignored, with a notice (a day within them, the second of a three-day pogrom, is
    kept). An event before the first day the map draws opens on that day, with a notice.

    Parameters
    ----------
    state : ViewState
        The view; its ``date`` is None or a date the map covers.
    event : str
        An event id of ``spans``.
    spans : mapping of str to EventSpan
        Every event's days (see :func:`karabakh_map.model.periods.event_spans`).
    dates : IsoDates
        The dates the map covers.
    fallback : bool
        Whether the notices say what is shown instead (see :func:`parse_query`).

    Returns
    -------
    (ViewState, list of str)

    Examples
    --------
    >>> spans = {"shusha": EventSpan("2020-11-08", "2020-11-08", "8 Nov 2020")}
    >>> view, notices = with_event(ViewState(), "shusha", spans)
    >>> view.date, to_query(view), notices
    ('2020-11-08', '?event=shusha', [])
    >>> with_event(ViewState(date="2021-01-01"), "shusha", spans)[1]
    ["Ignored date=“2021-01-01”: the event shown is of 8 Nov 2020. Showing the event's date."]
    """
    span, notices, day = spans[event], [], spans[event].first
    if state.date is not None and span.covers(state.date):
        day = state.date
    elif state.date is not None:
        notices.append(_refusal(f"date=“{state.date}”", f"the event shown is of {span.period}", "the event's date",
                                fallback))
    opens_on = span.first
    if span.first < dates.earliest.isoformat():
        opens_on = day = dates.earliest.isoformat()
        notices.append(f"The map begins on {dates.earliest:%-d %B %Y}; the event shown, of {span.period}, comes before "
                       "it." + (f" Showing {dates.earliest:%-d %B %Y}." if fallback else ""))
    return replace(state, event=event, date=day, event_day=opens_on), notices


def _iso_date(value: object) -> dt.date | None:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _resolved(allowed, value: str) -> tuple[str | None, str | None]:
    """``value`` as an id of ``allowed`` (a container, or a lookup that also knows names), or why not."""
    if value in allowed:
        return value, None
    resolve = getattr(allowed, "resolve", None)
    if resolve is None:
        return None, None
    from karabakh_map.model.lookup import PlaceNotFound

    try:
        return resolve(value), None
    except PlaceNotFound as error:
        return None, str(error)


def _shown(value: str) -> str:
    return value if len(value) <= SHOWN_VALUE_LENGTH else value[:SHOWN_VALUE_LENGTH] + "…"


def _drop_explicit_defaults(values: dict[str, list[str]]) -> None:
    """Remove parameters that name their default (``compare=none``): they are accepted, not refused."""
    if values.get("compare", [None])[0] == NO_COMPARISON:
        del values["compare"]


def _refusal(what: str, problem: str, instead: str | None, fallback: bool) -> str:
    """A refused value's notice: what, why, and what is shown in its place (if anything is).

    A page shows the default in its place ("Ignored"); an export makes nothing ("Refused").
    """
    verb = "Ignored" if fallback else "Refused"
    return f"{verb} {what}: {problem}." + (f" Showing {instead}." if fallback and instead else "")


def _why_refused(allowed, value: str, why: str | None, problem: str | None, instead: str | None):
    """Why a value is refused and what is shown instead: a lookup's own reason (a typo's closest names) first."""
    if why:
        return f"{why[0].lower()}{why[1:].rstrip('.')}", "the default"
    return problem or allowed.problem(value), instead


def _misspelt_parameters(names, fallback: bool) -> list[str]:
    """A notice for each name that is not a view parameter but looks like a misspelt one ("regoin").

    Other names (a share link's ``fbclid``, an export's ``format``) are not the view's business.
    """
    notices = []
    for name in names:
        meant = [] if name in VIEW_PARAMETERS else get_close_matches(name.lower(), VIEW_PARAMETERS, n=1,
                                                                      cutoff=MISSPELT_PARAMETER_CUTOFF)
        if meant:
            notices.append(_refusal(f"“{_shown(name)}”", "not a parameter of the view", None, fallback)[:-1]
                           + f"; did you mean “{meant[0]}”?")
    return notices


def _layers_asked(layers: str, refused) -> tuple[frozenset[str], list[str]]:
    """The layers a ``layers`` value asks for, or the default ones with a notice when it names an unknown layer."""
    asked = [name for name in layers.split(",") if name]
    if all(name in OPTIONAL_LAYERS for name in asked):
        return ALWAYS_SHOWN | frozenset(asked), []
    return DEFAULT_LAYERS, [refused(f"layers=“{_shown(layers)}”", "unknown layer", "the default layers")]


def parse_query(
    query: str,
    region_ids,
    compare_ids=(),
    event_ids=(),
    dates: IsoDates = IsoDates(),
    *,
    fallback: bool = True,
    event_spans: Mapping[str, EventSpan] | None = None,
) -> tuple[ViewState, list[str]]:
    """The view state a URL query asks for, and a notice for each value that was refused.

    Parameters
    ----------
    query : str
        The query string, with or without its leading ``?``.
    region_ids : container of str
        The ids a ``region`` may name; a :class:`~karabakh_map.model.lookup.Gazetteer` also
        takes any name of a place and the state holds its id.
    compare_ids : container of str
        The ids ``compare`` may name (or a Gazetteer, as above; ``none``, the default, is
        always accepted).
    event_ids : container of str
        The ids ``event`` may name.
    dates : IsoDates
        The dates ``date`` may name: the range the data covers.
    fallback : bool
        Whether the notices say what is shown instead (the page and /embed show the default
        in a refused value's place; an export refuses the whole request and shows nothing).
    event_spans : mapping of str to EventSpan, optional
        Every event's days: an event then decides the view's date (see :func:`with_event`).

    Returns
    -------
    (ViewState, list of str)
        Refused values (a parameter given twice too) take their defaults. Parameters that are not the view's are ignored,
        but one that looks like a misspelt view parameter (``regoin``) gets a notice.

    Examples
    --------
    >>> parse_query("region=nowhere", {"nkao"})[1]
    ['Ignored region=“nowhere”: no such region. Showing the default view.']
    >>> parse_query("region=nowhere", {"nkao"}, fallback=False)[1]
    ['Refused region=“nowhere”: no such region.']
    >>> parse_query("regoin=nkao&utm_source=x", {"nkao"}, fallback=False)[1]
    ['Refused “regoin”: not a parameter of the view; did you mean “region”?']
    >>> state, notices = parse_query("region=nkao&region=agdam", {"nkao", "agdam"})
    >>> state.region, notices
    (None, ['Ignored “region”: given 2 times; give it once. Showing the default.'])
    """
    refused = partial(_refusal, fallback=fallback)
    try:
        values = parse_qs(query.lstrip("?"), keep_blank_values=True, max_num_fields=50)
    except ValueError:
        return ViewState(), [refused("the link's parameters", "there are too many", "the default view")]
    state, notices = ViewState(), _misspelt_parameters(values, fallback)
    _drop_explicit_defaults(values)

    def take(name: str) -> str | None:
        given = values.get(name)
        if not given:
            return None
        if len(given) > 1:  # which one was meant is a guess: none is used
            notices.append(refused(f"“{name}”", f"given {len(given)} times; give it once", "the default"))
            return None
        if len(given[0]) > MAX_VALUE_LENGTH:
            notices.append(refused(f"“{name}”", "the value is too long", "the default"))
            return None
        return given[0]

    # (parameter, allowed values, what is wrong with a refused value, what is shown instead);
    # layers are checked item by item below.
    single_values = (
        ("region", region_ids, "no such region", "the default view"),
        ("names", NAMING_CONVENTIONS, f"use one of {', '.join(NAMING_CONVENTIONS)}", "both names"),
        ("compare", compare_ids, "no such place to compare with", "none"),
        ("date", dates, None, "today"),
        ("event", event_ids, "no such event", None),
        ("frame", FRAMES, f"use {', '.join(FRAMES)} or leave it out", "the default frame"),
    )
    for name, allowed, problem, instead in single_values:
        value = take(name)
        if value is None:
            continue
        found, why = _resolved(allowed, value)
        if found is not None:
            if name == "event" and isinstance(allowed, Mapping):  # an old event number → the event's id
                found = allowed[found]
            state = replace(state, **{name: found})
        else:
            notices.append(refused(f"{name}=“{_shown(value)}”", *_why_refused(allowed, value, why, problem, instead)))
    layers = take("layers")
    if layers is not None:
        shown, refusal = _layers_asked(layers, refused)
        state = replace(state, layers=shown)
        notices += refusal
    if state.event is None or event_spans is None:
        return state, notices
    state, event_notices = with_event(state, state.event, event_spans, dates, fallback=fallback)
    return state, notices + event_notices


def to_query(state: ViewState) -> str:
    """The URL query for a state (with its ``?``), writing only values that differ from the defaults."""
    values = {}
    if state.region is not None:
        values["region"] = state.region
    if state.names != DEFAULT_NAMES:
        values["names"] = state.names
    if state.layers != DEFAULT_LAYERS:
        values["layers"] = ",".join(name for name in OPTIONAL_LAYERS if name in state.layers)
    if state.compare is not None:
        values["compare"] = state.compare
    if state.date is not None and state.date != state.event_day:  # an event's own day is its default
        values["date"] = state.date
    if state.event is not None:
        values["event"] = state.event
    if state.frame is not None:
        values["frame"] = state.frame
    return "?" + urlencode(values, safe=",") if values else ""

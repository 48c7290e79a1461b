"""The timeline table: researched events and the project's additions, each with a stable id.

An event's id is a slug such as ``2020-11-08-shusha-taken``, written by hand in
``editorial/event_ids.csv`` for each researched row (found by its date and a phrase
of its text) and in ``editorial/events.csv`` for the events the project adds. Links
name events by these ids, so neither the order of the rows nor a new row moves a
link. Links shared while events were numbered by their row (``?event=44``) are
resolved through ``editorial/event_numbers.csv``. Where a researched row's coordinates
are another place's, ``editorial/event_places.csv`` gives the event's place as the
project derived it, with how and from which sources. Where a researched headline uses one
party's term or misdates what it tells, ``editorial/event_texts.csv`` gives the project's wording.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from karabakh_map.paths import EDITORIAL

EVENT_IDS = EDITORIAL / "event_ids.csv"
ADDED_EVENTS = EDITORIAL / "events.csv"
EVENT_NUMBERS = EDITORIAL / "event_numbers.csv"
EVENT_PLACES = EDITORIAL / "event_places.csv"
EVENT_TEXTS = EDITORIAL / "event_texts.csv"
NO_NOTE = "-"  # an event_texts note that drops the research's note (a working note about its own material)
# The event's date (day, month or year) and words: what a reader sees in the link.
SLUG = re.compile(r"\d{4}(-\d{2}){0,2}-[a-z0-9]+(-[a-z0-9]+)*")
COLUMNS = ["id", "starts", "date", "date_end", "event", "place", "lat", "lon", "casualties_displaced", "source", "note"]


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def starts(date: str) -> str:
    """The ISO day an event starts: dates known to the month or year start on its first day.

    >>> starts("1988-11"), starts("1994"), starts("2020-11-08")
    ('1988-11-01', '1994-01-01', '2020-11-08')
    """
    return date if len(date) == 10 else f"{date}-01" if len(date) == 7 else f"{date}-01-01"


def _with_ids(research: pd.DataFrame, ids: pd.DataFrame) -> pd.DataFrame:
    """Research rows with their ids: each id names exactly one row by its date and a phrase of its text."""
    found = pd.Series("", index=research.index)
    for _, entry in ids.iterrows():
        hits = research.index[(research["date"] == entry["date"]) & research["event"].str.contains(entry["match"], regex=False)]
        if len(hits) != 1:
            raise ValueError(f"{EVENT_IDS.name}: {entry['id']!r} matches {len(hits)} timeline rows, not one")
        found[hits[0]] = entry["id"]
    unnamed = research.loc[found == "", "event"]
    if not unnamed.empty:
        raise ValueError(f"{EVENT_IDS.name} has no id for the timeline rows {[text[:60] for text in unnamed]}")
    return research.assign(id=found)


def with_corrected_places(timeline: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """Events with the place, point and (where given) note of their row in ``places``.

    Parameters
    ----------
    timeline : DataFrame
        Events with ``id``, ``place``, ``lat``, ``lon``, ``note`` (strings).
    places : DataFrame
        ``editorial/event_places.csv``: ``id``, ``place``, ``lat``, ``lon``, ``precision_km``,
        ``derivation``, ``note`` (blank: the event's note stays), ``source``.

    Raises
    ------
    ValueError
        When a row names no event or the same event as another row, gives no derivation or source, or a point that is not a
        longitude/latitude pair.

    Examples
    --------
    >>> events = pd.DataFrame({"id": ["e"], "place": ["Town"], "lat": ["1.0"], "lon": ["2.0"], "note": ["old"]})
    >>> fix = pd.DataFrame({"id": ["e"], "place": ["Bridge"], "lat": ["1.5"], "lon": ["2.5"], "precision_km": ["2"],
    ...                     "derivation": ["how"], "note": [""], "source": ["who"]})
    >>> with_corrected_places(events, fix).iloc[0].tolist()
    ['e', 'Bridge', '1.5', '2.5', 'old']
    """
    unknown = sorted(set(places["id"]) - set(timeline["id"]) | set(places["id"][places["id"].duplicated()]))
    unsourced = places["id"][(places["derivation"] == "") | (places["source"] == "")].tolist()
    points = pd.to_numeric(places["lat"], errors="coerce").between(-90, 90) & pd.to_numeric(
        places["lon"], errors="coerce"
    ).between(-180, 180)
    if unknown or unsourced or not points.all():
        bad = places["id"][~points].tolist()
        raise ValueError(f"{EVENT_PLACES.name}: unknown events {unknown}, no derivation or source {unsourced}, bad points {bad}")
    timeline = timeline.copy()
    for _, row in places.iterrows():
        at = timeline["id"] == row["id"]
        timeline.loc[at, ["place", "lat", "lon"]] = [row["place"], row["lat"], row["lon"]]
        if row["note"]:
            timeline.loc[at, "note"] = row["note"]
    return timeline


def with_project_wording(timeline: pd.DataFrame, texts: pd.DataFrame) -> pd.DataFrame:
    """Events whose headline (and note, where given) is replaced by the project's wording (``editorial/event_texts.csv``).

    Parameters
    ----------
    timeline : DataFrame
        Events with ``id``, ``event`` and ``note`` (strings).
    texts : DataFrame
        ``id``, ``event`` (the headline shown), ``note`` (the note shown; blank: the event's note stays;
        ``-``: no note, where the research's was a working note about its own material), ``why`` (what was
        wrong with the researched one).

    Raises
    ------
    ValueError
        When a row names no event or the same event as another row, or gives no headline or no reason.

    Examples
    --------
    >>> events = pd.DataFrame({"id": ["e", "f"], "event": ["X's 'own term'", "g"], "note": ["old", "X's 'term'"]})
    >>> texts = pd.DataFrame({"id": ["e", "f"], "event": ["neutral", "g"], "note": ["", "-"], "why": ["X's term"] * 2})
    >>> with_project_wording(events, texts)[["event", "note"]].to_numpy().tolist()
    [['neutral', 'old'], ['g', '']]
    """
    unknown = sorted(set(texts["id"]) - set(timeline["id"]) | set(texts["id"][texts["id"].duplicated()]))
    blank = texts["id"][(texts["event"] == "") | (texts["why"] == "")].tolist()
    if unknown or blank:
        raise ValueError(f"{EVENT_TEXTS.name}: unknown or repeated events {unknown}, no headline or reason {blank}")
    by_id = texts.set_index("id")
    notes = by_id["note"][by_id["note"] != ""].replace(NO_NOTE, "")
    return timeline.assign(
        event=timeline["id"].map(by_id["event"]).fillna(timeline["event"]),
        note=timeline["id"].map(notes).fillna(timeline["note"]),
    )


def with_tolls_counted(timeline: pd.DataFrame, harm: pd.DataFrame) -> pd.DataFrame:
    """Events whose civilian tolls the balance review records, counted as the event's panel counts them.

    Their ``casualties_displaced`` is those tolls, each with who gives it, in the review's order:
    the research's one-line summary it replaces is not shown, and may carry a figure the review
    left out (Khojaly's "83 children", where Azerbaijan's own sources give 63), which the data
    download would otherwise contradict the panel with.

    Parameters
    ----------
    timeline : DataFrame
        Events with ``id`` and ``casualties_displaced`` (strings).
    harm : DataFrame
        The ``civilian_harm`` table: ``event_id``, ``civilians``, ``toll``, ``given_by``.

    Examples
    --------
    >>> events = pd.DataFrame({"id": ["e", "f"], "casualties_displaced": ["83 children", "2 hurt"]})
    >>> harm = pd.DataFrame({"event_id": ["e"], "civilians": ["Azerbaijani"], "toll": ["63 children"], "given_by": ["X"]})
    >>> with_tolls_counted(events, harm)["casualties_displaced"].tolist()
    ['Azerbaijani civilians: 63 children (given by X)', '2 hurt']
    """
    counted = {
        event_id: "; ".join(f"{row['civilians']} civilians: {row['toll']} (given by {row['given_by']})"
                            for _, row in rows.iterrows())
        for event_id, rows in harm.groupby("event_id", sort=False)
    }
    return timeline.assign(casualties_displaced=timeline["id"].map(counted).fillna(timeline["casualties_displaced"]))


def build_timeline(research_dir: Path) -> pd.DataFrame:
    """Every event with its id, ordered by start date then id (the input order does not matter).

    Raises
    ------
    ValueError
        When an id is not a slug or is used twice, or a researched row has no id or two.
    """
    research = _with_ids(_read(research_dir / "timeline.csv"), _read(EVENT_IDS))
    timeline = pd.concat([research, _read(ADDED_EVENTS)], ignore_index=True)
    timeline = with_corrected_places(timeline, _read(EVENT_PLACES))
    timeline = with_project_wording(timeline, _read(EVENT_TEXTS))
    bad = [event_id for event_id in timeline["id"] if not SLUG.fullmatch(event_id)]
    duplicated = sorted(set(timeline["id"][timeline["id"].duplicated()]))
    if bad or duplicated:
        raise ValueError(f"event ids must be unique slugs: not slugs {bad}, duplicated {duplicated}")
    wrong_date = [
        event_id for event_id, date in zip(timeline["id"], timeline["date"], strict=True) if not event_id.startswith(date)
    ]
    if wrong_date:
        raise ValueError(f"event ids must begin with the event's date: {wrong_date}")
    timeline["starts"] = timeline["date"].map(starts)
    return timeline.sort_values(["starts", "id"]).reset_index(drop=True)[COLUMNS]


def build_event_numbers(timeline: pd.DataFrame) -> pd.DataFrame:
    """The ids of the events that old links named by row number.

    Raises
    ------
    ValueError
        When a number is listed twice or names an event that no longer exists.
    """
    numbers = _read(EVENT_NUMBERS)
    unknown = sorted(set(numbers["id"]) - set(timeline["id"]))
    if unknown or numbers["number"].duplicated().any():
        raise ValueError(f"{EVENT_NUMBERS.name}: unknown ids {unknown} or a number listed twice")
    return numbers

"""Where the date control puts its stops: spaced by the time between them, compressed where decades pass quietly.

Pure. Evenly spaced stops hide that 65 years separate 1923 from 1988 while five stops
fall in 2020–2024; spacing in proportion to time would crowd those five into a few
pixels. Gaps grow with the square root of the years between stops: the order and the
rough distance in time read, and no two stops merge.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math

SCALE_MAX = 1000  # positions are integers from 0 to this (a slider's min and max)
MIN_GAP_SHARE = 0.025  # no two stops closer than this share of the scale


def stop_positions(stops: list[dt.date]) -> list[int]:
    """Each stop's position on the control, 0 for the first and :data:`SCALE_MAX` for the last.

    Parameters
    ----------
    stops : list of date
        Strictly increasing.

    Examples
    --------
    >>> stop_positions([dt.date(1923, 7, 7), dt.date(1988, 2, 20), dt.date(1991, 11, 26), dt.date(2024, 1, 1)])
    [0, 514, 638, 1000]
    """
    if len(stops) < 2:
        return [0] * len(stops)
    gaps = [math.sqrt((later - earlier).days / 365.25) for earlier, later in itertools.pairwise(stops)]
    floor = MIN_GAP_SHARE * sum(gaps) / (1 - MIN_GAP_SHARE * len(gaps))
    gaps = [max(gap, floor) for gap in gaps]
    total, positions, run = sum(gaps), [0], 0.0
    for gap in gaps:
        run += gap
        positions.append(round(SCALE_MAX * run / total))
    return positions


def stop_labels(stops: list[dt.date]) -> list[str]:
    """Each stop's label: "Today" for the last; else as short as tells it apart from its neighbours.

    The year where it has one stop, the month and year where its month has one, else the day too.

    Examples
    --------
    >>> stop_labels([dt.date(1994, 5, 12), dt.date(2020, 9, 27), dt.date(2020, 10, 3), dt.date(2020, 10, 9),
    ...              dt.date(2026, 1, 1)])
    ['1994', 'Sep 2020', '3 Oct 2020', '9 Oct 2020', 'Today']
    """
    years = [stop.year for stop in stops]
    months = [(stop.year, stop.month) for stop in stops]

    def label(stop: dt.date) -> str:
        if years.count(stop.year) == 1:
            return str(stop.year)
        if months.count((stop.year, stop.month)) == 1:
            return stop.strftime("%b %Y")
        return f"{stop.day} {stop:%b %Y}"

    return [label(stop) for stop in stops[:-1]] + ["Today"] * bool(stops)

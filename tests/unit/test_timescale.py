"""The date control's stops: spaced by time, compressed where decades pass, never merged."""

from __future__ import annotations

import datetime as dt
import itertools

from karabakh_map.model.periods import stops
from karabakh_map.model.timescale import MIN_GAP_SHARE, SCALE_MAX, stop_labels, stop_positions
from paths import TODAY


def test_stops_are_spaced_by_time_and_never_closer_than_the_minimum(atlas):
    dates = stops(atlas, TODAY)
    positions = stop_positions(dates)
    assert positions[0] == 0 and positions[-1] == SCALE_MAX
    gaps = [b - a for a, b in itertools.pairwise(positions)]
    assert min(gaps) >= MIN_GAP_SHARE * SCALE_MAX - 1
    # 1923 → 1988 (65 years) is the widest gap; the war's days the narrowest; a longer time never a shorter gap.
    days = [(b - a).days for a, b in itertools.pairwise(dates)]
    assert gaps.index(max(gaps)) == days.index(max(days))
    assert gaps[days.index(min(days))] <= min(gaps) + 1  # positions are rounded to whole units
    assert all(gap_a <= gap_b + 1 for (day_a, gap_a), (day_b, gap_b) in itertools.product(zip(days, gaps, strict=True), repeat=2)
               if day_a < day_b)
    assert gaps != [gaps[0]] * len(gaps)  # not evenly spaced


def test_labels_say_the_year_or_the_month_where_a_year_has_two_stops():
    dates = [dt.date(1994, 5, 12), dt.date(2020, 9, 27), dt.date(2020, 11, 10), dt.date(2026, 1, 1)]
    assert stop_labels(dates) == ["1994", "Sep 2020", "Nov 2020", "Today"]

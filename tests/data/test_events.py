"""Events: stable ids, old numbered links, and captions that carry the date of what they describe."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pandas as pd
import pytest

from components import text_of
from karabakh_map.build.tables import build_tables
from karabakh_map.build.timeline import SLUG
from karabakh_map.model.formatting import format_date, format_period
from karabakh_map.model.periods import caption_on, covered_dates, event_ids, event_spans, stops
from karabakh_map.model.view_state import parse_query
from karabakh_map.paths import RESEARCH
from karabakh_map.ui.time import event_details
from paths import TODAY


def test_every_event_has_a_unique_slug_that_starts_with_its_date(atlas):
    timeline = atlas.tables["timeline"]
    assert timeline["id"].is_unique
    for event_id, row in timeline.iterrows():
        assert SLUG.fullmatch(event_id) and event_id.startswith(row["date"]), event_id
    assert "2020-11-08-shusha-taken" in timeline.index


def test_an_old_numbered_link_and_its_slug_open_the_same_event(atlas):
    accepted = event_ids(atlas)
    old, _ = parse_query("?event=44", set(), event_ids=accepted)
    new, notices = parse_query("?event=2020-11-08-shusha-taken", set(), event_ids=accepted)
    assert old.event == new.event == "2020-11-08-shusha-taken" and not notices
    # Every old number (a row of the table before ids were slugs) still names an event.
    numbers = atlas.tables["event_numbers"]
    assert list(numbers["number"]) == [str(n) for n in range(len(numbers))]
    assert {accepted[number] for number in numbers["number"]} <= set(atlas.tables["timeline"].index)
    assert parse_query("?event=999", set(), event_ids=accepted)[0].event is None


@pytest.mark.parametrize(
    ("number", "date", "words"),
    [("0", "1921-07-04", "votes 4–3"), ("5", "1988-02-27", "Sumgait"), ("17", "1992-02-25", "Khojaly"),
     ("44", "2020-11-08", "take Shusha"), ("64", "2025-09-01", "Minsk Process")],
)
def test_old_numbers_name_the_event_that_row_held(atlas, number, date, words):
    row = atlas.tables["timeline"].loc[event_ids(atlas)[number]]
    assert row["date"] == date and words in row["event"]


def test_the_timeline_row_order_does_not_matter(tmp_path):
    research = tmp_path / "research"
    shutil.copytree(RESEARCH, research)
    rows = pd.read_csv(research / "timeline.csv", dtype=str, keep_default_na=False)
    rows.sample(frac=1, random_state=7).to_csv(research / "timeline.csv", index=False)
    shuffled = build_tables(research)
    original = build_tables(RESEARCH)
    for name in ("timeline", "event_numbers", "date_stops"):
        pd.testing.assert_frame_equal(shuffled[name], original[name])


def test_an_event_opens_with_its_own_date_and_text(atlas):
    for event_id, row in atlas.tables["timeline"].iterrows():
        caption = caption_on(atlas, dt.date.fromisoformat(row["starts"]), TODAY, event_id)
        assert caption == f"{format_period(row['date'], row['date_end'])}: {row['event']}"
        article = text_of(event_details(atlas, event_id))
        assert article.startswith(format_period(row["date"], row["date_end"])) and row["event"] in article


def test_each_stop_caption_states_the_date_of_the_events_it_describes(atlas):
    timeline = atlas.tables["timeline"]
    for _, stop in atlas.tables["date_stops"].iterrows():
        events = timeline.loc[stop["events"].split(";")]
        day = dt.date.fromisoformat(stop["date"])
        named = f"{day.day} {day:%b}"
        assert any(
            stop["date"] in (row["date"], row["date_end"]) or named in row["event"] for _, row in events.iterrows()
        ), stop["date"]
        assert caption_on(atlas, day, TODAY) == f"{format_date(stop['date'])}: {stop['caption']}"
        if (day + dt.timedelta(days=1)).isoformat() not in set(atlas.tables["date_stops"]["date"]):  # 3 and 4 Oct 2020
            assert caption_on(atlas, day + dt.timedelta(days=1), TODAY).startswith(f"Since {format_date(stop['date'])}: ")


def test_captions_between_stops_name_the_last_stop_never_the_chosen_date(atlas):
    all_stops = stops(atlas, TODAY)[:-1]
    day = all_stops[0]
    while day <= TODAY:
        caption = caption_on(atlas, day, TODAY)
        stated = re.match(r"(?:Since )?(\d{1,2} \w{3} \d{4}): ", caption).group(1)
        last = max(stop for stop in all_stops if stop <= day)
        assert stated == format_date(last.isoformat()), (day, caption)
        day += dt.timedelta(days=29)
    assert caption_on(atlas, TODAY, TODAY).startswith("Since 1 Jan 2024: ")


def test_every_event_opens_on_its_own_date_with_a_map_of_that_date(atlas):
    """An event opens on its own date; one before the first state the map draws (1921) on that state's, saying so."""
    dates = covered_dates(atlas, TODAY)
    for event_id, row in atlas.tables["timeline"].iterrows():
        state, notices = parse_query(f"?event={event_id}", (), event_ids=event_ids(atlas), dates=dates,
                                     event_spans=event_spans(atlas))
        period = format_period(row["date"], row["date_end"])
        assert caption_on(atlas, state.on(TODAY), TODAY, event_id).startswith(period)
        if row["starts"] >= "1923-07-07":
            assert notices == [] and state.date == row["starts"], event_id
        else:
            assert state.date == "1923-07-07", event_id
            assert notices == [f"The map begins on 7 July 1923; the event shown, of {period}, comes before it. "
                               "Showing 7 July 1923."]



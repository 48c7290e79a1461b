"""Time in Chromium: the slider moves the map and the URL, event markers open their details."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from plotly_page import REGION_PATHS, lonlat_to_page, open_map

pytestmark = pytest.mark.browser


def _legend(page, text: str):
    """The map's legend entries (beside the map) that contain ``text``."""
    return page.locator("#map-legend li", has_text=text)


def test_a_date_in_the_url_opens_the_map_on_that_date(page, live_server):
    open_map(page, live_server.url + "/?date=2021-06-01")
    expect(_legend(page, "Held by the NKR/Artsakh, 2020–2023")).to_have_count(1)
    expect(_legend(page, "Lachin corridor")).to_have_count(1)
    expect(page.locator("#date-caption")).to_contain_text("Since 1 Dec 2020: Lachin district is handed back")
    expect(page.locator(REGION_PATHS)).to_have_count(17)  # 15 by default, plus the held area and the corridor


def test_moving_the_slider_changes_the_map_and_the_url(page, live_server, atlas):
    open_map(page, live_server.url + "/")
    expect(_legend(page, "1994–2020")).to_have_count(0)
    thumb = page.locator("#date-slider [role=slider]")
    thumb.focus()
    page.keyboard.press("Home")  # 1923
    expect(page).to_have_url(re.compile(r"[?&]date=1923-07-07(&|$)"))
    # Stop by stop to the Bishkek ceasefire (through the first war's stops, one per district taken).
    for date in [stop for stop in atlas.tables["date_stops"]["date"] if "1923-07-07" < stop <= "1994-05-12"]:
        thumb.focus()  # the slider is redrawn with the new date: focus its thumb again
        page.keyboard.press("ArrowRight")
        expect(page).to_have_url(re.compile(rf"[?&]date={date}(&|$)"))
    expect(_legend(page, "Held by the NKR/Artsakh, 1994–2020")).to_have_count(1)
    expect(page.locator("#date-caption")).to_contain_text("Bishkek ceasefire")
    thumb.focus()
    page.keyboard.press("End")
    expect(page).not_to_have_url(re.compile(r"date="))  # today is the default: not written


def test_clicking_an_event_marker_shows_the_event(page, live_server, atlas):
    # Fuzuli retaken, 17 Oct 2020: its marker is drawn beside the town's (events at a town move aside).
    timeline = atlas.tables["timeline"]
    event = timeline[timeline["event"].str.startswith("Azerbaijan retakes Fuzuli")].iloc[0]
    open_map(page, live_server.url + f"/?date={event['starts']}")
    expect(_legend(page, "Event in this period")).to_have_count(1)
    drawn = page.evaluate("""(id) => {
        const gd = document.querySelector('#map .js-plotly-plot');
        const events = gd._fullData.find((t) => t.name === 'Events in this period');
        const i = events.customdata.findIndex((values) => values.includes('event:' + id));
        return i < 0 ? null : [events.lon[i], events.lat[i]];
    }""", event["id"])
    assert drawn is not None, "the event's marker is on the map for its date"
    page.mouse.click(*lonlat_to_page(page, *drawn))
    expect(page.locator("#event-details")).to_contain_text(event["event"][:40])
    expect(page).to_have_url(re.compile(rf"[?&]event={re.escape(event['id'])}"))


def test_a_timeline_entry_moves_the_slider_to_its_date(page, live_server):
    open_map(page, live_server.url + "/")
    page.locator("summary", has_text="Timeline of events").click()
    page.locator("#timeline-list a", has_text="Sumgait pogrom").click()
    expect(page).to_have_url(re.compile(r"\?event=1988-02-27-sumgait-pogrom$"))  # its own date: not repeated
    expect(page.locator("#event-details")).to_contain_text("32 dead (26 Armenians, 6 Azerbaijanis)")
    expect(page.locator("#event-details")).to_contain_text("Given by: Soviet official figure")
    expect(page.locator("#date-caption")).to_contain_text("27 Feb 1988")

"""Time in Chromium: the slider moves the map and the URL, event markers open their details."""

from __future__ import annotations

import re

import pytest
import shapely
from playwright.sync_api import expect

from karabakh_map.figures.frame import KARABAKH
from plotly_page import REGION_PATHS, lonlat_to_page, open_map

pytestmark = pytest.mark.browser


def _legend(page, text: str):
    """The map's legend entries (beside the map) that contain ``text``."""
    return page.locator("#map-legend li", has_text=text)


def test_a_date_in_the_url_opens_the_map_on_that_date(page, live_server):
    open_map(page, live_server.url + "/?date=2021-06-01")
    expect(_legend(page, "Held by the NKR/Artsakh, 2020–2023")).to_have_count(1)
    expect(_legend(page, "Lachin corridor")).to_have_count(1)
    expect(page.locator("#date-caption")).to_contain_text("Since 10 Nov 2020: The trilateral statement")
    expect(page.locator(REGION_PATHS)).to_have_count(17)  # 15 by default, plus the held area and the corridor


def test_moving_the_slider_changes_the_map_and_the_url(page, live_server):
    open_map(page, live_server.url + "/")
    expect(_legend(page, "1994–2020")).to_have_count(0)
    thumb = page.locator("#date-slider [role=slider]")
    thumb.focus()
    page.keyboard.press("Home")  # 1923
    expect(page).to_have_url(re.compile(r"[?&]date=1923-07-07(&|$)"))
    for date in ("1988-02-20", "1991-11-26", "1994-05-12"):
        thumb.focus()  # the slider is redrawn with the new date: focus its thumb again
        page.keyboard.press("ArrowRight")
        expect(page).to_have_url(re.compile(rf"[?&]date={date}(&|$)"))
    expect(_legend(page, "Held by the NKR/Artsakh, 1994–2020")).to_have_count(1)
    expect(page.locator("#date-caption")).to_contain_text("Bishkek ceasefire")
    thumb.focus()
    page.keyboard.press("End")
    expect(page).not_to_have_url(re.compile(r"date="))  # today is the default: not written


def test_clicking_an_event_marker_shows_the_event(page, live_server, atlas):
    # An event whose marker stands apart from every town marker (many share a town's point).
    towns = shapely.MultiPoint(list(atlas.layers["towns"].geometry))
    timeline = atlas.tables["timeline"]
    (lon0, lon1), (lat0, lat1) = KARABAKH.lon_range, KARABAKH.lat_range
    event = next(
        row
        for _, row in timeline[timeline["lat"] != ""].iterrows()
        if lon0 < float(row["lon"]) < lon1 and lat0 < float(row["lat"]) < lat1
        and shapely.Point(float(row["lon"]), float(row["lat"])).distance(towns) > 0.1
    )
    open_map(page, live_server.url + f"/?date={event['starts']}")
    expect(_legend(page, "Event in this period")).to_have_count(1)
    page.mouse.click(*lonlat_to_page(page, float(event["lon"]), float(event["lat"])))
    expect(page.locator("#event-details")).to_contain_text(event["event"][:40])
    expect(page).to_have_url(re.compile(r"[?&]event=\d{4}[a-z0-9-]+"))


def test_a_timeline_entry_moves_the_slider_to_its_date(page, live_server):
    open_map(page, live_server.url + "/")
    page.locator("summary", has_text="Timeline of events").click()
    page.locator("#timeline-list a", has_text="Sumgait pogrom").click()
    expect(page).to_have_url(re.compile(r"[?&]date=1988-02-27&event=1988-02-27-sumgait-pogrom"))
    expect(page.locator("#event-details")).to_contain_text("32 dead officially")
    expect(page.locator("#date-caption")).to_contain_text("27 Feb 1988")

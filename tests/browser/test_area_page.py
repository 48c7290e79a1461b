"""Area comparisons in Chromium: choose a place, see the sentence and the outline, keep it in the URL."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from plotly_page import come_near, open_map

pytestmark = pytest.mark.browser

SENTENCE = "#area-comparison .comparison-sentence"


def _choose_place(page, name: str) -> None:
    page.locator("#compare-place").click()
    page.locator("input.dash-dropdown-search").fill(name)
    page.locator(".dash-dropdown-options [role=option]", has_text=re.compile(rf"^{re.escape(name)}$")).click()


def test_choosing_a_place_updates_the_sentence_the_map_and_the_url(page, live_server):
    open_map(page, live_server.url + "/?region=nkao")
    come_near(page)
    expect(page.locator(SENTENCE)).to_contain_text("0.89 × the size of Auckland Region (NZ)")
    expect(page.locator("#map-legend li[data-class=compare]")).to_have_count(0)  # the text compares; the map does not
    _choose_place(page, "Luxembourg")
    expect(page.locator(SENTENCE)).to_contain_text("1.68 × the size of Luxembourg (2,608 km², computed from our geometry)")
    expect(page.locator("#map-legend li", has_text="Luxembourg at true size")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"[?&]compare=luxembourg(&|$)"))
    open_map(page, page.url)  # a new page: it loads as the first did, then the area follows the validated view
    come_near(page)
    expect(page.locator(SENTENCE)).to_contain_text("the size of Luxembourg", timeout=15_000)
    expect(page.locator("#map-legend li", has_text="Luxembourg at true size")).to_have_count(1)


def test_the_reverse_overlay_shows_the_region_on_the_place(page, live_server):
    open_map(page, live_server.url + "/?region=nkao&compare=luxembourg")
    come_near(page)
    expect(page.locator(SENTENCE)).to_contain_text("Luxembourg")
    expect(page.locator("#compare-inset-frame")).to_be_hidden()
    page.get_by_label("Also lay the region over the place").check()
    expect(page.locator("#compare-inset-frame")).to_be_visible()
    expect(page.locator("#compare-inset .legendtext")).to_have_text(
        ["Luxembourg", "Nagorno-Karabakh Autonomous Oblast (NKAO), 1923–1991"]
    )


def test_an_unknown_place_falls_back_with_a_notice(page, live_server):
    open_map(page, live_server.url + "/?region=nkao&compare=atlantis")
    expect(page.locator("#notice")).to_contain_text("compare")
    come_near(page)
    expect(page.locator(SENTENCE)).to_contain_text("Auckland Region")

"""The folded panels in Chromium: their content arrives when a reader opens them."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from plotly_page import open_map

pytestmark = pytest.mark.browser


def test_the_context_panel_opens_with_every_party_and_its_sources(page, live_server):
    open_map(page, live_server.url + "/")
    expect(page.locator("#context-body .figure")).to_have_count(0)  # folded: not on the page yet
    page.locator("#context-summary").click()
    expect(page.locator("#context-body").get_by_role("heading", name="Azerbaijan", exact=True)).to_be_visible()
    expect(page.locator("#context-body")).to_contain_text("Given by: Armenian authorities")
    page.locator("#context-summary").click()  # folding and unfolding keeps it
    page.locator("#context-summary").click()
    expect(page.locator("#context-body").get_by_role("heading", name="Azerbaijan", exact=True)).to_be_visible()


def test_the_timeline_opens_with_every_event_and_follows_the_date(page, live_server, atlas):
    open_map(page, live_server.url + "/")
    expect(page.locator("#timeline-list li")).to_have_count(0)
    page.locator("#timeline-summary").click()
    expect(page.locator("#timeline-list li")).to_have_count(len(atlas.tables["timeline"]))
    page.locator("#timeline-list a", has_text="Sumgait pogrom").click()
    expect(page.locator("#timeline-list li.current").first).to_be_visible()
    expect(page.locator("#date-caption")).to_contain_text("27 Feb 1988")

"""The population panel in Chromium: it follows the selection, toggles, and downloads its table."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import expect

from plotly_page import click_region, come_near, open_map

pytestmark = pytest.mark.browser

CHART = "#population-chart"


def _x_labels(page) -> list[str]:
    return page.locator(f"{CHART} .xtick text").all_text_contents()


def test_the_chart_follows_a_map_click_and_the_region_list(page, live_server, atlas):
    open_map(page, live_server.url + "/?region=azerbaijan")
    come_near(page, "Who lived there")
    expect(page.locator("#population-title")).to_have_text("Azerbaijan")
    expect(page.locator(f"{CHART} .xtick text")).to_have_count(4)
    page.locator("#map").scroll_into_view_if_needed()  # the click lands where the map is on screen
    click_region(page, atlas, "nkao")
    expect(page.locator("#population-title")).to_have_text("Nagorno-Karabakh Autonomous Oblast (NKAO), 1923–1991")
    expect(page.locator(f"{CHART} .xtick text").first).to_have_text("1926")
    assert len(_x_labels(page)) == 8
    page.locator("#region-select").click()
    page.locator("input.dash-dropdown-search").fill("Armenia")
    page.get_by_role("option", name="Armenia (country)", exact=True).click()
    expect(page.locator("#population-title")).to_have_text("Armenia")
    expect(page.locator(f"{CHART} .xtick text")).to_have_text(["2001", "2011", "2022"])


def test_the_toggle_switches_to_people(page, live_server):
    open_map(page, live_server.url + "/")
    come_near(page, "Who lived there")
    expect(page.locator(f"{CHART} .ytitle")).to_have_text("Share of the census (%)")
    page.get_by_label("People").check()
    expect(page.locator(f"{CHART} .ytitle")).to_have_text("People")
    expect(page.locator(f"{CHART} .ytick text").last).not_to_have_text("100")


def test_download_csv_gives_the_table_behind_the_chart(page, live_server):
    open_map(page, live_server.url + "/")
    come_near(page, "Who lived there")
    expect(page.locator(f"{CHART} .xtick text")).to_have_count(8)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download CSV").click()
    download = download_info.value
    assert download.suggested_filename == "census-nkao.csv"
    table = pd.read_csv(io.StringIO(Path(download.path()).read_text(encoding="utf-8")))
    row = table[(table["year"] == 1989) & (table["group"] == "Armenians")].iloc[0]
    assert (row["population"], row["share_pct"]) == (145450, 76.92)
    assert table["source"].notna().all()

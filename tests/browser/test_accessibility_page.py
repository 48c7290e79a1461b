"""Accessibility in Chromium: axe-core finds nothing, and the controls are what a keyboard and a
screen reader need. axe-core comes with axe-playwright-python (a locked dev dependency): no network."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from plotly_page import REGION_PATHS, open_map

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


def axe_violations(page: Page) -> list[tuple[str, str, list]]:
    """axe-core's violations on the page as it is: (rule, impact, the elements' selectors)."""
    page.wait_for_load_state("networkidle")
    violations = Axe().run(page).response["violations"]
    return [(v["id"], v["impact"], [node["target"] for node in v["nodes"]]) for v in violations]


@pytest.mark.parametrize("viewport", [{"width": 480, "height": 320}, PHONE], ids=["480x320", "phone"])
def test_the_embed_page_has_no_axe_violations(browser, live_server, viewport):
    page = browser.new_page(viewport=viewport)
    page.goto(live_server.url + "/embed?region=nkao")
    expect(page.locator(REGION_PATHS).first).to_be_visible(timeout=30_000)
    assert axe_violations(page) == []
    page.close()


@pytest.mark.parametrize("path", ["/", "/embed"])
def test_the_map_modebar_offers_download_zoom_and_reset_only(page, live_server, path):
    open_map(page, live_server.url + path)
    buttons = page.locator("#map .modebar-btn")
    expect(buttons).to_have_count(4)
    titles = [buttons.nth(i).get_attribute("data-title") for i in range(4)]
    assert titles == ["Download plot as a PNG", "Zoom in", "Zoom out", "Reset"]

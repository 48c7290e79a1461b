"""Accessibility in Chromium: axe-core finds nothing, and the controls are what a keyboard and a
screen reader need. axe-core comes with axe-playwright-python (a locked dev dependency): no network."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from plotly_page import REGION_PATHS, come_near, open_map

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
# The font size (px) of every shown HTML element that holds text of its own (the map's SVG labels aside).
VISIBLE_TEXT_SIZES = """() => [...document.querySelectorAll('body *')]
    .filter((e) => !e.closest('svg') && e.checkVisibility()
        && [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
    .map((e) => parseFloat(getComputedStyle(e).fontSize))"""


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
    # Lighthouse's legible font sizes: no shown text below 12 px (the sources line was 10 px), nor in the legend.
    sizes = page.evaluate(VISIBLE_TEXT_SIZES)
    page.get_by_text("Legend", exact=True).click()
    expect(page.locator(".legend-panel .legend-entry").first).to_be_visible()
    opened = page.evaluate(VISIBLE_TEXT_SIZES)
    assert min(sizes) >= 12 and len(opened) > len(sizes) and min(opened) >= 12
    page.close()


@pytest.mark.parametrize("path", ["/", "/embed"])
def test_the_map_modebar_offers_zoom_and_reset_only(page, live_server, path):
    # No bare-map download: it had no title, date, legend or sources (the export panel's images do).
    open_map(page, live_server.url + path)
    buttons = page.locator("#map .modebar-btn")
    expect(buttons).to_have_count(3)
    titles = [buttons.nth(i).get_attribute("data-title") for i in range(3)]
    assert titles == ["Zoom in", "Zoom out", "Reset"]


def _open_every_panel(page: Page) -> None:
    """Open every folded panel as a reader would, and wait until the lazily filled ones are filled."""
    for summary in page.locator("details > summary").all():
        if summary.is_visible():
            summary.click()
    expect(page.locator("#map-list .map-item").first).to_be_visible()
    expect(page.locator("#timeline-list li").first).to_be_visible()
    expect(page.locator("#context-body h3").first).to_be_visible()


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, PHONE], ids=["desktop", "phone"])
def test_the_dashboard_has_no_axe_violations_by_default_with_a_selection_and_with_every_panel_open(
    browser, live_server, viewport
):
    page = browser.new_page(viewport=viewport)
    open_map(page, live_server.url + "/")
    assert axe_violations(page) == []
    # A region, a place laid over it, an event: every panel filled.
    page.goto(live_server.url + "/?region=nkao&compare=luxembourg&event=2020-11-09-trilateral-statement")
    expect(page.locator("#region-details h2")).to_contain_text("NKAO")
    expect(page.locator("#event-details article")).to_be_visible()
    _open_every_panel(page)
    come_near(page)  # the area and population sections are drawn when the reader comes near them
    page.get_by_label("Also lay the region over the place").check()
    expect(page.locator("#compare-inset-frame")).to_be_visible()
    expect(page.locator("#population-chart .xtick text").first).to_be_visible()
    assert axe_violations(page) == []
    page.close()


def _focused(page: Page) -> dict:
    return page.evaluate(
        """() => { const e = document.activeElement;
            return {tag: e.tagName, text: (e.textContent || '').trim(), role: e.getAttribute('role')}; }"""
    )


def tab_to(page: Page, matches, limit: int = 250) -> dict:
    """Press Tab until the focused element satisfies ``matches`` (a predicate on its tag, text and role)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = _focused(page)
        if matches(focused):
            return focused
    raise AssertionError(f"nothing matched within {limit} tab stops")


def map_name(page: Page) -> str:
    """The map's accessible name, as the accessibility tree computes it."""
    return page.locator("#map-figure").evaluate(
        "e => e.getAttribute('aria-labelledby').split(' ').map(id => document.getElementById(id).textContent).join(' ')"
    )


def test_by_keyboard_alone_select_the_nkao_open_an_event_change_the_date_and_export_a_png(page, live_server):
    open_map(page, live_server.url + "/")
    overview = map_name(page)
    assert overview.startswith("Map of Nagorno-Karabakh and its surroundings") and "highlighting" not in overview
    expect(page.get_by_role("figure", name=overview)).to_be_visible()

    tab_to(page, lambda f: f["tag"] == "SUMMARY" and f["text"].startswith("Regions, towns and events"))
    page.keyboard.press("Enter")
    tab_to(page, lambda f: f["tag"] == "BUTTON" and "(NKAO)" in f["text"])
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"region=nkao"))
    expect(page.locator("#selection-announcement")).to_contain_text("Selected: Nagorno-Karabakh Autonomous Oblast")
    expect(page.locator("#map-caption")).to_contain_text("highlighting Nagorno-Karabakh Autonomous Oblast")
    nkao = page.locator("#map-list").get_by_role("button", name=re.compile(r"\(NKAO\)"))
    expect(nkao).to_have_attribute("aria-pressed", "true")
    expect(nkao).to_be_focused()  # the list follows the view without losing the reader's place

    # The date: the slider's thumb, named, one stop back (today's stop has no events).
    named = map_name(page)
    tab_to(page, lambda f: f["role"] == "slider")
    slider = page.get_by_role("slider", name="Date shown on the map")
    expect(slider).to_have_attribute("aria-valuetext", re.compile(r"^\d{1,2} \w+ \d{4} \(today\)$"))
    page.keyboard.press("ArrowLeft")
    expect(page).to_have_url(re.compile(r"date=\d{4}-\d{2}-\d{2}"))
    expect(page.locator("#map-caption")).not_to_have_text(named)
    expect(slider).to_have_attribute("aria-valuetext", re.compile(r"^\d{1,2} \w+ 2024$"))

    # One of the date's events, from the same list (Shift+Tab: the list is above the slider).
    for _ in range(250):
        page.keyboard.press("Shift+Tab")
        if re.match(r"\d{4}-\d{2}-\d{2}:", _focused(page)["text"]):
            break
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"event="))
    expect(page.locator("#event-details article")).to_be_visible()
    expect(page.locator("#selection-announcement")).to_contain_text("Event of ")

    tab_to(page, lambda f: f["tag"] == "SUMMARY" and f["text"] == "Export and embed")
    page.keyboard.press("Enter")
    expect(page.locator("#export-panel a.export-link").first).to_be_visible()  # filled when opened
    tab_to(page, lambda f: f["tag"] == "A" and f["text"].startswith("PNG"))
    with page.expect_download(timeout=90_000) as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.startswith("karabakh-map-nkao-")
    with open(download.value.path(), "rb") as image:
        assert image.read(8) == b"\x89PNG\r\n\x1a\n"


def test_the_region_search_is_named_by_its_label_and_works_from_the_keyboard(page, live_server):
    open_map(page, live_server.url + "/")
    tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"].startswith("Type a name"))
    expect(page.get_by_role("button", name=re.compile(r"^Find a region or town"))).to_be_focused()
    page.keyboard.press("Enter")
    # Keys sent before the opened search box has the focus go to the button and are lost ("yumri").
    search = page.get_by_role("searchbox", name="Search")
    expect(search).to_be_focused()
    # Typed as a person types: dcc.Dropdown's search box may drop keys sent faster than it renders.
    page.keyboard.type("Gyumri", delay=80)
    expect(search).to_have_value("Gyumri")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"region=gyumri"))

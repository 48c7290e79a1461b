"""The sections below the fold in Chromium: not drawn with the page, drawn when the reader comes near
them (scrolling, or the Tab key), then following the view like the rest."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from plotly_page import come_near, open_map

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}  # both sections start screens below the fold
SECTIONS = "#react-entry-point [data-drawn-when-near]"
SENTENCE = "#area-comparison .comparison-sentence"


def _panel_requests(page: Page) -> list[str]:
    """The outputs of every callback request the page sends for the area or population section."""
    sent = []

    def record(request):
        if request.method == "POST" and "_dash-update-component" in request.url:
            output = json.loads(request.post_data)["output"]
            if "area-comparison" in output or "population-chart" in output:
                sent.append(output)

    page.on("request", record)
    return sent


def _elements(page: Page) -> int:
    return page.evaluate(f"() => [...document.querySelectorAll('{SECTIONS}')].reduce((n, s) => n + "
                         "s.getElementsByTagName('*').length, 0)")


def test_the_sections_below_the_fold_are_drawn_when_scrolled_near(browser, live_server):
    page = browser.new_page(viewport=PHONE)
    sent = _panel_requests(page)
    open_map(page, live_server.url + "/?region=nkao&compare=luxembourg")
    page.wait_for_load_state("networkidle")
    assert sent == []
    expect(page.locator("#compare-ranking *")).to_have_count(0)
    expect(page.locator("#population-chart *")).to_have_count(0)
    before = _elements(page)

    come_near(page)
    expect(page.locator(SENTENCE)).to_contain_text("the size of Luxembourg")  # the link's place
    expect(page.locator("#compare-ranking .bars path").first).to_be_attached()
    expect(page.locator("#population-chart .xtick text")).to_have_count(8)
    assert len(sent) == 2
    assert _elements(page) > before + 300  # most of the page's elements were waiting for the reader
    page.close()


def test_a_keyboard_reaching_the_area_section_draws_it(browser, live_server):
    page = browser.new_page(viewport=PHONE)
    open_map(page, live_server.url + "/?region=nkao")
    expect(page.locator(SENTENCE)).to_have_count(0)
    for _ in range(250):
        page.keyboard.press("Tab")
        if page.evaluate("() => !!document.activeElement.closest('.area-panel')"):
            break
    else:
        raise AssertionError("the Tab key never reached the area section")
    expect(page.locator(SENTENCE)).to_contain_text("Auckland Region")
    page.close()


def test_once_drawn_the_sections_follow_the_view(page, live_server):
    open_map(page, live_server.url + "/?region=nkao")
    come_near(page, "Who lived there")
    expect(page.locator("#population-title")).to_contain_text("NKAO")
    page.locator("#region-select").click()
    page.locator("input.dash-dropdown-search").fill("Armenia")
    page.get_by_role("option", name="Armenia (country)", exact=True).click()
    expect(page.locator("#population-title")).to_have_text("Armenia")
    expect(page.locator(SENTENCE)).to_contain_text("Armenia")


def _options_sent(page: Page, dropdown: str) -> list[int]:
    """The number of options in each answer that sets the dropdown's options."""
    options = []

    def record(response):
        if response.url.split("?")[0].endswith("/_dash-update-component") and response.status == 200:
            answer = response.json()["response"].get(dropdown, {})
            if "options" in answer:
                options.append(len(answer["options"]))

    page.on("response", record)
    return options


def test_the_region_search_gets_its_options_when_the_reader_reaches_for_it(page, live_server):
    options = _options_sent(page, "region-select")
    open_map(page, live_server.url + "/?region=nkao")
    page.wait_for_load_state("networkidle")
    assert options == [1]  # the shown region, which the dropdown needs to show it
    expect(page.locator("#region-select")).to_contain_text("(NKAO)")
    page.locator("#region-select").click()
    page.locator("input.dash-dropdown-search").fill("Goris")
    expect(page.locator(".dash-dropdown-options [role=option]")).to_have_text(["Goris (town)"])
    assert len(options) == 2 and options[1] > 100



def test_the_place_to_compare_with_gets_its_options_when_the_reader_reaches_for_it(page, live_server):
    options = _options_sent(page, "compare-place")
    open_map(page, live_server.url + "/?compare=luxembourg")
    page.wait_for_load_state("networkidle")
    assert options == [1]  # the place shown, which the dropdown needs to show it
    come_near(page)
    expect(page.locator("#compare-place")).to_contain_text("Luxembourg")
    page.locator("#compare-place").click()
    page.locator("input.dash-dropdown-search").fill("Auckl")
    expect(page.locator(".dash-dropdown-options [role=option]")).to_have_text(["Auckland Region (NZ)"])
    assert len(options) == 2 and options[1] > 50

def test_on_a_wide_screen_the_sections_drawn_at_once_move_nothing(browser, live_server):
    """At 1350×940 both sections start on screen: their charts take the place kept for them, and the
    static first paint gives way only once the page is filled (no layout shift, as Lighthouse counts)."""
    page = browser.new_page(viewport={"width": 1350, "height": 940})
    page.add_init_script("""window.shifts = [];
        new PerformanceObserver((list) => list.getEntries().forEach((e) => {
            if (!e.hadRecentInput) window.shifts.push(e.value);
        })).observe({type: 'layout-shift', buffered: true});""")
    open_map(page, live_server.url + "/")
    expect(page.locator("#compare-ranking .bars path").first).to_be_attached()
    expect(page.locator("#population-chart .xtick text").first).to_be_attached()
    page.wait_for_load_state("networkidle")
    assert sum(page.evaluate("window.shifts")) < 0.005
    page.close()

"""Selecting regions in Chromium: mouse, keyboard, the URL, the back button, hostile links."""

from __future__ import annotations

import datetime as dt
import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest
import shapely
from playwright.sync_api import expect

from karabakh_map.model.formatting import format_number
from karabakh_map.model.view_state import DEFAULT_LAYERS, ViewState
from plotly_page import REGION_PATHS, click_region, lonlat_to_page, open_map, quiet_point

pytestmark = pytest.mark.browser

DETAILS = "#region-details"


def _query(page) -> dict:
    return {key: values[0] for key, values in parse_qs(urlsplit(page.url).query).items()}


def _expect_region(page, region: str, title: str) -> None:
    expect(page.locator(f"{DETAILS} h2")).to_have_text(title)
    expect(page).to_have_url(re.compile(rf"[?&]region={re.escape(region)}(&|$)"))


@pytest.mark.parametrize(
    ("region", "title"),
    [
        ("nkao", "Nagorno-Karabakh Autonomous Oblast (NKAO), 1923–1991"),
        ("armenia", "Armenia"),
        ("kalbajar", "Kalbajar / Karvachar District"),
    ],
)
def test_a_mouse_click_selects_a_region_and_reloading_restores_it(page, live_server, atlas, region, title):
    open_map(page, live_server.url + "/")
    click_region(page, atlas, region)
    _expect_region(page, region, title)
    expect(page.locator(DETAILS)).to_contain_text("Source:")
    page.reload()
    _expect_region(page, region, title)
    expect(page.locator("#map .scattergeo path.js-line").first).to_be_attached()  # the outline of the selection


def test_a_click_in_kalbajar_s_1992_gain_selects_the_nkao_whose_land_it_was(page, live_server, atlas):
    """Today's Kalbajar rayon took in part of the NKAO's Mardakert district on 13 Oct 1992; the map draws the
    district in its Soviet-era borders, so a click there selects the NKAO and Kalbajar's area leaves it out."""
    kalbajar = atlas.layers["districts"].loc["kalbajar"]
    rayon = atlas.layers["provinces"].loc[kalbajar["province_id"]].geometry
    gain = shapely.intersection(rayon, atlas.layers["nkao"].geometry.iloc[0])
    gain = max((part for part in shapely.get_parts(gain) if part.geom_type == "Polygon"), key=lambda part: part.area)
    deepest = shapely.get_point(shapely.maximum_inscribed_circle(gain), 0)  # about 10 km from every border
    open_map(page, live_server.url + "/?region=kalbajar")
    area = page.locator(f"{DETAILS} section", has=page.get_by_role("heading", name="Area", exact=True))
    expect(area).to_contain_text(f"{format_number(round(kalbajar['area_km2']))} km²")
    expect(area).to_contain_text("1,936 km²")
    expect(area).not_to_contain_text(format_number(round(atlas.layers["provinces"].loc[kalbajar["province_id"], "area_km2"])))
    page.mouse.click(*lonlat_to_page(page, deepest.x, deepest.y))
    _expect_region(page, "nkao", "Nagorno-Karabakh Autonomous Oblast (NKAO), 1923–1991")


def test_the_back_button_steps_through_selections(page, live_server, atlas):
    open_map(page, live_server.url + "/")
    click_region(page, atlas, "armenia")
    _expect_region(page, "armenia", "Armenia")
    # Aimed until the hover names it: the map may still be reframing on Armenia, and a click aimed at the
    # old frame landed elsewhere (once in a full run under load).
    page.mouse.click(*_hover_until_named(page, atlas, "nkao"))
    _expect_region(page, "nkao", "Nagorno-Karabakh Autonomous Oblast (NKAO), 1923–1991")
    page.go_back()
    _expect_region(page, "armenia", "Armenia")
    page.go_back()
    expect(page.locator(f"{DETAILS} h2")).to_have_text("About this map")


def test_keyboard_only_selection(page, live_server):
    open_map(page, live_server.url + "/")
    dropdown = page.locator("#region-select")
    for _ in range(10):  # Tab from the top of the page to the region list
        page.keyboard.press("Tab")
        if dropdown.evaluate("element => element === document.activeElement"):
            break
    expect(dropdown).to_be_focused()
    page.keyboard.press("Enter")  # opens the list with its search box focused
    expect(page.locator("input.dash-dropdown-search")).to_be_focused()
    page.keyboard.type("Goris")
    expect(page.locator(".dash-dropdown-options [role=option]")).to_have_text(["Goris (town)"])  # filtered
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    _expect_region(page, "goris", "Goris")
    link = page.locator(f"{DETAILS} .also-here a").first
    link.focus()
    page.keyboard.press("Enter")
    _expect_region(page, "armenia", "Armenia")


def test_the_naming_convention_switches_map_panel_and_list(page, live_server):
    open_map(page, live_server.url + "/?region=stepanakert_khankendi")
    expect(page.locator(f"{DETAILS} h2")).to_have_text("Stepanakert / Khankendi")
    page.get_by_label("Azerbaijani usage").check()
    expect(page.locator(f"{DETAILS} h2")).to_have_text("Khankendi")
    assert _query(page) == {"region": "stepanakert_khankendi", "names": "az"}
    expect(page.locator("#map g.trace.scattergeo text", has_text=re.compile(r"^Khankendi$"))).to_have_count(1)
    expect(page.locator("#region-select")).to_contain_text("Khankendi (town)")
    page.get_by_label("Armenian usage").check()
    expect(page.locator(f"{DETAILS} h2")).to_have_text("Stepanakert")
    expect(page.locator("#map g.trace.scattergeo text", has_text=re.compile(r"^Berdzor$"))).to_have_count(1)


def test_the_layer_toggle_shows_provinces(page, live_server, atlas):
    open_map(page, live_server.url + "/")
    default_paths = page.locator(REGION_PATHS).count()
    page.locator("summary", has_text="Layers").click()
    page.get_by_label("Provinces and rayons").check()
    expect(page.locator(REGION_PATHS)).to_have_count(default_paths + len(atlas.layers["provinces"]))
    assert _query(page)["layers"] == "provinces,districts,nkao,towns"
    page.reload()
    expect(page.locator(REGION_PATHS)).to_have_count(default_paths + len(atlas.layers["provinces"]))
    assert ViewState().layers == DEFAULT_LAYERS


@pytest.mark.parametrize(
    ("query", "parameters"),
    [
        ("?region=../../etc&names=xx", ["region", "names"]),
        ("?region=" + "x" * 10_000, ["region"]),
        ("?layers=%3Cscript%3Ealert(1)%3C/script%3E", ["layers"]),
    ],
    ids=["traversal-and-bad-names", "10kB", "script"],
)
def test_a_hostile_link_shows_a_notice_and_the_default_view(page, live_server, query, parameters):
    open_map(page, live_server.url + "/" + query)
    notice = page.locator("#notice")
    expect(notice).to_be_visible()
    for parameter in parameters:
        expect(notice).to_contain_text(parameter)
    expect(page.locator(REGION_PATHS)).to_have_count(15)
    expect(page.locator(f"{DETAILS} h2")).to_have_text("About this map")
    page.get_by_role("button", name="Dismiss").click()
    expect(notice).to_be_hidden()
    assert "Traceback" not in live_server.log
    assert not re.search(r'" 5\d\d ', live_server.log)


def test_clicking_a_town_marker_selects_the_town(page, live_server, atlas):
    open_map(page, live_server.url + "/")
    goris = atlas.layers["towns"].loc["goris"].geometry
    page.mouse.click(*lonlat_to_page(page, goris.x, goris.y))
    _expect_region(page, "goris", "Goris")
    expect(page.locator(DETAILS)).to_contain_text("Last figure, 2011")


def test_a_town_marker_leads_to_the_events_placed_at_the_town(page, live_server, atlas):
    """An event's marker sits under its town's, where a click selects the town: its panel lists them."""
    open_map(page, live_server.url + "/")
    shusha = atlas.layers["towns"].loc["shusha_shushi"].geometry
    page.mouse.click(*lonlat_to_page(page, shusha.x, shusha.y))
    _expect_region(page, "shusha_shushi", "Shusha / Shushi")
    page.locator(f"{DETAILS} a", has_text="Azerbaijani forces take Shusha").click()
    expect(page).to_have_url(re.compile(r"region=shusha_shushi&event=2020-11-08-shusha-taken$"))  # its own date: not repeated
    expect(page.locator("#event-details")).to_contain_text("Azerbaijani forces take Shusha")
    expect(page.locator("#date-caption")).to_contain_text("8 Nov 2020")


def _drawn_overlays(page) -> list:
    """The selection and comparison traces as the page's plotly.js holds them."""
    return page.evaluate(
        """() => document.querySelector('#map .js-plotly-plot').data
                .filter(t => ['selection', 'compare', 'compare-parts'].includes(t.uid))
                .map(t => [t.uid, Array.from(t.lon || []), t.name || null])"""
    )


def test_quick_successive_selections_end_with_map_panel_and_url_on_the_last(page, live_server, atlas):
    """The map travels as Patches from what it draws: however the answers interleave, the map,
    the panel and the URL end on the last selection."""
    from karabakh_map.figures.map import OVERLAY_UIDS
    from karabakh_map.ui.map import MapFigures

    open_map(page, live_server.url + "/")
    page.evaluate("""() => {
        window.callbacksInFlight = 0;
        const fetchOriginal = window.fetch;
        window.fetch = (...args) => {
            window.callbacksInFlight += 1;
            return fetchOriginal(...args).finally(() => { window.callbacksInFlight -= 1; });
        };
    }""")
    clicked = ("nkao", "armenia", "kalbajar")
    overlays = {
        region: [
            [t["uid"], t["lon"], t.get("name")]
            for t in MapFigures(atlas, lambda layer, level: layer).figure(ViewState(region=region), dt.date.today())["data"]
            if t.get("uid") in OVERLAY_UIDS
        ]
        for region in clicked
    }
    for region in clicked:  # no waiting between clicks: answers interleave
        click_region(page, atlas, region)
    # Then one more, once plotly.js hovers the place: a click right after a move may report
    # the point hovered before it, so only this last click decides where the page must end.
    # Aimed once the quick clicks' answers are in: until then the map may still be reframed under the pointer.
    page.wait_for_function("() => window.callbacksInFlight === 0")
    x, y = _hover_until_named(page, atlas, "kalbajar")
    page.mouse.click(x, y)
    page.wait_for_function(
        """([outline, title]) => {
            const gd = document.querySelector('#map .js-plotly-plot');
            return window.callbacksInFlight === 0
                && new URLSearchParams(location.search).get('region') === 'kalbajar'
                && gd.data.find(t => t.uid === 'selection').lon.length === outline
                && document.querySelector('#region-details h2').textContent === title;
        }""",
        arg=[len(overlays["kalbajar"][0][1]), atlas.label("kalbajar", "both")],
    )
    assert _drawn_overlays(page) == overlays["kalbajar"]
    # Back to nothing selected (quick clicks may share history entries): the overlays empty again.
    while page.evaluate("() => location.search.includes('region=')"):
        page.go_back()
    expect(page.locator(f"{DETAILS} h2")).to_have_text("About this map")
    page.wait_for_function(
        "() => document.querySelector('#map .js-plotly-plot').data.find(t => t.uid === 'selection').lon.length === 0"
    )
    assert [lons for _, lons, _ in _drawn_overlays(page)] == [[], [], []]


@pytest.mark.parametrize(
    ("typed", "found"),
    [("Xankəndi", "Stepanakert / Khankendi (town)"), ("Ստեփանակերտ", "Stepanakert / Khankendi (town)"),
     ("Степанакерт", "Stepanakert / Khankendi (town)"), ("Şuşa", "Shusha / Shushi (town)"),
     ("Naxçıvan", "Nakhchivan (city) (town)"), ("Laçın", "Lachin / Berdzor (town)")],
)
def test_the_region_search_finds_a_place_by_any_of_its_names(page, live_server, typed, found):
    open_map(page, live_server.url + "/")
    page.locator("#region-select").click()
    page.locator("input.dash-dropdown-search").fill(typed)
    expect(page.locator(".dash-dropdown-options [role=option]", has_text=found)).to_have_count(1)
    page.locator(".dash-dropdown-options [role=option]", has_text=found).click()
    expect(page.locator(f"{DETAILS} h2")).to_have_text(found.rsplit(" (", 1)[0])


def _hover_until_named(page, atlas, region: str, timeout_s: float = 30) -> tuple[float, float]:
    """Point at a region until plotly.js's hover names it, aiming anew each time (a last answer may still move the map)."""
    hover = page.locator("#map .hoverlayer .hovertext").first
    deadline = time.monotonic() + timeout_s
    while True:
        x, y = lonlat_to_page(page, *quiet_point(atlas, region))
        page.mouse.move(x + 1, y)
        page.mouse.move(x, y)
        try:
            expect(hover).to_contain_text(atlas.label(region, "both"), timeout=3_000)
            return x, y
        except AssertionError:
            if time.monotonic() > deadline:
                raise



def test_the_address_bar_holds_the_validated_view_without_a_new_history_entry(page, live_server):
    """?region=shusha stayed in the address bar, and a refused date with it: a copied link repeated the notice."""
    open_map(page, live_server.url + "/?region=nkao")  # a link already as written is left alone
    expect(page.locator(f"{DETAILS} h2")).to_have_text("Nagorno-Karabakh Autonomous Oblast (NKAO), 1923–1991")
    assert page.url == live_server.url + "/?region=nkao"
    entries = page.evaluate("history.length")
    open_map(page, live_server.url + "/?region=shusha&compare=auckland&date=2020-02-30")
    expect(page).to_have_url(live_server.url + "/?region=shusha_shushi&compare=auckland_region")
    expect(page.locator("#notice")).to_contain_text("date=“2020-02-30”")  # said once, on screen
    expect(page.locator(f"{DETAILS} h2")).to_have_text("Shusha / Shushi")
    assert page.evaluate("history.length") == entries + 1  # the link's own entry, replaced: none pushed
    page.go_back()  # Back leaves the link, as it would any page
    expect(page).to_have_url(live_server.url + "/?region=nkao")

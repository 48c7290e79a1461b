"""Exports from the dashboard and the embed page, in Chromium."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from plotly_page import open_map

pytestmark = pytest.mark.browser


def test_the_export_control_downloads_png_and_svg_of_the_view(page, live_server):
    open_map(page, live_server.url + "/?region=nkao&date=2021-06-01")
    page.locator("summary", has_text="Export and embed").click()
    expect(page.get_by_role("link", name="PNG (screen, 2×)")).to_be_visible()
    # The server renders: no word that it cannot, and no bare-map buttons (a page style once showed them).
    expect(page.get_by_text("cannot render images")).to_be_hidden()
    expect(page.get_by_role("button", name="PNG (map only)")).to_be_hidden()
    with page.expect_download() as png_download:
        page.get_by_role("link", name="PNG (screen, 2×)").click()
    png = Path(png_download.value.path()).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (3200, 2000)
    assert png_download.value.suggested_filename == "karabakh-map-nkao-2021-06-01.png"
    with page.expect_download() as svg_download:
        page.get_by_role("link", name="SVG (vector)").click()
    svg = ET.parse(svg_download.value.path()).getroot()
    assert svg.find("{http://www.w3.org/2000/svg}desc").text.startswith("Map of Nagorno-Karabakh Autonomous Oblast")
    expect(page.locator("#embed-snippet")).to_have_value(
        f'<iframe src="{live_server.url}/embed?region=nkao&date=2021-06-01" width="800" height="560" '
        f'style="border:0" title="{page.locator(".alt-text").text_content()}" loading="lazy"></iframe>'
    )


def test_the_embed_page_draws_the_view_in_a_small_frame(browser, live_server):
    context = browser.new_context(viewport={"width": 480, "height": 320})
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(live_server.url + "/embed?region=nkao")
    expect(page.locator("#map path.choroplethlocation").first).to_be_visible(timeout=30_000)
    box = page.locator("#map .main-svg").first.bounding_box()
    assert box["width"] <= 480 and box["height"] <= 320  # follows the frame's size
    back = page.get_by_role("link", name="open the full view")
    assert back.get_attribute("href") == "/?region=nkao"
    page.wait_for_load_state("networkidle")
    assert {urlsplit(url).netloc for url in requested} == {f"127.0.0.1:{live_server.port}"}
    context.close()


def test_a_bad_export_request_is_a_400_with_a_message(page, live_server):
    response = page.request.get(live_server.url + "/export?format=gif")
    assert response.status == 400 and "format must be one of" in response.text()
    response = page.request.get(live_server.url + "/export?format=png&width=99999")
    assert response.status == 400


@pytest.fixture
def server_without_chromium(tmp_path):
    import os

    from conftest import LiveServer

    server = LiveServer(tmp_path / "server.log", env={**os.environ, "BROWSER_PATH": str(tmp_path / "none")})
    try:
        server.wait_until_ready()
        yield server
    finally:
        server.stop()


def test_without_chromium_png_and_svg_come_from_the_readers_browser(page, server_without_chromium):
    open_map(page, server_without_chromium.url + "/?region=nkao")
    page.locator("summary", has_text="Export and embed").click()
    expect(page.get_by_role("link", name="PDF (vector)")).to_have_count(0)
    expect(page.locator("#export-panel")).to_contain_text("PDF needs Chromium")
    with page.expect_download() as png_download:
        page.get_by_role("button", name="PNG (map only)").click()
    assert Path(png_download.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with page.expect_download() as svg_download:
        page.get_by_role("button", name="SVG (map only)").click()
    assert b"<svg" in Path(svg_download.value.path()).read_bytes()[:500]
    response = page.request.get(server_without_chromium.url + "/export?format=pdf")
    assert response.status == 503 and "needs Chromium" in response.text()

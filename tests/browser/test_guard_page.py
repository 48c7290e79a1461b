"""The callback guard lets through everything the real page sends: every request Chromium makes
to /_dash-update-component while a reader uses the dashboard is answered 200 or 204."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from karabakh_map.server import guard
from karabakh_map.ui import ids
from plotly_page import click_region, open_map

pytestmark = pytest.mark.browser


def test_the_guard_accepts_every_callback_request_of_the_page(page, live_server, atlas):
    answered = []  # (callback key, status)
    depths = []

    def record(response):
        if response.url.split("?")[0].endswith("/_dash-update-component"):
            answered.append((json.loads(response.request.post_data)["output"], response.status))
            depths.append(guard.nesting_depth(response.request.post_data_buffer))

    page.on("response", record)
    open_map(page, live_server.url + "/?region=nowhere")  # an unknown region raises the notice
    expect(page.locator(f"#{ids.NOTICE}")).to_be_visible()
    page.locator(f"#{ids.NOTICE_CLOSE}").click()  # an allow_duplicate output
    expect(page.locator(f"#{ids.NOTICE}")).to_be_hidden()
    click_region(page, atlas, "nkao")
    expect(page.locator(f"#{ids.REGION_DETAILS} h2")).to_contain_text("Nagorno-Karabakh")
    page.locator(f"#{ids.NAMES_CONVENTION} input").nth(1).check()
    page.locator(f"#{ids.COMPARE_REVERSE} input").check()
    page.locator(f"#{ids.POPULATION_MODE} input").nth(1).check()
    page.locator(f"#{ids.TIMELINE_SUMMARY}").click()
    page.locator(f"#{ids.CONTEXT_SUMMARY}").click()
    page.locator(f"#{ids.DATE_PLAY}").click()
    page.locator(f"#{ids.DATE_PLAY}").click()
    with page.expect_download():
        page.locator(f"#{ids.POPULATION_DOWNLOAD_BUTTON}").click()
    page.wait_for_load_state("networkidle")
    refused = [(key, status) for key, status in answered if status not in (200, 204)]
    assert answered and not refused, refused
    assert any("@" in key for key, _ in answered)  # the notice's allow_duplicate output was among them
    assert "refused callback request" not in live_server.log
    print(f"deepest callback request: {max(depths)} levels, {len(answered)} requests")
    assert max(depths) <= guard.MAX_DEPTH // 2  # the limit leaves room for what the page may come to send

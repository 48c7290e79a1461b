"""The README's deployment, for real: two instances under /karabakh/ behind a proxy that does what its nginx snippet says.

The proxy (tests/server_processes.py) reads the README's ``location``, ``proxy_pass`` and
``proxy_set_header`` lines and does the same: strips the prefix, sends requests to the
two instances in turn, and forwards scheme and host as for a reader on
``https://maps.example.test``. Chromium reads the map through it, clicks regions (every
other callback lands on the other instance), frames the embed page from another site,
and the export's permalink names the public address.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from playwright.sync_api import expect

from karabakh_map.figures.frame import view_for
from karabakh_map.model.view_state import ViewState
from paths import REPO
from plotly_page import REGION_PATHS, click_region, open_map
from server_processes import ReverseProxy, ServerProcess, StaticSite

pytestmark = pytest.mark.browser

PUBLIC_HOST = "maps.example.test"
CLICKS = ["armenia", "kalbajar", "nkao", "lachin"]


def readme_nginx() -> dict:
    """What the README's nginx snippet configures: location, whether proxy_pass strips it, headers, upstreams."""
    block = re.search(r"```nginx\n(.*?)```", (REPO / "README.md").read_text(encoding="utf-8"), re.S).group(1)
    location = re.search(r"location (\S+) \{", block).group(1)
    proxy_pass = re.search(r"proxy_pass (http://[^;\s]+);", block).group(1)
    return {
        "location": location,
        "strip": re.fullmatch(r"http://[^/]+/", proxy_pass) is not None,  # a URI part replaces the location
        "headers": dict(re.findall(r"proxy_set_header (\S+) (\S+);", block)),
        "upstreams": re.findall(r"^\s*server (\S+);", block, re.M),
    }


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    nginx = readme_nginx()
    assert nginx["location"] == "/karabakh/" and len(nginx["upstreams"]) >= 2
    assert {"Host", "X-Forwarded-Proto", "X-Forwarded-For"} <= set(nginx["headers"])
    logs = tmp_path_factory.mktemp("instances")
    instances = [ServerProcess(logs / f"instance-{n}.log", "--url-prefix", "/karabakh/", "--proxy-count", "1")
                 for n in (1, 2)]
    proxy = None
    try:
        for instance in instances:
            instance.wait_until_ready()
        proxy = ReverseProxy([f"127.0.0.1:{i.port}" for i in instances], nginx["location"], nginx["strip"],
                             nginx["headers"], PUBLIC_HOST)
        yield proxy
    finally:
        if proxy:
            proxy.close()
        for instance in instances:
            instance.stop()


def test_two_instances_behind_the_readme_proxy_serve_one_reader(page, deployment, atlas):
    base = deployment.url + "/karabakh/"
    open_map(page, base)
    for region in CLICKS:
        click_region(page, atlas, region)
        expect(page.locator("#region-details h2")).to_have_text(atlas.label(region, "both"))
        expect(page).to_have_url(re.compile(rf"/karabakh/\?region={region}$"))
        # The map follows the panel a step behind: the next click is aimed once it is framed on this region.
        page.wait_for_function(
            "(west) => Math.abs(document.querySelector('#map .js-plotly-plot').layout.geo.lonaxis.range[0] - west) < 1e-6",
            arg=view_for(atlas, ViewState(region=region)).lon_range[0],
        )
    assert all(url.startswith(base) for url in page.requested_urls), [
        url for url in page.requested_urls if not url.startswith(base)]
    posts = [deployment.served[upstream, "POST"] for upstream in deployment.upstreams]
    assert min(posts) >= len(CLICKS), posts  # every click's callbacks went to both instances


def test_exports_through_the_proxy_link_to_the_public_address(page, deployment):
    response = page.request.get(deployment.url + "/karabakh/export?format=svg&region=nkao&width=600&height=400")
    assert response.status == 200
    root = ET.fromstring(response.body())
    texts = " ".join(t.text or "" for t in root.iter() if t.tag.endswith(("text", "tspan")))
    assert f"https://{PUBLIC_HOST}/karabakh/?region=nkao" in texts


def test_the_pages_own_embed_snippet_works_on_another_site_and_the_dashboard_cannot_be_framed(browser, deployment):
    base = deployment.url + "/karabakh/"
    context = browser.new_context()
    site = None
    try:
        page = context.new_page()
        open_map(page, base + "?region=nkao")
        page.locator("summary", has_text="Export and embed").click()
        snippet = page.locator("#embed-snippet").input_value()
        assert snippet.startswith(f'<iframe src="{base}embed?region=nkao" '), snippet
        site = StaticSite(
            '<!doctype html><title>A news site</title>' + snippet.replace("<iframe ", '<iframe id="embed" ', 1)
            + f'<iframe id="dashboard" src="{base}" width="800" height="500"></iframe>'
        )
        with page.expect_console_message(lambda message: "frame-ancestors" in message.text) as refusal:
            page.goto(site.url)
        # Chromium refused to frame the dashboard (it names only the origin, the embed has the same one).
        assert deployment.url in refusal.value.text and "frame-ancestors 'self'" in refusal.value.text
        embed = page.frame_locator("#embed")
        expect(embed.locator(REGION_PATHS.replace("#map ", "")).first).to_be_visible(timeout=30_000)
        expect(embed.locator("#back")).to_have_attribute("href", "/karabakh/?region=nkao")
        expect(page.frame_locator("#dashboard").locator("#react-entry-point")).to_have_count(0)
    finally:
        context.close()
        if site:
            site.close()

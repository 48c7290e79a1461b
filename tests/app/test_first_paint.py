"""The initial HTML: the map as SVG before any script, the page's language, only the scripts it uses, long-cached chunks."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest

from karabakh_map.figures.map import map_figure
from karabakh_map.figures.static_svg import UnsupportedFigure, figure_svg
from karabakh_map.model.view_state import ViewState
from karabakh_map.reports.figure import alt_text
from karabakh_map.server.index import dcc_build


class _Elements(HTMLParser):
    """Every start tag with its attributes and the classes of the elements around it."""

    def __init__(self):
        super().__init__()
        self.found, self._open = [], []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.found.append((tag, attributes, [cls for _, cls in self._open]))
        if tag not in ("meta", "link", "input", "br", "img", "path", "rect", "circle"):
            self._open.append((tag, attributes.get("class", "")))

    def handle_endtag(self, tag):
        while self._open and self._open.pop()[0] != tag:
            pass


@pytest.fixture(scope="module")
def index(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _elements(html: str):
    parser = _Elements()
    parser.feed(html)
    return parser.found


def test_the_initial_html_draws_the_map_as_svg_with_the_regions_as_paths(index, atlas):
    elements = _elements(index)
    svgs = [attributes for tag, attributes, around in elements if tag == "svg" and "first-paint-page" in around]
    assert len(svgs) == 1
    today = dt.date.today()
    assert svgs[0]["role"] == "img" and svgs[0]["aria-label"] == alt_text(atlas, ViewState(), today)
    drawn = {a["data-id"] for tag, a, around in elements if tag == "path" and a.get("class") == "region"}
    figure = map_figure(atlas, ViewState(), lambda layer, level: layer, today)
    expected = {location for trace in figure.data if trace.type == "choropleth" for location in trace.locations}
    assert drawn == expected and {"armenia", "azerbaijan", "nkao"} <= drawn
    # Towns are drawn too, with their names.
    assert "Stepanakert" in index


def test_the_page_declares_its_language_and_one_footer(index):
    assert re.search(r'<html lang="en"', index)
    assert re.search(r'<meta name="description" content="[^"]{50,}"', index)
    assert index.count("<footer") == 1  # the page's own, not Dash's wrapper round its scripts


def test_the_page_loads_only_the_scripts_it_uses(index):
    scripts = re.findall(r'<script defer src="([^"]+)"', index)
    assert scripts and not [s for s in scripts if "dash_table" in s or "polyfill" in s]
    assert any("regenerator-runtime" in s for s in scripts)  # what dcc needed from the polyfill
    # No script holds back the first paint: all are deferred, Dash's inline start a module (deferred too).
    assert "<script src=" not in index and '<script id="_dash-renderer" type="module">' in index


def test_every_script_and_chunk_is_cached_for_a_year(client, index):
    build = dcc_build()
    scripts = re.findall(r'<script defer src="([^"]+)"', index)
    assert f"/_dash-component-suites/dash/dcc/{build}/dash_core_components.js" in scripts
    chunks = [f"/_dash-component-suites/dash/dcc/{build}/async-{name}.js" for name in ("graph", "slider", "dropdown")]
    for url in scripts + chunks:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.cache_control.max_age >= 365 * 86_400, url


@pytest.mark.parametrize(
    "path",
    [
        "/_dash-component-suites/dash/dcc/000000000000/async-graph.js",  # another build
        "/_dash-component-suites/dash/dcc/{build}/async-nothing.js",
    ],
)
def test_chunks_of_another_build_or_unknown_files_are_not_found(client, path):
    response = client.get(path.format(build=dcc_build()))
    assert response.status_code == 404 and "Traceback" not in response.get_data(as_text=True)


def test_the_static_map_refuses_what_it_cannot_draw():
    with pytest.raises(UnsupportedFigure, match="mercator"):
        figure_svg({"layout": {"geo": {"projection": {"type": "mercator"}}}}, dict, {}, "map")


def test_robots_may_read_the_pages_but_not_ask_for_exports(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    assert response.get_data(as_text=True).splitlines() == ["User-agent: *", "Disallow: /export"]


def test_the_static_map_marks_what_a_click_on_each_shape_reports_and_only_that(index, atlas):
    elements = _elements(index)
    figure = map_figure(atlas, ViewState(), lambda layer, level: layer, dt.date.today())
    towns = next(trace for trace in figure.data if trace.name == "Towns")
    clicked = {a["data-customdata"] for tag, a, _ in elements if tag == "circle" and "data-customdata" in a}
    assert clicked == set(towns.customdata)
    # The country names take no pointer in plotly.js (hoverinfo "skip"): nothing of theirs is marked.
    marked = [a for tag, a, _ in elements if "data-id" in a or "data-customdata" in a]
    assert all(tag_attributes.get("class") in ("region", "point") for tag_attributes in marked)


def test_plotly_js_is_named_for_the_page_to_load_when_needed_not_loaded_with_it(client, index):
    bundle = re.search(r'<html [^>]*data-plotly-bundle="([^"]+\?m=[0-9a-f]{12})"', index)
    assert bundle and "plotly" not in " ".join(re.findall(r"<script[^>]*>", index))
    response = client.get(bundle[1])
    assert response.status_code == 200 and response.cache_control.max_age >= 365 * 86_400


def test_a_links_view_is_what_the_initial_html_shows_never_the_default_map(client, atlas, index):
    # A shared link's first paint drew the default view's map (today's, framed on Nagorno-Karabakh)
    # under the link's panel and caption, and a reader without JavaScript saw only that.
    view = ViewState(region="lachin", date="2021-06-01")
    page = client.get("/?region=lachin&date=2021-06-01").get_data(as_text=True)
    assert "<svg" not in page.split('class="first-paint-page"', 1)[1].split('class="map-key"', 1)[0]
    pending = page.split('class="map-static map-pending"><p>', 1)[1].split("</p>", 1)[0]
    assert pending == alt_text(atlas, view, dt.date.today()).replace("&", "&amp;")
    key = page.split('class="map-key"', 1)[1].split("</div>", 1)[0]
    assert "Lachin corridor, Nov 2020 – Aug 2022" in key and "Held by the NKR/Artsakh, 2020–2023" in key
    assert 'src="/locator.svg?region=lachin"' in key
    # The default view keeps its SVG map and key; a link that names only defaults is the default view.
    for default in (index, client.get("/?names=both").get_data(as_text=True)):
        assert 'class="map-static"><svg' in default and 'src="/locator.svg"' in default
        assert "Lachin corridor" not in default.split('class="map-key"', 1)[1].split("</div>", 1)[0]

"""The locator beside the page's map: an SVG image of the South Caucasus with the view's frame, drawn by the server."""

from __future__ import annotations

import re

from karabakh_map.figures.frame import view_for
from karabakh_map.model.view_state import ViewState


def _frame_path(svg: str) -> str:
    """The last path drawn: the frame's rectangle (drawn over the countries)."""
    return re.findall(r'<path[^>]* d="([^"]+)"', svg)[-1]


def test_the_locator_draws_the_frame_of_the_view_its_query_names(client, atlas):
    default, lachin = client.get("/locator.svg"), client.get("/locator.svg?region=lachin")
    for response in (default, lachin):
        assert response.status_code == 200 and response.mimetype == "image/svg+xml"
        assert response.text.startswith('<svg xmlns="http://www.w3.org/2000/svg"') and response.text.count("<path") > 5
        assert "max-age" in response.headers["Cache-Control"]
    assert view_for(atlas, ViewState(region="lachin")) != view_for(atlas, ViewState())
    assert _frame_path(lachin.text) != _frame_path(default.text)
    # A value the view refuses draws the default frame: it is an image, the page says what it ignored.
    assert client.get("/locator.svg?region=zzz").text == default.text


def test_the_page_shows_the_locator_as_an_image_before_any_script(client):
    page = client.get("/").text
    image = re.search(r"<img[^>]*class=\"map-locator\"[^>]*>", page).group(0)
    assert 'src="/locator.svg"' in image and "alt=\"Where the map" in image

"""Credit where it is due: the sources the manifest names are shown in exports and in /embed."""

from __future__ import annotations

import html

from karabakh_map.model.view_state import ViewState
from karabakh_map.reports.figure import snapshot_figure, sources_line
from paths import TODAY


def test_the_embed_page_credits_every_source_of_what_it_draws(atlas, client):
    page = client.get("/embed?region=nkao").get_data(as_text=True)
    expected = atlas.attributions(sorted(ViewState().layers | {"towns"}))
    assert expected and all(html.escape(text.rstrip(".")) in page for text in expected)
    assert '<div id="sources">' in page


def test_a_snapshot_credits_the_same_sources(atlas):
    figure = snapshot_figure(atlas, ViewState(region="nkao"), TODAY, "http://x/", 640, 480)
    footer = " ".join(a.text for a in figure.layout.annotations).replace("<br>", " ")
    assert all(word in footer for word in sources_line(atlas, ViewState(region="nkao")).split())

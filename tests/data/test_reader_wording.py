"""What a panel says about a figure is written for readers: no working notes, no source it does not cite."""

from __future__ import annotations

import re

from components import text_of
from karabakh_map.ui.details import region_details
from paths import TODAY

# Working notes of the research ("– unverified", "official status not verified", "Natural Earth reconstruction gives …").
INTERNAL = re.compile(r"unverified|not verified|reconstruction gives|Natural Earth (?:polygon|geodesic)", re.IGNORECASE)
EDITION = re.compile(r"\b(Russian|Azerbaijani|Armenian|Simple English|Italian) Wikipedia\b")


def test_every_figures_attribution_and_note_reads_for_readers_and_names_only_cited_sources(atlas):
    for figure_id, row in atlas.tables["figures"].set_index("id").iterrows():
        text = f"{row['attributed_to']} {row['note']}"
        assert not INTERNAL.search(text), (figure_id, text)
        for edition in EDITION.findall(text):
            assert f"Wikipedia ({edition})" in row["source"], (figure_id, edition)


def test_the_nkao_area_figure_names_each_cited_sources_own_figure(atlas):
    # It read "4,400 Russian Wikipedia / Azerbaijani official" (Russian Wikipedia is not cited) and
    # "Natural Earth reconstruction gives 4,282 km² geodesic".
    panel = text_of(region_details(atlas, "nkao", "both", str, frozenset(), TODAY))
    assert "Russian Wikipedia" not in panel and not INTERNAL.search(panel)
    assert "Government of Azerbaijan (virtualkarabakh.az), 4,400 km²" in panel


def test_no_region_or_town_panel_carries_a_working_note(atlas):
    # Names read "Ջրական (Jrakan) / Մեխակավան (Mekhakavan) – unverified", "official status not verified".
    ids = [*atlas.tables["regions"]["id"], *atlas.layers["towns"].index]
    assert len(ids) > 20
    for feature_id in ids:
        panel = text_of(region_details(atlas, feature_id, "both", str, frozenset(), TODAY))
        assert not INTERNAL.search(panel), (feature_id, INTERNAL.search(panel))

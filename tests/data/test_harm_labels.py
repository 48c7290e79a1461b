"""Each civilian toll sits under the group it counts, and no working note reaches a reader."""

from __future__ import annotations

import re

import pytest

from components import text_of
from karabakh_map.ui.context import civilian_harm
from karabakh_map.ui.time import event_details

GROUPS = {"Armenian": "Armenians?", "Azerbaijani": "Azerbaijanis?"}
# A number and the group it counts, a few words apart at most ("about 120 Azerbaijanis", "85 Armenian civilians").
COUNTED = r"\d[\d,–]*\+?\s+(?:[\w'-]+\s+){{0,2}}?{group}\b"
# What a researcher writes to themselves, not to a reader.
WORKING_NOTES = ("retrieved excerpt", "unverified", "todo", "fixme", "available to this project", "wikipedia mirror", "tbd")


def counted_groups(toll: str) -> set[str]:
    """The groups a toll puts a number on."""
    return {side for side, group in GROUPS.items() if re.search(COUNTED.format(group=group), toll)}


def test_the_rule_reads_who_a_figure_counts():
    assert counted_groups("about 120 Azerbaijanis killed when the Soviet army entered Baku") == {"Azerbaijani"}
    assert counted_groups("32 dead (26 Armenians, 6 Azerbaijanis)") == {"Armenian", "Azerbaijani"}
    assert counted_groups("85 Armenian civilians killed in the war") == {"Armenian"}
    assert counted_groups("Amnesty and HRW found that Armenian forces fired the munitions") == set()


def test_every_toll_counts_the_group_it_is_shown_under(atlas):
    harm = atlas.tables["civilian_harm"]
    for _, row in harm.iterrows():
        counted = counted_groups(row["toll"])
        assert not counted or row["civilians"] in counted, (row["event_id"], row["civilians"], row["toll"])


def test_the_baku_pogrom_and_black_january_each_under_their_victims(atlas):
    harm = atlas.tables["civilian_harm"]
    baku = harm[harm["event_id"] == "1990-01-baku-pogrom-black-january"]
    by_side = dict(zip(baku["civilians"], baku["toll"], strict=True))
    assert "120 Azerbaijanis" in by_side["Azerbaijani"] and "Azerbaijani" not in by_side["Armenian"]
    text = text_of(event_details(atlas, "1990-01-baku-pogrom-black-january"))
    assert text.startswith("Jan 1990, until 20 Jan"), text[:40]


@pytest.mark.parametrize("phrase", WORKING_NOTES)
def test_no_working_note_is_shown(atlas, phrase):
    shown = [text_of(event_details(atlas, event_id)) for event_id in atlas.tables["timeline"].index]
    shown += [text_of(section) for section in civilian_harm(atlas)]
    found = [text[:80] for text in shown if phrase in text.lower()]
    assert found == [], found

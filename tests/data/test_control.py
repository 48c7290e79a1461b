"""Who held what when: a control entry for every researched region on every date, split control with its shares."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from components import text_of
from karabakh_map.model.periods import SPLIT, control_on, held_shares
from karabakh_map.ui.details import region_details
from paths import TODAY

FIRST_DAY = dt.date(1923, 7, 7)


def _researched(atlas) -> list[str]:
    return sorted(set(atlas.tables["regions"]["id"]) & set(atlas.tables["control_history"]["region_id"]))


@pytest.mark.slow
def test_every_researched_region_has_a_control_entry_every_week_since_1923(atlas):
    regions = _researched(atlas)
    assert len(regions) == len(atlas.tables["regions"])  # each researched region has a history
    day = FIRST_DAY
    while day <= TODAY:
        for region in regions:
            assert control_on(atlas, region, day) is not None, (region, day)
        day += dt.timedelta(weeks=1)


@pytest.mark.slow
def test_no_panel_says_no_entry_on_sampled_dates(atlas):
    day = FIRST_DAY
    while day <= TODAY:
        for region in _researched(atlas):
            text = text_of(region_details(atlas, region, "both", str, frozenset(), day))
            assert "no entry" not in text, (region, day)
        day += dt.timedelta(days=1461)


def _shares(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"(?:NKR/Artsakh|Azerbaijan) (\d+) %", text)]


def test_the_nkao_in_2021_reads_as_split_with_shares_that_sum_to_100(atlas):
    text = text_of(region_details(atlas, "nkao", "both", str, frozenset(), dt.date(2021, 6, 1)))
    on = text[text.index("On 1 Jun 2021") :]
    assert on.startswith("On 1 Jun 2021 Split") and "computed here" in on
    held, other = _shares(on)[:2]
    assert abs(held + other - 100) <= 1 and 65 <= held <= 75  # 3,005 of 4,282 km² in the project's polygons


def test_every_split_period_gives_shares_computed_from_the_polygons(atlas):
    history = atlas.tables["control_history"]
    split = history[history["held_by"].str.startswith(SPLIT)]
    assert {"nkao", "fuzuli", "agdam"} <= set(split["region_id"])
    for _, row in split.iterrows():
        shares = held_shares(atlas, row["region_id"], row["start"], row["end"])
        assert shares and all(0 < share <= 100 for share in shares) and min(shares) < 100, row["region_id"]


def test_during_the_2020_war_the_nkao_share_changes_and_is_approximate(atlas):
    before = text_of(region_details(atlas, "nkao", "both", str, frozenset(), dt.date(2020, 10, 1)))
    after = text_of(region_details(atlas, "nkao", "both", str, frozenset(), dt.date(2020, 11, 9)))
    assert "approximate" in before and _shares(before)[0] > _shares(after)[0]


PARTY_PUBLISHERS = (
    "Government of Azerbaijan", "AzerNews", "Armenpress", "Prime Minister of Armenia", "Ministry of Foreign Affairs"
)
NEUTRAL_PUBLISHERS = ("UN Security Council", "UN General Assembly", "Human Rights Watch", "Wikipedia", "CIA World Factbook")


def test_a_control_date_from_one_party_is_backed_by_a_neutral_source(atlas):
    for _, row in atlas.tables["control_history"].iterrows():
        if any(party in row["source"] for party in PARTY_PUBLISHERS):
            assert any(neutral in row["source"] for neutral in NEUTRAL_PUBLISHERS), (row["region_id"], row["start"])

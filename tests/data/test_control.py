"""Who held what when: a control entry for every researched region on every date, split control with its shares."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from components import text_of
from karabakh_map.build.timeline import starts
from karabakh_map.model.formatting import format_date
from karabakh_map.model.periods import HELD, NOT_HELD, SPLIT, control_on, held_shares, holding
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
NEUTRAL_PUBLISHERS = (
    "UN Security Council", "UN General Assembly", "Human Rights Watch", "Wikipedia", "CIA World Factbook", "Al Jazeera"
)


def test_a_control_date_from_one_party_is_backed_by_a_neutral_source(atlas):
    for _, row in atlas.tables["control_history"].iterrows():
        if any(party in row["source"] for party in PARTY_PUBLISHERS):
            assert any(neutral in row["source"] for neutral in NEUTRAL_PUBLISHERS), (row["region_id"], row["start"])


# A town's own dated changes of control (editorial/control_history.csv), not the map's held areas:
# those draw nothing inside the former oblast before the 1994 line, where Shusha fell on 8 May 1992.
TOWNS = ("stepanakert_khankendi", "shusha_shushi", "khojaly", "askeran", "martuni_khojavend", "martakert_aghdara",
         "hadrut", "lachin_berdzor", "kalbajar_karvachar", "agdam_town", "fuzuli_town", "jabrayil_town", "qubadli_town",
         "zangilan_town")


def _town_history(atlas, town: str) -> str:
    text = text_of(region_details(atlas, town, "both", str, frozenset(), dt.date(2021, 6, 1)))
    return text[text.index("Who held it") : text.index("Population")]


def test_shusha_reads_held_by_armenian_forces_from_8_may_1992_and_by_azerbaijan_from_8_nov_2020(atlas):
    history = _town_history(atlas, "shusha_shushi")
    assert "8 May 1992 – 8 Nov 2020 NKR/Artsakh (de facto) Taken by Armenian forces on 8 May 1992" in history
    assert "8 Nov 2020 – today Republic of Azerbaijan Taken by Azerbaijani forces on 8 Nov 2020" in history
    assert "On 1 Jun 2021 Republic of Azerbaijan" in history
    for day, held in ((dt.date(1992, 5, 7), "Azerbaijan SSR"), (dt.date(1992, 5, 8), "NKR/Artsakh"),
                      (dt.date(1993, 6, 1), "NKR/Artsakh"), (dt.date(2020, 11, 7), "NKR/Artsakh"),
                      (dt.date(2020, 11, 8), "Republic of Azerbaijan")):
        assert control_on(atlas, "shusha_shushi", day)["held_by"].startswith(held), day


@pytest.mark.parametrize(
    ("town", "day", "held"),
    [
        ("khojaly", dt.date(1992, 2, 20), "Azerbaijan SSR, then Republic of Azerbaijan"),  # first war
        ("khojaly", dt.date(1993, 1, 1), "NKR/Artsakh (de facto)"),
        ("martakert_aghdara", dt.date(1993, 1, 1), "Republic of Azerbaijan"),  # taken back by Azerbaijan, 1992–1993
        ("stepanakert_khankendi", dt.date(2005, 1, 1), "NKR/Artsakh (de facto)"),  # 1994–2020
        ("jabrayil_town", dt.date(2020, 10, 3), "NKR/Artsakh (de facto)"),  # the 2020 war: announced taken on 4 Oct
        ("jabrayil_town", dt.date(2020, 10, 4), "Republic of Azerbaijan"),
        ("kalbajar_karvachar", dt.date(2020, 11, 24), "NKR/Artsakh (de facto)"),  # the handovers of 2020
        ("lachin_berdzor", dt.date(2022, 1, 1), "Russian peacekeepers (under the 10 Nov 2020 statement)"),  # 2020–2023
        ("lachin_berdzor", dt.date(2022, 8, 26), "Republic of Azerbaijan"),
        ("khojaly", dt.date(2023, 9, 20), "Republic of Azerbaijan"),  # since 2023
    ],
)
def test_a_town_says_who_held_it_on_the_map_s_date(atlas, town, day, held):
    text = text_of(region_details(atlas, town, "both", str, frozenset(), day))
    assert f"On {format_date(day.isoformat())} {held}" in text


def test_a_town_s_history_has_no_gap_cites_its_sources_and_agrees_with_the_regions_around_it(atlas):
    history = atlas.tables["control_history"]
    assert set(TOWNS) <= set(history["region_id"])
    opposite = {HELD: NOT_HELD, NOT_HELD: HELD}
    for town in TOWNS:
        rows = history[history["region_id"] == town]
        assert (rows["start"].iloc[1:].tolist() == rows["end"].iloc[:-1].tolist()) and rows["end"].iloc[-1] == "", town
        assert all(rows["source"]), town
        # The regions drawn around it, not the country whose internationally recognised borders contain it.
        regions = [r for layer, r in atlas.overlapping(town) if layer != "countries" and r in set(history["region_id"])]
        assert regions, town
        for _, row in rows.iterrows():
            first = dt.date.fromisoformat(starts(row["start"] or "1923-07-07"))
            last = dt.date.fromisoformat(row["end"]) - dt.timedelta(days=1) if len(row["end"]) == 10 else first
            against = opposite.get(holding(row["held_by"]))
            for day in (first, last):
                for region in regions:
                    around = control_on(atlas, region, day)
                    if against and around is not None:
                        assert holding(around["held_by"]) != against, (town, region, day)

"""Even-handed content: both sides' civilian victims, neutral wording, no one-sided rebuttal, totals as published."""

from __future__ import annotations

import re

from components import text_of, with_class
from karabakh_map.model.census import census_rows
from karabakh_map.ui.context import civilian_harm, context_body
from karabakh_map.ui.details import region_details
from karabakh_map.ui.time import event_details
from paths import TODAY
from wording import party_terms, unattributed


def test_maragha_is_on_the_timeline_with_the_human_rights_watch_toll(atlas):
    maragha = atlas.tables["timeline"].loc["1992-04-10-maragha-massacre"]
    assert "43" in maragha["casualties_displaced"] and "hrw.org" in maragha["source"]


def test_violence_against_civilians_is_recorded_for_both_sides_neutral_sources_first(atlas):
    harm = atlas.tables["civilian_harm"]
    assert set(harm["civilians"]) == {"Armenian", "Azerbaijani"}
    for side in ("Armenian", "Azerbaijani"):
        assert (harm[harm["civilians"] == side]["neutral"] == "yes").any(), side
    for section in civilian_harm(atlas):
        notes = [text_of(note) for note in with_class(section, "figure-note")]
        neutral = ["(neutral source)" in note for note in notes]
        assert neutral == sorted(neutral, reverse=True), text_of(section)[:80]


def test_an_event_shows_its_civilian_tolls_each_attributed_neutral_sources_first(atlas):
    harm = atlas.tables["civilian_harm"]
    for event_id, rows in harm.groupby("event_id"):
        article = event_details(atlas, event_id)
        notes = [text_of(note) for note in with_class(article, "figure-note") if "Given by:" in text_of(note)]
        assert len(notes) == len(rows), event_id  # every toll, none lost in a one-line summary
        neutral = ["(neutral source)" in note for note in notes]
        assert neutral == sorted(neutral, reverse=True), event_id
    khojaly = text_of(event_details(atlas, "1992-02-25-khojaly-massacre"))
    assert "Given by: Human Rights Watch/Helsinki (neutral source)" in khojaly
    assert "63 children" in khojaly and "83 children" not in khojaly  # the research line's count is not the source's


def test_the_2023_exodus_is_worded_neutrally_and_each_side_attributed(atlas):
    visible = [
        *atlas.tables["date_stops"]["caption"],
        *atlas.tables["headline_figures"]["heading"],
        *atlas.tables["population_events"]["neutral_wording"],
    ]
    assert not [text for text in visible if re.search(r"\bdepart|\bleave\b|\bleft\b", text)]
    terms = atlas.tables["terms"].set_index("subject")
    exodus = terms.loc[terms.index.str.startswith("Exodus")].iloc[0]
    assert "100,000" in exodus["our_wording"] and exodus["armenian_usage"] and exodus["azerbaijani_usage"]


def test_no_party_claim_gets_a_rebuttal_the_others_do_not(atlas):
    text = text_of(context_body(atlas))
    assert "independent calculations" not in text
    computed = atlas.tables["figures"].set_index("id").loc["share_az_held_computed"]
    assert computed["note"].startswith("Computed here")


def test_a_census_total_is_the_published_one_and_the_remainder_is_shown(atlas):
    rows = census_rows(atlas, "nkao")
    census_1926 = rows[rows["year"] == 1926].set_index("group")
    assert census_1926.loc["Total", "population"] == 125_300
    assert census_1926.loc["Not listed", "population"] == 125_300 - 125_159
    assert round(census_1926.loc["Armenians", "share_pct"], 1) == 89.1
    # Every other census: its listed groups add up to its total.
    for (year, _territory), census in rows[rows["year"] != 1926].groupby(["year", "territory"]):
        total = census.loc[census["group"] == "Total", "population"]
        groups = census.loc[census["group"] != "Total", "population"].dropna()
        if not total.empty and len(groups) == (census["group"] != "Total").sum() and len(groups):
            assert groups.sum() == total.iloc[0], year


# Who may be labelled a neutral source (editorial/README.md, civilian_harm.csv), and words that name a party's own count.
NEUTRAL_GIVERS = re.compile(r"Human Rights Watch|Amnesty International|\bUN\b|United Nations|ICRC|Council of Europe")
PARTY_GIVERS = re.compile(
    r"authorit|government|ministry|prosecutor|officials|\bNKR\b|Armenian sources|Azerbaijani sources|Armenia's|"
    r"Azerbaijan's|count\b|summary|Soviet",
    re.IGNORECASE,
)


def test_a_toll_labelled_neutral_is_given_by_a_neutral_source_alone(atlas):
    harm = atlas.tables["civilian_harm"]
    for _, row in harm[harm["neutral"] == "yes"].iterrows():
        assert NEUTRAL_GIVERS.search(row["given_by"]) and not PARTY_GIVERS.search(row["given_by"]), row["toll"]
        assert ";" not in row["given_by"], row["toll"]  # one giver per toll: a party's figure never rides along
    for event_id in set(harm["event_id"]):
        for note in with_class(event_details(atlas, event_id), "figure-note"):
            text = text_of(note)
            if "(neutral source)" in text:
                assert not PARTY_GIVERS.search(text.split("Given by:")[-1]), text
    stepanakert = text_of(event_details(atlas, "2020-09-27-stepanakert-shelled"))
    assert "Given by: Armenian authorities, as given in Wikipedia (neutral source)" not in stepanakert
    assert "Given by: Armenian authorities, as given in Wikipedia" in stepanakert


def test_no_headline_or_visible_sentence_uses_one_partys_term_unattributed(atlas):
    terms = party_terms(atlas.tables["terms"])
    assert {"local anti-terrorist measures", "military attack", "patriotic war", "zangezur corridor"} <= terms
    tables = atlas.tables
    visible = [
        *tables["timeline"]["event"], *tables["timeline"]["note"], *tables["timeline"]["casualties_displaced"],
        *tables["date_stops"]["caption"], *tables["status"]["status"], *tables["region_notes"]["note"],
        *tables["control_history"]["held_by"], *tables["control_history"]["note"], *tables["civilian_harm"]["toll"],
        *tables["headline_figures"]["heading"], *tables["population_events"]["neutral_wording"],
        *tables["population_events"]["title"], *tables["figures"]["note"], *tables["context"]["says"],
    ]
    assert not unattributed(visible, terms)
    offensive = tables["timeline"].loc["2023-09-19-azerbaijani-offensive", "event"]
    assert offensive.startswith("Azerbaijani military offensive")
    stepanakert = text_of(region_details(atlas, "stepanakert_khankendi", "both", str, frozenset(), TODAY))
    assert "Azerbaijani 'local anti-terrorist measures' (offensive)" not in stepanakert

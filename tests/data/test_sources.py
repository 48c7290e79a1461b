"""Every source a panel shows is one a reader can find: a title, its publisher, a URL or identifier, no mirror."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest
from dash import html

from components import text_of, walk, with_class
from karabakh_map.build.citations import read_replacements, read_uncited_mentions, read_wikipedia_revisions
from karabakh_map.model.citations import ATTRIBUTED, Citation, parse_sources, uncitable, unsourced_attribution
from karabakh_map.paths import RESEARCH
from karabakh_map.ui.area import area_panel
from karabakh_map.ui.census import population_panel
from karabakh_map.ui.context import context_body
from karabakh_map.ui.details import region_details
from karabakh_map.ui.time import event_details
from paths import TODAY


def _citations_in(source) -> list[Citation]:
    """The citations of one source line: links with their text, and plain parts after its "Source: "."""
    found = [Citation(node.children, node.href) for node in walk(source) if isinstance(node, html.A)]
    plain = source.children if isinstance(source.children, list) else [source.children]
    return found + [
        Citation(part.strip(" ;"), None)
        for part in plain[1:]
        if isinstance(part, str) and part.strip(" ;")
    ]


def _shown_citations(panel) -> list[Citation]:
    """The citations in a panel's source lines: links with their text, and plain parts."""
    return [citation for source in with_class(panel, "figure-source") for citation in _citations_in(source)]


def _panels(atlas):
    regions = [r for name, frame in atlas.layers.items() if name != "comparison_places" for r in frame.index]
    for region in regions:
        yield region, region_details(atlas, region, "both", str, frozenset(), dt.date(2021, 6, 1))
    for event_id in atlas.tables["timeline"].index:
        yield event_id, event_details(atlas, event_id)
    yield "context", html.Div(context_body(atlas))


def test_every_source_shown_in_any_panel_is_citable(atlas):
    # No exceptions: a news item known only by outlet and date is replaced (editorial/replaced_sources.csv).
    problems, shown = {}, 0
    for where, panel in _panels(atlas):
        for citation in _shown_citations(panel):
            shown += 1
            reason = uncitable(citation)
            if reason:
                problems.setdefault(f"{citation.title[:80]} ({reason})", where)
    assert not problems, f"{len(problems)} sources a reader cannot find: {problems}"
    assert shown > 500  # the walk saw the panels' sources


def test_a_replaced_source_is_cited_nowhere_and_its_replacement_is_citable(atlas):
    replaced = read_replacements()
    research = {name: pd.read_csv(RESEARCH / f"{name}.csv", dtype=str, keep_default_na=False)
                for name in ("timeline", "figures", "regions", "places", "census_ethnic")}
    cited = {c.title for table in research.values() for column in table if "source" in column
             for value in table[column] for c in parse_sources(value)}
    assert set(replaced) <= cited, f"no longer in the research tables, remove: {sorted(set(replaced) - cited)}"
    built = {c.title for table in atlas.tables.values() for column in table.columns if "source" in column
             for value in table[column] if isinstance(value, str) for c in parse_sources(value)}
    assert not set(replaced) & built
    for source, replacement in replaced.items():
        for part in replacement.replaced_by:
            assert [uncitable(c) for c in parse_sources(part)] == [None], (source, part)
    # The exodus's 100,483 (Armenpress, 1 Oct 2023) is on no page we have: not shown any more.
    timeline, figures = atlas.tables["timeline"], atlas.tables["figures"]
    assert not timeline["casualties_displaced"].str.contains("100,483").any()
    assert not figures["note"].str.contains("100,483").any()
    exodus = timeline.loc["2023-09-24-exodus-of-karabakh-armenians", "casualties_displaced"]
    assert "100,417 had arrived in Armenia by 30 Sep 2023" in exodus


def test_no_panel_sends_a_reader_to_one_of_the_project_s_files(atlas):
    named = {}
    for where, panel in _panels(atlas):
        for node in walk(panel):
            if isinstance(node, str) and re.search(r"\b\w+\.(?:csv|md|json)\b", node):
                named.setdefault(where, node[:100])
    assert not named, named  # e.g. Khojaly's note ended "See figures.csv."


@pytest.mark.parametrize(
    "text",
    [
        "Wikipedia 'First Nagorno-Karabakh War' (c. 2022 revision, GitHub mirror front-lines-org/astro-experiment)",
        "Soviet census 1979 per Wikipedia demographics table (liquisearch copy)",
        "Wikipedia '2016 Nagorno-Karabakh conflict' (same mirror) – https://en.wikipedia.org/wiki/2016_Nagorno-Karabakh_conflict",
        "Armenian-controlled territories – http://www.infospaze.com/Armenian-controlled_territories",
        "Armenpress 9 Oct 2020",
        "https://www.vrt.be/vrtnws/nl/2020/09/28/wat-is-er-aan-de-hand-in-nagorno-karabach/",
        "PACE Doc. 15840 (10 Oct 2023)",
    ],
)
def test_the_rule_refuses_mirrors_and_sources_without_publisher_or_address(text):
    assert any(uncitable(citation) for citation in parse_sources(text))


# Who gives each attributed figure, by table: the event panels' tolls and the figures of every panel.
ATTRIBUTIONS = {"civilian_harm": "given_by", "figures": "attributed_to"}


def test_a_figure_attributed_to_an_organisation_cites_it_or_says_who_reports_it(atlas):
    # The kind of fault: Khojaly's toll "Human Rights Watch: at least 161" cited only Wikipedia's article.
    import re

    problems, checked = [], 0
    for table, column in ATTRIBUTIONS.items():
        for _, row in atlas.tables[table].iterrows():
            named = [name for name, (pattern, _, _) in ATTRIBUTED.items() if re.search(pattern, row[column])]
            checked += bool(named)
            why = unsourced_attribution(row[column], row["source"])
            if why:
                problems.append(f"{table}: {row[column][:60]} – {why}")
    assert not problems, problems
    assert checked > 25  # the rule saw the tolls and figures it is about
    harm = atlas.tables["civilian_harm"]
    khojaly = harm[(harm["event_id"] == "1992-02-25-khojaly-massacre") & harm["given_by"].str.startswith("Human Rights")]
    assert "Seven Years of Conflict in Nagorno-Karabakh" in khojaly["source"].iloc[0]


@pytest.mark.parametrize(
    ("attributed_to", "source", "refused"),
    [
        ("Human Rights Watch", "Wikipedia (English), 'First Nagorno-Karabakh War' – https://en.wikipedia.org/wiki/X", True),
        ("Government of Azerbaijan", "Wikipedia (English), 'First Nagorno-Karabakh War' – https://en.wikipedia.org/wiki/X", True),
        ("UN mission (1 Oct 2023)", "RFE/RL Armenian Service, 3 Oct 2023 – https://www.azatutyun.am/a/1.html", True),
        ("Investigative Committee of Armenia", "Massis Post, 22 Dec 2023 – https://massispost.com/x", True),
        ("Amnesty International", "Amnesty International, 5 Oct 2020 – https://amnesty.org/en/latest/news/x/", False),
        ("Human Rights Watch/Helsinki", "Human Rights Watch/Helsinki, 'Bloodshed in the Caucasus', ISBN 1-56432-081-2", False),
        ("Government of Azerbaijan, as reported by AzerNews", "AzerNews, 31 May 2024 – https://www.azernews.az/x.html", False),
        ("UN mission, as reported by RFE/RL", "RFE/RL Armenian Service, 3 Oct 2023 – https://www.azatutyun.am/a/1.html", False),
        ("Wikipedia's summary", "Wikipedia (English), 'Second Nagorno-Karabakh War' – https://en.wikipedia.org/wiki/X", False),
    ],
)
def test_the_attribution_rule_wants_the_organisation_s_publication_or_who_reports_it(attributed_to, source, refused):
    assert (unsourced_attribution(attributed_to, source) is not None) == refused


def test_an_other_area_figure_names_only_sources_its_row_cites(atlas):
    # Kalbajar's "1,936 before the 1992 enlargement (Azerbaijani source no-genocide.com)" named a site
    # the row did not cite; Agdam's named memim.com, a copy of Wikipedia.
    regions = atlas.tables["regions"].set_index("id")
    checked = 0
    for region, row in regions[regions["area_km2_alt"] != ""].iterrows():
        text = text_of(region_details(atlas, region, "both", str, frozenset(), dt.date(2021, 6, 1)))
        shown = text[text.index("Other figures") :].split("Source:")[0]
        cited = " ".join(f"{c.title} {c.url}" for c in parse_sources(row["area_source"]))
        for host in re.findall(r"\b[\w-]+\.(?:com|az|am|org|net|ru)\b", shown):
            assert host in cited, (region, host)
        for named in ("Russian Wikipedia", "Catalan", "openDemocracy", "Arabic", "Brockhaus"):
            assert named not in shown or named in cited, (region, named)
        checked += 1
    assert checked >= 8


def test_every_attributed_figure_shown_says_the_date_it_stands_for(atlas):
    # "Share of Azerbaijan's territory under Armenian control – Azerbaijani claim 20 %" gave no period;
    # "Azerbaijani soldiers killed 192" no date: 30 of the 63 figures said no year.
    names = tuple(atlas.tables["figures"]["figure"])
    undated, checked = {}, 0
    for where, panel in _panels(atlas):
        for figure in with_class(panel, "figure"):
            text = text_of(figure).split("Source:")[0]
            if not text.startswith(names):  # an event's civilian tolls are dated by the event
                continue
            checked += 1
            if not re.search(r"\b(?:1[89]|20)\d\ds?\b", text):  # a year, or a decade ("1990s")
                undated.setdefault(text[:80], where)
    assert checked >= 40  # the figures of the Context panel and of the regions' panels
    # Armenia's area is given "as of: current" (the Factbook's 2025 edition, its source, says the year).
    assert set(undated) <= {k for k in undated if k.startswith("Armenia total area")}, undated


def test_a_link_to_wikipedia_is_named_as_wikipedia(atlas):
    # Fuzuli's "Trend, 1 Mar 2024: about 2,000 former IDPs …" linked to Italian Wikipedia, cited only for the
    # pre-war population: a reader followed Trend's link to another publisher. The count is now the
    # government's of 18 Mar 2024, at its own address (editorial/town_populations.csv).
    misnamed = {}
    for where, panel in _panels(atlas):
        for citation in _shown_citations(panel):
            if citation.url and "wikipedia.org" in citation.url and "Wikipedia" not in citation.title:
                misnamed.setdefault(citation.title[:80], where)
    assert not misnamed, misnamed
    fuzuli = text_of(region_details(atlas, "fuzuli_town", "both", str, frozenset(), dt.date(2025, 1, 1)))
    assert "Last figure, 2024 2,245" in fuzuli and "Trend" not in fuzuli


def test_a_note_quoting_an_uncited_outlet_is_taken_out(atlas):
    mentions = read_uncited_mentions()
    research = "".join((RESEARCH / f"{name}.csv").read_text(encoding="utf-8") for name in ("figures", "census_ethnic"))
    assert all(phrase in research for phrase in mentions)  # each row still names research text
    for name, table in atlas.tables.items():
        for column in table.columns:
            values = table[column].astype(str)
            assert not any(values.str.contains(phrase, regex=False).any() for phrase in mentions), (name, column)
    assert "Today.az" not in " ".join(atlas.tables["census"]["note"]) and "openDemocracy" not in " ".join(
        atlas.tables["figures"]["note"]
    )


def test_no_figure_writes_out_an_address_instead_of_citing_it(atlas):
    # A held piece's "Our geometry" note read "…; dates: Government of Azerbaijan, virtualkarabakh.az … – http://…
    # | Human Rights Watch/Helsinki … – https://…": its dates' sources, written out, not in its source line.
    spelled = {}
    for where, panel in _panels(atlas):
        for figure in with_class(panel, "figure"):
            parts = [part for part in figure.children if part is not None and "figure-source" not in part.className]
            text = " ".join(text_of(part) for part in parts)
            if "http" in text:
                spelled.setdefault(text[:80], where)
    assert not spelled, spelled
    piece = region_details(atlas, "held_1992_1994_lachin", "both", str, frozenset(), dt.date(1993, 6, 1))
    assert any("hrw.org" in c.url for c in _shown_citations(piece) if c.url)


def test_a_wikipedia_article_whose_revision_the_research_recorded_says_it_wherever_cited(atlas):
    # The research read three articles from a copy of about 2022 (SOURCES.md §1.4) and recorded no access dates.
    revisions = read_wikipedia_revisions()
    seen, missing = 0, {}
    for where, panel in _panels(atlas):
        for citation in _shown_citations(panel):
            if citation.url in revisions:
                seen += 1
                if f"revision of {revisions[citation.url]}" not in citation.title:
                    missing.setdefault(citation.title[:80], where)
    assert not missing, missing
    assert seen > 50


def test_an_official_area_cites_no_source_that_gives_another_figure(atlas):
    # virtualkarabakh.az gives the NKAO 4,400 km² and Lachin 1,840, English Wikipedia Zangilan 730: each was
    # cited for the official 4,388, 1,835 and 707. Their figures are under "Other figures" instead.
    from karabakh_map.build.tables import AREA_SOURCES_OF_OTHER_FIGURES
    from karabakh_map.model.areas import area_of

    regions = atlas.tables["regions"].set_index("id")
    expected = {"nkao": ("virtualkarabakh.az", "4,400"), "lachin": ("virtualkarabakh.az", "1,840"),
                "zangilan": ("Wikipedia (English)", "730")}
    assert set(AREA_SOURCES_OF_OTHER_FIGURES) == set(expected)
    for region, (source, figure) in expected.items():
        area = area_of(atlas, region)
        assert area.official and area.citations
        assert not [c for c in area.citations if c.title.startswith(source)], region
        assert regions.loc[region, "area_km2_alt"].startswith(figure), region


# Figures the research took from karabakhrealities.com's page, which quotes them beside USCR's survey without saying
# whose they are: the survey's stored page (UNHCR's Refworld) does not show them, so they keep the page they came from
# (no panel shows them).
QUOTED_WITHOUT_ORIGIN = {"war1_idp_az_state_1993", "war1_idp_az_state_1998", "war1_idp_az_unhcr_1997"}


def test_uscr_s_displaced_counts_cite_the_survey_not_a_site_quoting_it(atlas):
    # USCR's World Refugee Survey 2000 was cited "as quoted by karabakhrealities.com"; Refworld holds the survey itself.
    uscr = 0
    for where, panel in _panels(atlas):
        for citation in _shown_citations(panel):
            if "U.S. Committee for Refugees" in citation.title or "USCR" in citation.title:
                uscr += 1
                assert "refworld.org" in (citation.url or "") and "World Refugee Survey 2000" in citation.title, where
    assert uscr >= 8  # the seven districts and the 1993 event
    quoting = atlas.tables["figures"][atlas.tables["figures"]["source"].str.contains("karabakhrealities")]
    assert set(quoting["id"]) == QUOTED_WITHOUT_ORIGIN


def _every_panel(atlas):
    """Every panel a reader can open: each region and town on three dates, each event, the Context panel, and each
    region's population and area sections."""
    regions = [r for name, frame in atlas.layers.items() if name != "comparison_places" for r in frame.index]
    for day in (dt.date(1990, 1, 1), dt.date(2021, 6, 1), TODAY):
        for region in regions:
            yield (region, day), region_details(atlas, region, "both", str, frozenset(), day)
    yield from ((event_id, panel) for event_id, panel in _panels(atlas) if event_id in atlas.tables["timeline"].index)
    yield "context", html.Div(context_body(atlas))
    for region in regions:
        _, _, table, notes = population_panel(atlas, region, "both", "count")
        yield ("population", region), html.Div([table, *notes] if table else notes)
        yield ("area", region), html.Div(area_panel(atlas, region, "luxembourg", "both")[0])


@pytest.mark.slow  # every panel of every region and town on three dates (about 20 s)
def test_every_figure_in_every_panel_of_every_region_has_a_citable_source(atlas):
    # The rule: every visible figure has a source a reader can find (publisher and address or identifier).
    figures, problems = 0, {}
    for where, panel in _every_panel(atlas):
        units = with_class(panel, "figure") + with_class(panel, "chart-sources")
        for unit in units:
            figures += 1
            sources = with_class(unit, "figure-source") or ([unit] if "chart-sources" in unit.className else [])
            cited = [citation for source in sources for citation in _citations_in(source)]
            if not cited:
                problems.setdefault(f"no source: {text_of(unit)[:80]}", where)
            for citation in cited:
                if uncitable(citation):
                    problems.setdefault(f"{citation.title[:80]} ({uncitable(citation)})", where)
    assert not problems, problems
    assert figures > 1500  # 1,899 on 30 Nov 2026: the walk saw every panel

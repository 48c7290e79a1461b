"""A balance review of every sentence a reader sees, not only of the tables it is built from.

The page as served (its fixed text, controls and first map), every region's and town's panel and
population chart, every event, the Context panel, the map on every slider stop (trace names, hover
text), the legend, /embed (title, alt text, legend, sources) and exports (title, alt text, caption
and notes). Each side's terms and the words of its framing (``editorial/terms.csv``) appear only
quoted or saying who uses them.
"""

from __future__ import annotations

import html as html_text
import json
import re

import plotly.io as pio
import pytest
from dash import html
from dash.development.base_component import Component

from components import text_of, walk
from karabakh_map.figures.legend import legend_classes
from karabakh_map.figures.map import map_figure
from karabakh_map.model.view_state import ViewState
from karabakh_map.reports import figure as report
from karabakh_map.reports.data_package import licence_note
from karabakh_map.ui.census import population_panel
from karabakh_map.ui.context import context_body
from karabakh_map.ui.details import region_details
from karabakh_map.ui.legend import legend_items
from karabakh_map.ui.time import event_details
from paths import TODAY
from wording import REBUTTAL, party_terms, sentences, unattributed

# Component properties a reader sees or hears (a screen reader reads aria-label and alt).
SHOWN_PROPS = ("title", "alt", "aria-label", "placeholder", "label", "summary")
# Plotly's visible strings: trace names (legend, hover), text labels and hover text.
FIGURE_KEYS = {"name", "text", "hovertext", "hovertemplate"}
MARKUP = re.compile(r"<[^>]+>|%\{[^}]*\}")
EXPORT_VIEWS = (ViewState(), ViewState(region="nkao", date="2021-06-01"), ViewState(frame="overview", date="2020-10-20"),
                ViewState(region="lachin", date="2023-10-01", compare="luxembourg"))
EMBED_QUERIES = (("", "both"), ("?region=nkao", "both"), ("?date=2020-10-20", "both"),
                 ("?date=2023-10-01&region=lachin&names=az", "az"), ("?date=2010-01-01&names=hy", "hy"),
                 ("?date=2010-01-01&names=az", "az"))


def _table_text(table: html.Table) -> list[str]:
    """A table's cells, each (and each item of a list in one) read with its column's heading.

    The terms table's cells are attributed by their headings ("Azerbaijani usage").
    """
    rows = [c for c in walk(table) if isinstance(c, html.Tr)]
    if not rows:
        return []
    headings = [text_of(cell) for cell in rows[0].children]
    return [
        f"{heading}: {part}"
        for row in rows[1:]
        for heading, cell in zip(headings, row.children, strict=False)
        for part in text_of(cell).split(";")
    ]


def component_text(node) -> list[str]:
    """Every string a reader sees in a Dash component tree: children, shown properties, options' labels."""
    texts, tables = [], [c for c in walk(node) if isinstance(c, html.Table)]
    in_tables = {id(c) for table in tables for c in walk(table)}
    for table in tables:
        texts += _table_text(table)
    for part in walk(node):
        if id(part) in in_tables:
            continue
        if isinstance(part, str):
            texts.append(part)
        elif isinstance(part, Component):
            props = part.to_plotly_json()["props"]
            texts += [props[p] for p in SHOWN_PROPS if isinstance(props.get(p), str)]
            texts += [o["label"] for o in props.get("options") or [] if isinstance(o, dict) and isinstance(o.get("label"), str)]
            if isinstance(props.get("figure"), dict):
                texts += figure_text(props["figure"])
    return texts


def strings_under(spec, keys: set[str], key: str | None = None) -> list[str]:
    """Every string under one of ``keys`` in nested JSON (a list's items under its key), markup taken out."""
    if isinstance(spec, dict):
        return [text for k, value in spec.items() for text in strings_under(value, keys, k)]
    if isinstance(spec, list):
        return [text for value in spec for text in strings_under(value, keys, key)]
    return [MARKUP.sub(" ", spec)] if isinstance(spec, str) and key in keys else []


def figure_text(figure) -> list[str]:
    """Every string a plotly figure shows: trace names, labels, hover text, title and annotations."""
    return strings_under(json.loads(pio.to_json(figure)) if not isinstance(figure, dict) else figure, FIGURE_KEYS)


def layout_text(spec) -> list[str]:
    """Every shown string of a served Dash layout (``/_dash-layout``)."""
    return strings_under(spec, {"children", *SHOWN_PROPS, *FIGURE_KEYS})


def page_text(page: str) -> list[str]:
    """An HTML page's text as a reader sees it, with its description and aria labels."""
    body = re.sub(r"<script.*?</script>|<style.*?</style>", " ", page, flags=re.DOTALL)
    shown = [html_text.unescape(re.sub(r"<[^>]+>", " ", body))]
    shown += [html_text.unescape(value) for value in re.findall(r'(?:aria-label|content|alt|title)="([^"]*)"', page)]
    figure = re.search(r'<script id="figure" type="application/json">(.*?)</script>', page, flags=re.DOTALL)
    return shown + (figure_text(json.loads(figure.group(1).replace("<\\/", "</"))) if figure else [])


def export_text(atlas, state: ViewState) -> list[str]:
    """What an export says: the figure's title, caption, notes and legend, its alt text and footer, the data's licence."""
    snapshot = report.snapshot_figure(atlas, state, TODAY, "http://example.org/", 1600, 1000)
    spec = json.loads(pio.to_json(snapshot))
    shown = [MARKUP.sub(" ", a.get("text", "")) for a in spec["layout"].get("annotations", [])]
    shown.append(MARKUP.sub(" ", str(spec["layout"].get("title", {}).get("text", ""))))
    return [*shown, *figure_text(spec), report.alt_text(atlas, state, TODAY),
            *report.footer_paragraphs(atlas, state, "http://example.org/"), licence_note(atlas)]


def without_names(atlas, names: str, texts: list[str]) -> list[str]:
    """``texts`` less the names of the chosen convention: "Armenian usage" and "Azerbaijani usage" are each side's
    names by choice (``names.csv``, ``test_names``); "both" names things in our wording and keeps them."""
    if names == "both":
        return texts
    column = f"label_{names}"
    labels = {label for frame in atlas.layers.values() if column in frame.columns for label in frame[column] if label}
    labels = sorted(labels, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, labels)) + r")(?!\w)")
    return [pattern.sub(" ", text) for text in texts]


def population_text(atlas, region: str) -> list[str]:
    """The population section of a region: its heading, chart, table and notes."""
    label, figure, table, notes = population_panel(atlas, region, "both", "count")
    return [label, *figure_text(figure), *component_text(html.Div([table, *notes] if table else notes))]


@pytest.fixture(scope="module")
def visible(atlas, client) -> dict[str, list[str]]:
    """Every text a reader sees, by where it is shown."""
    regions = [*atlas.tables["regions"]["id"], *atlas.layers["towns"].index]
    stops = [ViewState(date=str(date)) for date in atlas.tables["date_stops"]["date"]]
    return {
        "page": page_text(client.get("/").get_data(as_text=True)) + layout_text(client.get("/_dash-layout").get_json()),
        "panels": [text for region in regions for names in ("both", "hy", "az")
                   for text in without_names(atlas, names, component_text(
                       region_details(atlas, region, names, str, frozenset(), TODAY)))],
        "population": [text for region in atlas.tables["regions"]["id"] for text in population_text(atlas, region)],
        "events": [text for event in atlas.tables["timeline"]["id"] for text in component_text(event_details(atlas, event))],
        "context": component_text(html.Div(context_body(atlas))),
        "maps": [text for state in stops for text in figure_text(map_figure(atlas, state, lambda layer, level: layer, TODAY))],
        "legend": [text for state in stops
                   for text in component_text(html.Ul(legend_items(legend_classes(atlas, state, TODAY))))],
        "embed": [text for query, names in EMBED_QUERIES
                  for text in without_names(atlas, names, page_text(client.get(f"/embed{query}").get_data(as_text=True)))],
        "exports": [text for state in (*EXPORT_VIEWS, *stops[::4]) for text in export_text(atlas, state)],
    }


@pytest.mark.slow  # the review renders every panel, event and slider stop (about 15 s)
def test_the_review_reads_the_fixed_text_of_every_output(visible):
    # Fixed strings of the code, not of the tables: if one is missed, its output is not read.
    expected = {
        "page": ["Click a region or town on the map", "Export and embed", "Find a region or town", "How big is it?"],
        "panels": ["Figures and who gives them"],
        "population": ["Groups under 1 % of a census"],
        "context": ["Harm to civilians on both sides", "Armenian usage: "],
        "maps": ["Events in this period"],
        "legend": ["Held by the NKR/Artsakh"],
        "embed": ["open the full view", "Map of "],
        "exports": ["Boundaries approximate", "Conic equal-area projection", "Map of "],
    }
    for where, fixed in expected.items():
        for text in fixed:
            assert any(text in shown for shown in visible[where]), (where, text)


@pytest.mark.slow
def test_no_visible_sentence_uses_one_sides_term_unattributed(atlas, visible):
    terms = party_terms(atlas.tables["terms"])
    assert {"occupied", "liberated", "departure", "leave", "genocide", "patriotic war"} <= terms
    found = {where: sorted(set(unattributed(texts, terms))) for where, texts in visible.items()}
    assert not {where: sentences for where, sentences in found.items() if sentences}
    # No party's claim is rebutted in our voice (the "independent calculations" that answered only Azerbaijan's 20 %).
    assert not [s for texts in visible.values() for text in texts for s in sentences(text) if REBUTTAL.search(s)]
    # The research's "residents queued for fuel to leave" and "date the occupation" are in the project's words.
    shown = " ".join(visible["events"])
    assert "queued for fuel to flee" in shown and "date the town's capture 17 or 18 May" in shown


def test_a_planted_one_sided_word_in_a_fixed_string_fails_the_review(atlas, client, monkeypatch):
    terms = party_terms(atlas.tables["terms"])
    monkeypatch.setattr(report, "SUBJECT_TITLE", "Nagorno-Karabakh and the occupied territories")
    planted = page_text(client.get("/embed").get_data(as_text=True))
    assert any("occupied territories" in sentence for sentence in unattributed(planted, terms))
    assert REBUTTAL.search("Azerbaijan gives 20 %; independent calculations give 13.6 %.")
    welcome = html.P("The 2023 departure of Karabakh Armenians.")
    assert unattributed(component_text(welcome), terms) == ["The 2023 departure of Karabakh Armenians."]
    # Said with who uses it, or quoted, it passes.
    attributed = ["Azerbaijan calls it a voluntary departure.", "AzerNews, 'Azerbaijan liberates Shusha', 8 Nov 2020"]
    assert not unattributed(attributed, terms)

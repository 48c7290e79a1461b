"""Population makeup: the census table, the chart and the CSV behind it, without a browser."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from components import text_of
from karabakh_map.figures.census import NO_BREAKDOWN, NOT_LISTED, OTHERS, population_figure
from karabakh_map.model.census import census_csv, census_rows, read_census_csv
from karabakh_map.paths import EDITORIAL
from karabakh_map.ui.census import population_panel
from karabakh_map.ui.details import region_details
from paths import GEODATA


def _by_category(figure, group):
    trace = next(t for t in figure.data if t.name == group)
    return dict(zip(trace.x, zip(trace.y, trace.customdata, strict=True), strict=True))


def test_each_census_sums_to_its_stated_total():
    census = pd.read_csv(GEODATA / "tables" / "census.csv", dtype={"population": "Int64"})
    for (region, year, _territory), rows in census.groupby(["region_id", "year", "territory"]):
        total = rows.loc[rows["group"] == "Total", "population"]
        groups = rows[rows["group"] != "Total"]
        if not total.empty and groups["population"].notna().all() and not groups.empty:
            assert groups["population"].sum() == total.iloc[0], (region, year)
        if not groups.empty:
            assert groups["share_pct"].sum() == pytest.approx(100, abs=0.1), (region, year)


def test_the_nkao_chart_has_every_census_and_the_1989_figures(atlas):
    figure = population_figure(census_rows(atlas, "nkao"), "shares")
    categories = list(figure.data[0].x)
    assert [c[:4] for c in categories] == ["1926", "1939", "1959", "1970", "1979", "1989", "2005", "2015"]
    armenians, azerbaijanis = _by_category(figure, "Armenians"), _by_category(figure, "Azerbaijanis")
    assert armenians["1989"][0] == pytest.approx(76.92) and armenians["1989"][1][0] == "145,450"
    assert azerbaijanis["1989"][0] == pytest.approx(21.52) and azerbaijanis["1989"][1][0] == "40,688"
    assert "145,593" in armenians["1989"][1][2]  # the alternative compilation, on hover


@pytest.mark.parametrize("region", ["nkao", "armenia", "azerbaijan", "held_1994_2020"])
def test_shares_add_up_to_100_in_every_census(atlas, region):
    figure = population_figure(census_rows(atlas, region), "shares")
    totals = {}
    for trace in figure.data:
        for category, value in zip(trace.x, trace.y, strict=True):
            totals[category] = totals.get(category, 0) + (value or 0)
    assert all(total == pytest.approx(100, abs=0.1) for total in totals.values()), totals


def test_every_census_trace_looks_different_in_the_legend(atlas):
    """"Not listed by the source" and "No breakdown found" were both plain #E4E4E4: one swatch, two meanings."""
    figure = population_figure(census_rows(atlas, "nkao"), "shares")
    looks = {trace.name: (trace.marker.color, trace.marker.pattern.shape or "") for trace in figure.data}
    assert {NOT_LISTED, NO_BREAKDOWN} <= set(looks)
    assert len(set(looks.values())) == len(looks), looks


def test_small_groups_are_merged_with_their_detail_on_hover(atlas):
    others = _by_category(population_figure(census_rows(atlas, "nkao"), "shares"), OTHERS)
    assert "Ukrainians: 416 (0.22 %)" in others["1989"][1][2]


def test_absolute_numbers_are_people(atlas):
    armenians = _by_category(population_figure(census_rows(atlas, "nkao"), "absolute"), "Armenians")
    assert armenians["1989"][0] == 145_450


def test_the_csv_round_trips_to_the_same_numbers(atlas):
    rows = census_rows(atlas, "nkao")
    back = read_census_csv(census_csv(rows))
    pd.testing.assert_frame_equal(back, rows)
    assert back.loc[(back["year"] == 1989) & (back["group"] == "Armenians"), "population"].iloc[0] == 145_450
    assert back["source"].str.len().gt(0).all()


def test_the_panel_checks_the_90_percent_claim_and_attributes_the_events(atlas):
    _label, _figure, _table, notes = population_panel(atlas, "nkao", "both", "shares")
    text = " ".join(text_of(note) for note in notes)
    assert "“90 percent” ethnic Armenian" in text and "76.9 % in 1989" in text and "99.7 % in 2015" in text
    assert "100,417 (given by Government of Armenia" in text
    assert "Armenian usage: “forced displacement”; Azerbaijani usage: “voluntary departure”" in text
    assert "724,000" in text and "300,000–500,000" in text


def test_a_region_without_a_series_says_so_and_what_exists(atlas):
    label, _figure, table, notes = population_panel(atlas, "kalbajar", "both", "shares")
    text = " ".join(text_of(note) for note in notes)
    assert table is None
    assert f"No census by ethnic group for {label}" in text
    assert "43,713 in 1989" in text


def test_every_figure_the_project_added_is_shown_with_its_date_and_who_gives_it(atlas):
    # Newer figures than the research pack's (Azerbaijan's resettlement counts): each in its region's panel.
    added = pd.read_csv(EDITORIAL / "added_figures.csv", dtype=str, keep_default_na=False)
    links = atlas.tables["region_figures"]
    assert {"lachin_berdzor", "shusha_shushi", "khojaly"} <= set(links.loc[links["figure_id"].isin(added["id"]), "region_id"])
    for _, figure in added.iterrows():
        regions = list(links.loc[links["figure_id"] == figure["id"], "region_id"])
        assert regions, figure["id"]
        day = dt.date.fromisoformat(figure["as_of"])
        for region in regions:
            text = text_of(region_details(atlas, region, "both", str, frozenset(), dt.date(2026, 1, 1)))
            assert f"{figure['figure']} {int(figure['value']):,} {figure['unit']}" in text, region
            assert f"{day.day} {day:%b} {day.year}" in figure["figure"] and figure["attributed_to"] in text

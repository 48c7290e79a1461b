"""The held area the map draws on a date agrees with who held each region then, by the control history."""

from __future__ import annotations

import bisect
import datetime as dt

import pytest
import shapely

from karabakh_map.data.layers import CONTESTED_LAYER, HELD_LAYERS, LAYERS_BY_NAME
from karabakh_map.figures.map import map_figure
from karabakh_map.model.geometry import geodesic_area_km2
from karabakh_map.model.lookup import region_lookup
from karabakh_map.model.periods import CONTESTED, HELD, NOT_HELD, PARTLY_HELD, control_on, features_on, holding
from karabakh_map.model.view_state import ViewState
from karabakh_map.reports.figure import alt_text
from karabakh_map.ui.router import region_options
from paths import TODAY

FIRST_DAY = dt.date(1923, 7, 7)
CEASEFIRE = dt.date(2020, 11, 10)
# Each district handed back after the ceasefire, and a point in it: its town.
HANDED_BACK = {"agdam": "agdam_town", "kalbajar": "kalbajar_karvachar", "lachin": "lachin_berdzor"}


def _drawn_held_ids(atlas, day: dt.date) -> frozenset[tuple[str, str]]:
    """(layer, feature id) of every held area the map figure draws on a date."""
    figure = map_figure(atlas, ViewState(date=day.isoformat()), lambda layer, level: layer, TODAY)
    by_title = {LAYERS_BY_NAME[name].title: name for name in HELD_LAYERS}
    return frozenset(
        (by_title[trace.name], location) for trace in figure.data if trace.name in by_title for location in trace.locations
    )


def _valid_held_ids(atlas, day: dt.date) -> frozenset[tuple[str, str]]:
    return frozenset((name, feature_id) for name in HELD_LAYERS for feature_id in features_on(atlas, name, day)["id"])


def _union(atlas, ids: frozenset[tuple[str, str]]):
    return shapely.union_all([atlas.layers[name].loc[feature_id].geometry for name, feature_id in ids])


def _handover(atlas, district: str) -> dt.date:
    """The day the control history has Azerbaijan hold the district again after the 2020 ceasefire."""
    history = atlas.tables["control_history"]
    rows = history[(history["region_id"] == district) & (history["start"] > CEASEFIRE.isoformat())]
    return dt.date.fromisoformat(rows[rows["held_by"].map(holding) == NOT_HELD]["start"].min())


def test_the_handed_back_districts_are_drawn_held_until_their_handover(atlas):
    handovers = {district: _handover(atlas, district) for district in HANDED_BACK}
    assert handovers == {"agdam": dt.date(2020, 11, 20), "kalbajar": dt.date(2020, 11, 25), "lachin": dt.date(2020, 12, 1)}
    towns = atlas.layers["towns"]
    corridor = atlas.layers["lachin_corridor"].loc["lachin_corridor"].geometry
    points = {district: towns.loc[town].geometry for district, town in HANDED_BACK.items()}
    # Lachin town stayed in the corridor with the peacekeepers (test_corridor): a point of the district's piece instead.
    assert corridor.contains(points["lachin"])
    points["lachin"] = atlas.layers["held_2020_handover"].loc["held_2020_handover_lachin"].geometry.representative_point()
    day = CEASEFIRE
    while day <= dt.date(2020, 12, 8):
        held = _union(atlas, _drawn_held_ids(atlas, day))
        for district, point in points.items():
            assert held.contains(point) == (day < handovers[district]), (district, day)
        day += dt.timedelta(days=1)


def test_no_land_of_the_former_nkao_changes_hands_with_a_districts_handover(atlas):
    # A handover returned the district (Charektar, of the NKAO's Martakert district in today's
    # Kalbajar rayon, stayed): what stops being drawn held that day lies in the district as drawn.
    nkao = atlas.layers["nkao"].loc["nkao"].geometry
    districts = atlas.layers["districts"].geometry
    for district in HANDED_BACK:
        day = _handover(atlas, district)
        before = _union(atlas, _drawn_held_ids(atlas, day - dt.timedelta(days=1)))
        handed = before.difference(_union(atlas, _drawn_held_ids(atlas, day)))
        assert geodesic_area_km2(handed) > 100, district
        assert geodesic_area_km2(handed.intersection(nkao)) < 0.05, district
        assert geodesic_area_km2(handed.difference(districts[district])) < 0.05, district


def test_the_map_draws_the_held_features_valid_on_each_date(atlas):
    # One date in each period between changes of any held feature: the figure draws exactly those valid then.
    dates = sorted(
        {dt.date.fromisoformat(d) for name in HELD_LAYERS for d in atlas.layers[name]["valid_from"]}
        | {dt.date.fromisoformat(d) for name in HELD_LAYERS for d in atlas.layers[name]["valid_to"]}
    )
    for day in [FIRST_DAY, *dates, TODAY]:
        assert _drawn_held_ids(atlas, day) == _valid_held_ids(atlas, day), day


@pytest.mark.parametrize("region", ["kalbajar", "lachin", "agdam", "fuzuli", "jabrayil", "qubadli", "zangilan"])
def test_a_district_taken_in_the_first_war_is_drawn_held_from_its_date(atlas, region):
    taken = atlas.tables["control_history"]
    start = taken[(taken["region_id"] == region) & (taken["start"] < "1994")]["start"].max()
    before, after = dt.date.fromisoformat(start) - dt.timedelta(days=1), dt.date.fromisoformat(start)
    district = atlas.layers["districts"].loc[region].geometry
    assert not _union(atlas, _drawn_held_ids(atlas, before)).intersects(district.buffer(-0.01)), before
    assert _union(atlas, _drawn_held_ids(atlas, after)).intersection(district).area > 0.3 * district.area, after


def test_every_week_since_1923_the_drawn_held_area_agrees_with_the_control_history(atlas):
    """Held ⇔ mostly inside the drawn held area; split ⇔ partly inside; Azerbaijan's ⇔ mostly outside.

    Contested in a war ⇔ wholly inside the drawn contested area.
    """
    history = atlas.tables["control_history"]
    # Regions, not towns: the held areas draw no line inside the former oblast before 1994, where
    # towns changed hands (Shusha, 8 May 1992); a town's history is checked against its regions' (test_control).
    regions = sorted(region for region in set(history["region_id"]) if atlas.layer_of(region) != "towns")
    polygons = {region: atlas.layers[atlas.layer_of(region)].loc[region].geometry for region in regions}
    # Between two dates of the data (a control entry's or a held feature's start or end) nothing
    # changes: the model is asked on the first week of each such period, and its later weeks share the answer.
    edges = sorted(
        {date for column in ("start", "end") for date in history[column] if date}
        | {date for name in (*HELD_LAYERS, CONTESTED_LAYER) for column in ("valid_from", "valid_to")
           for date in atlas.layers[name][column]}
    )

    def verdict(region: str, day: dt.date):
        row = control_on(atlas, region, day)
        kind = holding(row["held_by"]) if row is not None else None
        if kind is None:
            return None
        ids = _valid_held_ids(atlas, day)
        if kind == CONTESTED:
            ids = frozenset((CONTESTED_LAYER, i) for i in features_on(atlas, CONTESTED_LAYER, day)["id"])
        inside = geodesic_area_km2(polygons[region].intersection(_union(atlas, ids))) if ids else 0.0
        inside /= geodesic_area_km2(polygons[region])
        expected = {HELD: inside > 0.5, PARTLY_HELD: 0.01 < inside < 0.99, NOT_HELD: inside < 0.5,
                    CONTESTED: inside > 0.99}[kind]
        return expected, (region, day.isoformat(), row["held_by"], round(100 * inside, 1))

    answers, checked, day = {}, 0, FIRST_DAY
    while day <= TODAY:
        period = bisect.bisect_right(edges, day.isoformat())
        for region in regions:
            if (region, period) not in answers:
                answers[region, period] = verdict(region, day)
            if answers[region, period] is not None:
                agrees, what = answers[region, period]
                assert agrees, what
                checked += 1
        day += dt.timedelta(weeks=1)
    assert checked > 40_000


@pytest.mark.parametrize(
    ("date", "named", "not_named"),
    [
        ("1993-09-01", ["Lachin District", "Kalbajar District", "Jabrayil District", "Former NKAO, contested in the war"],
         ["Zangilan"]),
        ("2020-10-10", ["9 Oct 2020 – 16 Oct 2020 (approximate)"], ["Nov 2020 – Sep 2023"]),
        ("2020-11-19", ["Aghdam (Agdam) District", "Kalbajar District", "Lachin District", "Nov 2020 – Sep 2023"], []),
        ("2020-11-21", ["Kalbajar District", "Lachin District", "Nov 2020 – Sep 2023"], ["Aghdam"]),
    ],
)
def test_the_snapshot_alt_text_names_what_is_drawn_held(atlas, date, named, not_named):
    text = alt_text(atlas, ViewState(date=date), TODAY)
    assert all(name in text for name in named) and not any(name in text for name in not_named), text


def test_the_held_area_s_dated_pieces_are_no_name_a_reader_looks_up(atlas):
    # "Lachin District" named Lachin District and its two dated pieces alike, and so was ambiguous.
    lookup = region_lookup(atlas)
    pieces = {i for name in HELD_LAYERS if LAYERS_BY_NAME[name].pieces for i in atlas.layers[name]["id"]}
    for district, name in atlas.layers["districts"]["name_en"].items():
        found = set(lookup.matches(name)) | set(lookup.partial_matches(name))
        assert district in found and not found & pieces, (name, found)
    assert lookup.resolve("Lachin District") == "lachin" and lookup.resolve("Kalbajar District") == "kalbajar"


def test_the_region_search_lists_no_dated_piece_though_a_piece_still_resolves(atlas):
    lookup = region_lookup(atlas)
    pieces = [i for name in HELD_LAYERS if LAYERS_BY_NAME[name].pieces for i in atlas.layers[name]["id"]]
    listed = {option["value"] for option in region_options(atlas, lookup, "both")}
    assert pieces and not listed & set(pieces) and {"kalbajar", "held_2020_2023", "nkao"} <= listed
    assert all(lookup.resolve(piece) == piece for piece in pieces)  # a click on a drawn piece still opens it

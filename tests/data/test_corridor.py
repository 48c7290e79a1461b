"""The Lachin corridor the map draws on a date holds the towns the control history puts in it, and no more."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
import shapely
from shapely.geometry import Point

from karabakh_map.data.layers import LAYERS_BY_NAME
from karabakh_map.figures.legend import legend_classes
from karabakh_map.figures.map import map_figure
from karabakh_map.model.periods import caption_on
from karabakh_map.model.view_state import ViewState
from karabakh_map.reports.figure import alt_text
from karabakh_map.reports.listing import listing
from paths import GEODATA, TODAY

PEACEKEEPERS = "Russian peacekeepers"
LACHIN_TOWN = Point(46.550, 39.637)  # the reviewer's point for Lachin town (Berdzor)


def _drawn_corridor(atlas, day: str):
    """The union of the corridor features the map figure draws on a date (None when it draws none)."""
    figure = map_figure(atlas, ViewState(date=day), lambda layer, level: layer, TODAY)
    title = LAYERS_BY_NAME["lachin_corridor"].title
    ids = [location for trace in figure.data if trace.name == title for location in trace.locations]
    layer = atlas.layers["lachin_corridor"]
    return shapely.union_all([layer.loc[i].geometry for i in ids]) if ids else None


def _with_the_peacekeepers(atlas):
    """(town id, first day, last day) of every town's control-history row that has the peacekeepers hold it."""
    history = atlas.tables["control_history"]
    towns = set(atlas.layers["towns"].index)
    rows = history[history["region_id"].isin(towns) & history["held_by"].str.startswith(PEACEKEEPERS)]
    return [
        (row.region_id, dt.date.fromisoformat(row.start), dt.date.fromisoformat(row.end) - dt.timedelta(days=1))
        for row in rows.itertuples()
    ]


def test_every_town_the_history_gives_the_peacekeepers_lies_in_the_drawn_corridor(atlas):
    spans = _with_the_peacekeepers(atlas)
    assert "lachin_berdzor" in {town for town, _, _ in spans}
    for town, first, last in spans:
        point = atlas.layers["towns"].loc[town].geometry
        for day in (first, dt.date(2021, 6, 1), last):
            if first <= day <= last:
                corridor = _drawn_corridor(atlas, day.isoformat())
                assert corridor is not None and corridor.contains(point), (town, day)


def test_lachin_town_is_inside_the_corridor_on_2021_06_01():
    # Read as shipped, not through the atlas: the file a reader downloads holds the town too.
    layer = json.loads((GEODATA / "layers" / "lachin_corridor.geojson").read_text())
    (feature,) = [f for f in layer["features"] if f["properties"]["valid_from"] <= "2021-06-01" < f["properties"]["valid_to"]]
    assert shapely.geometry.shape(feature["geometry"]).contains(LACHIN_TOWN)


def test_the_corridor_drawn_after_the_town_was_handed_over_claims_no_route_through_it(atlas):
    handed = atlas.tables["control_history"]
    handed = handed[(handed["region_id"] == "lachin_berdzor") & ~handed["held_by"].str.startswith(PEACEKEEPERS)]
    handover = max(handed["start"])
    assert handover == "2022-08-26"
    for day in (handover, "2022-12-12", "2023-09-19"):
        corridor = _drawn_corridor(atlas, day)
        assert corridor is None or not corridor.intersects(LACHIN_TOWN.buffer(0.02)), day
    assert _drawn_corridor(atlas, "2022-08-25").contains(LACHIN_TOWN)


def test_the_manifest_says_what_the_corridor_adds_and_what_it_does_not_draw():
    entry = json.loads((GEODATA / "manifest.json").read_text())["files"]["layers/lachin_corridor.geojson"]
    added = [fix for fix in entry["fixes"] if "'lachin_berdzor'" in fix["problem"]]
    assert len(added) == 1 and "5 km width" in added[0]["correction"]
    assert "not drawn" in entry["notes"] and "26 Aug 2022" in entry["notes"]


def test_between_the_handover_and_the_closure_the_caption_says_the_new_route_is_not_drawn(atlas):
    caption = caption_on(atlas, dt.date(2022, 10, 1), TODAY)
    assert caption.startswith("Since 26 Aug 2022: Lachin town") and "does not draw" in caption


@pytest.mark.parametrize("names", ["both", "hy", "az"])
def test_the_corridor_s_dates_are_its_drawn_dates_wherever_it_is_named(atlas, names):
    """Alt text, legend and `list regions` once said Nov 2020 – Sep 2023, 2020–2022 and Nov 2020 – Aug 2022."""
    corridor = atlas.layers["lachin_corridor"].iloc[0]
    last_day = dt.date.fromisoformat(corridor["valid_to"]) - dt.timedelta(days=1)
    drawn = f"Nov 2020 – {last_day:%b %Y}"
    assert (corridor["valid_from"], last_day) == ("2020-11-10", dt.date(2022, 8, 25))
    view = ViewState(region="shusha_shushi", date="2021-06-01", names=names)
    texts = {
        "alt text": alt_text(atlas, view, TODAY),
        "legend": " ".join(c.label for c in legend_classes(atlas, view, TODAY) if c.key == "lachin_corridor"),
        "list regions": next(row["name"] for row in listing(atlas, "regions") if row["id"] == "lachin_corridor"),
        "layers": LAYERS_BY_NAME["lachin_corridor"].title,
    }
    named = {"both": "Lachin corridor", "hy": "Lachin (Berdzor) corridor", "az": "Lachin road"}[names]
    for where, text in texts.items():
        after = text.split(named, 1)[-1].split(";")[0]  # what is said of the corridor: its dates, its notes
        periods = re.findall(r"(?:\w{3} )?\d{4}(?: ?– ?(?:\w{3} )?\d{4})?", after)
        assert all(period == drawn for period in periods), (where, text)
    assert all(drawn in texts[where] for where in ("alt text", "legend", "list regions")), texts

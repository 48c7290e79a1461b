"""The map figure is a pure function of (atlas, view state): checked without a browser."""

from __future__ import annotations

import json
from dataclasses import replace

import plotly.graph_objects as go
import pytest

from karabakh_map.data.layers import LAYERS, drawing_path
from karabakh_map.figures import style
from karabakh_map.figures.frame import ASPECT, KARABAKH, OVERVIEW, view_for
from karabakh_map.figures.label_placement import (
    MARKER_CLEARANCE_PX,
    OWN_MARKER_MARGIN_PX,
    Box,
    crossings_counter,
    label_box,
    marker_gap_px,
    to_pixels,
)
from karabakh_map.figures.map import (
    COMPARE_PARTS_UID,
    COMPARE_UID,
    DIAMOND_SPAN,
    HOVER_DISTANCE_PX,
    KEY_TOWNS,
    OVERLAY_UIDS,
    PAGE_DRAWN_SHARE,
    SELECTION_UID,
    _outlines_px,
    base_figure,
    drawn_layers,
    locator_domain,
    map_figure,
)
from karabakh_map.model.periods import stops
from karabakh_map.model.view_state import DEFAULT_LAYERS, ViewState
from karabakh_map.ui.map import WIDTH_STEP_PX
from paths import TODAY


def _url(layer: str, level: str) -> str:
    return "/" + drawing_path(layer, level)


def test_default_view_has_one_trace_per_visible_layer_most_specific_last(atlas):
    figure = map_figure(atlas, ViewState(), _url, TODAY)
    names = [trace.name for trace in figure.data]
    assert names == ["Countries", "Nakhchivan Autonomous Republic (Azerbaijan)",
                     "The seven districts around the NKAO", "Soviet-era NKAO, 1923–1991 (history)", "Selected",
                     "Compared place at true size", "Compared place at true size",
                     "Country names", "Towns", "Events in this period"]
    # Nothing selected: the selection and comparison slots are there, empty.
    overlays = [t for t in figure.data if t.uid in OVERLAY_UIDS]
    assert len(overlays) == 3 and all(len(t.lon) == 0 for t in overlays)
    assert figure.layout.showlegend is False  # the legend is outside the map
    choropleths = [t for t in figure.data if isinstance(t, go.Choropleth) and t.geo in (None, "geo")]
    # Framed on Nagorno-Karabakh: drawn at the fine level (the overview would be off by 2–3 px).
    expected = [_url(n, "fine") for n in ["countries", "nakhchivan", "districts", "nkao"]]
    assert [t.geojson for t in choropleths] == expected
    assert list(choropleths[0].locations) == list(atlas.layers["countries"].index)
    assert all(t.featureidkey == "properties.id" for t in choropleths)


@pytest.mark.parametrize(
    ("date", "dated"),
    [
        ("1990-06-01", {"nkao"}),
        ("2000-01-01", {"nkao", "held_1994_2020"}),
        ("2021-06-01", {"nkao", "held_2020_2023", "lachin_corridor"}),
        ("2024-06-01", {"nkao"}),
    ],
)
def test_the_date_decides_the_karabakh_layers_in_catalogue_order(atlas, date, dated):
    everything = frozenset(layer.name for layer in LAYERS)
    figure = map_figure(atlas, ViewState(layers=everything, date=date), _url, TODAY)
    choropleths = [t for t in figure.data if isinstance(t, go.Choropleth) and t.geo in (None, "geo")]
    shown = [t.geojson.split("/")[-1].removesuffix(".geojson") for t in choropleths]
    expected = [layer.name for layer in LAYERS if layer.draw_path and (not layer.dated or layer.name in dated)]
    assert shown == expected  # least specific first, so the most specific takes hover and click
    nkao = next(t for t in choropleths if t.geojson.endswith("/nkao.geojson"))
    assert nkao.name.endswith("(history)") == (date != "1990-06-01")


def test_inline_geojson_makes_a_standalone_figure(atlas):
    figure = map_figure(atlas, ViewState(), lambda layer, level: json.loads(atlas.drawing(layer, level)), TODAY)
    assert figure.data[0].geojson["type"] == "FeatureCollection"
    assert "/geodata/" not in figure.to_json()


def test_hover_names_each_region_and_town(atlas):
    figure = map_figure(atlas, ViewState(), _url, TODAY)
    countries, towns = figure.data[0], next(t for t in figure.data if t.name == "Towns")
    assert dict(zip(countries.locations, countries.text, strict=True))["armenia"] == "Armenia"
    assert "Stepanakert / Khankendi" in towns.hovertext
    assert "stepanakert_khankendi" in towns.customdata  # what a click reports
    # Only the neighbours drawn in part say they are clipped (Armenia's hover said so of three others).
    said = dict(zip(countries.locations, countries.hovertext, strict=True))
    assert said["armenia"] == said["azerbaijan"] == said["georgia"] == "Country"
    assert said["iran"] == said["turkey"] == said["russia"] == "Country, drawn clipped to the region"
    assert "%{hovertext}" in countries.hovertemplate


def _labelled(figure) -> set[str]:
    """The towns a figure names (a dual name broken over two lines read as one)."""
    return {text.replace("<br>", " ") for text in next(t for t in figure.data if t.name == "Towns").text if text}


def test_main_towns_are_labelled(atlas):
    overview = _labelled(map_figure(atlas, ViewState(frame="overview"), _url, TODAY))
    # Goris is not: at this size each place for its name is nearer Tegh's or Kornidzor's dot than its own.
    assert {"Yerevan", "Baku", "Tbilisi", "Stepanakert / Khankendi", "Ganja", "Kapan"} <= overview
    karabakh = _labelled(map_figure(atlas, ViewState(), _url, TODAY))
    assert {"Stepanakert / Khankendi", "Shusha / Shushi", "Askeran", "Goris", "Kapan", "Hadrut"} <= karabakh
    assert len(karabakh) >= 15


LABEL_VIEWS = [ViewState(), ViewState(frame="overview"), ViewState(date="1992-01-01"), ViewState(region="ordubad"),
               ViewState(region="goris"), ViewState(region="kalbajar")]


@pytest.mark.parametrize("state", LABEL_VIEWS, ids=["default", "overview", "1992", "ordubad", "goris", "kalbajar"])
@pytest.mark.parametrize("width", [None, 600, 460])
def test_a_label_is_nearer_its_own_marker_than_any_other(atlas, state, width):
    """Agarak's name sat under Ordubad's dot across the border, and read as naming it."""
    aspect = 1.25 if width is None else 1.6
    figure = map_figure(atlas, state, _url, TODAY, aspect, width)
    view = view_for(atlas, state, aspect)
    if width is not None:
        view = replace(view, reference_width_px=width, reference_height_px=round(width / aspect))
    towns = next(t for t in figure.data if t.name == "Towns")
    markers = [to_pixels(lon, lat, view) for lon, lat in zip(towns.lon, towns.lat, strict=True)]
    insisted = {atlas.label(town, "both") for town in (*KEY_TOWNS, state.region) if town in atlas.layers["towns"].index}
    for i, (text, position, size) in enumerate(zip(towns.text, towns.textposition, towns.marker.size, strict=True)):
        if not text or text in insisted:
            continue
        box = label_box(markers[i], text, position, style.TOWN_FONT_PX, marker_gap_px(size))
        own, (x, y) = box.distance_to(markers[i]), markers[i]
        # The page draws the map down to PAGE_DRAWN_SHARE of its reference size, labels at their own size.
        for share in {1.0, PAGE_DRAWN_SHARE if width is None else 1.0}:
            nearest = min(box.distance_to((x + (mx - x) * share, y + (my - y) * share))
                          for j, (mx, my) in enumerate(markers) if j != i)
            assert nearest >= own + OWN_MARKER_MARGIN_PX, (text, position, share)


def test_capitals_in_the_frame_are_labelled_and_area_names_keep_off_town_markers(atlas):
    figure = map_figure(atlas, ViewState(), _url, TODAY)
    assert "Nakhchivan (city)" in _labelled(figure)  # its square sat under "NAKHCHIVAN (AZERBAIJAN)", unnamed
    view = view_for(atlas, ViewState())
    names = next(t for t in figure.data if t.name == "Country names")
    towns = next(t for t in figure.data if t.name == "Towns")
    for lon, lat, text in zip(names.lon, names.lat, names.text, strict=True):
        box = label_box(to_pixels(lon, lat, view), text, "middle center", style.COUNTRY_FONT_PX)
        assert all(box.distance_to(to_pixels(x, y, view)) > style.CAPITAL_MARKER_PX
                   for x, y in zip(towns.lon, towns.lat, strict=True)), text


def test_nakhchivan_is_named_on_a_phone_s_map_on_one_line_where_two_do_not_fit(atlas):
    # On a 350 px map its two-line name found no free place, and the exclave went unnamed.
    texts = [next(t for t in base_figure(atlas, ViewState(), view_for(atlas, ViewState()), _url, TODAY, width).data
                  if t.name == "Country names").text for width in (None, 350)]
    assert "NAKHCHIVAN<br>(AZERBAIJAN)" in texts[0] and "NAKHCHIVAN" in texts[1]


@pytest.mark.parametrize("town", ["shusha_shushi", "askeran", "khojaly", "baku", "tabriz"])
def test_a_selected_town_is_always_labelled(atlas, town):
    assert atlas.label(town, "both") in _labelled(map_figure(atlas, ViewState(region=town), _url, TODAY))


def test_towns_named_in_the_period_s_events_are_labelled(atlas):
    figure = map_figure(atlas, ViewState(date="2020-10-01"), _url, TODAY)
    assert {"Shusha / Shushi", "Stepanakert / Khankendi", "Fuzuli / Varanda", "Barda", "Hadrut"} <= _labelled(figure)


def test_labels_stay_inside_the_frame_and_apart(atlas):
    for state in (ViewState(), ViewState(region="nkao"), ViewState(region="zangilan"), ViewState(frame="overview")):
        figure = map_figure(atlas, state, _url, TODAY)
        view = view_for(atlas, state)
        towns = next(t for t in figure.data if t.name == "Towns")
        boxes = [label_box(to_pixels(lon, lat, view), text, position, style.TOWN_FONT_PX)
                 for lon, lat, text, position in zip(towns.lon, towns.lat, towns.text, towns.textposition, strict=False) if text]
        half_w, half_h = view.reference_width_px / 2, view.reference_height_px / 2
        assert all(-half_w <= b.left and b.right <= half_w and -half_h <= b.top and b.bottom <= half_h for b in boxes)
        assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])


def test_points_catch_the_pointer_only_a_few_pixels_beyond_their_marker(atlas):
    figure = map_figure(atlas, ViewState(), _url, TODAY)
    assert figure.layout.hoverdistance == HOVER_DISTANCE_PX <= 3  # plotly's default, 20 px, took region clicks
    # Events are drawn last: where an event and a town meet, the event's own marker is on top.
    assert [t.name for t in figure.data if isinstance(t, go.Scattergeo) and t.geo in (None, "geo")][-2:] == [
        "Towns", "Events in this period"]


def test_an_event_at_a_town_is_drawn_beside_it_so_both_can_be_clicked(atlas):
    checked = 0
    for on in stops(atlas, TODAY):  # every period's events, on the default frame
        state = ViewState(date=on.isoformat())
        figure, view = map_figure(atlas, state, _url, TODAY), view_for(atlas, state)
        towns = next(t for t in figure.data if t.name == "Towns")
        events = next(t for t in figure.data if t.name == "Events in this period")
        town_px = [to_pixels(lon, lat, view) for lon, lat in zip(towns.lon, towns.lat, strict=False)]
        event_px = [to_pixels(lon, lat, view) for lon, lat in zip(events.lon, events.lat, strict=False)]
        # No event marker covers a town's marker's centre, and no two events share a spot.
        reach = style.EVENTS.width / 2 + HOVER_DISTANCE_PX
        for ex, ey in event_px:
            assert all(((ex - tx) ** 2 + (ey - ty) ** 2) ** 0.5 > reach for tx, ty in town_px), on
        assert len({(round(x), round(y)) for x, y in event_px}) == len(event_px), on
        checked += len(event_px)
    assert checked >= 20  # Stepanakert, Khojaly, Shusha, Lachin… over the periods


def test_the_default_frame_is_nagorno_karabakh_and_a_selection_frames_itself(atlas):
    geo = map_figure(atlas, ViewState(), _url, TODAY).layout.geo
    fitted = KARABAKH.fitted(1.25)
    assert (tuple(geo.lonaxis.range), tuple(geo.lataxis.range)) == (fitted.lon_range, fitted.lat_range)
    whole = map_figure(atlas, ViewState(frame="overview"), _url, TODAY).layout.geo
    assert tuple(whole.lonaxis.range) == OVERVIEW.lon_range
    kalbajar = map_figure(atlas, ViewState(region="kalbajar"), _url, TODAY).layout.geo
    assert kalbajar.lonaxis.range[1] - kalbajar.lonaxis.range[0] < fitted.lon_range[1] - fitted.lon_range[0]
    # A new frame resets the reader's pan and zoom; the same frame keeps them.
    assert kalbajar.uirevision != geo.uirevision


def test_no_comparison_is_drawn_unless_asked_and_never_for_a_town(atlas):
    def drawn(state):
        figure = map_figure(atlas, state, _url, TODAY)
        return [len(t.lon) for t in figure.data if t.uid in (COMPARE_UID, COMPARE_PARTS_UID)]

    assert drawn(ViewState(region="nkao")) == [0, 0]
    assert drawn(ViewState(region="shusha_shushi", compare="luxembourg")) == [0, 0]
    main, parts = drawn(ViewState(region="nkao", compare="greece"))
    assert main > 0 and parts > 0  # Greece's mainland, and its islands kept around it


def test_a_comparison_is_a_filled_shape_with_a_solid_outline_its_mainland_on_the_region(atlas):
    figure = map_figure(atlas, ViewState(region="nkao", compare="greece"), _url, TODAY)
    main = next(t for t in figure.data if t.uid == COMPARE_UID)
    parts = next(t for t in figure.data if t.uid == COMPARE_PARTS_UID)
    assert main.fill == "toself" and main.fillcolor == style.COMPARE.fill and main.line.dash is None
    assert main.line.width > parts.line.width  # the mainland emphasised
    lons = [x for x in main.lon if x is not None]
    lats = [y for y in main.lat if y is not None]
    centre = atlas.layers["nkao"].geometry.iloc[0].centroid
    assert min(lons) < centre.x < max(lons) and min(lats) < centre.y < max(lats)


def test_view_is_equal_area_and_offline_ready(atlas):
    geo = map_figure(atlas, ViewState(), _url, TODAY).layout.geo
    assert geo.projection.type == "conic equal area"
    assert (geo.scope, geo.resolution) == ("asia", 50)  # the one TopoJSON served from assets/
    assert ViewState().layers == DEFAULT_LAYERS


@pytest.mark.parametrize(("width", "aspect"), [(419, 1.46), (453, 1.23), (1138, 1.4)])
def test_an_export_s_labels_keep_off_its_locator_inset(atlas, width, aspect):
    """At 600×400 "Martakert / Aghdara" ran under the locator in the map's top right corner."""
    state = ViewState(date="1993-09-01")
    figure = map_figure(atlas, state, _url, TODAY, aspect, width)
    view = replace(view_for(atlas, state, aspect), reference_width_px=width, reference_height_px=round(width / aspect))
    (x0, x1), (y0, y1) = locator_domain(view, aspect)["x"], locator_domain(view, aspect)["y"]
    w, h = view.reference_width_px, view.reference_height_px
    inset = Box((x0 - 0.5) * w, (0.5 - y1) * h, (x1 - 0.5) * w, (0.5 - y0) * h)
    towns = next(t for t in figure.data if t.name == "Towns")
    boxes = [label_box(to_pixels(lon, lat, view), text, position, style.TOWN_FONT_PX)
             for lon, lat, text, position in zip(towns.lon, towns.lat, towns.text, towns.textposition, strict=True) if text]
    assert len(boxes) >= 8 and not [b for b in boxes if b.overlaps(inset)]


@pytest.mark.parametrize("state", [ViewState(), ViewState(region="shusha_shushi"), ViewState(date="1989-06-01")],
                         ids=["default", "shusha", "1989"])
@pytest.mark.parametrize("width", [300, 350])
def test_on_a_narrow_page_labels_are_placed_for_the_width_drawn(atlas, state, width):
    """Placed for 750 px and thinned at 357, Shusha's label was lost to Stepanakert's and Askeran's lay on its event.

    The page reports its map's width in steps (ui.map.reported_width): drawn at that width and up to a step wider,
    no label overlaps another label or a town or event marker.
    """
    view = view_for(atlas, state)
    figure = base_figure(atlas, state, view, _url, TODAY, width)
    towns = next(t for t in figure.data if t.name == "Towns")
    events = next(t for t in figure.data if t.name == "Events in this period")
    labelled = _labelled(figure)
    # At 300 px (a 320 px phone) Askeran's marker is hemmed in by 1989's events: no room for its name there.
    wanted = {"Shusha / Shushi", "Stepanakert / Khankendi", *(["Askeran"] if width >= 350 else [])}
    assert wanted <= labelled and len(labelled) >= 10
    for drawn in (width, width + WIDTH_STEP_PX - 1):
        at = replace(view, reference_width_px=drawn, reference_height_px=round(drawn / ASPECT))
        # Each label as plotly.js sets it: its marker's size decides how far off it stands (a selected town's is its ring's).
        labels = [label_box(to_pixels(lon, lat, at), text, position, style.TOWN_FONT_PX, marker_gap_px(size))
                  for lon, lat, text, position, size in zip(towns.lon, towns.lat, towns.text, towns.textposition,
                                                            towns.marker.size, strict=True) if text]
        sized = [*((lon, lat, size) for lon, lat, size in zip(towns.lon, towns.lat, towns.marker.size, strict=True)),
                 *((lon, lat, size * DIAMOND_SPAN)
                   for lon, lat, size in zip(events.lon, events.lat, events.marker.size, strict=True))]
        markers = [Box(x - size / 2, y - size / 2, x + size / 2, y + size / 2)
                   for (x, y), size in ((to_pixels(lon, lat, at), size) for lon, lat, size in sized)]
        assert not [(a, b) for i, a in enumerate(labels) for b in labels[i + 1:] if a.overlaps(b)], drawn
        assert not [(a, m) for a in labels for m in markers if a.overlaps(m)], drawn


@pytest.mark.parametrize("town", ["shusha_shushi", "stepanakert_khankendi", "askeran", "lachin_berdzor"])
@pytest.mark.parametrize("width", [None, 350, 1200])
def test_no_label_touches_the_selected_town_s_ring_its_own_included(atlas, town, width):
    """The ring covered the "S" of "Shusha / Shushi" at 1440×900, on the phone and in exports."""
    state = ViewState(region=town)
    view = view_for(atlas, state)
    figure = (map_figure(atlas, state, _url, TODAY) if width is None
              else map_figure(atlas, state, _url, TODAY, width_px=width))
    if width is not None:
        view = replace(view, reference_width_px=width, reference_height_px=round(width / ASPECT))
    ring = next(t for t in figure.data if t.uid == SELECTION_UID)
    x, y = to_pixels(ring.lon[0], ring.lat[0], view)
    half = (ring.marker.size[0] + ring.marker.line.width[0]) / 2
    ring_box = Box(x - half, y - half, x + half, y + half)
    towns = next(t for t in figure.data if t.name == "Towns")
    # Each label as plotly.js sets it: its marker's size decides how far off it stands.
    labels = {text: label_box(to_pixels(lon, lat, view), text, position, style.TOWN_FONT_PX, marker_gap_px(size))
              for lon, lat, text, position, size in zip(towns.lon, towns.lat, towns.text, towns.textposition,
                                                         towns.marker.size, strict=True) if text}
    assert atlas.label(town, "both") in labels
    assert not [text for text, box in labels.items() if box.overlaps(ring_box)]
    # The town's dot is drawn once, inside the ring; its unseen marker in the towns trace only spaces the label.
    index = list(towns.customdata).index(town)
    assert towns.marker.opacity[index] == 0 and ring.marker.size[1] < ring.marker.size[0]


@pytest.mark.parametrize(("state", "most", "clear"), [
    # Before: 22 of 31 labels crossed by a drawn outline, 17 of 25 with the NKAO selected, 5 of 12 with Lachin.
    # Since Armenian-usage names joined the default labels (Aghdam / Akna …), 12 and 8 longer labels are crossed.
    (ViewState(), 12, {"Askeran", "Jabrayil / Jrakan", "Tartar (Terter)", "Hadrut"}),
    (ViewState(region="nkao"), 8, {"Tartar (Terter)", "Askeran", "Shusha / Shushi", "Lachin / Berdzor", "Jabrayil / Jrakan"}),
    (ViewState(region="lachin"), 2, {"Lachin / Berdzor", "Stepanakert / Khankendi"}),
    (ViewState(region="shusha_shushi"), 1, {"Shusha / Shushi", "Stepanakert / Khankendi", "Lachin / Berdzor"}),
], ids=["default", "nkao", "lachin", "shusha"])
def test_labels_take_places_no_border_crosses_where_they_can(atlas, state, most, clear):
    """A border line through a label hid its letters: where a free place no outline crosses exists, it is taken."""
    figure = map_figure(atlas, state, _url, TODAY)
    view = view_for(atlas, state)
    on = state.on(TODAY)
    crossings = crossings_counter(_outlines_px(atlas, drawn_layers(atlas, state, on), on, view))
    towns = next(t for t in figure.data if t.name == "Towns")
    crossed = {text.replace("<br>", " ") for lon, lat, text, position, size in zip(
                   towns.lon, towns.lat, towns.text, towns.textposition, towns.marker.size, strict=True)
               if text and crossings(label_box(to_pixels(lon, lat, view), text, position, style.TOWN_FONT_PX,
                                               marker_gap_px(size)))}
    labelled = _labelled(figure)
    assert clear <= labelled and not clear & crossed and len(crossed) <= most, sorted(crossed)


def _drawn_labels(figure, view, share: float = 1.0) -> list[tuple[str, Box]]:
    """The figure's town labels and area names as boxes where the map is drawn at ``share`` of ``view``'s size."""
    towns = next(t for t in figure.data if t.name == "Towns")
    names = next(t for t in figure.data if t.name == "Country names")
    at = replace(view, reference_width_px=view.reference_width_px * share, reference_height_px=view.reference_height_px
                 * share)
    return [*((text, label_box(to_pixels(lon, lat, at), text, position, style.TOWN_FONT_PX, marker_gap_px(size)))
              for lon, lat, text, position, size in zip(towns.lon, towns.lat, towns.text, towns.textposition,
                                                        towns.marker.size, strict=True) if text),
            *((text, label_box(to_pixels(lon, lat, at), text, "middle center", size))
              for lon, lat, text, size in zip(names.lon, names.lat, names.text, names.textfont.size, strict=True))]


@pytest.mark.parametrize("state", [ViewState(), ViewState(frame="overview"), ViewState(region="nkao"),
                                   ViewState(date="1992-06-01")], ids=["default", "whole", "nkao", "1992"])
def test_labels_placed_for_the_reference_size_stay_apart_where_the_page_draws_the_map_smaller(atlas, state):
    """Placed for 750 px and drawn at 620 (the page's first paint at 1440 px), Kapan's label met "ARMENIA" and the page
    hid it: every label is placed where it is free at both sizes."""
    figure = map_figure(atlas, state, _url, TODAY)
    view = view_for(atlas, state)
    assert "Kapan" in _labelled(figure)
    for share in (1.0, PAGE_DRAWN_SHARE):
        boxes = _drawn_labels(figure, view, share)
        assert not [(a, b) for i, (a, box) in enumerate(boxes) for b, other in boxes[i + 1:] if box.overlaps(other)], share


@pytest.mark.parametrize("width", [None, 600, 350, 300])
@pytest.mark.parametrize("state", [ViewState(), ViewState(date="1992-01-01"), ViewState(region="lachin")],
                         ids=["default", "1992", "lachin"])
def test_a_label_keeps_off_every_other_town_s_marker(atlas, state, width):
    """On a phone's first paint "Stepanakert / Khankendi" ran level into Khojaly's dot: a label keeps
    MARKER_CLEARANCE_PX off every marker but its own; a key town's with no such place at least covers none
    (Shusha's under Stepanakert's square on a 320 px phone)."""
    view = view_for(atlas, state)
    figure = map_figure(atlas, state, _url, TODAY) if width is None else base_figure(atlas, state, view, _url, TODAY,
                                                                                       width)
    at = replace(view, reference_width_px=width, reference_height_px=round(width / ASPECT)) if width else view
    towns = next(t for t in figure.data if t.name == "Towns")
    points = [to_pixels(lon, lat, at) for lon, lat in zip(towns.lon, towns.lat, strict=True)]
    key = {atlas.label(town, "both") for town in (*KEY_TOWNS, state.region) if town in atlas.layers["towns"].index}
    for i, (text, position, size) in enumerate(zip(towns.text, towns.textposition, towns.marker.size, strict=True)):
        if not text:
            continue
        reach = style.CAPITAL_MARKER_PX / 2 + (0 if towns.hovertext[i] in key else MARKER_CLEARANCE_PX)
        box = label_box(points[i], text, position, style.TOWN_FONT_PX, marker_gap_px(size))
        near = [towns.hovertext[j] for j, (x, y) in enumerate(points)
                if j != i and box.overlaps(Box(x - reach, y - reach, x + reach, y + reach))]
        assert near == [], text

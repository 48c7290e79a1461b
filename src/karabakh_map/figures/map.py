"""The map: Plotly geo traces, one per layer, least specific first; and its locator.

Geo traces (not tile maps) draw offline and export to true vector SVG and PDF.
Inside one choropleth trace hover and click go to the first feature containing the
point, so overlapping layers each get their own trace and the most specific is drawn
last. Towns and events are points: plotly gives the pointer to a point only when it is
closer than ``hoverdistance`` (beyond the marker's radius), otherwise to the region
beneath, so the distance is kept to a few pixels and a click inside a region selects it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import NamedTuple

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import shapely

from karabakh_map.data.atlas import Atlas
from karabakh_map.data.layers import CONTESTED_LAYER, LAYERS, detail_level
from karabakh_map.figures import style
from karabakh_map.figures.frame import ASPECT, OVERVIEW, PARALLELS, MapView, view_for
from karabakh_map.figures.label_placement import (
    MARKER_CLEARANCE_PX,
    OWN_MARKER_MARGIN_PX,
    Box,
    Placed,
    box_distances,
    box_edges,
    boxes_overlap,
    crossings_counter,
    frame_box,
    label_box,
    label_boxes,
    marker_gap_px,
    pixel_scale,
    place_labels,
    to_pixels,
)
from karabakh_map.model.areas import true_size_outline
from karabakh_map.model.geometry import main_part, orient_for_plotly
from karabakh_map.model.periods import (
    EVENT_PREFIX,
    HISTORY_OUTLINE,
    event_summary,
    events_by_place,
    events_near,
    features_on,
    shown_dated_layers,
    valid_layers,
)
from karabakh_map.model.view_state import ViewState

# Where a trace finds its GeoJSON: a URL the browser fetches and caches, or the
# parsed GeoJSON inline (for exports that must stand alone).
# (Layer name, level of detail: data.layers.detail_level) → the GeoJSON of its trace.
GeoJSONSource = Callable[[str, str], "str | dict"]
# The selection and the compared place (its main part, and its other parts) are always
# in the figure, empty when not drawn and in the same place, so that a new selection
# changes these traces only.
SELECTION_UID = "selection"
COMPARE_UID = "compare"
COMPARE_PARTS_UID = "compare-parts"
OVERLAY_UIDS = (SELECTION_UID, COMPARE_UID, COMPARE_PARTS_UID)
# A town or event catches the pointer within its marker and this many pixels more.
HOVER_DISTANCE_PX = 3
# The locator inset in exports: the top right corner of the map, this share of its width.
INSET_WIDTH = 0.22
# A frame showing this share of the locator's region (the whole-region view) needs no locator.
LOCATOR_USELESS_SHARE = 0.5
# Labelled first when there is room, after a selected town: the NKAO's capital, and the
# two towns the news names most.
KEY_TOWNS = ("stepanakert_khankendi", "shusha_shushi", "askeran")
# An event this close to a town (reference pixels) is one of the town's: its label is wanted.
EVENT_ON_TOWN_PX = 8.0
# A marker standing for several events at one place, and the size of their number in it.
EVENT_GROUP_PX = 17
EVENT_COUNT_FONT_PX = 10
# The ring round a selected town: its size and line in px. Labels keep off it, the town's own
# too: the town's marker in the towns trace takes the ring's size (unseen), so plotly.js sets its
# label beyond the ring, and the ring's trace draws the town's dot inside it.
RING_PX = 18
RING_LINE_PX = 3
# Plotly draws a diamond of marker size s with its corners 1.3 s apart.
DIAMOND_SPAN = 1.3
# Each of a group's events in its marker's hover: its first characters.
EVENT_GROUP_HOVER_CHARS = 60
# Until the page reports a narrower map (ui.map.reported_width), it draws the map at this share of its
# reference width and up (about 600–750 px on a desktop): labels keep nearest their own marker there.
PAGE_DRAWN_SHARE = 0.8
# Widest places tried for an area's name before it is left out (each clear of the towns under the one before).
AREA_NAME_TRIES = 4
# Nakhchivan's name (text, size in px), and the shorter and smaller ones tried where it does not fit
# (it has Azerbaijan's colour: the legend says so).
NAKHCHIVAN_NAMES = (("NAKHCHIVAN<br>(AZERBAIJAN)", style.COUNTRY_FONT_PX), ("NAKHCHIVAN", style.COUNTRY_FONT_PX),
                    ("NAKHCHIVAN", style.TOWN_FONT_PX), ("NAKHCHIVAN", style.SMALLEST_FONT_PX))
# Area names leave a place for the name of each capital and each town of this many people (Kapan, Goris);
# Nakhchivan's may take the places of smaller towns' names.
MAJOR_TOWN_POPULATION = 20_000
# A name's box lies this much on its area. Where no widest place is free, places this many px apart (or so
# many in all) are tried, as far from the towns' markers as this many px allow.
AREA_NAME_STEP_PX = 1
AREA_NAME_PLACES = 10_000
AREA_NAME_MIN_COVER = 0.8
AREA_NAME_CLEARANCE_PX = 10
# There, a name may pass this near a town's middle: clear of its marker (a capital's square) as a town's label is,
# and of the minor towns' labels, which the name outranks (the "Whole region" frame's six towns in Nakhchivan).
AREA_NAME_MARKER_PX = style.CAPITAL_MARKER_PX / 2 + MARKER_CLEARANCE_PX
# Compared places' islands and exclaves smaller than this share of the whole are specks at any frame.
MIN_PART_SHARE = 0.002


def _hover(title: str) -> str:
    return "<b>%{text}</b><br>" + title.replace("%", "%%") + "<extra></extra>"


def drawn_layers(atlas: Atlas, state: ViewState, on: dt.date) -> list[tuple[str, bool]]:
    """The polygon layers the map draws on a date, in drawing order, each with whether it is drawn as history."""
    dated = shown_dated_layers(atlas, on)
    drawn = []
    for layer in LAYERS:
        if layer.draw_path is None:
            continue
        shown = layer.name in dated if layer.dated else layer.name in state.layers
        if layer.name == HISTORY_OUTLINE:
            shown = shown and layer.name in state.layers
        if shown:
            drawn.append((layer.name, layer.name == HISTORY_OUTLINE and layer.name not in valid_layers(atlas, on)))
    return drawn


def _countries_trace(atlas: Atlas, geojson: str | dict, names: str, subplot: str = "geo") -> go.Choropleth:
    countries = atlas.layers["countries"]
    ids = list(countries["id"])
    classes = [style.COUNTRY_CLASS.get(i, style.NEIGHBOURS) for i in ids]
    palette = [style.NEIGHBOURS, style.ARMENIA, style.AZERBAIJAN]
    inset = subplot != "geo"
    return go.Choropleth(
        name="Countries",
        geo=subplot,
        geojson=geojson,
        featureidkey="properties.id",
        locations=ids,
        # z picks the class: 0 neighbours, 1 Armenia, 2 Azerbaijan.
        z=[palette.index(c) for c in classes],
        zmin=0,
        zmax=2,
        colorscale=[[0.0, palette[0].fill], [0.5, palette[1].fill], [1.0, palette[2].fill]],
        showscale=False,
        marker_line_color=style.COUNTRY_LINE,
        marker_line_width=0.4 if inset else 1.0,
        text=list(countries[f"label_{names}"]),
        # Only the neighbours drawn in part say so (Armenia's hover said Turkey, Iran and Russia were clipped).
        hovertext=["Country, drawn clipped to the region" if clipped else "Country" for clipped in countries["clipped"]],
        hovertemplate=None if inset else "<b>%{text}</b><br>%{hovertext}<extra></extra>",
        hoverinfo="skip" if inset else None,
        showlegend=False,
    )


def _layer_trace(atlas: Atlas, name: str, title: str, geojson: str | dict, names: str, history: bool,
                 on: dt.date | None = None, hover: str | None = None) -> go.Choropleth:
    """A layer's polygons; given ``on``, only the features valid that day (a dated layer in force).

    ``hover``: what a hover says of the layer, when not its title.
    """
    frame = atlas.layers[name] if on is None else features_on(atlas, name, on)
    drawn = style.LAYER_CLASS[name]
    return go.Choropleth(
        name=f"{title} (history)" if history else title,
        geojson=geojson,
        featureidkey="properties.id",
        locations=list(frame["id"]),
        z=[0] * len(frame),
        colorscale=[[0, drawn.fill], [1, drawn.fill]],
        showscale=False,
        marker_line_color=drawn.line if name != "nakhchivan" else style.COUNTRY_LINE,
        marker_line_width=drawn.width,
        text=list(frame[f"label_{names}"]),
        hovertemplate=_hover(hover or (f"{title} (history)" if history else title)),
        showlegend=False,
    )


def _label_point(shape, box: shapely.Polygon, min_radius: float):
    """Where a name goes inside what the frame shows of ``shape``: its widest point, or None if it has no room."""
    seen = main_part(shapely.intersection(shape, box))
    if seen.is_empty or seen.geom_type not in ("Polygon", "MultiPolygon"):
        return None
    circle = shapely.maximum_inscribed_circle(seen, min_radius / 20)
    centre = shapely.get_point(circle, 0)
    return (centre.x, centre.y) if circle.length >= min_radius else None


class AreaName(NamedTuple):
    """A country's name, or Nakhchivan's, as the map draws it: where (lon, lat), its text, its size in px."""

    point: tuple[float, float]
    text: str
    font_px: float

    def box(self, view: MapView) -> Box:
        """Its box in the pixels :func:`to_pixels` gives for ``view``."""
        return label_box(to_pixels(*self.point, view), self.text, "middle center", self.font_px)


class _Obstacles(NamedTuple):
    """What area names keep off in a frame: the towns' markers, the places for their names, what covers the map.

    The markers' points and pixels; the open places (:func:`_open_places`) for the names of the towns
    in the frame, the capitals and towns of :data:`MAJOR_TOWN_POPULATION` (``major``) and the others
    (``minor``); an export's inset and scale bar (``covered``, boxes in px).
    """

    points: list
    pixels: list[tuple[float, float]]
    major: list
    minor: list
    covered: list[Box]


def _area_names(atlas: Atlas, view: MapView, drawn_share: float = 1.0, covered: Sequence[Box] = ()) -> list[AreaName]:
    """Country names, and Nakhchivan's (it has Azerbaijan's colour), placed inside the frame.

    Names keep off the NKAO and the seven districts, where the towns' labels are needed, off
    the parts of their area that have a name of their own (Azerbaijan's off Nakhchivan), and
    off one another. Nakhchivan's is placed wherever what the frame shows of it can hold it
    (:func:`_free_place`), on one line or smaller if need be: the name is what tells the exclave
    apart from the rest of Azerbaijan's colour. ``drawn_share``: as :func:`_free_place`; ``covered``:
    what an export draws over the map (boxes in px), which names keep off too.
    """
    frame = frame_box(view)
    shapes = [(shape, name.upper()) for shape, name in zip(atlas.layers["countries"].geometry,
                                                         atlas.layers["countries"]["name_en"], strict=True)]
    nakhchivan = atlas.layers["nakhchivan"].geometry.iloc[0]
    shapes.append((nakhchivan, NAKHCHIVAN_NAMES[0][0]))
    subject = shapely.union_all([*atlas.layers["districts"].geometry, *atlas.layers["nkao"].geometry])
    points = atlas.layers["towns"].geometry
    pixels = [to_pixels(p.x, p.y, view) for p in points]
    table = atlas.layers["towns"]
    major = table["capital"] | (table["population"].fillna(0) >= MAJOR_TOWN_POPULATION)
    places = [(town, _open_places(i, pixels, label, frame, drawn_share), kept)
              for i, (town, pixel, label, kept) in enumerate(zip(points, pixels, table["label_both"], major, strict=True))
              if frame.distance_to(pixel) == 0]
    obstacles = _Obstacles(list(points), pixels, [(town, boxes) for town, boxes, kept in places if kept],
                           [(town, boxes) for town, boxes, kept in places if not kept], list(covered))
    placed: list[AreaName] = []
    for shape, name in shapes:
        # Azerbaijan's widest point in a frame on Lachin was in Nakhchivan, under Nakhchivan's own name.
        named_parts = [other for other, _ in shapes if other is not shape and shapely.contains(shape, other)]
        room = shapely.difference(shape, shapely.union_all([subject, *named_parts]))
        variants = NAKHCHIVAN_NAMES if shape is nakhchivan else ((name, style.COUNTRY_FONT_PX),)
        # The widest point, for Nakhchivan with two lines or one (a phone's map); else any place the area's
        # part in the frame holds the name (Nakhchivan in the "Whole region" frame, where its six towns leave
        # no widest point free).
        found = next(filter(None, (_widest_place(room, text, font, view, obstacles, placed)
                                   for text, font in variants)), None)
        if found is None and (candidates := _candidates(room, view)) is not None:
            found = next(filter(None, (_free_place(candidates, text, font, view, obstacles, placed, drawn_share)
                                       for text, font in variants)), None)
        if found:
            placed.append(found)
    return placed


def _open_places(index: int, pixels: Sequence[tuple[float, float]], text: str, frame: Box,
                 drawn_share: float) -> list[Box]:
    """The boxes the label of the town at ``pixels[index]`` may take before any other label is placed.

    As :func:`karabakh_map.figures.label_placement.place_labels` would find them on a map of the
    towns' markers alone: inside ``frame``, clear of the other markers and nearer its own, also
    where the map is drawn at ``drawn_share`` of its size (the other markers closer).
    """
    boxes = [box for box in label_boxes(pixels[index], text, style.TOWN_FONT_PX) if frame.holds(box)]
    if not boxes:
        return []
    own = np.array(pixels[index])
    edges = np.array([box_edges(box) for box in boxes])
    mine = box_distances(edges, own[None, :])[:, 0] + OWN_MARKER_MARGIN_PX
    half = style.CAPITAL_MARKER_PX / 2 + MARKER_CLEARANCE_PX
    kept = np.ones(len(boxes), bool)
    for share in {1.0, drawn_share}:
        others = own + (np.delete(np.array(pixels), index, axis=0) - own) * share
        kept &= ~boxes_overlap(edges, np.hstack([others - half, others + half])).any(axis=1)
        kept &= box_distances(edges, others).min(axis=1, initial=np.inf) >= mine
    return [box for box, open_ in zip(boxes, kept, strict=True) if open_]


def _in_the_way(box: Box, obstacles: _Obstacles, placed: Sequence[AreaName], view: MapView,
                clearance: float = style.CAPITAL_MARKER_PX) -> list[shapely.Geometry]:
    """What an area name's box would cover, to be cut out of the places tried for it.

    Town markers (within ``clearance`` px of their middle), names placed before it, a major town's
    last place for its name, what an export draws over the map.
    """
    # Off the towns' markers, which would hide it or lose their own label to it (Nakhchivan's name
    # sat on its capital's square), off the names placed before it, and leaving each capital and major
    # town a place for its name (Nakhchivan city's, between its country's name and the edge; Kapan's).
    under = [town for town, pixel in zip(obstacles.points, obstacles.pixels, strict=True)
             if box.distance_to(pixel) <= clearance]
    under += [shapely.Point(name.point) for name in placed if box.overlaps(name.box(view))]
    under += [town for town, places in obstacles.major if places and all(box.overlaps(place) for place in places)]
    # Off what an export draws over the map (AZERBAIJAN under a small export's locator).
    per_lon, per_lat = pixel_scale(view)
    lon0, lat0 = view.center
    under += [shapely.box(lon0 + cover.left / per_lon, lat0 - cover.bottom / per_lat,  # near enough to cut it out
                          lon0 + cover.right / per_lon, lat0 - cover.top / per_lat)
              for cover in obstacles.covered if box.overlaps(cover)]
    return under


def _widest_place(room, text: str, font_px: float, view: MapView, obstacles: _Obstacles,
                  placed: Sequence[AreaName]) -> AreaName | None:
    """``text`` at the widest free place of ``room`` inside the frame, or None.

    What is in the way (:func:`_in_the_way`) is cut out and the next widest place tried.
    """
    frame = frame_box(view)
    (west, east), (south, north) = view.lon_range, view.lat_range
    per_lon, per_lat = pixel_scale(view)
    min_radius = (north - south) * 0.04
    # Its middle far enough in for the whole name to stand inside the frame, where plotly cuts it
    # ("NAKHCHIVAN (AZERBAIJAN)" ran off a small export's left edge).
    size = label_box((0, 0), text, "middle center", font_px)
    in_lon, in_lat = max((east - west) * 0.06, size.right / per_lon), max((north - south) * 0.06, size.bottom / per_lat)
    inner = shapely.box(west + in_lon, south + in_lat, east - in_lon, north - in_lat)
    area = _pixels(room, view)
    for _ in range(AREA_NAME_TRIES):
        point = _label_point(room, inner, min_radius)
        if point is None:
            break
        name = AreaName(point, text, font_px)
        box = name.box(view)
        under = _in_the_way(box, obstacles, placed, view)
        # The frame's edges curve: the window's corners are not the map's. And a name lies on its area
        # ("NAKHCHIVAN" in a frame on Lachin showed a 40 px strip of it, and the name ran over Armenia).
        if not frame.holds(box) or _cover(area, np.array([box_edges(box)]))[0] < AREA_NAME_MIN_COVER:
            under.append(shapely.Point(point))
        if not under:
            return name
        reach = math.hypot(box.right - box.left, box.bottom - box.top) / 2 * view.degrees_per_pixel
        room = shapely.difference(room, shapely.union_all([place.buffer(reach) for place in under]))
    return None


class _Candidates(NamedTuple):
    """Places tried for an area's name: their (lon, lat), their pixels, and the area in pixels."""

    lonlat: list[tuple[float, float]]
    pixels: np.ndarray
    area: shapely.Geometry


def _candidates(room, view: MapView) -> _Candidates | None:
    """Places for a name over what ``view`` shows of ``room``, or None where it shows none of it.

    Every :data:`AREA_NAME_STEP_PX`, farther apart in a large area, which has room (:data:`AREA_NAME_PLACES`
    at most); only those on the area.
    """
    seen = shapely.intersection(room, view.box())
    if seen.is_empty:
        return None
    per_lon, per_lat = pixel_scale(view)
    west, south, east, north = seen.bounds
    step = max(AREA_NAME_STEP_PX, math.sqrt((east - west) * per_lon * (north - south) * per_lat / AREA_NAME_PLACES))
    lons, lats = (grid.ravel() for grid in np.meshgrid(np.arange(west, east, step / per_lon),
                                                        np.arange(south, north, step / per_lat)))
    inside = shapely.contains_xy(seen, lons, lats)  # a name's middle on its area
    if not inside.any():
        return None
    lonlat = [(float(lon), float(lat)) for lon, lat in zip(lons[inside], lats[inside], strict=True)]
    return _Candidates(lonlat, np.array([to_pixels(lon, lat, view) for lon, lat in lonlat]), _pixels(seen, view))


def _free_place(candidates: _Candidates, text: str, font_px: float, view: MapView, obstacles: _Obstacles,
                placed: Sequence[AreaName], drawn_share: float = 1.0) -> AreaName | None:
    """``text`` at the best of the ``candidates`` where its box lies on the area and in nobody's way, or None.

    Its box lies inside the frame, :data:`AREA_NAME_MIN_COVER` of it on the area. Of those places, the
    one leaving the fewest minor towns no place for their name is taken, then the one taking the fewest
    places of the towns' names (Kapan's, beside Nakhchivan in the "Whole region" frame; also where the map
    is drawn at ``drawn_share`` of its size, its towns closer), then one most on the area, farthest from
    the towns' markers (up to :data:`AREA_NAME_CLEARANCE_PX`), nearest the middle of the area.
    """
    frame = frame_box(view)
    centres = candidates.pixels
    size = label_box((0.0, 0.0), text, "middle center", font_px)
    boxes = np.hstack([centres + np.array([size.left, size.top]), centres + np.array([size.right, size.bottom])])
    clearance = box_distances(boxes, np.array(obstacles.pixels)).min(axis=1)
    ok = ((boxes[:, 0] >= frame.left) & (boxes[:, 1] >= frame.top) & (boxes[:, 2] <= frame.right)
          & (boxes[:, 3] <= frame.bottom) & (clearance > AREA_NAME_MARKER_PX))
    others = [box_edges(name.box(view)) for name in placed] + [box_edges(cover) for cover in obstacles.covered]
    if others:
        ok &= ~boxes_overlap(boxes, np.array(others)).any(axis=1)
    # Inside the lon/lat window plotly draws, whose edges curve: the frame's corners are not the map's.
    window = shapely.Polygon([to_pixels(lon, lat, view) for lon, lat in view.outline()])
    ok &= np.all([shapely.contains_xy(window, boxes[:, i], boxes[:, j]) for i in (0, 2) for j in (1, 3)], axis=0)
    unnamed, covered = np.zeros(len(boxes)), np.zeros(len(boxes))
    for kept, (town, places) in [(True, town) for town in obstacles.major] + [(False, town) for town in obstacles.minor]:
        if not places:
            continue
        pixel = to_pixels(town.x, town.y, view)
        for share in {1.0, drawn_share}:  # the name and the town's places come closer as the map is drawn smaller
            moved = boxes + np.tile((centres - pixel) * (share - 1), 2)
            over = boxes_overlap(moved, np.array([box_edges(place) for place in places]))
            every = over.all(axis=1)
            if kept:
                ok &= ~every
            else:
                unnamed += every
            covered += over.sum(axis=1)
    if not ok.any():
        return None
    on_area = np.zeros(len(boxes))
    on_area[ok] = _cover(candidates.area, boxes[ok])
    ok &= on_area >= AREA_NAME_MIN_COVER
    if not ok.any():
        return None
    middle = np.array(shapely.get_coordinates(shapely.maximum_inscribed_circle(candidates.area, 1.0))[0])
    # np.lexsort sorts by its last key first.
    order = np.lexsort((np.hypot(*(centres - middle).T), -np.minimum(clearance, AREA_NAME_CLEARANCE_PX),
                        -np.round(on_area, 1), covered, unnamed, ~ok))
    return AreaName(candidates.lonlat[order[0]], text, font_px)


def _pixels(room, view: MapView):
    """What ``view`` shows of ``room`` (lon/lat), in the pixels :func:`to_pixels` gives, within half a pixel."""
    seen = shapely.simplify(shapely.intersection(room, view.box()), view.degrees_per_pixel / 2)
    return shapely.make_valid(shapely.transform(seen, lambda xy: np.array([to_pixels(x, y, view) for x, y in xy])))


def _cover(area, boxes: np.ndarray) -> np.ndarray:
    """The share of each box (n × left, top, right, bottom, px) that lies on ``area`` (in px)."""
    return shapely.area(shapely.intersection(area, shapely.box(*boxes.T))) / (
        (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1]))


# Ranks the page thins labels by (assets/labels.js), lower kept first: the selected town and
# the key towns, then the country names, then the other towns in their order.
NAME_RANK, OTHER_TOWN_RANK = 50, 100


def _area_names_trace(names: Sequence[AreaName]) -> go.Scattergeo:
    return go.Scattergeo(
        name="Country names",
        meta={"label_rank": {name.text.replace("<br>", ""): NAME_RANK + i for i, name in enumerate(names)}},
        lon=[round(name.point[0], 4) for name in names],
        lat=[round(name.point[1], 4) for name in names],
        mode="text",
        text=[name.text for name in names],
        textfont={"size": [name.font_px for name in names], "color": style.COUNTRY_LABEL, "shadow": style.HALO},
        hoverinfo="skip",
        showlegend=False,
    )


def event_marker_px(count: int) -> float:
    """The size of an event marker standing for ``count`` events at one place (several: larger, numbered)."""
    return style.EVENTS.width if count == 1 else EVENT_GROUP_PX


def _place_events(events: pd.DataFrame, groups: Sequence[Sequence[str]], town_points: Sequence[tuple[float, float]],
                  view: MapView):
    """Each marker's drawn position (lon, lat): where its events happened, or the nearest free spot.

    One marker per group of events at one place (:func:`karabakh_map.model.periods.events_by_place`).
    The spot moves when the place is on a town's marker or another event marker's.

    Returns the positions and, for each marker, the index of the town it lies on (or None).
    """
    per_lon, per_lat = pixel_scale(view)
    placed: list[tuple[float, float, float]] = []
    positions, at_town = [], []
    for group in groups:
        lon, lat = float(events.loc[group[0], "lon"]), float(events.loc[group[0], "lat"])
        size = DIAMOND_SPAN * event_marker_px(len(group))
        # Apart enough that each marker keeps a clickable part of its own.
        gap = size / 2 + style.CAPITAL_MARKER_PX / 2 + HOVER_DISTANCE_PX
        # East first, west last: a town's label then has room on its left.
        spots = [(0.0, 0.0)] + [
            (radius * math.cos(math.radians(angle)), -radius * math.sin(math.radians(angle)))
            for angles in ((0, 45, 315, 90, 270), (135, 225, 180)) for radius in (gap + 2, 2 * gap + 2)
            for angle in angles
        ]
        x, y = to_pixels(lon, lat, view)
        near = [i for i, (tx, ty) in enumerate(town_points) if math.hypot(tx - x, ty - y) <= EVENT_ON_TOWN_PX]
        at_town.append(near[0] if near else None)
        for dx, dy in spots:
            px, py = x + dx, y + dy
            if all(math.hypot(px - tx, py - ty) >= gap for tx, ty in town_points) and all(
                math.hypot(px - ex, py - ey) >= (size + other) / 2 + 1 for ex, ey, other in placed
            ):
                break
        else:  # crowded all round: where it happened
            px, py = x, y
        placed.append((px, py, size))
        # Back to degrees from the event's own point: the offset is a few pixels, where the
        # projection is linear; from the frame's centre the curve of the parallels would add up.
        positions.append((lon + (px - x) / per_lon, lat - (py - y) / per_lat))
    return positions, at_town


def _events_trace(atlas: Atlas, groups: Sequence[Sequence[str]], positions: Sequence[tuple[float, float]]) -> go.Scattergeo:
    """One marker per place: an event's diamond, or a larger one with the number of events there."""
    hover = [
        event_summary(atlas, group[0]) if len(group) == 1
        else f"<b>{len(group)} events here</b> (a click opens the first and lists the others)<br>"
        + "<br>".join(event_summary(atlas, i, EVENT_GROUP_HOVER_CHARS) for i in group)
        for group in groups
    ]
    return go.Scattergeo(
        name="Events in this period",
        lon=[round(lon, 5) for lon, _ in positions],
        lat=[round(lat, 5) for _, lat in positions],
        mode="markers+text",
        text=[str(len(group)) if len(group) > 1 else "" for group in groups],
        textposition="middle center",
        textfont={"size": EVENT_COUNT_FONT_PX, "color": "#FFFFFF", "weight": "bold"},
        # opacity 1: with sizes per point plotly.js draws a "bubble" trace at 0.7, paler than the legend's swatch.
        marker={"size": [event_marker_px(len(group)) for group in groups], "symbol": style.EVENTS.symbol,
                "color": style.EVENTS.fill, "line": {"width": 1, "color": style.EVENTS.line}, "opacity": 1},
        # Clicks report customdata: the marker's events, ["event:<id>", …], the earliest first.
        customdata=[[f"{EVENT_PREFIX}{i}" for i in group] for group in groups],
        hovertext=hover,
        hovertemplate="%{hovertext}<extra></extra>",
        showlegend=False,
    )


def _town_order(atlas: Atlas, selected: str | None, event_towns: set[str]) -> list[str]:
    """Towns in labelling priority: the selected one, the key towns, towns of the period's events, capitals, the rest by size."""
    towns = atlas.layers["towns"]

    def rank(town: str) -> tuple:
        key = KEY_TOWNS.index(town) if town in KEY_TOWNS else len(KEY_TOWNS)
        return (town != selected, key, town not in event_towns, not towns.loc[town, "capital"],
                -(towns.loc[town, "population"] or 0), town)

    return sorted(towns.index, key=rank)


def _outlines_px(atlas: Atlas, drawn: Sequence[tuple[str, bool]], on: dt.date, view: MapView) -> list[list]:
    """The drawn layers' outlines near the frame as polylines in pixels, within a pixel (a selection's are its layer's).

    ``drawn``: :func:`drawn_layers`.
    """
    (west, east), (south, north) = view.lon_range, view.lat_range
    near = shapely.box(west - (east - west) / 4, south - (north - south) / 4,
                       east + (east - west) / 4, north + (north - south) / 4)
    lines = []
    for name, _ in drawn:
        geometry = atlas.draw_geometry[name]
        if next(layer for layer in LAYERS if layer.name == name).dated and name in valid_layers(atlas, on):
            geometry = geometry.loc[list(features_on(atlas, name, on)["id"])]
        for shape in shapely.simplify(shapely.clip_by_rect(shapely.boundary(geometry.values), *near.bounds),
                                      view.degrees_per_pixel):
            parts = getattr(shape, "geoms", [shape])
            lines += [[to_pixels(lon, lat, view) for lon, lat in part.coords] for part in parts if not part.is_empty]
    return lines


def wrapped_name(name: str) -> str | None:
    """A dual name ("Stepanakert / Khankendi") broken after its slash, or None for a single name.

    Examples
    --------
    >>> wrapped_name("Stepanakert / Khankendi")
    'Stepanakert /<br>Khankendi'
    >>> wrapped_name("Goris") is None
    True
    """
    first, slash, second = name.partition(" / ")
    return f"{first} /<br>{second}" if slash else None


def _towns_trace(atlas: Atlas, names: str, order: Sequence[str], view: MapView, selected: str | None,
                 obstacles: Sequence[Box], drawn_share: float, outlines: Sequence[Sequence] = ()) -> go.Scattergeo:
    """Towns in priority order (the page's label thinning keeps the first that fit), labelled where there is room."""
    towns = atlas.layers["towns"].loc[list(order)]
    texts = list(towns[f"label_{names}"])
    points = [to_pixels(p.x, p.y, view) for p in towns.geometry]
    frame = frame_box(view)
    # A town drawn in the map is labelled, also beyond the lon/lat window (plotly draws a box's width of it).
    first = [town == selected or town in KEY_TOWNS for town in towns.index]
    ringed = [town == selected for town in towns.index]
    capital = list(towns["capital"])
    sizes = [RING_PX if ring else style.CAPITAL_MARKER_PX if c else style.TOWN_MARKER_PX
             for c, ring in zip(capital, ringed, strict=True)]
    if selected is not None:  # the ring is in the way of every label, the town's own included
        x, y = points[ringed.index(True)]
        half = (RING_PX + RING_LINE_PX) / 2
        obstacles = [*obstacles, Box(x - half, y - half, x + half, y + half)]
    placed = place_labels(
        points, texts, list(range(len(towns))), style.TOWN_FONT_PX, style.CAPITAL_MARKER_PX, obstacles=obstacles,
        skip=[frame.distance_to(point) > 0 for point in points], within=frame, insist=first, drawn_share=drawn_share,
        # Each label as far off its marker as plotly.js sets it: a town's dot, a capital's square, a selected town's ring.
        gaps=[marker_gap_px(size) for size in sizes],
        crossings=crossings_counter(outlines) if outlines else None, wrapped=[wrapped_name(text) for text in texts],
    )
    if selected is not None and placed[0] is None:  # the selected town is always named
        placed[0] = Placed("top center", texts[0])
    # By the text the page reads off a label: plotly.js draws <br> as a new line, and its text runs on.
    ranks = {(place.text if place else text).replace("<br>", ""): i if first[i] else OTHER_TOWN_RANK + i
             for i, (text, place) in enumerate(zip(texts, placed, strict=True))}
    return go.Scattergeo(
        name="Towns",
        # The map width in px the labels are placed for (the page's when it reported one).
        meta={"label_rank": ranks, "placed_for_px": view.reference_width_px},
        lon=[p.x for p in towns.geometry],
        lat=[p.y for p in towns.geometry],
        mode="markers+text",
        text=[place.text if place else "" for place in placed],
        textposition=[place.position if place else "top center" for place in placed],
        textfont={"size": style.TOWN_FONT_PX, "color": style.TEXT, "shadow": style.HALO},
        marker={
            "size": sizes,
            "opacity": [0 if ring else 1 for ring in ringed],
            "color": style.TOWNS.fill,
            "symbol": ["square" if c else "circle" for c in capital],
            "line": {"width": 1, "color": style.TOWNS.line},
        },
        # Clicks report customdata: the town's id.
        customdata=list(towns.index),
        hovertext=texts,
        hovertemplate="<b>%{hovertext}</b><br>Town<extra></extra>",
        showlegend=False,
    )


def _rings(geometry, with_holes: bool = True) -> tuple[list, list]:
    """Longitudes and latitudes of every ring, rings separated by None (a break in the line).

    Rounded to 0.0001° (about 10 m, far below a pixel): full floats would double what is sent.
    """
    lons, lats = [], []
    polygons = geometry.geoms if geometry.geom_type == "MultiPolygon" else [geometry]
    for polygon in polygons:
        for ring in [polygon.exterior, *(polygon.interiors if with_holes else [])]:
            xs, ys = ring.xy
            lons += [*(round(x, 4) for x in xs), None]
            lats += [*(round(y, 4) for y in ys), None]
    return lons, lats


# Named even when empty, so that no trace is plotly's "trace 7" (hover, a screen reader, an export's legend).
_OVERLAY_NAMES = {SELECTION_UID: "Selected", COMPARE_UID: "Compared place at true size",
                  COMPARE_PARTS_UID: "Compared place at true size"}


def _empty_overlay(uid: str) -> go.Scattergeo:
    return go.Scattergeo(uid=uid, name=_OVERLAY_NAMES[uid], lon=[], lat=[], mode="lines", hoverinfo="skip",
                         showlegend=False)


def _selection_trace(atlas: Atlas, region: str) -> go.Scattergeo:
    """The selected region's outline, or a ring round a selected town.

    Drawn as lines that skip hover, so clicks pass through to the regions beneath.
    """
    layer = atlas.layer_of(region)
    if layer == "towns":
        town = atlas.layers["towns"].loc[region]
        dot = style.CAPITAL_MARKER_PX if town["capital"] else style.TOWN_MARKER_PX
        # The ring, and the town's dot inside it (the towns trace leaves it unseen: see RING_PX).
        return go.Scattergeo(
            uid=SELECTION_UID,
            name="Selected",
            lon=[town.geometry.x] * 2,
            lat=[town.geometry.y] * 2,
            mode="markers",
            marker={"size": [RING_PX, dot], "color": [style.TRANSPARENT, style.TOWNS.fill], "opacity": 1,
                    "symbol": ["circle", "square" if town["capital"] else "circle"],
                    "line": {"width": [RING_LINE_PX, 1], "color": [style.SELECTION, style.TOWNS.line]}},
            hoverinfo="skip",
            showlegend=False,
        )
    lons, lats = _rings(atlas.draw_geometry[layer].loc[region])
    return go.Scattergeo(
        uid=SELECTION_UID,
        name="Selected",
        lon=lons,
        lat=lats,
        mode="lines",
        line={"width": style.SELECTED.width, "color": style.SELECTED.line},
        hoverinfo="skip",
        showlegend=False,
    )


def _compare_traces(atlas: Atlas, state: ViewState, view: MapView) -> list[go.Scattergeo]:
    """The compared place moved onto the selected region at true size: its main part emphasised, other parts lighter.

    The parts keep their true places around the main part (never moved one by one); specks
    too small to see are left out.
    """
    moved = shapely.simplify(true_size_outline(atlas, state.compare, state.region), view.degrees_per_pixel / 2)
    parts = list(moved.geoms) if moved.geom_type == "MultiPolygon" else [moved]
    main = max(parts, key=lambda part: part.area)
    others = [part for part in parts if part is not main and part.area >= MIN_PART_SHARE * moved.area]
    name = f"{atlas.label(state.compare, state.names)} at true size"
    traces = []
    for uid, shapes, width, fill in (
        (COMPARE_UID, [main], style.COMPARE.width, style.COMPARE.fill),
        (COMPARE_PARTS_UID, others, style.COMPARE.width / 2, style.COMPARE.fill),
    ):
        # Filled shapes follow d3-geo's winding: outer rings clockwise.
        lons, lats = _rings(shapely.MultiPolygon(list(orient_for_plotly(shapes))), with_holes=False) if shapes else ([], [])
        traces.append(go.Scattergeo(
            uid=uid,
            name=name,
            lon=lons,
            lat=lats,
            mode="lines",
            fill="toself",
            fillcolor=fill,
            line={"width": width, "color": style.COMPARE.line},
            hoverinfo="skip",
            showlegend=False,
        ))
    return traces


def outlines_selection(atlas: Atlas, state: ViewState) -> bool:
    """Whether the view draws a selected region's outline (a selected town gets a ring instead)."""
    return state.region is not None and atlas.layer_of(state.region) != "towns"


def compares(atlas: Atlas, state: ViewState) -> bool:
    """Whether the view draws a size comparison: one is chosen and the selection has an area."""
    return (
        state.compare is not None
        and state.region is not None
        and atlas.layers[atlas.layer_of(state.region)].loc[state.region].geometry.geom_type != "Point"
    )


def overlay_traces(atlas: Atlas, state: ViewState, view: MapView) -> list[go.Scattergeo]:
    """The selection's outline and the compared place, by uid (:data:`OVERLAY_UIDS`); empty where not drawn."""
    selection = _selection_trace(atlas, state.region) if state.region else _empty_overlay(SELECTION_UID)
    compared = (
        _compare_traces(atlas, state, view)
        if compares(atlas, state)
        else [_empty_overlay(COMPARE_UID), _empty_overlay(COMPARE_PARTS_UID)]
    )
    return [selection, *compared]


def _locator_traces(atlas: Atlas, geojson: str | dict, view: MapView, subplot: str) -> list:
    """The locator: the South Caucasus, with the frame drawn on it."""
    (west, east), (south, north) = view.lon_range, view.lat_range
    return [
        _countries_trace(atlas, geojson, "both", subplot=subplot),
        go.Scattergeo(
            geo=subplot,
            name="Frame",
            lon=[west, east, east, west, west],
            lat=[south, south, north, north, south],
            mode="lines",
            line={"width": 1.5, "color": style.SELECTION},
            hoverinfo="skip",
            showlegend=False,
        ),
    ]


def _geo_layout(view: MapView) -> dict:
    lon0, _ = view.center
    return {
        "scope": "asia",
        "resolution": 50,
        # Equal-area, so that sizes compare truthfully; standard parallels frame the region.
        # minscale: zoom out to twice the frame at most (the base map ends beyond the overview).
        "projection": {"type": "conic equal area", "parallels": list(PARALLELS), "rotation": {"lon": lon0},
                       "minscale": 0.5},
        "domain": {"x": [0, 1], "y": [0, 1]},
        "lonaxis_range": list(view.lon_range),
        "lataxis_range": list(view.lat_range),
        "showland": True,
        "landcolor": style.LAND_OUTSIDE,
        "showocean": False,  # water is the background colour
        "showlakes": True,
        "lakecolor": style.WATER,
        "showcountries": False,
        "showcoastlines": False,
        "showframe": False,
        "bgcolor": style.WATER,
        # A new frame replaces the reader's pan and zoom; the same frame keeps them.
        "uirevision": f"{view.lon_range}{view.lat_range}",
    }


def _locator_layout(domain: dict) -> dict:
    layout = _geo_layout(OVERVIEW)
    layout.update(domain=domain, showframe=True, framecolor=style.COUNTRY_LINE, framewidth=1,
                  projection={**layout["projection"], "minscale": 1, "maxscale": 1})
    return layout


def locator_figure(atlas: Atlas, view: MapView, geojson: str | dict) -> go.Figure:
    """A small map of the South Caucasus with ``view``'s frame on it, to show beside the map.

    Its shape is the overview's (:meth:`MapView.projected_aspect`); show it static (no
    interaction). ``geojson`` is the countries' drawn GeoJSON or its URL.
    """
    return go.Figure(
        _locator_traces(atlas, geojson, view, "geo"),
        {"geo": _locator_layout({"x": [0, 1], "y": [0, 1]}), "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
         "paper_bgcolor": "white", "showlegend": False},
    )


def add_locator_inset(figure: go.Figure, atlas: Atlas, view: MapView, geojson: str | dict, aspect: float) -> None:
    """Put the locator in the top right corner of the map ``view`` draws in a figure ``aspect`` wide per unit high.

    None when the view already shows most of the region the locator would. For static
    images (exports) only: in an interactive plot a second geo subplot makes plotly move
    the main map on every click.
    """
    domain = locator_domain(view, aspect)
    if domain is None:
        return
    figure.add_traces(_locator_traces(atlas, geojson, view, "geo2"))
    figure.update_layout(geo2=_locator_layout(domain))


def locator_domain(view: MapView, aspect: float) -> dict | None:
    """Where the locator inset goes in a map box ``aspect`` wide per unit high (plotly domain, shares of the box).

    None when the view already shows most of the region the locator would.
    """
    region = OVERVIEW.box()
    if shapely.intersection(view.box(), region).area >= LOCATOR_USELESS_SHARE * region.area:
        return None
    left, bottom, right, top = view.drawn_box(aspect)  # the map's corner, not the box's, when they differ
    drawn_aspect = aspect * (right - left) / (top - bottom)
    # Sized against a box of the page's shape inside the drawn map, so that it fits a map of any shape.
    width = INSET_WIDTH * min(1.0, ASPECT / drawn_aspect) * (right - left)
    height = width * aspect / OVERVIEW.projected_aspect()
    return {"x": [right - width, right], "y": [top - height, top]}


def drawn_at(view: MapView, width_px: float | None) -> MapView:
    """The view at the size it is drawn: ``width_px`` wide (its shape kept), or its reference size when None."""
    if width_px is None:
        return view
    aspect = view.reference_width_px / view.reference_height_px
    return replace(view, reference_width_px=round(width_px), reference_height_px=round(width_px / aspect))


def _base_parts(atlas: Atlas, state: ViewState, view: MapView, geojson_for: GeoJSONSource,
                today: dt.date, width_px: float | None = None,
                drawn_share: float = PAGE_DRAWN_SHARE, covered: Sequence[Box] = ()) -> tuple[list, dict]:
    on = state.on(today)
    # Borders within a pixel at this frame's size: the fine level once the overview would be off by more.
    level = detail_level(view.lon_range, view.lat_range, view.reference_width_px)
    traces = []
    layers = drawn_layers(atlas, state, on)
    # The oblast's outline is drawn over the contested area and takes its hover: it says what the fill is.
    contested = CONTESTED_LAYER in {name for name, _ in layers}
    for name, history in layers:
        if name == "countries":
            traces.append(_countries_trace(atlas, geojson_for(name, level), state.names))
        else:
            layer = next(layer for layer in LAYERS if layer.name == name)
            in_force = layer.dated and name in valid_layers(atlas, on)
            hover = style.CONTESTED.label if contested and name == HISTORY_OUTLINE else None
            traces.append(_layer_trace(atlas, name, layer.title, geojson_for(name, level), state.names, history,
                                       on if in_force else None, hover))
    traces.extend(_empty_overlay(uid) for uid in OVERLAY_UIDS)

    # Names, event markers and labels are placed in pixels at the size the map is drawn: on a
    # phone's narrow map the reference size's places would leave them on top of one another
    # (Shusha's label lost to Stepanakert's, Askeran's under its event's marker).
    drawn = drawn_at(view, width_px)
    names = _area_names(atlas, drawn, drawn_share, covered)
    obstacles = [*covered, *(name.box(drawn) for name in names)]
    if "countries" in state.layers:
        traces.append(_area_names_trace(names))
    events = events_near(atlas, on, today)
    selected = state.region if state.region is not None and atlas.layer_of(state.region) == "towns" else None
    towns = atlas.layers["towns"]
    town_ids = list(towns.index)
    groups = events_by_place(events)
    positions, at_town = _place_events(events, groups, [to_pixels(p.x, p.y, drawn) for p in towns.geometry], drawn)
    for (lon, lat), group in zip(positions, groups, strict=True):
        x, y = to_pixels(lon, lat, drawn)
        half = DIAMOND_SPAN * event_marker_px(len(group)) / 2
        obstacles.append(Box(x - half, y - half, x + half, y + half))
    if "towns" in state.layers:
        event_towns = {town_ids[i] for i in at_town if i is not None}
        order = _town_order(atlas, selected, event_towns)
        traces.append(_towns_trace(atlas, state.names, order, drawn, selected, obstacles, drawn_share,
                                   _outlines_px(atlas, layers, on, drawn)))
    traces.append(_events_trace(atlas, groups, positions))

    layout = {
        "geo": _geo_layout(view),
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
        "paper_bgcolor": "white",
        "font": {"family": style.FONT_FAMILY, "color": style.TEXT},
        # The legend is outside the map, in the page (figures/legend.py) and in exports.
        "showlegend": False,
        "hoverlabel": {"font": {"family": style.FONT_FAMILY}},
        "hoverdistance": HOVER_DISTANCE_PX,
        "dragmode": "pan",
        "uirevision": "map",
    }
    return traces, layout


def base_figure(atlas: Atlas, state: ViewState, view: MapView, geojson_for: GeoJSONSource, today: dt.date,
                width_px: float | None = None) -> go.Figure:
    """The map without the selection and comparison (their traces are there, empty): see :func:`map_figure`.

    ``state.region`` matters here only when it is a town (its label is always shown).
    ``width_px``: the map's drawn width on the page when known and narrower than the reference
    (at least this and under a step more: ui.map.reported_width). Names, event markers and labels
    are placed for it; without it, for the reference size, and the page thins labels on a smaller map.
    """
    # Drawn at least ``width_px`` wide, the markers only spread apart round each label's own.
    traces, layout = _base_parts(atlas, state, view, geojson_for, today, width_px,
                                 PAGE_DRAWN_SHARE if width_px is None else 1.0)
    return go.Figure(traces, layout)


def label_sets(atlas: Atlas, state: ViewState, geojson_for: GeoJSONSource, today: dt.date,
               widths: Sequence[int], aspect: float = ASPECT) -> dict[int, list[dict]]:
    """The map's labelled traces (``meta.label_rank``: names and towns) as placed for a map of each width in px.

    For a page that learns its map's size only when drawing it (the embed): it draws the set
    for its width, in the frame fitted to a box of ``aspect`` (width / height; the page's by
    default), :func:`karabakh_map.figures.frame.view_for`. Plotly JSON, by width.
    """
    view = view_for(atlas, state, aspect)
    return {width: [trace.to_plotly_json() for trace in base_figure(atlas, state, view, geojson_for, today, width).data
                    if (trace.meta or {}).get("label_rank")] for width in widths}


def map_figure(atlas: Atlas, state: ViewState, geojson_for: GeoJSONSource, today: dt.date,
               aspect: float = ASPECT, width_px: float | None = None, covered: Sequence[Box] = ()) -> go.Figure:
    """The map for a view state, framed as the view asks (:func:`karabakh_map.figures.frame.view_for`).

    Parameters
    ----------
    atlas : Atlas
        The loaded geodata.
    state : ViewState
        What to show.
    geojson_for : callable
        (Layer name, level of detail) → the GeoJSON for its trace: a URL (the dashboard,
        so browsers cache it) or the parsed GeoJSON (standalone exports). The level is the
        one the frame needs at its size (:func:`karabakh_map.data.layers.detail_level`):
        ``fine`` when the overview's borders would be off by more than a pixel.
    today : date
        What "today" is (the view's date when it has none), so the figure stays a pure function.
    aspect : float
        Width / height of the map's box: the page's (default), or an export's, so that the
        frame fills it.
    width_px : float, optional
        The map box's width in px when it is not the page's (an export's): labels are placed,
        and left out where they do not fit, for that size rather than the page's.
    covered : sequence of Box
        With ``width_px``: what an export draws over the map (its scale bar), in px from the
        map box's middle (y down); labels keep off it, as off the locator inset.
    """
    view = view_for(atlas, state, aspect)
    if width_px is not None:
        view = replace(view, reference_width_px=round(width_px), reference_height_px=round(width_px / aspect))
    # An export is drawn at its own size, with the locator inset over its corner (labels keep off
    # it); the page anywhere from PAGE_DRAWN_SHARE of the reference up.
    covered = list(covered)
    domain = locator_domain(view, aspect) if width_px is not None else None
    if domain is not None:
        (x0, x1), (y0, y1) = domain["x"], domain["y"]
        w, h = view.reference_width_px, view.reference_height_px
        covered.append(Box((x0 - 0.5) * w, (0.5 - y1) * h, (x1 - 0.5) * w, (0.5 - y0) * h))
    traces, layout = _base_parts(atlas, state, view, geojson_for, today,
                                 drawn_share=PAGE_DRAWN_SHARE if width_px is None else 1.0, covered=covered)
    overlays = {trace.uid: trace for trace in overlay_traces(atlas, state, view)}
    return go.Figure([overlays.get(trace.uid, trace) for trace in traces], layout)

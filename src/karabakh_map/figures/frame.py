"""Where the map looks: the overview, the default frame on Nagorno-Karabakh, and a frame round a selection.

A frame is a longitude/latitude window; plotly fits it into the map's box (limited by
width or by height) and shows more on the other axis. The data build uses the overview
to clip the base map and to set the drawing tolerance; the figures use the frame a view
asks for. Pure: the same view state gives the same frame in the dashboard, /embed and
exports.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import shapely

from karabakh_map.data.atlas import Atlas
from karabakh_map.data.layers import FINE_FRAME, OVERVIEW_DRAW_FRAME
from karabakh_map.figures.projection import conic_equal_area
from karabakh_map.model.areas import true_size_outline
from karabakh_map.model.geometry import main_part
from karabakh_map.model.view_state import OVERVIEW_FRAME, ViewState


@dataclass(frozen=True)
class MapView:
    """A longitude/latitude window and the frame in pixels it is drawn in at the reference size."""

    lon_range: tuple[float, float]
    lat_range: tuple[float, float]
    reference_width_px: int
    reference_height_px: int

    @property
    def degrees_per_pixel(self) -> float:
        """Degrees of longitude a pixel spans at the reference size."""
        return (self.lon_range[1] - self.lon_range[0]) / self.reference_width_px

    @property
    def center(self) -> tuple[float, float]:
        """The window's centre as (longitude, latitude)."""
        return (sum(self.lon_range) / 2, sum(self.lat_range) / 2)

    def box(self) -> shapely.Polygon:
        """The window as a longitude/latitude rectangle."""
        (west, east), (south, north) = self.lon_range, self.lat_range
        return shapely.box(west, south, east, north)

    def outline(self) -> list[tuple[float, float]]:
        """The window's edges as (lon, lat) points, every 0.05° or closer: parallels curve in the projection."""
        (west, east), (south, north) = self.lon_range, self.lat_range
        steps = max(4, math.ceil(max(east - west, north - south) / 0.05))
        along = [i / steps for i in range(steps + 1)]
        return ([(west + (east - west) * t, south) for t in along] + [(east, south + (north - south) * t) for t in along]
                + [(west + (east - west) * t, north) for t in along] + [(west, south + (north - south) * t) for t in along])

    def projected_aspect(self) -> float:
        """Width / height of the window as plotly draws it (its bounding box in the projection)."""
        return _screen(self).aspect

    def to_screen(self, lon: float, lat: float) -> tuple[float, float]:
        """Where plotly.js draws (lon, lat) in px from the middle of the map's box, at the reference size (y down).

        Plotly fits the projected window into the box by its limiting side and puts the
        window's middle at the box's middle.

        Examples
        --------
        >>> KARABAKH.to_screen(*KARABAKH.center)
        (0.0, 0.0)
        >>> x, y = KARABAKH.to_screen(47.0, 39.5)
        >>> x > 0 and y > 0  # east of the middle is right, south is down
        True
        """
        screen = _screen(self)
        x, y = screen.project(lon, lat)
        return ((x - screen.centre[0]) * screen.scale, (y - screen.centre[1]) * screen.scale)

    def drawn_box(self, aspect: float) -> tuple[float, float, float, float]:
        """Where plotly draws the window in a box ``aspect`` wide per unit high: (left, bottom, right, top) as shares of it.

        Plotly fits the window by its limiting side and centres it. A window fitted to the box
        fills it; one capped at the base map's extent (a box of an extreme shape) leaves blank
        bands on two sides, and what belongs in the map's corners (the scale bar, the locator)
        goes in the corners of this box instead.

        Examples
        --------
        >>> [round(share, 2) for share in OVERVIEW.fitted(1.25).drawn_box(1.25)]
        [0.0, 0.0, 1.0, 1.0]
        >>> [round(share, 2) for share in OVERVIEW.fitted(1.25).drawn_box(2.5)]
        [0.25, 0.0, 0.75, 1.0]
        """
        shape = self.projected_aspect()
        width, height = min(1.0, shape / aspect), min(1.0, aspect / shape)
        return ((1 - width) / 2, (1 - height) / 2, (1 + width) / 2, (1 + height) / 2)

    def fitted(self, aspect: float) -> MapView:
        """The window widened (never narrowed) about its centre to the shape of a box ``aspect`` wide per unit high.

        Its reference size becomes :data:`REFERENCE_WIDTH_PX` wide, of that shape.

        Examples
        --------
        >>> round(KARABAKH.fitted(1.25).projected_aspect(), 3)
        1.25
        """
        view = self
        for _ in range(4):  # the projection is nearly linear at this size: a few steps converge
            ratio = aspect / view.projected_aspect()
            (west, east), (south, north) = view.lon_range, view.lat_range
            lon0, lat0 = view.center
            half_lon, half_lat = (east - west) / 2, (north - south) / 2
            # Never wider than the base map: a box of an extreme shape shows the frame with blank sides.
            if ratio > 1:
                half_lon = min(half_lon * ratio, MAX_HALF_SPAN_DEG[0])
            else:
                half_lat = min(half_lat / ratio, MAX_HALF_SPAN_DEG[1])
            view = MapView((lon0 - half_lon, lon0 + half_lon), (lat0 - half_lat, lat0 + half_lat),
                           REFERENCE_WIDTH_PX, round(REFERENCE_WIDTH_PX / aspect))
        return MapView(tuple(round(v, 3) for v in view.lon_range), tuple(round(v, 3) for v in view.lat_range),
                       REFERENCE_WIDTH_PX, round(REFERENCE_WIDTH_PX / aspect))



class _Screen(NamedTuple):
    project: Callable[[float, float], tuple[float, float]]
    centre: tuple[float, float]
    scale: float  # px per projected unit at the view's reference size
    aspect: float  # the projected window's width / height


@lru_cache(maxsize=256)
def _screen(view: MapView) -> _Screen:
    project = conic_equal_area(PARALLELS, view.center[0])
    xs, ys = zip(*(project(lon, lat) for lon, lat in view.outline()), strict=True)
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    scale = min(view.reference_width_px / width, view.reference_height_px / height)
    return _Screen(project, project(*view.center), scale, width / height)

# The map's box keeps this width / height in the page (assets/style.css, .map-frame), so
# that a frame fitted to it fills the box: plotly draws only the window, centred, and
# leaves the rest of a box of another shape blank.
ASPECT = 1.25
# The map at 1440 × 900, with the legend beside it, is about 750 px wide: labels are placed
# for a frame this wide (and as high as its shape makes it).
REFERENCE_WIDTH_PX = 750
# The conic equal-area projection's standard parallels: they bracket the region.
PARALLELS = (38.5, 41.5)
# Armenia, Azerbaijan with Nakhchivan and Baku, eastern Georgia with Tbilisi: the "Whole
# region" frame, the locator inset, and the extent of the base map and of drawing (the
# data build draws its overview level for this window: data.layers.OVERVIEW_DRAW_FRAME).
OVERVIEW = MapView(OVERVIEW_DRAW_FRAME.lon_range, OVERVIEW_DRAW_FRAME.lat_range, OVERVIEW_DRAW_FRAME.width_px, 570)
# The subject: the NKAO, the seven districts, the Lachin corridor and Armenia's Syunik
# province (their union spans 45.58–47.63 °E, 38.86–40.42 °N), with a thin margin.
# tests/app/test_frame.py checks it against the data.
# The data build draws its fine level of detail for this window (data.layers.FINE_FRAME).
KARABAKH = MapView(FINE_FRAME.lon_range, FINE_FRAME.lat_range, REFERENCE_WIDTH_PX, round(REFERENCE_WIDTH_PX / ASPECT))
# Round a selection: a quarter of its size on each side, and never less than about 60 km
# across, so that a district or a town is seen with its neighbours.
MARGIN_SHARE = 0.25
MIN_SPAN_DEG = 0.55
# A frame fitted to a box is widened at most to the overview's size again on each side (the
# base map, clipped a degree beyond the overview, and the projection's zoom-out limit).
MAX_HALF_SPAN_DEG = (
    OVERVIEW.lon_range[1] - OVERVIEW.lon_range[0],
    OVERVIEW.lat_range[1] - OVERVIEW.lat_range[0],
)


def _kept(bounds: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """What of a frame round ``bounds`` must stay in view: the selection and half its margin."""
    west, south, east, north = bounds
    margin_lon = max(east - west, MIN_SPAN_DEG) * MARGIN_SHARE / 2
    margin_lat = max(north - south, MIN_SPAN_DEG) * MARGIN_SHARE / 2
    return (west - margin_lon, south - margin_lat, east + margin_lon, north + margin_lat)


def _slid_inside(span: tuple[float, float], limits: tuple[float, float], kept: tuple[float, float]) -> tuple[float, float]:
    """``span`` (low, high) moved, not resized, towards inside ``limits``, but never so far that ``kept`` leaves it.

    A frame is moved back inside the overview (the extent the map is drawn for) rather than
    cut to it: a frame cut to the overview's edge came out smaller than any other, and
    closer than its level of detail is drawn for (Tabriz, south of the overview: 1.6 px off,
    and on the frame's very edge). A selection beyond the overview keeps a frame reaching
    just past it. A span wider than the limits is cut to them.

    Examples
    --------
    >>> [round(v, 2) for v in _slid_inside((37.67, 38.49), (38.2, 42.2), (38.01, 38.15))]  # Tabriz: as far as it allows
    [38.01, 38.83]
    >>> [round(v, 2) for v in _slid_inside((49.9, 50.9), (43.2, 50.6), (50.0, 50.5))]
    [49.6, 50.6]
    """
    (low, high), (min_low, max_high), (keep_low, keep_high) = span, limits, kept
    if high - low >= max_high - min_low:
        return (max(low, min_low), min(high, max_high))
    shift = max(min_low - low, 0) + min(max_high - high, 0)
    shift = min(max(shift, keep_high - high), keep_low - low)
    return (low + shift, high + shift)


def frame_around(bounds: tuple[float, float, float, float]) -> MapView:
    """A frame holding ``bounds`` (west, south, east, north, degrees) with a margin, moved inside the overview.

    Examples
    --------
    >>> frame_around((46.3, 39.4, 47.3, 40.4)).lon_range
    (46.05, 47.55)
    >>> frame_around((46.29, 38.08, 46.29, 38.08)).lat_range  # Tabriz, south of the overview: still in the frame
    (38.01, 38.84)
    """
    west, south, east, north = bounds
    half_lon = max(east - west, MIN_SPAN_DEG) * (0.5 + MARGIN_SHARE)
    half_lat = max(north - south, MIN_SPAN_DEG) * (0.5 + MARGIN_SHARE)
    lon0, lat0 = (west + east) / 2, (south + north) / 2
    keep_west, keep_south, keep_east, keep_north = _kept(bounds)
    lon_range = _slid_inside((lon0 - half_lon, lon0 + half_lon), OVERVIEW.lon_range, (keep_west, keep_east))
    lat_range = _slid_inside((lat0 - half_lat, lat0 + half_lat), OVERVIEW.lat_range, (keep_south, keep_north))
    return MapView(tuple(round(v, 2) for v in lon_range), tuple(round(v, 2) for v in lat_range),
                   REFERENCE_WIDTH_PX, round(REFERENCE_WIDTH_PX / ASPECT))


def view_for(atlas: Atlas, state: ViewState, aspect: float = ASPECT) -> MapView:
    """The frame a view state asks for, fitted to a map box of the given shape.

    The "Whole region" frame when asked (``frame=overview``); else the selection with a
    margin, together with the place compared with it when a comparison is drawn; else the
    default frame on Nagorno-Karabakh.

    Parameters
    ----------
    atlas : Atlas
        The loaded geodata (for the selection's extent).
    state : ViewState
        The view; only ``frame``, ``region`` and ``compare`` matter.
    aspect : float
        The map box's width / height: the page's (default), or an export's.
    """
    window, kept = _window(atlas, state)
    window, bounds = window.fitted(aspect), OVERVIEW.fitted(aspect)
    # Moved back inside the overview (the base map's extent) where fitting pushed it out.
    ranges = []
    for span, limits, keep in zip((window.lon_range, window.lat_range), (bounds.lon_range, bounds.lat_range),
                                  (kept[0::2], kept[1::2]), strict=True):
        if span[1] - span[0] >= limits[1] - limits[0]:
            return bounds
        ranges.append(tuple(round(v, 3) for v in _slid_inside(span, limits, keep)))
    return MapView(ranges[0], ranges[1], window.reference_width_px, window.reference_height_px)


def _window(atlas: Atlas, state: ViewState) -> tuple[MapView, tuple[float, float, float, float]]:
    """The window a view asks for, and what of it must stay in view when it is moved: (west, south, east, north)."""
    if state.frame == OVERVIEW_FRAME or state.region is None:
        window = OVERVIEW if state.frame == OVERVIEW_FRAME else KARABAKH
        lon0, lat0 = window.center
        return window, (lon0, lat0, lon0, lat0)
    shape = atlas.layers[atlas.layer_of(state.region)].loc[state.region].geometry
    if state.compare is not None and shape.geom_type != "Point":
        shape = shapely.union(shape, main_part(true_size_outline(atlas, state.compare, state.region)))
    # Regions clipped to the map (Russia, Iran, Turkey) would otherwise frame far beyond it.
    bounds = shapely.intersection(shape, OVERVIEW.box()).bounds if shape.geom_type != "Point" else shape.bounds
    return frame_around(bounds), _kept(bounds)

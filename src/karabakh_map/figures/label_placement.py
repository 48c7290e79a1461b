"""Place town labels so that none overlaps another label or a marker in a frame, at the size it is drawn.

A greedy placer: towns in priority order, each tries the positions around its
marker in turn and takes the first whose box is free (of the free ones, one the
fewest drawn outlines cross); a town with no free
position keeps its marker and hover but shows no label. On a narrow page the
labels are placed for the map's width the page reports (figures/map.py); on a
screen smaller than placed for, or after a zoom, the page hides, in the same
priority order, labels that collide there (assets/labels.js).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import NamedTuple

import numpy as np
import shapely

from karabakh_map.figures.frame import MapView

# Plotly textposition → where the label box sits relative to the marker (dx, dy in
# units of the box's width and height; y grows downwards as on screen).
_POSITIONS = {
    "middle right": (0.0, -0.5),
    "middle left": (-1.0, -0.5),
    "top center": (-0.5, -1.0),
    "bottom center": (-0.5, 0.0),
    "top right": (0.0, -1.0),
    "bottom right": (0.0, 0.0),
    "top left": (-1.0, -1.0),
    "bottom left": (-1.0, 0.0),
}
_CENTRED = {"middle center": (-0.5, -0.5)}  # for text with no marker, such as country names
CHAR_WIDTH_EM = 0.62  # wide enough for Latin text in the page's sans-serif face
CAPS_WIDTH_EM = 0.65  # for a name in capitals (DejaVu Sans: "NAKHCHIVAN" is 6.7 em, "ARMENIA" 4.6)
LINE_HEIGHT_EM = 1.3
# plotly.js moves a label r = radius / 0.8 + 1 px off its marker's middle, across and up or down
# (drawing.textPointPosition): 6 px for a capital's 8 px square, less for a town's dot.
MARKER_GAP_PX = 6


def marker_gap_px(marker_px: float) -> float:
    """How far plotly.js moves a label off the middle of a marker ``marker_px`` across (drawing.textPointPosition)."""
    return marker_px / 2 / 0.8 + 1
# A label is this much nearer its own marker than any other, so that it reads as naming its own.
OWN_MARKER_MARGIN_PX = 3
# A label keeps this far off every marker but its own (Stepanakert's name ran level into Khojaly's dot).
MARKER_CLEARANCE_PX = 2


@dataclass(frozen=True)
class Box:
    """A label's box in pixels, y downwards."""

    left: float
    top: float
    right: float
    bottom: float

    def holds(self, other: Box) -> bool:
        """Whether ``other`` lies wholly inside this box."""
        return self.left <= other.left and other.right <= self.right and self.top <= other.top and other.bottom <= self.bottom

    def distance_to(self, point: tuple[float, float]) -> float:
        """How far a point lies from the box (0 inside it)."""
        x, y = point
        dx = max(self.left - x, 0.0, x - self.right)
        dy = max(self.top - y, 0.0, y - self.bottom)
        return (dx * dx + dy * dy) ** 0.5

    def overlaps(self, other: Box) -> bool:
        """Whether the two boxes share any area (touching edges do not)."""
        return self.left < other.right and other.left < self.right and self.top < other.bottom and other.top < self.bottom


# Many boxes at once, as arrays of rows (left, top, right, bottom) in px: what Box does for one.
def box_edges(box: Box) -> tuple[float, float, float, float]:
    """A box as the (left, top, right, bottom) row the array functions below take."""
    return (box.left, box.top, box.right, box.bottom)


def boxes_overlap(boxes: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Whether each of ``boxes`` (n × left, top, right, bottom) shares area with each of ``others`` (m × 4): n × m."""
    a, b = boxes[:, None, :], others[None, :, :]
    return (a[..., 0] < b[..., 2]) & (b[..., 0] < a[..., 2]) & (a[..., 1] < b[..., 3]) & (b[..., 1] < a[..., 3])


def box_distances(boxes: np.ndarray, points: np.ndarray) -> np.ndarray:
    """How far each point (m × x, y) lies from each box (n × left, top, right, bottom), 0 inside it: n × m."""
    x, y = points[None, :, 0], points[None, :, 1]
    dx = np.maximum(np.maximum(boxes[:, None, 0] - x, x - boxes[:, None, 2]), 0.0)
    dy = np.maximum(np.maximum(boxes[:, None, 1] - y, y - boxes[:, None, 3]), 0.0)
    return np.hypot(dx, dy)


def pixel_scale(view: MapView) -> tuple[float, float]:
    """Pixels per degree of longitude and of latitude at the view's centre, at its reference size.

    For small offsets (an event moved beside a town); points themselves go through :func:`to_pixels`.
    """
    lon0, lat0 = view.center
    step = 0.01
    east, west = view.to_screen(lon0 + step, lat0), view.to_screen(lon0 - step, lat0)
    north, south = view.to_screen(lon0, lat0 + step), view.to_screen(lon0, lat0 - step)
    return (east[0] - west[0]) / (2 * step), (south[1] - north[1]) / (2 * step)


def frame_box(view: MapView) -> Box:
    """The map's frame in the pixels :func:`to_pixels` gives (its middle at 0, 0), at the view's reference size."""
    half_width, half_height = view.reference_width_px / 2, view.reference_height_px / 2
    return Box(-half_width, -half_height, half_width, half_height)


def to_pixels(lon: float, lat: float, view: MapView) -> tuple[float, float]:
    """Screen position relative to the view's centre (y downwards), at its reference size, as plotly.js draws it."""
    return view.to_screen(lon, lat)


def crossings_counter(lines: Sequence[Sequence[tuple[float, float]]]) -> Callable[[Box], int]:
    """How many of the drawn outlines' segments cross a box: for choosing, among free places, one no border runs through.

    Parameters
    ----------
    lines : sequence of sequences of (x, y)
        The outlines drawn on the map as polylines in pixels (y downwards), as :func:`to_pixels` gives.

    Returns
    -------
    callable
        Box → the number of segments that meet it.
    """
    segments = [shapely.LineString([a, b]) for line in lines for a, b in pairwise(line) if a != b]
    tree = shapely.STRtree(segments)
    return lambda box: len(tree.query(shapely.box(box.left, box.top, box.right, box.bottom), predicate="intersects"))


def label_box(point: tuple[float, float], text: str, position: str, font_px: float,
              gap_px: float = MARKER_GAP_PX) -> Box:
    """The box a label takes at a plotly ``textposition``, ``gap_px`` away from its marker's middle.

    ``<br>`` breaks the text into lines, as plotly draws it.
    """
    x, y = point
    dx, dy = _POSITIONS.get(position) or _CENTRED[position]
    lines = text.split("<br>")
    width = max(len(line) * (CAPS_WIDTH_EM if line.isupper() else CHAR_WIDTH_EM) for line in lines) * font_px
    height = font_px * LINE_HEIGHT_EM * len(lines)
    # Also at a corner: "top left" stands the gap above the marker as well as beside it
    # (Stepanakert's label, estimated without it, came down onto Khojaly's).
    gap_x = gap_px if dx == 0 else -gap_px if dx == -1 else 0
    gap_y = gap_px if dy == 0 else -gap_px if dy == -1 else 0
    left, top = x + dx * width + gap_x, y + dy * height + gap_y
    return Box(left, top, left + width, top + height)


def label_boxes(point: tuple[float, float], text: str, font_px: float) -> list[Box]:
    """The boxes a marker's label may take: one at each position :func:`place_labels` tries."""
    return [label_box(point, text, position, font_px) for position in _POSITIONS]


class Placed(NamedTuple):
    """Where a label goes: its plotly ``textposition`` and its text (as given, or broken over lines)."""

    position: str
    text: str


def _grown(box: Box, by: float) -> Box:
    return Box(box.left - by, box.top - by, box.right + by, box.bottom + by)


def _moved(box: Box, by: tuple[float, float]) -> Box:
    dx, dy = by
    return Box(box.left + dx, box.top + dy, box.right + dx, box.bottom + dy)


def place_labels(
    points: Sequence[tuple[float, float]],
    texts: Sequence[str],
    priority: Sequence[int],
    font_px: float,
    marker_px: float,
    obstacles: Sequence[Box] = (),
    skip: Sequence[bool] = (),
    within: Box | None = None,
    insist: Sequence[bool] = (),
    drawn_share: float = 1.0,
    gaps: Sequence[float] = (),
    crossings: Callable[[Box], int] | None = None,
    wrapped: Sequence[str | None] = (),
) -> list[Placed | None]:
    """Choose a plotly ``textposition`` (and a text) for each label, or None where none fits.

    A label fits where it covers no marker (nor comes within :data:`MARKER_CLEARANCE_PX` of
    another's, but for an insisting label with no other place), obstacle or label already
    placed, lies inside ``within``, and is nearer its own marker (by :data:`OWN_MARKER_MARGIN_PX`)
    than any other; at the size ``points`` are given for and at ``drawn_share`` of it.

    Parameters
    ----------
    points : sequence of (x, y)
        Marker positions in pixels (y downwards).
    texts : sequence of str
        The labels.
    priority : sequence of int
        Lower goes first.
    font_px, marker_px : float
        Label font size and marker diameter in pixels.
    obstacles : sequence of Box
        Other things already on the map (country names, event markers) that labels must not cover.
    skip : sequence of bool
        Points whose label is not wanted (outside the frame); their markers still count, and
        a label keeps nearer its own marker than theirs.
    within : Box, optional
        The map's frame: a label must lie wholly inside it.
    insist : sequence of bool
        Labels wanted even where no free position is nearer their own marker than any other
        (the selected town, the key towns): they take the free position nearest their own
        marker against the others.
    drawn_share : float
        The smallest size the map is drawn at, as a share of the size ``points`` are given for:
        labels keep their size and markers, names and labels come closer together, and a label
        must be free there too (placed for 750 px and drawn at 620, Kapan's name met
        "ARMENIA" and the page hid it).
    gaps : sequence of float
        Each label's distance from its marker's middle in px (:func:`marker_gap_px`), where it
        is not :data:`MARKER_GAP_PX` (the selected town's, drawn beyond its ring).
    crossings : callable, optional
        Box → how many drawn outline segments cross it (:func:`crossings_counter`): of the
        fitting places, one crossed by the fewest is taken (a border through a label hides
        letters under its line); ties keep the one-line text, then the order of :data:`_POSITIONS`.
    wrapped : sequence of str or None
        Each label's text broken over lines (``<br>``: a dual name after its slash), or None:
        taken where the one-line text does not fit.

    Returns
    -------
    list of Placed or None
        By point, in the order given.
    """
    half = marker_px / 2
    shares = sorted({1.0, drawn_share})
    # What labels keep off, with the point it moves with when the map is drawn smaller (its size kept),
    # and whose marker it is (None for what is not a marker: a label keeps its gap to its own marker,
    # and a clearance from the others').
    taken = [(Box(x - half, y - half, x + half, y + half), (x, y), index) for index, (x, y) in enumerate(points)]
    taken += [(box, ((box.left + box.right) / 2, (box.top + box.bottom) / 2), None) for box in obstacles]
    chosen: list[Placed | None] = [None] * len(points)

    def free(index: int, box: Box, clearance: float) -> bool:
        x, y = points[index]
        for share in shares:
            seen = _moved(box, (x * (share - 1), y * (share - 1)))
            frame = within and Box(within.left * share, within.top * share, within.right * share, within.bottom * share)
            if (frame and not frame.holds(seen)) or any(
                seen.overlaps(_moved(_grown(other, clearance if owner is not None else 0),
                                     (ax * (share - 1), ay * (share - 1))))
                for other, (ax, ay), owner in taken if owner != index
            ):
                return False
        return True

    def ambiguity(index: int, box: Box) -> float:
        # How much nearer the label lies to its own marker than to any other (Agarak's name under
        # Ordubad's dot named the wrong one); also where the map is drawn smaller (``drawn_share``),
        # its markers closer together round the label's own.
        x, y = points[index]
        nearest = min((box.distance_to((x + (px - x) * share, y + (py - y) * share))
                       for other, (px, py) in enumerate(points) if other != index for share in shares), default=math.inf)
        return box.distance_to(points[index]) - nearest

    for index in sorted(range(len(points)), key=lambda i: (priority[i], i)):
        if skip and skip[index]:
            continue
        variants = [texts[index], *([wrapped[index]] if wrapped and wrapped[index] else [])]
        boxes = [(variant, order, position, text, label_box(points[index], text, position, font_px,
                                                             gaps[index] if gaps else MARKER_GAP_PX))
                 for variant, text in enumerate(variants) for order, position in enumerate(_POSITIONS)]
        # (crossings, variant, order, position, text, box) of each free place
        places = [(crossings(box) if crossings else 0, *place, box) for *place, box in boxes
                  if free(index, box, MARKER_CLEARANCE_PX)]
        fitting = [place for place in places if ambiguity(index, place[-1]) <= -OWN_MARKER_MARGIN_PX]
        if not places and insist and insist[index]:
            # A key town hemmed in by others (Shusha under Stepanakert's square on a 320 px phone): touching
            # another's marker, not covering it.
            places = [(crossings(box) if crossings else 0, *place, box) for *place, box in boxes if free(index, box, 0)]
        if not fitting and insist and insist[index] and places:
            # A town among others too close to tell apart still gets its name: where it reads most as its own.
            least = min(round(ambiguity(index, place[-1]), 1) for place in places)
            fitting = [place for place in places if round(ambiguity(index, place[-1]), 1) == least]
        if fitting:
            # The one-line text where it fits, else the lines.
            fitting = [place for place in fitting if place[1] == min(fit[1] for fit in fitting)]
            *_, position, text, box = min(fitting, key=lambda place: place[:3])
            chosen[index] = Placed(position, text)
            taken.append((box, points[index], None))
    return chosen

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

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

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
LINE_HEIGHT_EM = 1.3
# plotly.js moves a label r = radius / 0.8 + 1 px off its marker's middle, across and up or down
# (drawing.textPointPosition): 6 px for a capital's 8 px square, less for a town's dot.
MARKER_GAP_PX = 6


def marker_gap_px(marker_px: float) -> float:
    """How far plotly.js moves a label off the middle of a marker ``marker_px`` across (drawing.textPointPosition)."""
    return marker_px / 2 / 0.8 + 1
# A label is this much nearer its own marker than any other, so that it reads as naming its own.
OWN_MARKER_MARGIN_PX = 3


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
    width = max(len(line) for line in lines) * font_px * CHAR_WIDTH_EM
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
) -> list[str | None]:
    """Choose a plotly ``textposition`` for each label, or None where none fits.

    A label fits where it covers no marker, obstacle or label already placed, lies inside
    ``within``, and is nearer its own marker (by :data:`OWN_MARKER_MARGIN_PX`) than any other.

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
        (the selected town, the key towns): they take the first free position.
    drawn_share : float
        The smallest size the map is drawn at, as a share of the size ``points`` are given for:
        labels keep their size, markers come closer, and a label stays nearest its own there too.
    gaps : sequence of float
        Each label's distance from its marker's middle in px (:func:`marker_gap_px`), where it
        is not :data:`MARKER_GAP_PX` (the selected town's, drawn beyond its ring).
    crossings : callable, optional
        Box → how many drawn outline segments cross it (:func:`crossings_counter`): of the
        free positions, one crossed by the fewest is taken (a border through a label hides
        letters under its line); ties keep the order of :data:`_POSITIONS`.
    """
    half = marker_px / 2
    taken = [Box(x - half, y - half, x + half, y + half) for x, y in points] + list(obstacles)
    chosen: list[str | None] = [None] * len(points)
    def beside_another(index: int, box: Box) -> bool:
        # Nearer another marker (Agarak's name under Ordubad's dot), it would name the wrong one;
        # also where the map is drawn smaller (``drawn_share``), its markers closer together round the label's own.
        x, y = points[index]
        own = box.distance_to(points[index]) + OWN_MARKER_MARGIN_PX
        return any(
            box.distance_to((x + (px - x) * share, y + (py - y) * share)) < own
            for other, (px, py) in enumerate(points) if other != index for share in {1.0, drawn_share}
        )

    for index in sorted(range(len(points)), key=lambda i: (priority[i], i)):
        if skip and skip[index]:
            continue
        free = []
        for position in _POSITIONS:
            box = label_box(points[index], texts[index], position, font_px, gaps[index] if gaps else MARKER_GAP_PX)
            if (within is None or within.holds(box)) and not any(box.overlaps(other) for other in taken):
                free.append((position, box))
        fitting = [(position, box) for position, box in free if not beside_another(index, box)]
        if not fitting and insist and insist[index]:
            fitting = free  # a town among others too close to tell apart still gets its name
        if fitting:
            chosen[index], box = min(fitting, key=lambda fit: crossings(fit[1])) if crossings else fitting[0]
            taken.append(box)
    return chosen

"""Town label placement, on points placed by hand."""

from itertools import combinations

import pytest

from karabakh_map.figures.frame import MapView
from karabakh_map.figures.label_placement import Placed, crossings_counter, label_box, place_labels, to_pixels

FONT = 11


def test_a_lone_town_gets_the_first_position():
    assert place_labels([(0, 0)], ["Goris"], [0], FONT, 6) == [Placed("middle right", "Goris")]


def test_a_label_takes_a_free_position_no_outline_crosses():
    # A border running north–south just right of the town crosses its first choice ("middle right").
    border = [[(15, -100), (15, 100)]]
    crossings = crossings_counter(border)
    assert crossings(label_box((0, 0), "Goris", "middle right", FONT)) == 1
    position = place_labels([(0, 0)], ["Goris"], [0], FONT, 6, crossings=crossings)[0].position
    assert position == "middle left" and crossings(label_box((0, 0), "Goris", position, FONT)) == 0
    # Where none is crossed, the order of positions decides as before.
    far = crossings_counter([[(200, -100), (200, 100)]])
    assert place_labels([(0, 0)], ["Goris"], [0], FONT, 6, crossings=far)[0].position == "middle right"


def test_close_towns_get_labels_that_do_not_overlap():
    points = [(0, 0), (12, 3), (4, 14), (-10, 6)]
    texts = ["Stepanakert / Khankendi", "Khojaly", "Shusha / Shushi", "Askeran"]
    placed = place_labels(points, texts, [0, 1, 2, 3], FONT, 6)
    assert placed[0] is not None  # the highest priority always finds room here
    boxes = [label_box(p, place.text, place.position, FONT) for p, place in zip(points, placed, strict=True) if place]
    assert len(boxes) >= 2
    assert not any(a.overlaps(b) for a, b in combinations(boxes, 2))


def test_a_label_that_fits_nowhere_is_left_out():
    # A ring of markers around the town leaves no room for its label.
    ring = [(dx * 8, dy * 8) for dx in (-10, -5, 0, 5, 10) for dy in (-2, -1, 1, 2)]
    positions = place_labels([(0, 0), *ring], ["Hadrut", *[""] * len(ring)], [0, *[1] * len(ring)], FONT, 40)
    assert positions[0] is None


def test_pixels_grow_east_and_south():
    view = MapView((40.0, 50.0), (38.0, 42.0), 800, 600)
    centre = to_pixels(45.0, 40.0, view)
    east = to_pixels(46.0, 40.0, view)
    south = to_pixels(45.0, 39.0, view)
    assert centre == (0.0, 0.0)
    # Parallels are arcs in the conic projection: a degree east rises by under a pixel here.
    assert east[0] > 0 and abs(east[1]) < 1
    assert south[1] > 0 and south[0] == pytest.approx(0, abs=1e-9)

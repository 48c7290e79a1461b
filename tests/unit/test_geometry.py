"""The geometry algorithms, on tiny geometries built here."""

import math

import pytest
import shapely
from shapely.geometry import Polygon, box

from karabakh_map.model.geometry import geodesic_area_km2, orient_for_plotly, orient_rfc7946, simplify_coverage


def test_geodesic_area_of_a_one_degree_cell_at_the_equator():
    # On a sphere of the authalic radius the cell is R² · Δλ · (sin 1° − sin 0°).
    authalic_radius_km = 6371.0072
    expected = authalic_radius_km**2 * math.radians(1) * math.sin(math.radians(1))
    assert geodesic_area_km2(box(0, 0, 1, 1)) == pytest.approx(expected, rel=0.005)


def test_geodesic_area_shrinks_towards_the_pole_and_ignores_orientation():
    cell = box(0, 60, 1, 61)
    assert geodesic_area_km2(cell) < geodesic_area_km2(box(0, 0, 1, 1)) * 0.51
    assert geodesic_area_km2(cell.reverse()) == pytest.approx(geodesic_area_km2(cell))


def test_orientation_for_plotly_is_clockwise_and_rfc7946_counter_clockwise():
    with_hole = Polygon(box(0, 0, 10, 10).exterior.coords, [box(4, 4, 6, 6).exterior.coords])
    (plotly_ready,) = orient_for_plotly([with_hole])
    assert not plotly_ready.exterior.is_ccw
    assert plotly_ready.interiors[0].is_ccw
    (rfc,) = orient_rfc7946([plotly_ready])
    assert rfc.exterior.is_ccw
    assert not rfc.interiors[0].is_ccw


def _neighbours_with_a_wiggly_border():
    border = [(5, 0)] + [(5 + (0.3 if i % 2 else -0.3), i * 0.5) for i in range(1, 20)] + [(5, 10)]
    west = Polygon([(0, 0), *border, (0, 10)])
    east = Polygon([*border, (10, 10), (10, 0)])
    return west, east


def test_coverage_simplification_keeps_shared_borders_shared():
    west, east = _neighbours_with_a_wiggly_border()
    simple_west, simple_east = simplify_coverage([west, east], tolerance=0.5)
    assert len(simple_west.exterior.coords) < len(west.exterior.coords)
    assert simple_west.intersection(simple_east).area == pytest.approx(0, abs=1e-12)
    assert simple_west.union(simple_east).area == pytest.approx(100)


def test_per_shape_simplification_would_open_gaps():
    # Why the build uses coverage_simplify: simplifying neighbours one by one moves
    # their shared border differently and leaves slivers between them.
    west, east = _neighbours_with_a_wiggly_border()
    simple_west, simple_east = shapely.simplify([west, east], 0.5)
    assert abs(simple_west.union(simple_east).area - 100) > 0.1 or simple_west.intersection(simple_east).area > 0.1


def test_coverage_simplification_refuses_overlapping_polygons():
    with pytest.raises(ValueError, match="coverage"):
        simplify_coverage([box(0, 0, 2, 2), box(1, 1, 3, 3)], tolerance=0.1)



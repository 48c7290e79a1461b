"""Polygons from different sources made into one coverage: no overlaps, no gaps, shared edges identical.

The country outlines (OpenStreetMap), the rayons (geoBoundaries, Natural Earth) and the
Karabakh polygons (Natural Earth) were each drawn on their own, against different
borders. The build makes them agree in three steps, all pure functions here:

1. :func:`country_coverage`: exclaves cut out of the country around them, then
   ``shapely.coverage_clean`` resolves the slivers where neighbours overlap and fills
   the narrow gaps between them.
2. :func:`refit`: polygons drawn against another outline are clipped to the new one,
   and what the new outline adds is given to the nearest polygon.
3. :func:`atoms`: every boundary of every layer noded together into faces; a face
   narrower than a tolerance (a sliver between two drawings of one border) joins the
   neighbour it shares most border with. Every layer is then a union of faces, so all
   layers agree to the vertex.

All coordinates are snapped to :data:`GRID_DEG`, the grid the layers are written on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from karabakh_map.model.geometry import geodesic_area_km2

GRID_DEG = 1e-6  # about 0.1 m, the grid geodata/layers/ is written on
# Gaps narrower than this between neighbouring countries are closed (OSM's outlines were
# simplified one by one to ~100 m, so their borders part by up to a few hundred metres).
COUNTRY_GAP_DEG = 0.005
# Spacing of the points whose nearest polygon takes the land a new outline adds (~500 m).
REFIT_STEP_DEG = 0.005


def parts(geometry: BaseGeometry) -> list[BaseGeometry]:
    """The members of a multi-part geometry, or the geometry itself."""
    return list(geometry.geoms) if hasattr(geometry, "geoms") else [geometry]


def polygonal(geometry: BaseGeometry) -> BaseGeometry:
    """Only the polygons of a result (an overlay can add stray lines and points)."""
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    pieces = [g for g in getattr(geometry, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(pieces, grid_size=GRID_DEG) if pieces else shapely.Polygon()


@dataclass(frozen=True)
class CoverageRepair:
    """What :func:`country_coverage` changed, for the manifest."""

    exclaves: list[tuple[int, int, float]]  # (index of the exclave's country, index of the surrounding one, km²)
    changed_km2: list[float]  # per country: area of the symmetric difference, after the exclaves were cut


def country_coverage(geometries: Sequence[BaseGeometry]) -> tuple[np.ndarray, CoverageRepair]:
    """Countries drawn one by one made into a valid coverage.

    A part of one country lying mostly (over half) inside another is an exclave drawn
    twice: it is cut out of the country around it. Remaining overlaps (slivers) go to
    the neighbour with the longest shared border, and gaps narrower than
    :data:`COUNTRY_GAP_DEG` are closed the same way (``shapely.coverage_clean``).

    Parameters
    ----------
    geometries : sequence of Polygon or MultiPolygon
        Longitude/latitude degrees, one per country.

    Returns
    -------
    geometries : ndarray of Polygon or MultiPolygon
        A valid coverage, on the :data:`GRID_DEG` grid.
    repair : CoverageRepair

    Raises
    ------
    ValueError
        If the result is not a valid coverage.
    """
    geometries = [shapely.set_precision(g, GRID_DEG) for g in geometries]
    exclaves = []
    for i, country in enumerate(list(geometries)):
        for part in parts(country):
            for j, other in enumerate(geometries):
                if i != j and shapely.intersection(part, other, grid_size=GRID_DEG).area > 0.5 * part.area:
                    geometries[j] = polygonal(shapely.difference(other, part, grid_size=GRID_DEG))
                    exclaves.append((i, j, round(geodesic_area_km2(part), 1)))
    cleaned = shapely.coverage_clean(np.asarray(geometries, dtype=object), gap_width=COUNTRY_GAP_DEG)
    cleaned = shapely.set_precision(cleaned, GRID_DEG)
    if not shapely.coverage_is_valid(cleaned):
        raise ValueError("country outlines could not be made a valid coverage")
    changed = [
        round(geodesic_area_km2(shapely.symmetric_difference(a, b, grid_size=GRID_DEG)), 3)
        for a, b in zip(geometries, cleaned, strict=True)
    ]
    return cleaned, CoverageRepair(exclaves, changed)


def refit(pieces: Sequence[BaseGeometry], drawn_against: BaseGeometry, outline: BaseGeometry) -> np.ndarray:
    """Polygons drawn inside one outline, fitted to another outline of the same place.

    Each piece keeps what lies inside ``outline``; the land ``outline`` has beyond
    ``drawn_against`` goes to the nearest piece (nearest by the Voronoi cells of points
    every :data:`REFIT_STEP_DEG` along the pieces' edges). Pieces are not required to
    cover ``drawn_against``: land neither piece covered stays with nobody unless it is
    new land.

    Parameters
    ----------
    pieces : sequence of Polygon or MultiPolygon
        Non-overlapping, inside ``drawn_against`` (up to the sources' own slivers).
    drawn_against : Polygon or MultiPolygon
        The outline the pieces were drawn against (e.g. Natural Earth's Azerbaijan).
    outline : Polygon or MultiPolygon
        The new outline (e.g. OpenStreetMap's Azerbaijan).

    Returns
    -------
    ndarray of Polygon or MultiPolygon
        One per piece, inside ``outline``.

    Examples
    --------
    >>> from shapely import box
    >>> left, right = refit([box(0, 0, 1, 1), box(1, 0, 2, 1)], box(0, 0, 2, 1), box(0, 0, 2.5, 1))
    >>> left.bounds, right.bounds
    ((0.0, 0.0, 1.0, 1.0), (1.0, 0.0, 2.5, 1.0))
    """
    outline = shapely.set_precision(outline, GRID_DEG)
    clipped = [polygonal(shapely.intersection(p, outline, grid_size=GRID_DEG)) for p in pieces]
    new_land = polygonal(shapely.difference(outline, drawn_against, grid_size=GRID_DEG))
    if new_land.is_empty:
        return np.asarray(clipped, dtype=object)
    points, owners = [], []
    for index, piece in enumerate(clipped):
        xy = shapely.get_coordinates(shapely.segmentize(piece.boundary, REFIT_STEP_DEG))
        points.append(xy)
        owners.append(np.full(len(xy), index))
    xy, first = np.unique(np.round(np.vstack(points), 7), axis=0, return_index=True)
    owner = np.concatenate(owners)[first]
    cells = np.asarray(
        shapely.voronoi_polygons(shapely.multipoints(xy), extend_to=shapely.box(*outline.buffer(1).bounds), ordered=True).geoms
    )
    near = shapely.intersects(cells, new_land)  # most cells lie far from any new land
    cells, owner = cells[near], owner[near]
    fitted = []
    for index, piece in enumerate(clipped):
        zone = shapely.union_all(cells[owner == index], grid_size=GRID_DEG)
        gained = polygonal(shapely.intersection(new_land, zone, grid_size=GRID_DEG))
        fitted.append(polygonal(shapely.union(piece, gained, grid_size=GRID_DEG)))
    return np.asarray(fitted, dtype=object)


@dataclass(frozen=True)
class Atoms:
    """The faces every layer is made of.

    Attributes
    ----------
    faces : ndarray of Polygon
        A valid coverage of the countries.
    base : ndarray of int
        For each face, the index of the base piece (a province, or a whole country) it lies in.
    member : ndarray of bool, shape (n_faces, n_overlays)
        Whether each face belongs to each overlay polygon.
    slivers_merged : int
        How many faces narrower than the sliver width joined a neighbour.
    """

    faces: np.ndarray
    base: np.ndarray
    member: np.ndarray
    slivers_merged: int

    def union(self, mask: np.ndarray) -> BaseGeometry:
        """The union of the faces where ``mask`` is true: exact, as the faces share their edges."""
        return polygonal(shapely.coverage_union_all(self.faces[mask]))


def _longest_border(faces: np.ndarray, index: int, candidates) -> int | None:
    """The candidate face sharing the longest border with face ``index``, or None if there is none."""
    candidates = list(candidates)
    if not candidates:
        return None
    shared = [shapely.length(shapely.intersection(faces[index].boundary, faces[n].boundary)) for n in candidates]
    return candidates[int(np.argmax(shared))]


def _fill_gaps(faces: np.ndarray, face_base: np.ndarray) -> None:
    """Give each face in no base piece (a gap the refitted pieces left) its neighbour's, in place.

    Every face polygonize finds is enclosed by borders, so a face in no base piece lies
    between pieces: it joins the neighbour with the longest shared border.
    """
    tree = shapely.STRtree(faces)
    for _ in range(len(faces)):
        gaps = np.flatnonzero(face_base < 0)
        if not len(gaps):
            return
        for index in gaps:
            best = _longest_border(faces, index, (n for n in tree.query(faces[index], predicate="touches") if face_base[n] >= 0))
            if best is not None:
                face_base[index] = face_base[best]


def atoms(base: Sequence[BaseGeometry], overlays: Sequence[BaseGeometry], sliver_width_deg: float) -> Atoms:
    """Node the base coverage and the overlay polygons together; dissolve slivers.

    Parameters
    ----------
    base : sequence of Polygon or MultiPolygon
        A valid coverage (provinces of some countries, whole other countries).
    overlays : sequence of Polygon or MultiPolygon
        Polygons each lying inside the base (dated areas, the NKAO, the corridor).
    sliver_width_deg : float
        A face whose largest inscribed circle has a smaller radius is a sliver: it takes
        the overlay memberships of the neighbour, in the same base piece, with which it
        shares the longest border.
    """
    boundaries = [shapely.boundary(g) for g in (*base, *overlays)]
    noded = shapely.union_all(boundaries, grid_size=GRID_DEG)
    faces = np.asarray(shapely.polygonize(parts(noded)).geoms, dtype=object)
    faces = shapely.set_precision(faces, GRID_DEG)
    faces = faces[~shapely.is_empty(faces)]  # faces thinner than the grid collapse
    points = shapely.point_on_surface(faces)
    base_tree = shapely.STRtree(np.asarray(base, dtype=object))
    where = base_tree.query(points, predicate="within")
    face_base = np.full(len(faces), -1)
    face_base[where[0]] = where[1]
    _fill_gaps(faces, face_base)
    found = face_base >= 0
    faces, points, face_base = faces[found], points[found], face_base[found]
    face_tree = shapely.STRtree(faces)
    settled = shapely.length(shapely.maximum_inscribed_circle(faces, sliver_width_deg / 10)) >= sliver_width_deg
    member = np.zeros((len(faces), len(overlays)), dtype=bool)
    for k, overlay in enumerate(overlays):
        member[:, k] = shapely.contains(overlay, points)
    # A sliver cut in pieces by other lines may touch only slivers: settle those touching a
    # wide face first, then those touching a settled one, and so on.
    merged = 0
    for _ in range(len(faces)):
        newly = []
        for index in np.flatnonzero(~settled):
            neighbours = (
                n for n in face_tree.query(faces[index], predicate="touches") if settled[n] and face_base[n] == face_base[index]
            )
            best = _longest_border(faces, index, neighbours)
            if best is not None:
                newly.append(index)
                if (member[index] != member[best]).any():
                    member[index] = member[best]
                    merged += 1
        if not newly:
            break
        settled[newly] = True
    return Atoms(faces, face_base, member, merged)

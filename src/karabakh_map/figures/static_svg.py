"""A plotly geo figure drawn as a static SVG in Python, for the page's first paint.

The dashboard's map is drawn by plotly.js, which the browser must download, parse and
run first. The page's initial HTML carries this SVG of the same figure instead, so the
map is on screen before any script runs (OWID's grapher bakes its charts the same way).
It reads the figure itself (traces, colours, projection, window), so it follows every
change to :func:`karabakh_map.figures.map.map_figure` without a second description of
the map, and it frames the window as plotly.js does: the projected longitude/latitude
box fitted into the element and centred (d3's ``fitExtent``), here through the
``viewBox`` and ``preserveAspectRatio``.

Only what the map uses is drawn: choropleths, scattergeo lines, markers and text, the
base map's land and lakes. Hover labels and the legend are plotly.js's alone.

What a click on plotly.js's map reports is written on the shape it lands on: a
choropleth's region carries its location (``data-id``), a marker its ``customdata``
(``data-customdata``), within plotly.js's ``hoverdistance`` of its edge; traces that
take no pointer (``hoverinfo="skip"``) carry neither. The page's static map answers
clicks from them (assets/static-map.js).

Markers and labels are drawn in SVG units as if in pixels, for a map about REFERENCE_WIDTH
px across; plotly.js draws them in pixels whatever the map's size. Each carries the point it
stands at (``data-at``) and labels their rank (``data-rank``, the trace's ``meta.label_rank``),
for the page to draw them at their size in pixels and thin the labels as it does plotly.js's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from html import escape

import shapely
import shapely.geometry

from karabakh_map.figures.projection import conic_equal_area

# plotly.js pads the lon/lat window by this much before fitting it (geo/constants.js clipPad).
CLIP_PAD_DEG = 1e-3
# plotly.js's line height, in font sizes (lib/svg_text_utils.js LINE_SPACING).
LINE_SPACING = 1.3
# Regions are cut this far (SVG units) beyond the map's box: more than any stroke is wide.
CUT_MARGIN = 8.0
# The projected window is scaled to this many units across: strokes and fonts given in
# pixels then look as plotly.js draws them at about this width.
REFERENCE_WIDTH = 800.0
# plotly.js textposition → (horizontal anchor, vertical offset in font sizes, side)
_TEXT_ANCHOR = {"left": "end", "center": "middle", "right": "start"}
_SYMBOLS = ("circle", "square", "diamond")
# plotly.js's default layout.hoverdistance (px): how far beyond a marker's edge it takes the pointer.
HOVER_DISTANCE_PX = 20


class UnsupportedFigure(ValueError):
    """The figure uses a projection or trace type this renderer does not draw."""


def _window_box(lon_range, lat_range) -> list[tuple[float, float]]:
    """plotly.js's ``makeRangeBox``: the window's outline, its parallels sampled at quarters."""
    lon0, lon1 = lon_range[0] + CLIP_PAD_DEG, lon_range[1] - CLIP_PAD_DEG
    lat0, lat1 = lat_range[0] + CLIP_PAD_DEG, lat_range[1] - CLIP_PAD_DEG
    quarter = (lon1 - lon0) / 4
    top = [(lon0 + i * quarter, lat1) for i in range(5)]
    bottom = [(lon1 - i * quarter, lat0) for i in range(5)]
    return top + bottom


class _Frame:
    """Projection plus the map to SVG units, as plotly.js frames a geo subplot.

    plotly.js fits the projected window into the subplot (the map's clip box), then moves
    the projection so that ``geo.center`` (by default the window's middle) lies at the
    middle of that box; in a conic projection the two middles differ by a few pixels.
    The SVG's ``viewBox`` is the box, ``width`` units across (``REFERENCE_WIDTH`` by default).
    """

    def __init__(self, geo: Mapping, width: float = REFERENCE_WIDTH):
        projection = geo.get("projection", {})
        if projection.get("type") != "conic equal area":
            raise UnsupportedFigure(f"static SVG: projection {projection.get('type')!r} is not drawn")
        lon_range, lat_range = geo["lonaxis"]["range"], geo["lataxis"]["range"]
        self._project = conic_equal_area(tuple(projection["parallels"]), projection["rotation"]["lon"])
        corners = [self._project(lon, lat) for lon, lat in _window_box(lon_range, lat_range)]
        xs, ys = [x for x, _ in corners], [y for _, y in corners]
        self._scale = width / (max(xs) - min(xs))
        self.width = width
        self.height = (max(ys) - min(ys)) * self._scale
        centre = geo.get("center") or {}
        self._centre = self._project(centre.get("lon", sum(lon_range) / 2), centre.get("lat", sum(lat_range) / 2))

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = self._project(lon, lat)
        return (
            self.width / 2 + (x - self._centre[0]) * self._scale,
            self.height / 2 + (y - self._centre[1]) * self._scale,
        )


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _ring_path(points: Iterable[tuple[float, float]]) -> str:
    """One closed ring in SVG units; a point that rounds to the one before it is left out."""
    drawn = []
    for x, y in points:
        point = f"{_number(x)} {_number(y)}"
        if not drawn or point != drawn[-1]:
            drawn.append(point)
    return "M" + "L".join(drawn) + "Z"


def _rings_path(frame: _Frame, rings: Iterable[Iterable]) -> str:
    return "".join(_ring_path(frame.point(lon, lat) for lon, lat, *_ in ring) for ring in rings)


def _geometry_path(frame: _Frame, geometry: Mapping) -> str:
    """A region's path, cut to the map's box: what lies beyond it is not seen, and not sent.

    The box has a margin (:data:`CUT_MARGIN`) so that no cut edge, nor its stroke, shows.
    """
    if geometry["type"] not in ("Polygon", "MultiPolygon"):
        return ""
    projected = shapely.transform(shapely.geometry.shape(geometry), lambda lonlat: [frame.point(*p) for p in lonlat])
    seen = shapely.clip_by_rect(projected, -CUT_MARGIN, -CUT_MARGIN, frame.width + CUT_MARGIN, frame.height + CUT_MARGIN)
    return "".join(
        _ring_path(ring.coords)
        for polygon in shapely.get_parts(seen)
        if isinstance(polygon, shapely.Polygon)
        for ring in (polygon.exterior, *polygon.interiors)
    )


def _colour_at(colorscale, position: float) -> str:
    """The colour of the last stop at or below ``position`` (the map uses its stops only)."""
    chosen = colorscale[0][1]
    for stop, colour in colorscale:
        if stop <= position + 1e-9:
            chosen = colour
    return chosen


def _takes_pointer(trace: Mapping) -> bool:
    """Whether plotly.js reports hovers and clicks on the trace's points."""
    return trace.get("hoverinfo") not in ("skip", "none")


def _choropleth(frame: _Frame, trace: Mapping, geojson_of: Callable) -> list[str]:
    geojson = geojson_of(trace["geojson"])
    key = trace.get("featureidkey", "id").split(".")
    by_id = {}
    for feature in geojson["features"]:
        value = feature
        for part in key:
            value = value.get(part, {}) if isinstance(value, Mapping) else {}
        by_id[value] = feature
    z, scale = trace.get("z", []), trace["colorscale"]
    low, high = trace.get("zmin", min(z, default=0)), trace.get("zmax", max(z, default=1))
    line = trace.get("marker", {}).get("line", {})
    stroke = f' stroke="{line.get("color", "#444")}" stroke-width="{line.get("width", 1)}"'
    paths = []
    for location, value in zip(trace.get("locations", []), z, strict=True):
        feature = by_id.get(location)
        if feature is None:
            continue
        fill = _colour_at(scale, (value - low) / (high - low) if high > low else 0)
        clicked = f' data-id="{escape(str(location))}"' if _takes_pointer(trace) else ""
        paths.append(f'<path class="region"{clicked} fill="{fill}"{stroke} '
                     f'd="{_geometry_path(frame, feature["geometry"])}"/>')
    return ['<g class="choropleth" fill-rule="evenodd" stroke-linejoin="round">',
            *paths, "</g>"]


def _at(x: float, y: float) -> str:
    """The point a marker or label stands at, which the page scales it about (assets/static-map.js)."""
    return f' data-at="{_number(x)} {_number(y)}"'


def _marker(symbol: str, x: float, y: float, size: float, fill: str, line: Mapping) -> str:
    r = size / 2
    outline = f' stroke="{line["color"]}" stroke-width="{line.get("width", 1)}"' if line.get("color") else ""
    if symbol == "square":
        shape = f'<rect x="{_number(x - r)}" y="{_number(y - r)}" width="{_number(size)}" height="{_number(size)}"'
    elif symbol == "diamond":
        d = r * 1.3  # plotly.js draws its diamond a third larger than the nominal size
        corners = ((x, y - d), (x + d, y), (x, y + d), (x - d, y))
        shape = '<path d="M' + "L".join(f"{_number(cx)} {_number(cy)}" for cx, cy in corners) + 'Z"'
    else:
        shape = f'<circle cx="{_number(x)}" cy="{_number(y)}" r="{_number(r)}"'
    return f'{shape}{_at(x, y)} fill="{fill}"{outline}/>'


def _per_point(value, index: int, default):
    if isinstance(value, list | tuple):
        return value[index] if index < len(value) else default
    return default if value is None else value


def _text(x: float, y: float, text: str, position: str, font: Mapping, marker_px: float, rank: int | None) -> str:
    vertical, _, horizontal = position.partition(" ") if " " in position else ("middle", "", "center")
    size = font.get("size") or 12
    gap = marker_px / 2 + 2
    dx = {"left": -gap, "center": 0, "right": gap}.get(horizontal, 0)
    # plotly breaks lines at <br>, a line height (LINE_SPACING font sizes) apart; the block of
    # lines stands above the marker, centred on it, or below it.
    lines = text.split("<br>")
    block = (len(lines) - 1) * size * LINE_SPACING
    # Baselines of the first line: above the marker, through its middle, or below it.
    dy = {"top": -gap - size * 0.25 - block, "middle": size * 0.35 - block / 2, "bottom": gap + size * 0.85}.get(vertical, 0)
    left = _number(x + dx)
    spans = "".join(
        escape(line) if i == 0 else f'<tspan x="{left}" dy="{_number(size * LINE_SPACING)}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    ranked = f' data-rank="{rank}"' if rank is not None else ""
    return (f'<text x="{left}" y="{_number(y + dy)}"{_at(x, y)}{ranked} text-anchor="{_TEXT_ANCHOR.get(horizontal, "middle")}" '
            f'font-size="{size}" fill="{font.get("color") or "#222"}">{spans}</text>')


def _hit_area(x: float, y: float, size: float, reach: float, customdata) -> str:
    """Where a click reaches a marker, as plotly.js reckons it: within ``reach`` of its edge (transparent, drawn under it)."""
    return (f'<circle class="point" data-customdata="{escape(str(customdata))}" cx="{_number(x)}" cy="{_number(y)}" '
            f'r="{_number(size / 2 + reach)}"{_at(x, y)} fill="transparent"/>')


def _scattergeo(frame: _Frame, trace: Mapping, reach: float, part: str = "all") -> list[str]:
    """A scattergeo trace's lines, markers and text: ``all``, all but its ranked labels (``shapes``), or only those (``labels``).

    Ranked labels: those the page thins (``meta.label_rank``).
    """
    lons, lats = trace.get("lon") or [], trace.get("lat") or []
    mode = trace.get("mode", "markers")
    ranks = (trace.get("meta") or {}).get("label_rank") or {}
    shapes, labels = part != "labels", part != "shapes" or not ranks
    out = []
    if "lines" in mode and shapes:
        rings, ring = [], []
        for lon, lat in zip(lons, lats, strict=True):
            if lon is None or lat is None:
                rings.append(ring)
                ring = []
            else:
                ring.append((lon, lat))
        rings.append(ring)
        segments = ["M" + "L".join(f"{_number(x)} {_number(y)}" for x, y in (frame.point(*p) for p in r)) for r in rings if r]
        line = trace.get("line", {})
        dash = ' stroke-dasharray="6 4"' if line.get("dash") == "dash" else ""
        if segments:
            out.append(f'<path fill="none" stroke="{line.get("color", "#444")}" stroke-width="{line.get("width", 2)}"'
                       f'{dash} d="{"".join(segments)}"/>')
    marker = trace.get("marker", {})
    texts = trace.get("text")
    customdata = trace.get("customdata") if _takes_pointer(trace) else None
    for i, (lon, lat) in enumerate(zip(lons, lats, strict=True)):
        if lon is None or lat is None:
            continue
        x, y = frame.point(lon, lat)
        size = _per_point(marker.get("size"), i, 6)
        if "markers" in mode and customdata and shapes:
            out.append(_hit_area(x, y, size, reach, customdata[i]))
        if "markers" in mode and shapes:
            symbol = _per_point(marker.get("symbol"), i, "circle")
            colour = _per_point(marker.get("color"), i, "#444")
            line = {key: _per_point(value, i, None) for key, value in marker.get("line", {}).items()}
            if _per_point(marker.get("opacity"), i, 1) > 0:  # an unseen marker still sets its label's gap
                out.append(_marker(symbol if symbol in _SYMBOLS else "circle", x, y, size, colour, line))
        text = _per_point(texts, i, "")
        if "text" in mode and text and labels:
            position = _per_point(trace.get("textposition"), i, "middle center")
            # Each of the font's values may be given per point (the area names' sizes).
            font = {key: _per_point(value, i, None) for key, value in trace.get("textfont", {}).items()}
            out.append(_text(x, y, text, position, font, size if "markers" in mode else 0,
                             ranks.get(text.replace("<br>", ""))))
    return out


def _topology_rings(topology: Mapping, name: str) -> Iterable[list[list[tuple[float, float]]]]:
    """Polygons of one TopoJSON object as lists of rings in longitude/latitude (quantised arcs decoded)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indices):
        points = []
        for index in indices:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc if not points else arc[1:])
        return points

    for geometry in topology["objects"][name].get("geometries", []):
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in polygons:
            yield [ring(indices) for indices in polygon]


def _label_set(frame: _Frame, figure: Mapping, from_px: int) -> str:
    """A figure's ranked labels, in a group for maps at least ``from_px`` wide."""
    texts = [text for trace in figure.get("data", []) if trace["type"] == "scattergeo"
             for text in _scattergeo(frame, trace, 0, "labels") if (trace.get("meta") or {}).get("label_rank")]
    return f'<g data-labels-from="{from_px}">{"".join(texts)}</g>'


def figure_svg(
    figure: Mapping, geojson_of: Callable[[str | Mapping], Mapping], basemap: Mapping, label: str,
    width: float = REFERENCE_WIDTH, label_sets: Mapping[int, Mapping] | None = None,
) -> str:
    """The map of a plotly geo figure as one ``<svg>`` element.

    Parameters
    ----------
    figure : Mapping
        The figure as plain plotly JSON (``fig.to_plotly_json()``), with one geo subplot
        in a conic equal-area projection.
    geojson_of : callable
        A choropleth's ``geojson`` value (a URL or the GeoJSON itself) → the parsed GeoJSON.
    basemap : Mapping
        The TopoJSON plotly.js fetches for the subplot (objects ``land`` and ``lakes``).
    label : str
        The map's text alternative (the SVG is ``role="img"`` with this name).
    width : float
        About the width in px the SVG is shown at: lines and markers are drawn in its
        units as plotly.js draws them in pixels (a small locator needs its own).
    label_sets : Mapping[int, Mapping], optional
        The smallest map width in px each set of labels is for → the same map with its labels
        placed for such a map (plotly JSON; ``figure`` is one of them). Each set of ranked
        labels is drawn in its own ``<g data-labels-from="width">``; the page shows the one for
        the width it draws the map at, the narrowest below them all (assets/static-map.js).
        Without it, the figure's own labels.

    Returns
    -------
    str
        SVG markup that scales to its element (``width``/``height`` 100 %) and frames the
        window as plotly.js would in an element of the same size.

    Raises
    ------
    UnsupportedFigure
        For another projection.
    """
    layout = figure.get("layout", {})
    geo = layout.get("geo", {})
    frame = _Frame(geo, width)
    font = layout.get("font", {})
    # Markers, and so how far beyond them a click reaches, are drawn in SVG units as if in pixels.
    reach = layout.get("hoverdistance", HOVER_DISTANCE_PX)
    body = [f'<rect width="{_number(frame.width)}" height="{_number(frame.height)}" fill="{geo.get("bgcolor", "#fff")}"/>']
    if geo.get("showland"):
        body.append(f'<path fill="{geo.get("landcolor", "#eee")}" fill-rule="evenodd" '
                    f'd="{"".join(_rings_path(frame, rings) for rings in _topology_rings(basemap, "land"))}"/>')
    above = []
    for trace in figure.get("data", []):
        if trace.get("visible", True) is not True:
            continue
        if trace["type"] == "choropleth":
            body.extend(_choropleth(frame, trace, geojson_of))
        elif trace["type"] == "scattergeo":
            above.extend(_scattergeo(frame, trace, reach, "all" if label_sets is None else "shapes"))
        else:
            raise UnsupportedFigure(f"static SVG: trace type {trace['type']!r} is not drawn")
    # plotly.js draws lakes over the choropleths, then the scattergeo traces.
    if geo.get("showlakes"):
        body.append(f'<path fill="{geo.get("lakecolor", "#fff")}" '
                    f'd="{"".join(_rings_path(frame, rings) for rings in _topology_rings(basemap, "lakes"))}"/>')
    above.extend(_label_set(frame, placed, from_px) for from_px, placed in sorted((label_sets or {}).items()))
    width, height = _number(frame.width), _number(frame.height)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" preserveAspectRatio="xMidYMid meet" '
        f'width="100%" height="100%" role="img" aria-label="{escape(label)}" '
        f'font-family="{escape(font.get("family", "sans-serif"))}">'
        f'<clipPath id="static-map-window"><rect width="{width}" height="{height}"/></clipPath>'
        f'<g clip-path="url(#static-map-window)">{"".join(body)}{"".join(above)}</g></svg>'
    )

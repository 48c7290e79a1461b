"""The map's projection, as plotly.js draws a geo subplot: Albers' conic equal-area on the unit sphere.

One implementation for everything that needs to know where plotly.js puts a point: the
frame's shape (:mod:`karabakh_map.figures.frame`), label placement, and the first
paint's static SVG. It follows d3-geo's ``geoConicEqualArea``, which plotly.js uses.
"""

from __future__ import annotations

import math
from collections.abc import Callable


def conic_equal_area(parallels: tuple[float, float], central_lon: float) -> Callable[[float, float], tuple[float, float]]:
    """Albers' conic equal-area projection on the unit sphere, as d3-geo's ``geoConicEqualArea``.

    Parameters
    ----------
    parallels : (float, float)
        Standard parallels in degrees.
    central_lon : float
        Central meridian in degrees (plotly's ``projection.rotation.lon``).

    Returns
    -------
    callable
        (lon, lat) in degrees → (x, y) with y growing downwards, as on screen.

    Examples
    --------
    >>> project = conic_equal_area((38.5, 41.5), 46.9)
    >>> x, y = project(46.9, 40.0)
    >>> round(x, 9)
    0.0
    >>> project(46.9, 41.0)[1] < y  # north is up
    True
    """
    sin_y0 = math.sin(math.radians(parallels[0]))
    n = (sin_y0 + math.sin(math.radians(parallels[1]))) / 2
    c = 1 + sin_y0 * (2 * n - sin_y0)
    r0 = math.sqrt(c) / n

    def project(lon: float, lat: float) -> tuple[float, float]:
        angle = math.radians((lon - central_lon + 180) % 360 - 180) * n
        r = math.sqrt(c - 2 * n * math.sin(math.radians(lat))) / n
        return r * math.sin(angle), -(r0 - r * math.cos(angle))

    return project

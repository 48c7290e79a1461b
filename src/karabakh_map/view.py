"""The map's default view, shared by the data build (simplification) and the figure."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MapView:
    """A longitude/latitude window and the width in pixels it is drawn at."""

    lon_range: tuple[float, float]
    lat_range: tuple[float, float]
    reference_width_px: int

    @property
    def degrees_per_pixel(self) -> float:
        return (self.lon_range[1] - self.lon_range[0]) / self.reference_width_px

    @property
    def center(self) -> tuple[float, float]:
        return (sum(self.lon_range) / 2, sum(self.lat_range) / 2)


# Armenia, Azerbaijan with Nakhchivan and Baku, eastern Georgia with Tbilisi; the map
# panel of a 1280 px wide window is about 800 px wide.
DEFAULT_VIEW = MapView(lon_range=(43.2, 50.6), lat_range=(38.2, 42.2), reference_width_px=800)

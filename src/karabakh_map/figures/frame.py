"""The map's default view, shared by the data build (simplification) and the figure."""

from __future__ import annotations

from dataclasses import dataclass


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


# Armenia, Azerbaijan with Nakhchivan and Baku, eastern Georgia with Tbilisi. In a
# 1280 × 800 window the map panel is about 800 × 570 px.
DEFAULT_VIEW = MapView(
    lon_range=(43.2, 50.6), lat_range=(38.2, 42.2), reference_width_px=800, reference_height_px=570
)

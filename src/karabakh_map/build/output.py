"""Write layers as deterministic GeoJSON, and the manifest: same inputs, same bytes."""

from __future__ import annotations

import json
import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from karabakh_map.model.geometry import orient_rfc7946

FULL_GRID_DEG = 1e-6  # about 0.1 m: the sources' own precision is coarser


def _plain(value):
    """JSON-ready property values: numpy scalars to Python, NaN to null."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def feature_collection(frame: gpd.GeoDataFrame, name: str) -> dict:
    """A GeoJSON FeatureCollection of ``frame``'s rows, properties as plain JSON values."""
    properties = frame.drop(columns=frame.geometry.name)
    features = [
        {
            "type": "Feature",
            "properties": {key: _plain(value) for key, value in row.items()},
            "geometry": json.loads(shapely.to_geojson(geometry)),
        }
        for (_, row), geometry in zip(properties.iterrows(), frame.geometry, strict=True)
    ]
    return {"type": "FeatureCollection", "name": name, "features": features}


def write_geojson(frame: gpd.GeoDataFrame, path: Path, name: str) -> None:
    """Write ``frame`` as compact UTF-8 GeoJSON (byte-reproducible: no spaces, rows in order)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(feature_collection(frame, name), ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")


def full_geometry(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Full geometry as RFC 7946 wants it: outer rings counter-clockwise, on a 1e-6° grid.

    Snapping with ``set_precision`` keeps polygons valid where plain rounding can make
    two rings touch.
    """
    geometries = shapely.set_precision(frame.geometry.to_numpy(), FULL_GRID_DEG)
    if frame.geometry.geom_type.isin(["Polygon", "MultiPolygon"]).all():
        geometries = orient_rfc7946(geometries)
    return frame.set_geometry(list(geometries), crs=frame.crs)


def write_manifest(manifest: dict, path: Path) -> None:
    """Write the manifest as indented UTF-8 JSON, keys in the order given."""
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=False) + "\n", encoding="utf-8")

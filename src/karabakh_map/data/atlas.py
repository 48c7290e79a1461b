"""Load and validate geodata/ once at start-up: the app's only source of geometry and facts.

A missing, truncated or invalid file raises :class:`GeodataError` with one line
naming the file and the problem; the CLI prints it and exits non-zero.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import geopandas as gpd
import pandas as pd
import pyogrio

from karabakh_map.data.layers import LAYERS, LAYERS_BY_NAME, REQUIRED_PROPERTIES, Layer
from karabakh_map.data.tables import TABLES
from karabakh_map.paths import GEODATA

MANIFEST = "manifest.json"
DEFAULT_GEODATA = GEODATA
_GEOMETRY_TYPES = {"polygon": {"Polygon", "MultiPolygon"}, "point": {"Point"}}
class GeodataError(Exception):
    """A file in geodata/ is missing, corrupt or invalid; the message names the file."""


@dataclass(frozen=True)
class Atlas:
    """Everything the app knows, loaded once and never changed.

    Attributes
    ----------
    root : Path
        The geodata directory it was loaded from.
    layers : Mapping[str, GeoDataFrame]
        Full geometry by layer name, indexed by feature id (for areas and lookups).
    drawn : Mapping[str, bytes]
        The simplified GeoJSON files for drawing, by layer name, as served to browsers.
    drawn_fine : Mapping[str, bytes]
        The same at the fine level of detail (the Karabakh frame and around it; see
        :func:`karabakh_map.data.layers.detail_level`), by layer name.
    draw_geometry : Mapping[str, GeoSeries]
        The same simplified geometry, parsed, indexed by feature id (to outline a selection).
    tables : Mapping[str, DataFrame]
        The fact tables (regions, figures, control_history, region_figures), all strings.
    manifest : Mapping
        geodata/manifest.json: sources, licences, methods, fixes and checksums.
    """

    root: Path
    layers: Mapping[str, gpd.GeoDataFrame]
    drawn: Mapping[str, bytes]
    drawn_fine: Mapping[str, bytes]
    draw_geometry: Mapping[str, gpd.GeoSeries]
    tables: Mapping[str, pd.DataFrame]
    manifest: Mapping

    def drawing(self, layer: str, level: str) -> bytes | None:
        """A layer's drawing file at a level of detail (``overview`` or ``fine``), or None if it has none."""
        return (self.drawn_fine if level == "fine" else self.drawn).get(layer)

    def layer_of(self, feature_id: str) -> str | None:
        """The layer a feature id belongs to, or None for an unknown id."""
        for name, frame in self.layers.items():
            if feature_id in frame.index:
                return name
        return None

    def label(self, feature_id: str, names: str) -> str:
        """A feature's name in a naming convention (``both``, ``hy`` or ``az``)."""
        return self.layers[self.layer_of(feature_id)].loc[feature_id, f"label_{names}"]

    def overlapping(self, feature_id: str, min_share: float = 0.01) -> list[tuple[str, str]]:
        """Other regions at the same place, as (layer, id), least specific first.

        A region counts when it contains a town, or when the overlap covers at least
        ``min_share`` of the smaller of the two polygons.
        """
        geometry = self.layers[self.layer_of(feature_id)].loc[feature_id].geometry
        found = []
        for name, frame in self.layers.items():
            if name in ("towns", "comparison_places"):
                continue
            for position in frame.sindex.query(geometry, predicate="intersects"):
                other = frame.iloc[position]
                if other["id"] == feature_id:
                    continue
                if geometry.geom_type != "Point":
                    shared = geometry.intersection(other.geometry).area
                    if shared < min_share * min(geometry.area, other.geometry.area):
                        continue
                found.append((name, other["id"]))
        return found

    def attributions(self, layer_names) -> list[str]:
        """The distinct attributions of the sources behind the given layers, in a stable order."""
        keys = {
            key
            for name in layer_names
            for key in self.manifest["files"][LAYERS_BY_NAME[name].full_path]["sources"]
        }
        texts = (self.manifest["sources"][key]["attribution"] for key in sorted(keys))
        return list(dict.fromkeys(text for text in texts if text))


def _display(root: Path, relative: str) -> str:
    return str(root / relative)


def _read_manifest(root: Path) -> dict:
    path = root / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        manifest["files"], manifest["sources"]
    except FileNotFoundError:
        raise GeodataError(f"{path}: missing (rebuild with `make build-data`)") from None
    except (json.JSONDecodeError, UnicodeDecodeError, KeyError, TypeError) as error:
        raise GeodataError(f"{path}: not a valid manifest ({error})") from None
    return manifest


def _read_checked(root: Path, relative: str, manifest: dict) -> bytes:
    path = root / relative
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise GeodataError(f"{path}: missing") from None
    expected = manifest["files"].get(relative, {}).get("sha256")
    if expected is None:
        raise GeodataError(f"{path}: not listed in {MANIFEST}")
    if hashlib.sha256(data).hexdigest() != expected:
        raise GeodataError(f"{path}: contents differ from the checksum in {MANIFEST} (truncated or edited?)")
    return data


def _parse(path: Path, data: bytes) -> gpd.GeoDataFrame:
    try:
        frame = gpd.read_file(data, engine="pyogrio", datetime_as_string=True)
    except (ValueError, pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as error:
        raise GeodataError(f"{path}: not readable as GeoJSON ({str(error).splitlines()[0]})") from None
    return frame


def validate_layer(frame: gpd.GeoDataFrame, layer: Layer, path: Path, *, full: bool) -> None:
    """Check one layer file's schema, CRS, ids and geometry; raise GeodataError naming ``path``."""
    if frame.crs is None or frame.crs.to_epsg() != 4326:
        raise GeodataError(f"{path}: CRS is {frame.crs}, expected EPSG:4326 (longitude/latitude)")
    required = REQUIRED_PROPERTIES + (("valid_from", "valid_to") if layer.dated else ()) if full else ("id",)
    missing = [column for column in required if column not in frame.columns]
    if missing:
        raise GeodataError(f"{path}: features lack the properties {', '.join(missing)}")
    if frame.empty:
        raise GeodataError(f"{path}: has no features")
    _check_filled(frame, required, path)
    duplicated = frame["id"][frame["id"].duplicated()]
    if not duplicated.empty:
        raise GeodataError(f"{path}: duplicate ids {sorted(set(duplicated))}")
    if full and not (frame["layer"] == layer.name).all():
        raise GeodataError(f"{path}: features must have layer={layer.name!r}")
    wrong_type = ~frame.geom_type.isin(_GEOMETRY_TYPES[layer.geometry])
    if wrong_type.any():
        raise GeodataError(f"{path}: feature {frame['id'][wrong_type].iloc[0]!r} is not a {layer.geometry}")
    invalid = ~frame.is_valid
    if invalid.any():
        raise GeodataError(f"{path}: invalid geometry in feature {frame['id'][invalid].iloc[0]!r}")
    if full and layer.dated:
        _check_dates(frame, path)


def _check_filled(frame: gpd.GeoDataFrame, columns, path: Path) -> None:
    for column in columns:
        blank = frame[column].isna() | (frame[column].astype(str).str.strip() == "")
        if blank.any():
            raise GeodataError(f"{path}: property {column!r} is empty in {int(blank.sum())} feature(s)")


def _check_dates(frame: gpd.GeoDataFrame, path: Path) -> None:
    for column in ("valid_from", "valid_to"):
        for value in frame[column]:
            try:
                dt.date.fromisoformat(value)
            except (TypeError, ValueError):
                raise GeodataError(f"{path}: {column} {value!r} is not an ISO date") from None


def _read_table(root: Path, name: str, manifest: dict, feature_ids: set[str]) -> pd.DataFrame:
    relative = f"tables/{name}.csv"
    path = root / relative
    data = _read_checked(root, relative, manifest)
    try:
        table = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
    except (ValueError, UnicodeDecodeError) as error:
        raise GeodataError(f"{path}: not readable as CSV ({error})") from None
    columns, id_column = TABLES[name].columns, TABLES[name].id_column
    missing = [column for column in columns if column not in table.columns]
    if missing:
        raise GeodataError(f"{path}: lacks the columns {', '.join(missing)}")
    if id_column:
        unknown = sorted({one for ids in table[id_column] for one in ids.split(";")} - feature_ids)
        if unknown:
            raise GeodataError(f"{path}: names regions that no layer has: {unknown[:5]}")
    return table


def load_atlas(root: Path = DEFAULT_GEODATA) -> Atlas:
    """Read and validate every file of geodata/.

    Raises
    ------
    GeodataError
        When a file is missing, differs from its manifest checksum, does not parse,
        or breaks the schema; the message names the file.
    """
    root = Path(root)
    manifest = _read_manifest(root)
    layers, drawn, drawn_fine, draw_geometry, seen_ids = {}, {}, {}, {}, {}
    for layer in LAYERS:
        path = root / layer.full_path
        frame = _parse(path, _read_checked(root, layer.full_path, manifest))
        validate_layer(frame, layer, path, full=True)
        clashes = set(frame["id"]) & seen_ids.keys()
        if clashes:
            clash = sorted(clashes)[0]
            raise GeodataError(f"{path}: id {clash!r} is used by layer {seen_ids[clash]!r} too")
        seen_ids.update(dict.fromkeys(frame["id"], layer.name))
        layers[layer.name] = frame.set_index("id", drop=False)
        if layer.draw_path:
            draw_path = root / layer.draw_path
            data = _read_checked(root, layer.draw_path, manifest)
            draw_frame = _parse(draw_path, data)
            validate_layer(draw_frame, layer, draw_path, full=False)
            if set(draw_frame["id"]) != set(frame["id"]):
                raise GeodataError(f"{draw_path}: ids differ from {layer.full_path}")
            drawn[layer.name] = data
            draw_geometry[layer.name] = draw_frame.set_index("id").geometry
            fine_path = layer.draw_path_at("fine")
            data = _read_checked(root, fine_path, manifest)
            fine_frame = _parse(root / fine_path, data)
            validate_layer(fine_frame, layer, root / fine_path, full=False)
            if not set(fine_frame["id"]) <= set(frame["id"]):
                raise GeodataError(f"{root / fine_path}: ids not in {layer.full_path}")
            drawn_fine[layer.name] = data
    tables = {name: _read_table(root, name, manifest, set(seen_ids)) for name in TABLES}
    # Events are known by their ids (slugs), never by their row.
    tables["timeline"] = tables["timeline"].set_index("id", drop=False)
    unknown_events = sorted(set(tables["event_numbers"]["id"]) - set(tables["timeline"].index))
    if unknown_events:
        raise GeodataError(f"{root / 'tables/event_numbers.csv'}: names events not in timeline.csv: {unknown_events}")
    unknown_figures = sorted(set(tables["region_figures"]["figure_id"]) - set(tables["figures"]["id"]))
    if unknown_figures:
        raise GeodataError(f"{root / 'tables/region_figures.csv'}: names figures not in figures.csv: {unknown_figures}")
    return Atlas(
        root=root,
        layers=MappingProxyType(layers),
        drawn=MappingProxyType(drawn),
        drawn_fine=MappingProxyType(drawn_fine),
        draw_geometry=MappingProxyType(draw_geometry),
        tables=MappingProxyType(tables),
        manifest=MappingProxyType(manifest),
    )

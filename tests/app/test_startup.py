"""A missing, truncated or invalid geodata file stops start-up with one clear line naming it."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys

import pytest

from karabakh_map.data.atlas import GeodataError, load_atlas
from paths import GEODATA


@pytest.fixture
def geodata_copy(tmp_path):
    copy = tmp_path / "geodata"
    shutil.copytree(GEODATA, copy)
    return copy


def _reseal(geodata, relative: str) -> None:
    """Update the manifest checksum, as if the bad file had been built that way."""
    manifest_path = geodata / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["files"][relative]["sha256"] = hashlib.sha256((geodata / relative).read_bytes()).hexdigest()
    manifest_path.write_text(json.dumps(manifest))


def _serve(geodata) -> subprocess.CompletedProcess:
    # Port 9 (discard) is never reached: start-up must fail before serving.
    return subprocess.run(
        [sys.executable, "-m", "karabakh_map.cli", "serve", "--geodata", str(geodata), "--port", "9"],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_truncated_file_stops_start_up_naming_the_file(geodata_copy):
    nkao = geodata_copy / "layers" / "nkao.geojson"
    nkao.write_bytes(nkao.read_bytes()[:500])
    result = _serve(geodata_copy)
    assert result.returncode == 2
    assert str(nkao) in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_unparseable_file_with_a_matching_checksum_is_named(geodata_copy):
    relative = "draw/districts.geojson"
    (geodata_copy / relative).write_text('{"type": "FeatureCollection", "features": [')
    _reseal(geodata_copy, relative)
    with pytest.raises(GeodataError, match=r"draw/districts\.geojson: not readable as GeoJSON"):
        load_atlas(geodata_copy)


def test_invalid_geometry_is_named(geodata_copy):
    relative = "layers/nkao.geojson"
    collection = json.loads((geodata_copy / relative).read_text())
    bowtie = [[[46.0, 39.0], [47.0, 40.0], [47.0, 39.0], [46.0, 40.0], [46.0, 39.0]]]
    collection["features"][0]["geometry"] = {"type": "Polygon", "coordinates": bowtie}
    (geodata_copy / relative).write_text(json.dumps(collection))
    _reseal(geodata_copy, relative)
    result = _serve(geodata_copy)
    assert result.returncode == 2
    assert f"{geodata_copy / relative}: invalid geometry in feature 'nkao'" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda f: f["features"][0]["properties"].pop("licence"), "lack the properties licence"),
        (lambda f: f["features"][0]["properties"].update(valid_from="1923-13-45"), "is not an ISO date"),
        (lambda f: f["features"].append(f["features"][0]), "duplicate ids"),
        (lambda f: f["features"][0]["properties"].update(id="armenia"), "is used by layer 'countries' too"),
    ],
    ids=["missing-property", "bad-date", "duplicate-id", "id-clash"],
)
def test_schema_errors_are_named(geodata_copy, edit, message):
    relative = "layers/nkao.geojson"
    collection = json.loads((geodata_copy / relative).read_text())
    edit(collection)
    (geodata_copy / relative).write_text(json.dumps(collection))
    _reseal(geodata_copy, relative)
    with pytest.raises(GeodataError, match=message) as raised:
        load_atlas(geodata_copy)
    assert "layers/nkao.geojson" in str(raised.value)


def test_missing_file_and_missing_manifest_are_named(geodata_copy):
    (geodata_copy / "layers" / "towns.geojson").unlink()
    with pytest.raises(GeodataError, match=r"towns\.geojson: missing"):
        load_atlas(geodata_copy)
    (geodata_copy / "manifest.json").unlink()
    result = _serve(geodata_copy)
    assert result.returncode == 2
    assert "manifest.json: missing" in result.stderr

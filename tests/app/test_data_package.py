"""The data zip holds every layer the map draws and every table the panels use, exactly as its manifest lists them."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

from karabakh_map.data.atlas import TABLES
from karabakh_map.data.layers import LAYERS
from karabakh_map.model.census import census_csv, census_rows, read_census_csv
from karabakh_map.reports.data_package import data_archive


def test_the_zip_is_what_its_manifest_lists_byte_for_byte(atlas):
    with zipfile.ZipFile(io.BytesIO(data_archive(atlas))) as archive:
        names = set(archive.namelist())
        manifest = json.loads(archive.read("manifest.json"))
        assert names == set(manifest["files"]) | {"manifest.json", "LICENSE.txt"}
        for path, entry in manifest["files"].items():
            assert hashlib.sha256(archive.read(path)).hexdigest() == entry["sha256"], path
        licence = archive.read("LICENSE.txt").decode("utf-8")
    # every layer the map can draw, the held areas and the corridor included, and every table the panels read
    assert {layer.full_path for layer in LAYERS} | {layer.draw_path for layer in LAYERS if layer.draw_path} <= names
    assert {"layers/held_1994_2020.geojson", "layers/held_2020_2023.geojson", "layers/lachin_corridor.geojson"} <= names
    assert {f"tables/{table}.csv" for table in TABLES} <= names
    for source in manifest["sources"].values():
        assert source["licence"] in licence and (source["attribution"] in licence)


def test_the_same_data_gives_the_same_zip(atlas):
    assert data_archive(atlas) == data_archive(atlas)


def test_the_dashboard_csv_opens_in_excel_and_reads_back(atlas):
    rows = census_rows(atlas, "nkao")
    data = census_csv(rows, for_excel=True).encode("utf-8")
    # Excel on Windows decodes UTF-8 only when the file begins with a byte-order mark...
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "–" in text or any(ord(char) > 127 for char in text)
    # ...without one it would use the system code page and show "â€“" for "–".
    assert "â€" not in text
    assert read_census_csv(data.decode("utf-8")).equals(read_census_csv(census_csv(rows)))
    assert not census_csv(rows).startswith("\ufeff")  # the pipeline's CSV stays plain UTF-8

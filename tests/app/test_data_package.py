"""The data zip holds every layer the map draws and every table the panels use, exactly as its manifest lists them."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile

from components import text_of
from karabakh_map.data.atlas import TABLES
from karabakh_map.data.layers import LAYERS
from karabakh_map.model.census import census_csv, census_rows, read_census_csv
from karabakh_map.reports.data_package import data_archive
from karabakh_map.ui.time import event_details


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


# A figure as a reader reads it: digits with their thousands separators ("613", "100,600").
NUMBER = r"\d[\d,.]*\d|\d"


def test_the_download_s_timeline_carries_no_figure_its_panel_does_not_show(client, atlas):
    """Khojaly's official toll said "83 children" in the zip while the panel gave 63 (the 83 was left out)."""
    with zipfile.ZipFile(io.BytesIO(client.get("/export-data.zip").data)) as archive:
        rows = list(csv.DictReader(io.StringIO(archive.read("tables/timeline.csv").decode("utf-8"))))
    assert rows
    for row in rows:
        panel = text_of(event_details(atlas, row["id"]))
        shown = set(re.findall(NUMBER, panel))
        for column in ("event", "casualties_displaced", "note"):
            dropped = set(re.findall(NUMBER, row[column])) - shown
            assert not dropped, (row["id"], column, sorted(dropped))
    khojaly = next(row for row in rows if row["id"] == "1992-02-25-khojaly-massacre")
    assert "63 children" in khojaly["casualties_displaced"] and "83" not in khojaly["casualties_displaced"]

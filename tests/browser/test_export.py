"""Snapshots for reports: real files rendered by kaleido and Chromium, checked byte by byte."""

from __future__ import annotations

import io
import json
import os
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from karabakh_map.model.view_state import ViewState
from karabakh_map.reports.figure import alt_text, snapshot_figure, title
from karabakh_map.reports.paper import png_chunks
from karabakh_map.reports.render import ExportError, ExportRequest, parse_export_request, render
from paths import TODAY

STATE = ViewState(region="nkao", date="2021-06-01")
PERMALINK = "http://127.0.0.1:8050/?region=nkao&date=2021-06-01"


@pytest.fixture(scope="module")
def snapshot(atlas):
    return snapshot_figure(atlas, STATE, TODAY, PERMALINK), title(atlas, STATE, TODAY), alt_text(atlas, STATE, TODAY)


def _render(snapshot, fmt, **size):
    figure, heading, alt = snapshot
    return render(figure, ExportRequest(fmt, size.get("width", 1200), size.get("height", 800), size.get("scale", 1)),
                  heading, alt)


def test_svg_is_vector_with_a_path_per_region_and_text_as_text(atlas, snapshot):
    svg = _render(snapshot, "svg")
    root = ET.fromstring(svg)
    namespace = {"svg": "http://www.w3.org/2000/svg"}
    regions = [p for p in root.iter("{http://www.w3.org/2000/svg}path") if "choroplethlocation" in (p.get("class") or "")]
    shown = ("countries", "nakhchivan", "districts", "nkao", "held_2020_2023", "lachin_corridor")
    drawn = sum(len(atlas.layers[name]) for name in shown)
    assert len(regions) == drawn + len(atlas.layers["countries"])  # the locator inset draws the countries again
    texts = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}tspan")) + " ".join(
        t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "Nagorno-Karabakh Autonomous Oblast" in texts and "Made with Natural Earth" in texts
    assert root.find("svg:title", namespace).text.startswith("Nagorno-Karabakh Autonomous Oblast")
    assert "as of 1 June 2021" in root.find("svg:desc", namespace).text
    assert not re.search(rb"<image\b", svg), "no raster inside the vector export"


def test_png_has_the_requested_pixel_size(snapshot):
    png = _render(snapshot, "png", width=800, height=500, scale=2)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (1600, 1000)


def test_pdf_is_one_page_titled_after_the_view(snapshot):
    from pypdf import PdfReader

    pdf = _render(snapshot, "pdf")
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1
    # A PDF viewer shows the document's title: it was kaleido's page title, "Kaleido-fier".
    info = PdfReader(io.BytesIO(pdf)).metadata
    assert info.title.startswith("Nagorno-Karabakh Autonomous Oblast") and "1 June 2021" in info.title
    assert "as of 1 June 2021" in info.subject


def test_standalone_html_draws_offline_in_chromium(snapshot, tmp_path, browser):
    page_file = tmp_path / "map.html"
    page_file.write_bytes(_render(snapshot, "html"))
    page = browser.new_page(viewport={"width": 1000, "height": 700})
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(page_file.as_uri())
    page.wait_for_selector("#map path.choroplethlocation", timeout=30_000)
    assert page.locator("#map path.choroplethlocation").count() > 10
    assert all(url.startswith(("file://", "data:", "blob:")) for url in requested), requested
    assert "as of 1 June 2021" in page.content()
    page.close()


@pytest.mark.parametrize(
    "values",
    [{"format": "gif"}, {"width": "99999"}, {"width": "12.5"}, {"scale": "10"}, {"width": "5000", "scale": "2"},
     {"preset": "poster"}, {"height": "-1"}],
)
def test_export_requests_are_validated(values):
    with pytest.raises(ExportError):
        parse_export_request(values)


def test_presets_give_print_sizes():
    a4 = parse_export_request({"format": "png", "preset": "a4-300dpi"})
    assert (a4.width, a4.height, a4.scale) == (1123, 794, 3.125)  # 297 × 210 mm at 96 CSS px/in, 300 dpi
    letter = parse_export_request({"format": "png", "preset": "letter-300dpi"})
    assert (letter.width, letter.height) == (1056, 816)  # 11 × 8.5 in


@pytest.mark.parametrize(("preset", "dpi", "pixels_per_metre"), [("a4-300dpi", 300, 11811), ("screen", 192, 7559)])
def test_a_png_says_its_dpi_so_it_places_at_its_paper_size(snapshot, preset, dpi, pixels_per_metre):
    figure, heading, alt = snapshot
    png = render(figure, parse_export_request({"format": "png", "preset": preset}), heading, alt)
    chunks = png_chunks(png)
    assert [kind for kind, _ in chunks[:2]] == [b"IHDR", b"pHYs"]
    assert struct.unpack(">IIB", chunks[1][1]) == (pixels_per_metre, pixels_per_metre, 1)
    width_px = struct.unpack(">I", chunks[0][1][:4])[0]
    if preset == "a4-300dpi":
        assert width_px / dpi * 25.4 == pytest.approx(297, abs=0.5)  # placed in Word: A4 landscape wide


@pytest.mark.parametrize(("preset", "points"), [("a4-300dpi", (841.89, 595.28)), ("letter-300dpi", (792, 612))])
def test_a_pdfs_page_is_the_paper(snapshot, preset, points):
    figure, heading, alt = snapshot
    pdf = render(figure, parse_export_request({"format": "pdf", "preset": preset}), heading, alt)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert len(boxes) == 1
    assert tuple(float(v) for v in boxes[0]) == pytest.approx(points, abs=1.0)  # within 1 pt (0.35 mm)


def _cli(*args, env=None, cwd=None):
    return subprocess.run([sys.executable, "-m", "karabakh_map.cli", *args], capture_output=True, text=True,
                          timeout=180, env=env, cwd=cwd)


def test_the_cli_exports_a_batch_of_three_views(tmp_path):
    views = tmp_path / "views.json"
    views.write_text(json.dumps([
        {"region": "nkao", "date": "2021-06-01", "compare": "luxembourg", "output": "nkao.svg"},
        {"date": "2000-01-01", "format": "png", "width": 800, "height": 600, "output": "overview"},
        {"region": "armenia", "names": "az", "format": "pdf", "output": "armenia"},
    ]))
    result = _cli("snapshot", "--batch", str(views), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["armenia.pdf", "nkao.svg", "overview.png"]
    assert len(re.findall(r"^\[\d/3\] wrote ", result.stderr, re.MULTILINE)) == 3


def test_without_chromium_the_cli_says_how_to_get_it(tmp_path):
    env = {**os.environ, "BROWSER_PATH": str(tmp_path / "no-browser-here")}
    result = _cli("snapshot", "--region", "nkao", "-o", str(tmp_path / "x.png"), env=env)
    assert result.returncode != 0
    assert "needs Chromium" in result.stderr and "apt-get install -y chromium" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.png").exists()


def test_export_data_writes_layers_tables_and_a_licence(tmp_path):
    result = _cli("export-data", "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "layers" / "nkao.geojson").is_file() and (tmp_path / "tables" / "census.csv").is_file()
    assert "CC BY 4.0" in (tmp_path / "LICENSE.txt").read_text()

"""Concurrent exports each get their own map: 8 regions at once, 5 rounds, against the development server
(threads in one process, one browser) and gunicorn with 2 workers (configured by environment, under a prefix).

What is checked is what Chromium drew, not what the server adds afterwards: the title and
the permalink rendered into the image; the drawn paths (SVG) and the pixels (PNG) are the
same for a region in every round and differ between regions.
"""

from __future__ import annotations

import hashlib
import re
import threading
import xml.etree.ElementTree as ET

import pytest

from server_processes import ServerProcess

# Each test here runs for seconds (servers, browsers, thousands of requests).
pytestmark = pytest.mark.slow

REGIONS = ["nkao", "kalbajar", "armenia", "lachin", "agdam", "nakhchivan", "azerbaijan", "georgia"]
ROUNDS = 5
SIZE = "&width=600&height=400"
SVG = "{http://www.w3.org/2000/svg}"


def _svg_facts(svg: bytes) -> tuple[str, str, str, str]:
    """(our <title>, the title Chromium drew, the permalink Chromium drew, a digest of every drawn path)."""
    root = ET.fromstring(svg)
    # The export's title is its first annotation (reports/figure.py), wrapped into tspans.
    title_text = next(t for t in root.iter(f"{SVG}text") if "annotation-text" in (t.get("class") or ""))
    drawn_title = " ".join((t.text or "") for t in [title_text, *title_text.iter(f"{SVG}tspan")]).strip()
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text")) + " ".join(t.text or "" for t in root.iter(f"{SVG}tspan"))
    permalink = re.search(r"\?region=[\w-]+", texts)
    paths = hashlib.sha256("\n".join(sorted(p.get("d") or "" for p in root.iter(f"{SVG}path"))).encode()).hexdigest()
    return root.find(f"{SVG}title").text, drawn_title, permalink.group(0) if permalink else "", paths


def _export(server: ServerProcess, region: str, fmt: str) -> bytes:
    status, _, body = server.get(f"/export?format={fmt}&region={region}{SIZE}", timeout=120)
    assert status == 200, (region, fmt, status, body[:300])
    return body


def _concurrently(server: ServerProcess, fmt: str) -> dict[str, bytes]:
    """All 8 regions requested at the same moment, one thread each."""
    results: dict[str, bytes] = {}
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(REGIONS))

    def client(region: str) -> None:
        barrier.wait()
        try:
            results[region] = _export(server, region, fmt)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=client, args=(region,)) for region in REGIONS]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return results


@pytest.fixture(params=["development server", "gunicorn, 2 workers"])
def server(request, tmp_path):
    if request.param == "development server":
        server = ServerProcess(tmp_path / "server.log")
        workers = 0
    else:  # the WSGI entry point configured only by the environment, as an operator runs it
        server = ServerProcess(tmp_path / "server.log", env={"KARABAKH_URL_PREFIX": "/karabakh/"},
                               prefix="/karabakh/", gunicorn=True)
        workers = 2
    try:
        yield server.wait_until_ready(workers)
    finally:
        server.stop()


def test_eight_concurrent_exports_each_draw_the_region_asked_for(server, atlas):
    drawn: dict[tuple[str, str], bytes | str] = {}  # (region, format) → what the first round drew
    for number in range(ROUNDS):
        fmt = "svg" if number % 2 == 0 else "png"
        results = _concurrently(server, fmt)
        for region, data in results.items():
            if fmt == "svg":
                name = atlas.label(region, "both")
                title, drawn_title, permalink, paths = _svg_facts(data)
                assert title.startswith(name) and drawn_title.startswith(name), (region, title, drawn_title)
                assert permalink == f"?region={region}", (region, permalink)
                assert drawn.setdefault((region, fmt), paths) == paths, f"round {number}: {region} drew another map"
            else:
                assert data[:8] == b"\x89PNG\r\n\x1a\n"
                assert drawn.setdefault((region, fmt), data) == data, f"round {number}: {region}'s PNG is not its own"
        digests = [_svg_facts(data)[3] for data in results.values()] if fmt == "svg" else list(results.values())
        assert len(set(digests)) == len(REGIONS), "views differ, so must every image"
    assert "export failed" not in server.log

"""Deployment: framing by exact route, every route under a URL prefix, trusted proxies, the public URL, /healthz.

In-process through Flask's test client (the same WSGI stack gunicorn runs); the browser
tests (browser/test_deployment_page.py) drive the same settings through a real proxy.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile

import pytest

from karabakh_map.reports.renderer import RenderLimits, process_renderer
from karabakh_map.server.app import create_app
from karabakh_map.server.deployment import Deployment, normalise_prefix

PREFIX = "/karabakh/"


@pytest.fixture(scope="module")
def client():
    return create_app(deployment=Deployment()).server.test_client()


@pytest.fixture(scope="module")
def prefixed():
    return create_app(deployment=Deployment(url_prefix=PREFIX, proxy_count=1)).server.test_client()


def _framable_by_others(response) -> bool:
    policy = response.headers["Content-Security-Policy"]
    ancestors = re.search(r"frame-ancestors ([^;]+)", policy).group(1).strip()
    if ancestors == "*":
        assert "X-Frame-Options" not in response.headers
        return True
    assert ancestors == "'self'" and response.headers["X-Frame-Options"] == "SAMEORIGIN"
    return False


@pytest.mark.parametrize("base", ["/", PREFIX])
def test_only_exactly_the_embed_route_may_be_framed_by_other_sites(client, prefixed, base):
    app = client if base == "/" else prefixed
    assert _framable_by_others(app.get(f"{base}embed?region=nkao"))
    for path in ["embed/", "embedded", "embed-anything", "", "export?format=html", "embed/embed.js", "healthz",
                 "geodata/draw/nkao.geojson", "nope"]:
        assert not _framable_by_others(app.get(base + path)), path


def test_every_route_answers_under_the_prefix(prefixed):
    page = prefixed.get(PREFIX)
    assert page.status_code == 200 and b"react-entry-point" in page.data
    html = page.data.decode()
    # A fragment (the first paint's render-blocking marker, "#first-paint-end") names a place in the page.
    urls = [url for url in re.findall(r'(?:src|href)="([^"]+)"', html) if not url.startswith("#")]
    assert urls and all(url.startswith(PREFIX) for url in urls), [u for u in urls if not u.startswith(PREFIX)]
    config = json.loads(re.search(r'id="_dash-config" type="application/json">(.*?)</script>', html).group(1))
    assert config["requests_pathname_prefix"] == PREFIX  # where Dash's front end sends its callbacks
    for url in urls:  # scripts, styles, favicon: each served, none answered with the page
        response = prefixed.get(url)
        assert response.status_code == 200 and response.mimetype != "text/html", url
    expected = {
        "geodata/draw/nkao.geojson": "application/geo+json",
        "geodata/manifest.json": "application/json",
        "assets/topojson/asia_50m.json": "application/json",
        "export?format=html&region=nkao": "text/html",
        "embed?region=nkao": "text/html",
        "embed/embed.js": "text/javascript",
        "healthz": "application/json",
        "export-data.zip": "application/zip",
        "_dash-layout": "application/json",
        "_dash-dependencies": "application/json",
    }
    for path, media_type in expected.items():
        response = prefixed.get(PREFIX + path)
        assert response.status_code == 200 and response.mimetype == media_type, (path, response.status_code)
    embed = prefixed.get(PREFIX + "embed?region=nkao").data.decode()
    assert f'src="{PREFIX}assets/' in embed and f'src="{PREFIX}embed/embed.js"' in embed
    assert f'"{PREFIX}geodata/draw/fine/nkao.geojson"' in embed and f'href="{PREFIX}?region=nkao"' in embed
    with zipfile.ZipFile(io.BytesIO(prefixed.get(PREFIX + "export-data.zip").data)) as archive:
        assert "LICENSE.txt" in archive.namelist()
    # A proxy that strips the prefix reaches the same routes; the URLs the page writes keep it.
    assert prefixed.get("/healthz").status_code == 200
    assert prefixed.get(PREFIX.rstrip("/")).status_code == 200


def test_callbacks_under_the_prefix_are_guarded(prefixed):
    response = prefixed.post(PREFIX + "_dash-update-component", json=[1, 2])
    assert response.status_code == 400 and b"malformed" in response.data


def _permalink(client, path: str, **headers) -> str:
    page = client.get(path, headers=headers).data.decode().replace("\\u002f", "/")  # the figure's JSON escapes "/"
    return re.search(r"https?://[^\s<\"]+\?region=nkao", page).group(0)


def test_permalinks_take_scheme_and_host_from_a_trusted_proxy_only(client, prefixed):
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "maps.example.org", "X-Forwarded-For": "203.0.113.9"}
    export = "export?format=html&region=nkao"
    assert _permalink(prefixed, PREFIX + export, **forwarded) == "https://maps.example.org/karabakh/?region=nkao"
    # No proxy trusted: a client cannot choose the address its export points to.
    assert _permalink(client, "/" + export, **forwarded) == "http://localhost/?region=nkao"


def test_a_public_url_overrides_what_the_request_says(monkeypatch):
    monkeypatch.setenv("KARABAKH_PUBLIC_URL", "https://atlas.example.net/maps/karabakh")
    monkeypatch.setenv("KARABAKH_URL_PREFIX", "karabakh")
    deployment = Deployment.from_environment()
    assert deployment == Deployment("/karabakh/", 0, "https://atlas.example.net/maps/karabakh/")
    app = create_app(deployment=deployment).server.test_client()
    link = _permalink(app, "/karabakh/export?format=html&region=nkao", **{"X-Forwarded-Host": "evil.example"})
    assert link == "https://atlas.example.net/maps/karabakh/?region=nkao"


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"url_prefix": "/a b/"}, "segments may hold only"),
        ({"url_prefix": "/../"}, "segments may hold only"),
        ({"public_url": "maps.example.org"}, "absolute http"),
        ({"proxy_count": -1}, "whole number"),
    ],
)
def test_bad_deployment_settings_are_refused_with_the_reason(settings, message):
    with pytest.raises(ValueError, match=message):
        Deployment(**settings)


def test_the_cli_refuses_a_bad_prefix_in_one_line():
    result = subprocess.run([sys.executable, "-m", "karabakh_map.cli", "serve", "--url-prefix", "/a b/"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "segments may hold only" in result.stderr and "Traceback" not in result.stderr


def test_prefixes_are_normalised():
    assert [normalise_prefix(p) for p in ("", "/", "karabakh", "/karabakh", "/maps/karabakh/")] == [
        "/", "/", "/karabakh/", "/karabakh/", "/maps/karabakh/"]


def test_health_reports_whether_export_works(client, monkeypatch):
    health = client.get("/healthz").get_json()
    assert health["status"] == "ok" and len(health["data_version"]) == 12
    assert health["export"]["available"] is True
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    health = client.get("/healthz").get_json()
    assert health["export"] == {"available": False, "installed": False, "reason": health["export"]["reason"]}
    assert "/nonexistent/chromium" in health["export"]["reason"]


def test_a_full_export_queue_is_a_503_with_retry_after_and_a_log_line(client, monkeypatch, caplog):
    monkeypatch.setattr(process_renderer(), "limits", RenderLimits(capacity=0))  # every place taken
    response = client.get("/export?format=svg&region=nkao&date=2021-06-01")
    assert response.status_code == 503 and response.headers["Retry-After"] == "5"
    assert response.data.startswith(b"export: the server is busy")
    assert any("export failed: the server is busy" in r.message and "?region=nkao&date=2021-06-01" in r.message
               for r in caplog.records)
    assert client.get("/").status_code == 200


def test_an_address_with_no_page_under_the_prefix_links_to_the_prefixed_map(prefixed):
    response = prefixed.get(PREFIX + "nope")
    assert response.status_code == 404 and f'href="{PREFIX}"' in response.text


@pytest.mark.parametrize("base", ["/", PREFIX])
def test_every_file_the_embed_page_names_is_served(client, prefixed, base):
    app = client if base == "/" else prefixed
    page = app.get(f"{base}embed?region=nkao").text
    urls = re.findall(r'(?:src|href)="([^"?#]+)', page)
    assert f"{base}assets/favicon.ico" in urls  # else the browser asks for /favicon.ico: a 404 in the console
    files = [url for url in urls if url.startswith(base) and url != base]  # not the link to the full view
    assert len(files) >= 3
    for url in files:
        assert app.get(url).status_code == 200, url

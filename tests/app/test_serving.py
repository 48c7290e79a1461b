"""Serving: security headers on every response, health, compression (framing: test_deployment.py)."""

import pytest


@pytest.mark.parametrize("path", ["/", "/geodata/draw/nkao.geojson", "/healthz", "/export?format=gif", "/nope"])
def test_every_response_carries_the_security_headers(client, path):
    headers = client.get(path).headers
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self' 'sha256-" in policy and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'self'" in policy and headers["X-Frame-Options"] == "SAMEORIGIN"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_health_and_compression(client):
    health = client.get("/healthz")
    assert health.status_code == 200 and health.get_json()["status"] == "ok"
    page = client.get("/geodata/draw/countries.geojson", headers={"Accept-Encoding": "gzip"})
    assert page.headers["Content-Encoding"] == "gzip"


def test_debug_cannot_be_switched_on_by_a_request(client):
    assert client.get("/?debug=true", headers={"X-Debug": "1"}).status_code == 200
    assert client.application.debug is False

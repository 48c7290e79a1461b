"""Hostile input, property-based: random and malformed callback bodies and URL parameters.

The real app answers through its WSGI stack (Flask's test client). Whatever arrives,
the answer is a 2xx or a 4xx, never a 5xx, and the app keeps serving. Over 2,000
cases in all, derandomized so CI runs the same ones every time.
"""

from __future__ import annotations

import json
import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from components import callback_body
from karabakh_map.server.app import create_app

FUZZ = settings(derandomize=True, deadline=None, suppress_health_check=list(HealthCheck), database=None)
HOSTILE_TEXT = st.sampled_from(
    ["../../etc/passwd", "..%2F..%2Fetc", "<script>alert(1)</script>", "nkao\x00", "' OR 1=1 --", "%00%ff", "x" * 10_000,
     "?region=nkao&region=armenia", "9999-99-99", "2021-02-30", "event:../../x", "", " ", "NaN", "-1", "1e309"]
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50) | HOSTILE_TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)


@pytest.fixture(scope="module")
def app():
    logging.getLogger("werkzeug").setLevel(logging.CRITICAL)
    return create_app()


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


def test_callbacks_with_hostile_values_never_fail(app, client):
    keys = sorted(app.callback_map)

    @settings(FUZZ, max_examples=1000)
    @given(st.data())
    def check(data):
        key = data.draw(st.sampled_from(keys))
        spec = app.callback_map[key]
        values = data.draw(st.lists(JSON_VALUES, min_size=len(spec["inputs"] + spec["state"]),
                                    max_size=len(spec["inputs"] + spec["state"])))
        response = client.post("/_dash-update-component", json=callback_body(spec, key, values))
        assert response.status_code < 500, (key, values, response.data[:300])

    check()


def test_malformed_callback_bodies_are_refused(client):
    @settings(FUZZ, max_examples=400)
    @given(st.one_of(st.binary(max_size=200), JSON_VALUES.map(lambda v: json.dumps(v).encode())))
    def check(body):
        response = client.post("/_dash-update-component", data=body, content_type="application/json")
        assert 400 <= response.status_code < 500 or response.status_code == 204, body

    check()


def test_url_parameters_never_fail(client):
    names = st.sampled_from(["region", "names", "layers", "compare", "date", "event", "format", "width", "height",
                             "scale", "preset", "x"])

    @settings(FUZZ, max_examples=650)
    @given(
        st.sampled_from(["/", "/embed", "/export-data.zip", "/geodata/draw/{}.geojson", "/export"]),
        st.dictionaries(names, st.one_of(HOSTILE_TEXT, st.text(max_size=30)), max_size=5),
        st.text(max_size=20),
    )
    def check(path, params, layer):
        if path == "/export":
            params = {**params, "format": "gif"}  # every valid format renders an image: see test_export
        response = client.get(path.format(layer.replace("/", "")), query_string=params)
        assert response.status_code < 500, (path, params, response.data[:300])

    check()
    assert client.get("/").status_code == 200  # still serving

"""The callback guard (issue 19): malformed envelopes refused with a 400 and one-line reasons,
logged at most once per client per minute; escaped exceptions answered with a bare 500.

The app itself answers the three bodies of the issue; a small app stands in for what
the app does not use today (dict-grouped callbacks, pattern-matching ids, a callback
without outputs, a clientside one) and for a callback that fails.
"""

from __future__ import annotations

import io
import json
import logging

import dash
import pytest
from dash import ALL, MATCH, Input, Output, State, dcc, html
from werkzeug.test import EnvironBuilder, run_wsgi_app

from components import callback_body
from karabakh_map.server import guard

UPDATE = "/_dash-update-component"


def no_traceback(caplog, capsys) -> bool:
    """Nothing logged carries a traceback: not the records, not what Flask's handler wrote to stderr."""
    return (
        not any(record.exc_info for record in caplog.records)
        and "Traceback" not in caplog.text
        and "Traceback" not in capsys.readouterr().err
    )


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        (b"1", 0),
        (b"[]", 1),
        (b'{"a": [[1], "]]]["]}', 3),
        (b'["\\"[[[", [[]]]', 3),  # an escaped quote does not end the string
        (b'["\\\\", [[]]]', 3),  # an escaped backslash does
        (b'"[[[[', 0),  # an unterminated string runs to the end
        (b"[" * 100_000 + b"]" * 100_000, 100_000),
    ],
)
def test_nesting_depth_reads_brackets_outside_strings(text, depth):
    assert guard.nesting_depth(text) == depth


def test_nesting_depth_is_linear_on_hostile_strings():
    # Restarting a string match at every quote would take minutes on this.
    assert guard.nesting_depth(b'\\"' * 200_000) == 0


@pytest.fixture
def view_body(app) -> dict:
    """What the page posts for its largest callback, with every value empty."""
    key = next(k for k in app.callback_map if k.startswith("..") and "region-details" in k)
    spec = app.callback_map[key]
    return callback_body(spec, key, [None] * len(spec["inputs"] + spec["state"]))


def test_the_three_bodies_of_the_issue_are_refused_without_a_traceback(app, view_body, caplog, capsys):
    client = app.server.test_client()
    assert client.post(UPDATE, json=view_body).status_code == 200
    bodies = [
        {**view_body, "outputs": []},
        {**view_body, "outputs": {"id": "nope", "property": "x"}},
        {**view_body, "outputs": view_body["outputs"][:1]},
        {**view_body, "changedPropIds": ["nowhere.value"]},
    ]
    answers = [client.post(UPDATE, json=body) for body in bodies]
    answers.append(client.post(UPDATE, data=b"[" * 100_000 + b"]" * 100_000, content_type="application/json"))
    assert [a.status_code for a in answers] == [400] * 5
    reasons = [a.get_data(as_text=True) for a in answers]
    assert reasons[:4] == [
        "malformed callback request: 'outputs' does not match the callback's outputs\n",
    ] * 3 + ["malformed callback request: 'changedPropIds' must name inputs of the callback\n"]
    assert reasons[4] == f"malformed callback request: JSON nested deeper than {guard.MAX_DEPTH} levels\n"
    refusals = [r for r in caplog.records if "refused callback request" in r.getMessage()]
    assert len(refusals) <= 1  # one client, one minute
    assert no_traceback(caplog, capsys)


def test_refusals_are_logged_once_per_client_per_minute(caplog):
    now = [0.0]
    log = guard.RefusalLog(logging.getLogger("test-refusals"), clock=lambda: now[0])
    with caplog.at_level(logging.WARNING, "test-refusals"):
        for _ in range(5):
            log.refused("10.0.0.1", 400, "bad")
        log.refused("10.0.0.2", 400, "bad")
        now[0] = 59.9
        log.refused("10.0.0.1", 400, "bad")
        now[0] = 60.0
        log.refused("10.0.0.1", 413, "too large")
    assert [r.getMessage() for r in caplog.records] == [
        "refused callback request from 10.0.0.1: 400 bad",
        "refused callback request from 10.0.0.2: 400 bad",
        "refused callback request from 10.0.0.1: 413 too large (and 5 more since the last line)",
    ]


def test_the_clients_remembered_are_bounded(caplog):
    log = guard.RefusalLog(logging.getLogger("test-refusals"), max_clients=3, clock=lambda: 0.0)
    with caplog.at_level(logging.WARNING, "test-refusals"):
        for client in range(10):
            log.refused(f"10.0.0.{client}", 400, "bad")
    assert len(caplog.records) == 3


def small_app() -> dash.Dash:
    """Callbacks of every envelope shape Dash 4.4 has, and one that fails."""
    app = dash.Dash(__name__)
    app.layout = html.Div(
        [
            html.Button(id="go"),
            dcc.Input(id="box"),
            html.Div(id="text"),
            *(dcc.Input(id={"type": "item", "index": i}) for i in range(2)),
            *(html.Div(id={"type": "label", "index": i}) for i in range(2)),
            html.Div(id="sum"),
            html.Button(id="boom"),
            html.Div(id="boom-out"),
            html.Div(id="browser-out"),
        ]
    )

    @app.callback(
        output={"text": Output("text", "children"), "tip": Output("text", "title")},
        inputs={"clicks": Input("go", "n_clicks"), "typed": State("box", "value")},
    )
    def grouped(clicks, typed):
        return {"text": f"{typed} × {clicks}", "tip": "grouped"}

    @app.callback(Output("text", "style", allow_duplicate=True), Input("box", "value"), prevent_initial_call=True)
    def duplicate(_typed):
        return {"color": "red"}

    @app.callback(Output("sum", "children"), Input({"type": "item", "index": ALL}, "value"))
    def total(values):
        return str(sum(float(v or 0) for v in values))

    @app.callback(Output({"type": "label", "index": MATCH}, "children"), Input({"type": "item", "index": MATCH}, "value"))
    def label(value):
        return f"item {value}"

    @app.callback(Input("box", "value"))
    def no_output(_typed):
        return None

    @app.callback(Output("boom-out", "children"), Input("boom", "n_clicks"))
    def boom(_clicks):
        raise RuntimeError("deliberate failure\non two lines")

    app.clientside_callback("(n) => n", Output("browser-out", "children"), Input("go", "n_clicks"))
    guard.install(app)
    return app


def item(index, value=None, prop="value"):
    return {"id": {"type": "item", "index": index}, "property": prop, "value": value}


@pytest.fixture(scope="module")
def small():
    return small_app()


def key_of(app, fragment: str) -> str:
    return next(key for key in app.callback_map if fragment in key)


def test_every_envelope_shape_a_browser_sends_is_let_through(small):
    client = small.server.test_client()
    key = key_of(small, "text.title")
    grouped = callback_body(small.callback_map[key], key, [2, "abc"], "go.n_clicks")
    assert grouped["outputs"] == [{"id": "text", "property": "children"}, {"id": "text", "property": "title"}]
    answer = client.post(UPDATE, json=grouped)
    assert answer.status_code == 200, answer.data
    assert answer.json["response"] == {"text": {"children": "abc × 2", "title": "grouped"}}

    key = key_of(small, "style@")
    duplicate = callback_body(small.callback_map[key], key, ["abc"])
    assert duplicate["outputs"]["property"].startswith("style@")  # as dash-renderer sends it
    assert client.post(UPDATE, json=duplicate).status_code == 200

    pattern_all = {
        "output": "sum.children",
        "outputs": {"id": "sum", "property": "children"},
        "inputs": [[item(0, 1), item(1, 2)]],
        "changedPropIds": ['{"index":1,"type":"item"}.value'],
    }
    answer = client.post(UPDATE, json=pattern_all)
    assert answer.status_code == 200 and answer.json["response"] == {"sum": {"children": "3.0"}}
    assert client.post(UPDATE, json={**pattern_all, "inputs": [[]], "changedPropIds": []}).status_code == 200

    key = key_of(small, '"MATCH"')
    pattern_match = {
        "output": key,
        "outputs": {"id": {"type": "label", "index": 1}, "property": "children"},
        "inputs": [item(1, "x")],
        "changedPropIds": ['{"index":1,"type":"item"}.value'],
    }
    answer = client.post(UPDATE, json=pattern_match)
    assert answer.status_code == 200 and answer.json["response"] == {'{"index":1,"type":"label"}': {"children": "item x"}}

    key = next(k for k, spec in small.callback_map.items() if spec.get("no_output"))
    assert client.post(UPDATE, json=callback_body(small.callback_map[key], key, ["abc"])).status_code == 204


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda b: {**b, "inputs": [item(0, 1)]}, "'inputs'"),  # ALL wants a list
        (lambda b: {**b, "inputs": [[item(0, 1), item(1, 2, prop="title")]]}, "'inputs'"),
        (lambda b: {**b, "inputs": [[{**item(0), "id": {"type": "item"}}]]}, "'inputs'"),  # a key missing
        (lambda b: {**b, "inputs": [[{**item(0), "id": {"type": "other", "index": 0}}]]}, "'inputs'"),
        (lambda b: {**b, "inputs": [[{**item(0), "id": {"type": "item", "index": [0]}}]]}, "'inputs'"),
        (lambda b: {**b, "inputs": [[item(0)]], "changedPropIds": ['{"index":1,"type":"item"}.value']},
         "'changedPropIds'"),
        (lambda b: {**b, "state": [item(0)]}, "'state'"),
        (lambda b: {**b, "outputs": [b["outputs"]]}, "'outputs'"),
        (lambda b: {**b, "outputs": {**b["outputs"], "value": 1}}, "'outputs'"),
        (lambda b: {**b, "output": "browser-out.children"}, "that callback runs in the browser"),
        (lambda b: {**b, "extra": 1}, "unexpected field 'extra'"),
        (lambda b: {k: v for k, v in b.items() if k != "changedPropIds"}, "'changedPropIds'"),
        (lambda b: [b], "the body must be a JSON object"),
    ],
)
def test_pattern_matching_envelopes_of_the_wrong_shape_are_refused(small, change, reason):
    body = {
        "output": "sum.children",
        "outputs": {"id": "sum", "property": "children"},
        "inputs": [[item(0, 1)]],
        "changedPropIds": [],
    }
    answer = small.server.test_client().post(UPDATE, json=change(body))
    assert answer.status_code == 400
    assert reason in answer.get_data(as_text=True)


@pytest.mark.parametrize(
    ("data", "headers", "status", "reason"),
    [
        (json.dumps({"x": "é"}).encode("utf-16"), {}, 400, "UTF-8"),
        (b'{"output": "sum.children"\x00}', {}, 400, "UTF-8"),
        (b"\xff\xfe{}", {}, 400, "UTF-8"),
        (b"{'output': 1}", {}, 400, "the body must be JSON"),
        (b'{"output": "sum.children"}', {"Content-Type": "text/plain"}, 400, "the body must be JSON"),
        (b'{"a": "' + b"x" * guard.MAX_BODY_BYTES + b'"}', {}, 413, "larger than"),
    ],
)
def test_bodies_that_must_not_be_parsed_are_refused(small, data, headers, status, reason):
    answer = small.server.test_client().post(UPDATE, data=data, headers={"Content-Type": "application/json", **headers})
    assert answer.status_code == status
    assert reason in answer.get_data(as_text=True)


def test_a_body_without_a_length_is_bounded_too(small):
    """Sent chunked, as a WSGI server that ends the stream itself passes it on: no Content-Length."""
    environ = EnvironBuilder(
        path=UPDATE, method="POST", content_type="application/json",
        input_stream=io.BytesIO(b'{"a": "' + b"x" * guard.MAX_BODY_BYTES + b'"}'),
    ).get_environ()
    del environ["CONTENT_LENGTH"]
    environ["wsgi.input_terminated"] = True
    _body, status, _headers = run_wsgi_app(small.server.wsgi_app, environ, buffered=True)
    assert status.startswith("413")


def test_a_failing_callback_is_a_bare_500_with_one_log_line(small, caplog, capsys):
    key = key_of(small, "boom-out")
    with caplog.at_level(logging.INFO):
        answer = small.server.test_client().post(UPDATE, json=callback_body(small.callback_map[key], key, [1]))
    assert answer.status_code == 500
    request_id = answer.headers["X-Request-Id"]
    assert answer.get_data(as_text=True) == f"internal error (request id {request_id})\n"
    lines = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(lines) == 1 and "\n" not in lines[0], lines
    assert lines[0].startswith(f"request {request_id} failed: POST {UPDATE}: RuntimeError: deliberate failure on two lines at ")
    assert "test_guard.py:" in lines[0]
    assert no_traceback(caplog, capsys)


def test_dash_and_flask_keep_their_own_answers(small):
    client = small.server.test_client()
    assert client.get("/_dash-component-suites/dash/no-such-file.js").status_code == 404  # Dash raised: was a 500
    assert client.options(UPDATE).status_code == 200

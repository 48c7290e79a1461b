"""Hostile input at the protocol level, property-based (issue 19): over 5,000 requests.

In process, through the real WSGI stack (Flask's test client), over every registered
callback and every GET route:

- envelopes a browser could send, filled with hostile values: never refused by the guard
  (unless too large), never a 5xx;
- envelopes mutated into what no browser sends (outputs of the wrong shape, unknown or
  look-alike ids, inputs reordered, foreign ``changedPropIds``, deep nesting, huge arrays,
  numbers at the limits): each refused with a 400, or a 413 when too large;
- bodies that are no envelope at all: 400 or 413;
- hostile path segments and URL parameters on every GET route: never a 5xx.

Then a smaller batch of the same over real HTTP against ``karabakh-map serve --workers 2``,
with one real render: never a 5xx, and no traceback in its log. After each batch the
server still answers. Derandomized: CI runs the same cases every time. The counts by
status are printed at the end.
"""

from __future__ import annotations

import collections
import copy
import http.client
import json
import logging
import math
import time
import urllib.parse

import pytest
from dash._utils import stringify_id  # how Dash names a pattern-matching id in changedPropIds
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from werkzeug.routing import BuildError

from components import callback_body
from karabakh_map.server.guard import MAX_BODY_BYTES, MAX_DEPTH
from server_processes import ServerProcess

# Each test here runs for seconds (servers, browsers, thousands of requests).
pytestmark = pytest.mark.slow

FUZZ = settings(derandomize=True, deadline=None, suppress_health_check=list(HealthCheck), database=None)
UPDATE = "/_dash-update-component"
REFUSED = "malformed callback request"
# What dash-renderer 4.4 puts in an envelope, and in a reference to a component property.
ENVELOPE_FIELDS = {"output", "outputs", "inputs", "state", "changedPropIds", "parsedChangedPropsIds"}
REFERENCE_FIELDS = {"id", "property", "value", "allow_optional"}

LIMIT_NUMBERS = st.sampled_from(
    [0, -0.0, 2**31, -(2**31) - 1, 2**53, 2**53 + 1, -(2**63), 2**64, 10**300, 1e308, -1e308, 5e-324,
     math.inf, -math.inf, math.nan]
)
HOSTILE_TEXT = st.sampled_from(
    ["../../etc/passwd", "..%2F..%2Fetc", "<script>alert(1)</script>", "nkao\x00", "' OR 1=1 --", "%00%ff", "x" * 10_000,
     "?region=nkao&region=armenia", "9999-99-99", "2021-02-30", "event:../../x", "", " ", "NaN", "-1", "1e309",
     "\u202enkao", "nkao\u200b", "ｎｋａｏ", "нкао", "\ud800", "🇦🇲🇦🇿", "e\u0301", "\U0010ffff", "\\", "%", "\r\nX-Evil: 1"]
)
SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | LIMIT_NUMBERS | st.text(max_size=40) | HOSTILE_TEXT
JSON_VALUES = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12) | HOSTILE_TEXT, children, max_size=4),
    max_leaves=12,
)
PLAUSIBLE = st.sampled_from(
    ["nkao", "armenia", "kalbajar", "luxembourg", "az", "hy", "both", "2000-01-01", "?region=nkao&date=1994-05-12",
     "?region=nowhere", ["countries", "provinces"], ["reverse"], "absolute", 0, 1, 7, 10**9]
)
CLICKS = st.fixed_dictionaries(
    {"points": st.lists(st.fixed_dictionaries({"location": HOSTILE_TEXT | PLAUSIBLE | SCALARS}), max_size=3)}
)
HUGE = st.sampled_from(
    [[0] * 20_000, ["nkao"] * 10_000, {"points": [{"location": "nkao"}] * 3_000}, "x" * 200_000,
     {str(i): i for i in range(10_000)}]
)
NESTED = st.integers(1, MAX_DEPTH - 8).map(lambda depth: json.loads("[" * depth + "]" * depth))  # within the limit
HOSTILE_VALUES = st.one_of(JSON_VALUES, PLAUSIBLE, CLICKS, HUGE, NESTED)


@pytest.fixture(scope="module", autouse=True)
def _quiet_werkzeug():
    """Thousands of refused requests: the server's own request log would drown the report."""
    logger = logging.getLogger("werkzeug")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    yield
    logger.setLevel(level)


@pytest.fixture(scope="module")
def tally(request):
    """Responses counted by batch and status, printed when the module is done."""
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    yield counts
    total = sum(sum(c.values()) for c in counts.values())
    lines = [f"\nhostile-input fuzz: {total} requests"] + [
        f"  {batch}: " + ", ".join(f"{n} × {status}" for status, n in sorted(c.items()))
        for batch, c in counts.items()
    ]
    with request.config.pluginmanager.getplugin("capturemanager").global_and_fixture_disabled():
        print("\n".join(lines))  # shown in `make test`, not only when a test fails




def server_callbacks(app) -> list[str]:
    return sorted(key for key, spec in app.callback_map.items() if spec.get("callback") is not None)


def plain_callbacks(app) -> list[str]:
    """The callbacks with no ALL or ALLSMALLER dependency: the mutations below rewrite one reference
    at a time, and a wildcard's references come as a list (the guard's tests cover those)."""
    def plain(spec) -> bool:
        return not any(isinstance(ref["id"], str) and '["ALL' in ref["id"] for ref in spec["inputs"] + spec["state"])
    return [key for key in server_callbacks(app) if '["ALL' not in key and plain(app.callback_map[key])]


def input_names(body) -> list[str]:
    refs = [r for item in body["inputs"] for r in (item if isinstance(item, list) else [item])]
    return [f"{stringify_id(r['id'])}.{r['property']}" for r in refs]


def encode(body) -> bytes:
    return json.dumps(body).encode()


def still_serving(client, app) -> None:
    """The app answers its health check and a real callback after a batch."""
    assert client.get("/healthz").status_code == 200
    key = server_callbacks(app)[0]
    spec = app.callback_map[key]
    answer = client.post(UPDATE, json=callback_body(spec, key, [None] * len(spec["inputs"] + spec["state"])))
    assert answer.status_code in (200, 204), answer.data[:300]


def no_traceback(caplog) -> bool:
    return not any(record.exc_info for record in caplog.records) and "Traceback" not in caplog.text


def valid_envelope(data, app) -> bytes:
    """An envelope as the page sends it for a random callback, its values hostile."""
    key = data.draw(st.sampled_from(server_callbacks(app)), label="callback")
    spec = app.callback_map[key]
    body = callback_body(spec, key, [data.draw(HOSTILE_VALUES) for _ in spec["inputs"] + spec["state"]])
    names = input_names(body)  # none when the only input is a wildcard matching no component
    fired = data.draw(st.lists(st.sampled_from(names), unique=True, max_size=3)) if names else []
    body["changedPropIds"] = body["parsedChangedPropsIds"] = fired
    return encode(body)


def test_envelopes_a_browser_could_send_pass_with_hostile_values(app, client, tally, caplog):
    @settings(FUZZ, max_examples=1000)
    @given(st.data())
    def check(data):
        payload = valid_envelope(data, app)
        answer = client.post(UPDATE, data=payload, content_type="application/json")
        tally["valid envelopes, hostile values"][answer.status_code] += 1
        assert answer.status_code < 500, answer.data[:300]
        if answer.get_data(as_text=True).startswith(REFUSED):  # the guard may only refuse it for its size
            assert answer.status_code == 413 and len(payload) > MAX_BODY_BYTES, answer.data

    check()
    still_serving(client, app)
    assert no_traceback(caplog)


# Each mutation turns the envelope of a callback into one no browser sends for it.
MUTATIONS = []


def mutation(function):
    MUTATIONS.append(function)
    return function


# Module-level strategies only: a strategy built per example (with a lambda in it) costs Hypothesis a compile.
NAMES = st.text(max_size=20) | HOSTILE_TEXT | LIMIT_NUMBERS | st.none() | st.just({"type": "url", "index": 0})
FIELD_NAMES = st.text(max_size=20) | HOSTILE_TEXT


def unlike(value, *taken):
    """``value``, changed by a zero-width space where it equals one of ``taken``."""
    return f"{value}\u200b" if isinstance(value, str) and value in taken else value


def other_than(data, original):
    """What a browser never sends in place of ``original``: a look-alike of it, or any name."""
    text = original if isinstance(original, str) else json.dumps(original)  # a pattern-matching id
    look_alikes = [text + "\u200b", text.upper(), text.replace("a", "а"), text + " ", "", text[:-1]]
    pick = data.draw(st.integers(0, len(look_alikes)))
    value = look_alikes[pick] if pick < len(look_alikes) else data.draw(NAMES)
    return unlike(value, original)


@mutation
def drop_a_field(data, app, key, body):
    required = ["output", "inputs", "changedPropIds"] + [f for f in ("outputs", "state") if f in body]
    del body[data.draw(st.sampled_from(required))]
    return body


@mutation
def add_an_unknown_field(data, app, key, body):
    body[unlike(data.draw(FIELD_NAMES), *ENVELOPE_FIELDS)] = data.draw(JSON_VALUES)
    return body


@mutation
def name_no_callback(data, app, key, body):
    body["output"] = unlike(other_than(data, key), *app.callback_map)
    return body


@mutation
def name_another_callback(data, app, key, body):
    body["output"] = data.draw(st.sampled_from([k for k in app.callback_map if k != key]))
    return body


@mutation
def outputs_of_another_shape(data, app, key, body):
    outputs = body.get("outputs")
    shapes = [{"id": "nope", "property": "x"}, [{"id": "nope", "property": "x"}], "url.search", 0, {},
              [{"id": "x", "property": "y"}] * 5_000, data.draw(JSON_VALUES)]
    if outputs:
        shapes += [[outputs], [outputs] * 2] if isinstance(outputs, dict) else [outputs[0], outputs + outputs[:1],
                                                                              outputs[:-1], outputs[::-1]]
    body["outputs"] = data.draw(st.sampled_from([s for s in shapes if s not in (None, [], outputs)]))
    return body


def references(body) -> list[tuple[str, int | None]]:
    """Where the references of an envelope are: (field, index), index None for a single output."""
    found = [(field, i) for field in ("outputs", "inputs", "state") if isinstance(body.get(field), list)
             for i in range(len(body[field]))]
    return found + ([("outputs", None)] if isinstance(body.get("outputs"), dict) else [])


@mutation
def change_a_reference(data, app, key, body):
    field, index = data.draw(st.sampled_from(references(body)))
    container = body[field]
    ref = container[index] if index is not None else container
    changed = copy.deepcopy(ref)
    allowed = ("id", "property") if field == "outputs" else REFERENCE_FIELDS
    how = data.draw(st.sampled_from(["id", "property", "extra field", "no id", "no property", "not a reference"]))
    if how in ("id", "property"):
        changed[how] = other_than(data, ref[how])
    elif how == "extra field":
        changed[unlike(data.draw(FIELD_NAMES), *allowed)] = data.draw(JSON_VALUES)
    elif how.startswith("no "):
        del changed[how[3:]]
    else:
        changed = data.draw(JSON_VALUES)
        changed = [changed] if isinstance(changed, dict) else changed  # a reference is an object
    if index is None:
        body[field] = changed
    else:
        container[index] = changed
    return body


@mutation
def reorder_or_recount_references(data, app, key, body):
    fields = [f for f in ("outputs", "inputs", "state") if isinstance(body.get(f), list) and body[f]]
    field = data.draw(st.sampled_from(fields))
    refs = body[field]
    how = data.draw(st.sampled_from(["drop", "repeat", "swap"] if len(refs) > 1 else ["drop", "repeat"]))
    if how == "drop":
        del refs[data.draw(st.integers(0, len(refs) - 1))]
    elif how == "repeat":
        refs.insert(0, copy.deepcopy(refs[data.draw(st.integers(0, len(refs) - 1))]))
    else:
        i = data.draw(st.integers(0, len(refs) - 2))
        refs[i], refs[i + 1] = refs[i + 1], refs[i]
    return body


@mutation
def state_that_is_not_declared(data, app, key, body):
    body["state"] = [*body.get("state", []), copy.deepcopy(body["inputs"][0])]
    return body


@mutation
def fired_by_something_else(data, app, key, body):
    inputs = sorted(set(input_names(body)))
    outputs = body.get("outputs") or []
    others = [f"{r['id']}.{r['property']}" for r in (outputs if isinstance(outputs, list) else [outputs])]
    others += [f"{r['id']}.{r['property']}" for r in body.get("state", [])]
    others += ["nowhere.value", "url.hash", data.draw(NAMES), *(name + "\u200b" for name in inputs)]
    stranger = unlike(data.draw(st.sampled_from(others)), *inputs)
    body["changedPropIds"] = data.draw(st.permutations([*inputs[:1], stranger]))
    return body


@mutation
def changed_not_a_list(data, app, key, body):
    changed = data.draw(st.sampled_from(input_names(body)) | JSON_VALUES)
    body["changedPropIds"] = {"changed": changed} if isinstance(changed, list) else changed
    return body


@mutation
def huge_array_where_few_belong(data, app, key, body):
    field = data.draw(st.sampled_from(["inputs", "changedPropIds", "outputs"]))
    body[field] = [data.draw(st.sampled_from(["nowhere.value", {"id": "x", "property": "y"}, 0]))] * data.draw(
        st.sampled_from([1_000, 30_000, 60_000]))
    return body


def deep(depth: int) -> str:
    return "[" * depth + "]" * depth


@mutation
def nested_too_deep(data, app, key, body):
    """Raw text: json.dumps itself would recurse."""
    depth = data.draw(st.sampled_from([MAX_DEPTH + 1, 100, 1_000, 100_000]) | st.integers(MAX_DEPTH + 1, 5_000))
    place = data.draw(st.sampled_from(["value", "changedPropIds", "outputs", "body"]))
    if place == "body":
        return ("[" * depth + encode(body).decode() + "]" * depth).encode()
    marker = "\ue000deep\ue000"
    if place == "value":
        body["inputs"][0]["value"] = marker
    else:
        body[place] = marker
    return encode(body).replace(json.dumps(marker).encode(), deep(depth).encode())


@mutation
def too_large(data, app, key, body):
    body["inputs"][0]["value"] = "x" * (MAX_BODY_BYTES + data.draw(st.integers(0, 1_000)))
    return body


def test_envelopes_no_browser_sends_are_refused(app, client, tally, caplog, capsys):
    keys = plain_callbacks(app)

    @settings(FUZZ, max_examples=2400)
    @given(st.data())
    def check(data):
        key = data.draw(st.sampled_from(keys), label="callback")
        spec = app.callback_map[key]
        body = callback_body(spec, key, [data.draw(PLAUSIBLE) for _ in spec["inputs"] + spec["state"]])
        mutate = data.draw(st.sampled_from(MUTATIONS), label="mutation")
        mutated = mutate(data, app, key, body)
        payload = mutated if isinstance(mutated, bytes) else encode(mutated)
        answer = client.post(UPDATE, data=payload, content_type="application/json")
        tally["mutated envelopes"][answer.status_code] += 1
        expected = 413 if len(payload) > MAX_BODY_BYTES else 400
        assert answer.status_code == expected, (mutate.__name__, payload[:300], answer.data[:300])
        assert answer.get_data(as_text=True).startswith(REFUSED)

    started = time.monotonic()
    check()
    still_serving(client, app)
    refusals = [r for r in caplog.records if "refused callback request" in r.getMessage()]
    assert len(refusals) <= 1 + (time.monotonic() - started) // 60  # one client: a line a minute
    assert no_traceback(caplog) and "Traceback" not in capsys.readouterr().err


NOT_ENVELOPES = st.one_of(
    st.binary(max_size=300),
    JSON_VALUES.filter(lambda v: not isinstance(v, dict)).map(encode),
    st.dictionaries(st.text(max_size=10), JSON_VALUES, max_size=4).map(encode),
    st.sampled_from([b"", b"{", b"{}", b"null", b'{"output": "url.search"}', b"\xef\xbb\xbf[]", b"[" * 64 + b"]" * 63,
                     "{\"output\": \"x\"}".encode("utf-16"), "{\"output\": \"x\"}".encode("utf-32"), b"\x00" * 10]),
)


def test_bodies_that_are_no_envelope_are_refused(client, tally):
    @settings(FUZZ, max_examples=400)
    @given(NOT_ENVELOPES, st.sampled_from(["application/json", "text/plain", "application/x-www-form-urlencoded", ""]))
    def check(payload, content_type):
        answer = client.post(UPDATE, data=payload, content_type=content_type)
        tally["bodies that are no envelope"][answer.status_code] += 1
        assert answer.status_code == 400 and answer.get_data(as_text=True).startswith(REFUSED), (payload, answer.data)

    check()


# What a URL can carry: no lone surrogates (they have no UTF-8).
URL_TEXT = (HOSTILE_TEXT | st.text(max_size=30)).filter(lambda text: not any("\ud800" <= c <= "\udfff" for c in text))
# Already encoded: bytes that are no UTF-8, an encoded surrogate, repeated and empty names.
RAW_QUERIES = st.sampled_from(["", "region=%ff%fe", "date=%ED%A0%80", "region", "=nkao", "region=nkao&region=armenia",
                               "layers=%00", "&&&", "region=%", "a" * 5_000 + "=1"])
PARAMETERS = st.sampled_from(
    ["region", "names", "layers", "compare", "date", "event", "format", "width", "height", "scale", "preset", "x", "m"]
)
SEGMENTS = URL_TEXT.filter(bool) | st.sampled_from(
    ["nkao", "countries", "provinces", "dash", "plotly-partial.min.js", "topojson/regional.json", "embed.js", "deps/x"]
)
# Every valid export renders an image in Chromium (~1 s): in process, one size is always out of range.
BAD_SIZES = st.sampled_from(["0", "-1", "199", "6001", "1e9", "abc", "", "NaN", "١٠٠", "99999999999999999999", " 300"])


def get_routes(app) -> list:
    return [rule for rule in app.server.url_map.iter_rules() if "GET" in rule.methods]


def hostile_get(data, app, routes) -> tuple[str, str, str]:
    """A random GET route, its path segments and URL parameters hostile: (rule, path, query string)."""
    rule = data.draw(st.sampled_from(routes), label="route")
    # A rule's defaults (the drawing files' level of detail) pick which of an endpoint's rules is built.
    defaults = rule.defaults or {}
    values = {**defaults, **{name: data.draw(SEGMENTS) for name in sorted(rule.arguments - set(defaults))}}
    try:
        path = app.server.url_map.bind("localhost").build(rule.endpoint, values)
    except BuildError:
        assume(False)
    parameters = data.draw(st.dictionaries(PARAMETERS, URL_TEXT | PLAUSIBLE.map(str), max_size=5))
    if rule.rule.endswith("/export"):
        parameters[data.draw(st.sampled_from(["width", "height"]))] = data.draw(BAD_SIZES)
    query = urllib.parse.urlencode(parameters) + "&" + data.draw(RAW_QUERIES)
    return rule.rule, path, query.strip("&")


def test_every_route_with_hostile_parameters(app, client, tally, caplog):
    routes = get_routes(app)
    seen = collections.Counter()

    @settings(FUZZ, max_examples=1000)
    @given(st.data())
    def check(data):
        rule, path, parameters = hostile_get(data, app, routes)
        answer = client.get(path, query_string=parameters)
        seen[rule] += 1
        tally["GET routes"][answer.status_code] += 1
        assert answer.status_code < 500, (path, parameters, answer.data[:300])

    check()
    assert {rule.rule for rule in routes} <= set(seen), "a route was never tried"
    still_serving(client, app)
    assert no_traceback(caplog)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """``karabakh-map serve --workers 2`` on a free port, its log in a file."""
    server = ServerProcess(tmp_path_factory.mktemp("served") / "server.log", "--workers", "2").wait_until_ready(workers=2)
    yield server
    server.stop()


def test_a_served_process_over_http(app, served, tally):
    """The same cases, fewer, through gunicorn's workers: their log must hold no traceback."""
    port = served.port

    def ask(method, path, payload=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        too_large = payload is not None and len(payload) > MAX_BODY_BYTES
        try:
            try:
                connection.request(method, path, payload, headers or {})
            except (BrokenPipeError, ConnectionResetError):  # answered (413) and closed before the body was sent
                assert too_large, (method, path)
            try:
                answer = connection.getresponse()
                status, body = answer.status, answer.read()
            except (ConnectionResetError, http.client.RemoteDisconnected):
                assert too_large, (method, path)
                status, body = "closed while sending", b""
        finally:
            connection.close()
        tally["served over HTTP"][status] += 1
        assert status == "closed while sending" or status < 500, (method, path, payload and payload[:300], body[:300])
        return status

    keys = plain_callbacks(app)
    started = time.monotonic()

    @settings(FUZZ, max_examples=400)
    @given(st.data())
    def check(data):
        kind = data.draw(st.sampled_from(["valid", "mutated", "not an envelope", "GET"]))
        if kind == "GET":
            _rule, path, query = hostile_get(data, app, get_routes(app))
            ask("GET", f"{path}?{query}" if query else path)
            return
        if kind == "valid":
            payload = valid_envelope(data, app)
        elif kind == "mutated":
            key = data.draw(st.sampled_from(keys))
            spec = app.callback_map[key]
            mutated = data.draw(st.sampled_from(MUTATIONS))(
                data, app, key, callback_body(spec, key, [None] * len(spec["inputs"] + spec["state"])))
            payload = mutated if isinstance(mutated, bytes) else encode(mutated)
        else:
            payload = data.draw(NOT_ENVELOPES)
        ask("POST", UPDATE, payload, {"Content-Type": "application/json"})

    check()
    # A hostile view is refused with the reason (not drawn as the default), and one real render
    # (Chromium, about a second) of a valid view is still made.
    assert ask("GET", "/export?format=png&width=640&height=480&region=..%2F..&date=9999-99-99&layers=%ff") == 400
    assert ask("GET", "/export?format=png&width=640&height=480&region=nkao") == 200
    assert ask("GET", "/healthz") == 200
    text = served.log
    assert "Traceback" not in text, text[-3000:]
    # One client: a line a minute from each of the two workers.
    assert text.count("refused callback request") <= 2 * (1 + (time.monotonic() - started) // 60), text

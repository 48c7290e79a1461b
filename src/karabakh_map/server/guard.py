"""Hostile input at the protocol level: refuse malformed callback requests, hide what still fails.

Dash trusts the envelope of a callback request (``/_dash-update-component``): an
``outputs`` of the wrong shape, inputs that are not the callback's, or JSON nested
deeper than the parser's recursion limit end in a 500 and a traceback in the log.
Every request is therefore checked here, before Dash sees it, against what the app
itself registered (``app.callback_map``, so callbacks added later or grouped as
dicts need no change here). The envelope the browser sends, as dash-renderer 4.4
writes it::

    {"output": "<callback key>",            # a key of app.callback_map
     "outputs": {"id": ..., "property": ...} or a flat list of them (any key
                starting ".."; dict-grouped outputs arrive flat too) or absent
                (a callback without outputs),
     "inputs": [{"id": ..., "property": ..., "value": ...}, ...],
     "state": [...] (absent when the callback declares none),
     "changedPropIds": ["<id>.<property>", ...],
     "parsedChangedPropsIds": [...]}

A pattern-matching dependency names a dict id; one with an ALL or ALLSMALLER
wildcard is a list of such references, possibly empty. The values themselves are
not judged here: the callbacks treat them as untrusted.

A refused request gets a 400 (413 when too large) with a one-line reason, and the
log gets one line per client per minute at most. A component file Dash does not
have is a 404 (Dash raises for it), and so is any address the app has no page for
(Dash's catch-all route would serve the dashboard at every path, so a mistyped link or
a missing data file looked like a working page). Any exception that still escapes a view gets a 500
with a generic body and a request id, and one log line with that id, never a traceback
(Dash's dev tools replace this handler under ``--debug``).
"""

from __future__ import annotations

import html
import itertools
import json
import re
import secrets
import threading
import time
import traceback
from collections.abc import Mapping
from dataclasses import dataclass

import dash
import flask
from dash._utils import stringify_id  # the "<id>.<property>" spelling Dash uses for triggers
from dash.exceptions import DependencyException
from werkzeug.exceptions import HTTPException

UPDATE_ROUTE = "_dash-update-component"
CATCH_ALL_ROUTE = "<path:path>"  # Dash's route for every path no other route answers
NOT_FOUND_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>No page here · Nagorno-Karabakh map</title></head>
<body><main><h1>No page at this address</h1><p>The map is at <a href="{home}">{home}</a>.</p></main></body></html>
"""
MAX_BODY_BYTES = 256 * 1024  # the largest real request (a full figure as state) is far smaller
# The page's requests nest 7 deep (tests/browser/test_guard_page.py); Python's parser recurses per level.
MAX_DEPTH = 64
REFUSAL_LOG_INTERVAL_S = 60.0
ENVELOPE_FIELDS = frozenset({"output", "outputs", "inputs", "state", "changedPropIds", "parsedChangedPropsIds"})
OUTPUT_FIELDS = frozenset({"id", "property"})
# dash-renderer sends an optional input that is missing from the page as its spec plus a null value.
INPUT_FIELDS = frozenset({"id", "property", "value", "allow_optional"})
MULTI_WILDCARDS = (["ALL"], ["ALLSMALLER"])  # how a stringified pattern id spells them
# An output with allow_duplicate=True carries "@" and a hash of the callback's inputs in its property.
DUPLICATE_SUFFIX = re.compile(r"@[0-9a-f]{64}")
# A JSON string, or an unterminated one running to the end; possessive, so the scan stays linear.
JSON_STRING = re.compile(rb'"(?:[^"\\]++|\\.)*+"?', re.DOTALL)
NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
DEPTH_STEPS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")


class Malformed(ValueError):
    """A request refused before Dash saw it; the message is the one-line reason given to the client."""

    def __init__(self, reason: str, status: int = 400):
        super().__init__(reason)
        self.status = status


def nesting_depth(raw: bytes) -> int:
    """How deep arrays and objects nest in JSON text, read from the bytes without parsing them.

    Linear in the length and without recursion, so it can be asked before a parser
    that recurses once per level. Brackets inside strings do not count; for text
    that is not valid JSON the answer may be too high, never too low.

    Parameters
    ----------
    raw : bytes
        UTF-8 JSON text without NUL bytes (UTF-16 and UTF-32 would hide brackets).

    Returns
    -------
    int
        0 for a scalar, 1 for ``[1, 2]``, 2 for ``{"a": [1]}``.

    Examples
    --------
    >>> nesting_depth(b'{"a": [[1], "]]]["]}')
    3
    >>> nesting_depth(b"[" * 100_000)
    100000
    """
    brackets = JSON_STRING.sub(b"", raw).translate(None, NOT_BRACKETS)
    if not brackets:
        return 0
    # +1 for an opening bracket, -1 (0xff as a signed byte) for a closing one, summed in C.
    steps = memoryview(brackets.translate(DEPTH_STEPS)).cast("b")
    return max(0, max(itertools.accumulate(steps)))


@dataclass(frozen=True)
class Dependency:
    """One declared output, input or state, as a request must name it.

    ``id`` is a string, or for a pattern-matching dependency a dict whose wildcard
    values are spelled ``["ALL"]``, ``["MATCH"]`` or ``["ALLSMALLER"]``; ``many``:
    the request holds a list of references (an ALL or ALLSMALLER wildcard).
    """

    id: str | dict
    property: str
    many: bool

    @classmethod
    def declared(cls, id_text: str, prop: str) -> Dependency:
        """From Dash's stringified id (pattern ids are JSON, as dash-renderer reads them too)."""
        if not id_text.startswith("{"):
            return cls(id_text, prop, False)
        pattern = json.loads(id_text)
        return cls(pattern, prop, any(value in MULTI_WILDCARDS for value in pattern.values()))

    def named_by(self, given, fields: frozenset) -> bool:
        """Whether ``given`` (from the request) is what a browser sends for this dependency."""
        if self.many:
            return isinstance(given, list) and all(self._reference(item, fields) for item in given)
        return self._reference(given, fields)

    def _reference(self, given, fields: frozenset) -> bool:
        if not isinstance(given, dict) or not given.keys() <= fields or given.get("property") != self.property:
            return False
        given_id = given.get("id")
        if isinstance(self.id, str):
            return isinstance(given_id, str) and given_id == self.id
        return (
            isinstance(given_id, dict)
            and given_id.keys() == self.id.keys()
            and all(
                # a wildcard stands for any scalar id value; other values must be the declared ones
                isinstance(given_id[key], (str, int, float, bool)) if isinstance(want, list) else given_id[key] == want
                for key, want in self.id.items()
            )
        )


@dataclass(frozen=True)
class Signature:
    """What a request for one registered callback must name.

    ``outputs`` is None (no outputs), one Dependency (a single Output) or a tuple (a list or
    dict of Outputs, flattened).
    """

    outputs: Dependency | tuple[Dependency, ...] | None
    inputs: tuple[Dependency, ...]
    state: tuple[Dependency, ...]

    @classmethod
    def of(cls, key: str, spec: Mapping) -> Signature:
        """From an entry of ``app.callback_map``."""

        def output(out: dash.Output) -> Dependency:
            suffix = DUPLICATE_SUFFIX.search(key).group() if out.allow_duplicate else ""
            return Dependency.declared(out.component_id_str(), out.component_property + suffix)

        declared = spec["output"]
        if spec.get("no_output"):
            outputs = None
        elif isinstance(declared, list):
            outputs = tuple(output(out) for out in declared)
        else:
            outputs = output(declared)
        return cls(
            outputs,
            tuple(Dependency.declared(dep["id"], dep["property"]) for dep in spec["inputs"]),
            tuple(Dependency.declared(dep["id"], dep["property"]) for dep in spec["state"]),
        )


def _all_named(given, declared: tuple[Dependency, ...], fields: frozenset) -> bool:
    return (
        isinstance(given, list)
        and len(given) == len(declared)
        and all(dep.named_by(item, fields) for item, dep in zip(given, declared, strict=True))
    )


def check_envelope(body, signature_of) -> None:
    """Raise Malformed unless ``body`` is a callback request a browser could have sent.

    ``signature_of(key)`` gives the Signature of a registered server-side callback,
    None for an unknown key, and raises Malformed for a key it will not run.
    """
    if not isinstance(body, dict):
        raise Malformed("the body must be a JSON object")
    unknown = body.keys() - ENVELOPE_FIELDS
    if unknown:
        raise Malformed(f"unexpected field {min(unknown)[:40]!r}")
    key = body.get("output")
    signature = signature_of(key) if isinstance(key, str) else None
    if signature is None:
        raise Malformed("'output' names no registered callback")
    outputs = body.get("outputs")
    if signature.outputs is None:
        matches = outputs in (None, [])
    elif isinstance(signature.outputs, Dependency):
        matches = signature.outputs.named_by(outputs, OUTPUT_FIELDS)
    else:
        matches = _all_named(outputs, signature.outputs, OUTPUT_FIELDS)
    if not matches:
        raise Malformed("'outputs' does not match the callback's outputs")
    inputs = body.get("inputs")
    if not _all_named(inputs, signature.inputs, INPUT_FIELDS):
        raise Malformed("'inputs' does not match the callback's inputs")
    # dash-renderer leaves 'state' out when the callback declares none
    if not _all_named(body.get("state", []), signature.state, INPUT_FIELDS):
        raise Malformed("'state' does not match the callback's state")
    changed = body.get("changedPropIds")
    references = itertools.chain.from_iterable(item if isinstance(item, list) else [item] for item in inputs)
    input_names = {f"{stringify_id(ref['id'])}.{ref['property']}" for ref in references}
    if not isinstance(changed, list) or not all(isinstance(name, str) and name in input_names for name in changed):
        raise Malformed("'changedPropIds' must name inputs of the callback")
    parsed = body.get("parsedChangedPropsIds", changed)
    if not isinstance(parsed, list) or len(parsed) != len(changed):
        raise Malformed("'parsedChangedPropsIds' must follow 'changedPropIds'")


def read_envelope(request: flask.Request):
    """The parsed JSON body of a callback request; raises Malformed for what must not be parsed."""
    too_large = Malformed(f"the body is larger than {MAX_BODY_BYTES} bytes", 413)
    # A body sent without Content-Length (chunked) is cut at this limit, not refused: one byte
    # over the limit tells it apart from a body of exactly the limit.
    request.max_content_length = MAX_BODY_BYTES + 1
    try:
        raw = request.get_data(cache=True)
    except HTTPException:  # RequestEntityTooLarge, from Content-Length alone
        raise too_large from None
    if len(raw) > MAX_BODY_BYTES:
        raise too_large
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Malformed("the body must be UTF-8 JSON") from None
    # A NUL byte is never valid JSON, and would make the parser read the body as UTF-16 or UTF-32.
    if b"\x00" in raw:
        raise Malformed("the body must be UTF-8 JSON")
    if nesting_depth(raw) > MAX_DEPTH:
        raise Malformed(f"JSON nested deeper than {MAX_DEPTH} levels")
    try:
        return request.get_json()  # cached: Dash reads this parse, not a second one
    except HTTPException:  # BadRequest (not JSON), UnsupportedMediaType (not sent as JSON)
        raise Malformed("the body must be JSON sent as application/json") from None


class RefusalLog:
    """Log refused requests at most once per client per interval, counting those left unsaid.

    Per process, so each server worker may write its own line. At most ``max_clients``
    are remembered; beyond that, refusals from new clients go unlogged until old
    entries expire.
    """

    def __init__(self, logger, interval_s: float = REFUSAL_LOG_INTERVAL_S, max_clients: int = 10_000,
                 clock=time.monotonic):
        self._logger = logger
        self._clock = clock
        self._interval_s = interval_s
        self._max_clients = max_clients
        self._last: dict[str, tuple[float, int]] = {}  # client → (when logged, refusals since)
        self._lock = threading.Lock()

    def refused(self, client: str, status: int, reason: str) -> None:
        """Log a refusal: the first from a client in an interval, then how many were left unsaid."""
        now = self._clock()
        with self._lock:
            logged_at, unsaid = self._last.get(client, (float("-inf"), 0))
            if now - logged_at < self._interval_s:
                self._last[client] = (logged_at, unsaid + 1)
                return
            if len(self._last) >= self._max_clients:
                self._last = {c: e for c, e in self._last.items() if now - e[0] < self._interval_s}
                if len(self._last) >= self._max_clients:
                    return
            self._last[client] = (now, 0)
        since = f" (and {unsaid} more since the last line)" if unsaid else ""
        self._logger.warning("refused callback request from %s: %s %s%s", client, status, reason, since)


def _plain(message: str, status: int, **headers) -> flask.Response:
    return flask.Response(message + "\n", status=status, mimetype="text/plain", headers=headers)


def _answer_other_paths_with_404(app: dash.Dash) -> None:
    catch_all = app.config.routes_pathname_prefix + CATCH_ALL_ROUTE
    home = html.escape(app.get_relative_path("/"))

    @app.server.before_request
    def no_page_at_other_paths():
        if flask.request.endpoint == catch_all:
            return flask.Response(NOT_FOUND_PAGE.format(home=home), status=404, mimetype="text/html")
        return None


def install(app: dash.Dash) -> None:
    """Check every callback request before Dash handles it; 404 paths with no page; a bare 500 for escaped exceptions."""
    endpoint = app.config.routes_pathname_prefix + UPDATE_ROUTE  # as Dash names its route
    logger = app.server.logger
    refusals = RefusalLog(logger)
    signatures: dict[str, Signature] = {}  # per callback key, filled as requests name them

    def signature_of(key: str) -> Signature | None:
        if key not in signatures:
            spec = app.callback_map.get(key)  # read per request: Dash adds global callbacks on the first one
            if spec is None:
                return None
            if spec.get("callback") is None:  # a clientside callback: the server has nothing to run
                raise Malformed("that callback runs in the browser")
            signatures[key] = Signature.of(key, spec)
        return signatures[key]

    @app.server.before_request
    def refuse_malformed_callbacks():
        request = flask.request
        if request.endpoint != endpoint or request.method != "POST":
            return None
        try:
            check_envelope(read_envelope(request), signature_of)
        except Malformed as refusal:
            refusals.refused(request.remote_addr or "unknown", refusal.status, str(refusal))
            return _plain(f"malformed callback request: {refusal}", refusal.status)
        return None

    _answer_other_paths_with_404(app)

    @app.server.errorhandler(DependencyException)
    def unknown_component_file(_error):  # Dash raises it for a file its component packages do not have
        return _plain("no such component file", 404)

    @app.server.errorhandler(Exception)
    def internal_error(error: Exception):
        if isinstance(error, HTTPException):  # 404, 405 …: Flask's own answer
            return error
        request_id = secrets.token_hex(8)
        where = traceback.extract_tb(error.__traceback__)[-1] if error.__traceback__ else None
        message = " ".join(str(error).split())[:200]
        logger.error(
            "request %s failed: %s %s: %s: %s%s", request_id, flask.request.method, flask.request.path[:200],
            type(error).__name__, message, f" at {where.filename}:{where.lineno}" if where else "",
        )
        return _plain(f"internal error (request id {request_id})", 500, **{"X-Request-Id": request_id})

"""Refuse malformed Dash callback requests with a 400 before Dash dispatches them.

Dash answers a body that is not the shape its front end sends (an array, missing
keys, an unknown output, inputs that do not match the callback) with a 500. Every
request is checked here against the app's own callback map; what passes has the
shape Dash expects, and the callbacks themselves treat the values as untrusted.
"""

from __future__ import annotations

from collections.abc import Mapping

import dash
import flask

UPDATE_ROUTE = "_dash-update-component"
MAX_BODY_BYTES = 256 * 1024  # the largest real request (a full figure as state) is far smaller


def _refs_match(given, declared) -> bool:
    if not isinstance(given, list) or len(given) != len(declared):
        return False
    return all(
        isinstance(item, Mapping) and item.get("id") == want["id"] and item.get("property") == want["property"]
        for item, want in zip(given, declared)
    )


def malformed(body, callback_map: Mapping) -> str | None:
    """Why a callback request body is malformed, or None when it has the shape Dash expects."""
    if not isinstance(body, Mapping):
        return "the body must be a JSON object"
    output = body.get("output")
    if not isinstance(output, str) or output not in callback_map:
        return "unknown callback output"
    spec = callback_map[output]
    if spec.get("callback") is None:  # a clientside callback: the browser runs it, the server has nothing to run
        return "that callback runs in the browser"
    if not _refs_match(body.get("inputs"), spec["inputs"]) or not _refs_match(body.get("state", []), spec["state"]):
        return "inputs or state do not match the callback"
    outputs = body.get("outputs")
    entries = outputs if isinstance(outputs, list) else [outputs]
    if not all(isinstance(e, Mapping) and isinstance(e.get("id"), str) and isinstance(e.get("property"), str)
               for e in entries):
        return "outputs must name component properties"
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        return "changedPropIds must be a list of strings"
    return None


def install(app: dash.Dash) -> None:
    """Check every callback request before Dash handles it."""
    route = app.get_relative_path("/" + UPDATE_ROUTE)

    @app.server.before_request
    def refuse_malformed_callbacks():
        request = flask.request
        if request.path != route or request.method != "POST":
            return None
        if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
            return flask.Response("callback request too large\n", status=413, mimetype="text/plain")
        body = request.get_json(silent=True)
        problem = malformed(body, app.callback_map)
        if problem:
            return flask.Response(f"malformed callback request: {problem}\n", status=400, mimetype="text/plain")
        return None

"""Serving assets/: precompressed where a ``.br`` file lies beside the asset, long cached when fingerprinted.

Dash writes asset URLs with ``?m=<modification time>``, so such a URL names one version
of the file and may be cached for a year. plotly.js's bundle is brotli-compressed at the
highest quality when it is built (`make plotly-bundle`): 2 s of work that no request
should pay for, and 18 % smaller than what flask-compress makes on the fly.

Why not WhiteNoise: it decides a file's cache lifetime by its path alone
(``immutable_file_test(path, url)`` never sees the query string), so it cannot tell Dash's
fingerprinted ``/assets/x.js?m=…`` (a year) from the same file unfingerprinted, as
plotly.js fetches the base map and the embed page loads its script (a day). And as WSGI
middleware it answers before Flask: its responses would miss the security headers
(flask-talisman) and flask-compress, so every asset would need committed ``.br``/``.gz``
copies kept in step by hand. These two hooks do what the app needs with Flask's own
``send_file`` (conditional requests, ranges).
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

import dash
import flask

FINGERPRINTED_MAX_AGE_S = 365 * 86_400
ASSET_MAX_AGE_S = 86_400


def _accepts_brotli(request: flask.Request) -> bool:
    return any(part.split(";")[0].strip() == "br" for part in request.headers.get("Accept-Encoding", "").split(","))


def install(app: dash.Dash, assets: Path) -> None:
    """Serve ``<asset>.br`` to browsers that accept brotli, and set the assets' cache lifetimes."""
    prefix = app.config.routes_pathname_prefix + app.config.assets_url_path.strip("/") + "/"  # as Flask routes it
    precompressed = {path.with_suffix("").relative_to(assets).as_posix(): path for path in assets.rglob("*.br")}

    @app.server.before_request
    def serve_precompressed():
        request = flask.request
        name = request.path.removeprefix(prefix) if request.path.startswith(prefix) else None
        if name not in precompressed or not _accepts_brotli(request):
            return None
        response = flask.send_file(precompressed[name], mimetype=mimetypes.guess_type(name)[0], conditional=True)
        response.headers["Content-Encoding"] = "br"
        response.headers.pop("Content-Disposition", None)  # send_file names the .br file
        return response

    @app.server.after_request
    def cache_assets(response: flask.Response) -> flask.Response:
        request = flask.request
        if request.path.startswith(prefix) and response.status_code in (200, 304):
            fingerprinted = "m" in request.args
            response.vary.add("Accept-Encoding")
            response.cache_control.no_cache = None
            response.cache_control.public = True
            response.cache_control.max_age = FINGERPRINTED_MAX_AGE_S if fingerprinted else ASSET_MAX_AGE_S
            response.cache_control.immutable = fingerprinted
        return response

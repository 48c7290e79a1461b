"""The page's initial HTML: language, description, the static first paint, only the scripts it uses.

Dash's default index has no ``lang``, wraps its scripts in a second ``<footer>`` (a
duplicate landmark beside the page's own), and loads every bundle Dash knows of. This
index:

- declares ``<html lang="en">`` and a description for search engines;
- paints the page before any script runs (:mod:`karabakh_map.ui.first_paint`): every script
  is deferred, so that none holds back the first paint; the first paint waits for the whole static
  page (``<link rel="expect" blocking="render">``): Chromium would otherwise paint it while the HTML is
  still arriving, with the map column full width until the details column is parsed, then move it;
- leaves out the DataTable bundle (the page shows no DataTable) and Babel's polyfill
  (every browser that runs the page's modern JavaScript has what it fills in);
- names plotly.js's partial bundle on ``<html data-plotly-bundle>`` instead of loading it:
  ``assets/static-map.js`` loads it when the reader first needs the interactive map
  (:mod:`karabakh_map.ui.static_map`); the URL names its content, so it is cached for a year;
- serves dcc's bundle from a folder named after its content. dcc loads its lazy chunks
  (the slider, the dropdown, the graph) from the folder its own script came from, by
  plain names such as ``async-slider.js``; Dash serves those without a fingerprint and
  so without a cache lifetime. From such a folder every chunk URL names one build, and
  is cached for a year like the rest.
"""

from __future__ import annotations

import hashlib
import pkgutil
import re
from collections.abc import Callable
from html import escape
from pathlib import Path

import dash
import flask

from karabakh_map.server.static import FINGERPRINTED_MAX_AGE_S

DESCRIPTION = (
    "An interactive, sourced map of the Armenia–Azerbaijan conflict over Nagorno-Karabakh: who held what, when, "
    "names in four languages, areas, censuses and dated events, each with its source."
)
INDEX = """<!DOCTYPE html>
<html lang="en" class="first-paint" data-plotly-bundle="{plotly_bundle}">
<head>
{%metas%}
<title>{%title%}</title>
{%favicon%}
{%css%}
<link rel="expect" href="#first-paint-end" blocking="render">
</head>
<body>
<div class="first-paint-page">{first_paint}<span id="first-paint-end"></span></div>
{%app_entry%}
{%config%}
{%scripts%}
{%renderer%}
</body>
</html>"""
# Scripts Dash lists that this page does without (see the module docstring).
UNUSED_SCRIPTS = ("/dash/dash_table/bundle.", "/dash/deps/polyfill@")
# dcc's main bundle, which loads its chunks from its own folder.
_DCC_MAIN = re.compile(r'src="(?P<base>[^"]*_dash-component-suites/dash/dcc/)dash_core_components\.v[\w-]+m[0-9a-f]+\.js"')
_DCC_FILES = re.compile(r"_dash-component-suites/dash/dcc/(?P<build>[0-9a-f]{12})/(?P<file>[\w-]+\.js)$")


def dcc_build() -> str:
    """A name for the installed build of dcc: the start of its main bundle's SHA-256."""
    return hashlib.sha256(pkgutil.get_data("dash", "dcc/dash_core_components.js")).hexdigest()[:12]


def page_scripts(scripts: str, build: str) -> str:
    r"""Dash's script tags, deferred, without the unused bundles, dcc's main bundle from the folder ``build``.

    Examples
    --------
    >>> print(page_scripts('<script src="/_dash-component-suites/dash/dcc/dash_core_components.v4_4_1m17.js"></script>\n'
    ...                    '<script src="/_dash-component-suites/dash/dash_table/bundle.v7_4_1m17.js"></script>', "0123456789ab"))
    <script defer src="/_dash-component-suites/dash/dcc/0123456789ab/dash_core_components.js"></script>
    """
    kept = [line for line in scripts.splitlines() if not any(unused in line for unused in UNUSED_SCRIPTS)]
    return "\n".join(
        _DCC_MAIN.sub(rf'src="\g<base>{build}/dash_core_components.js"', line).replace("<script src=", "<script defer src=")
        for line in kept
    )


def deferred_renderer(renderer: str) -> str:
    """Dash's inline start of its renderer, run after the deferred scripts it needs.

    An inline script cannot be deferred, but an inline module is, in document order with
    the deferred scripts; its text, and so its hash in the Content-Security-Policy, stays.

    Examples
    --------
    >>> deferred_renderer('<script id="_dash-renderer" type="application/javascript">var renderer = new DashRenderer();</script>')
    '<script id="_dash-renderer" type="module">var renderer = new DashRenderer();</script>'
    """
    return renderer.replace('type="application/javascript"', 'type="module"', 1)


def install(app: dash.Dash, first_paint: str, plotly_bundle: Path,
            per_request: Callable[[str], str] = lambda page: page) -> None:
    """Write the app's index with ``first_paint`` (static HTML) and serve dcc's versioned folder.

    ``plotly_bundle``: plotly.js in assets/, named on the page for the script that loads it when needed.
    ``per_request``: what the request changes in the page (the link's view), called in its context.
    """
    version = hashlib.sha256(plotly_bundle.read_bytes()).hexdigest()[:12]
    bundle_url = f"{app.get_asset_url(plotly_bundle.name)}?m={version}"
    app.index_string = INDEX.replace("{plotly_bundle}", escape(bundle_url)).replace("{first_paint}", first_paint)
    default_interpolate = app.interpolate_index
    build = dcc_build()
    suites = app.config.routes_pathname_prefix + "_dash-component-suites/"  # as Flask routes it (no URL prefix)

    def interpolate_index(**parts) -> str:
        parts["scripts"] = page_scripts(parts.get("scripts", ""), build)
        parts["renderer"] = deferred_renderer(parts.get("renderer", ""))
        parts["metas"] = parts.get("metas", "") + f'\n<meta name="description" content="{DESCRIPTION}">'
        return per_request(default_interpolate(**parts))

    app.interpolate_index = interpolate_index

    @app.server.before_request
    def serve_dcc_build():
        request = flask.request
        match = _DCC_FILES.search(request.path) if request.path.startswith(suites) else None
        if match is None:
            return None
        if match["build"] != build:
            # A page from before an upgrade asks for its build: it is gone.
            return flask.Response("no such build of dash/dcc\n", status=404, mimetype="text/plain")
        try:
            data = pkgutil.get_data("dash", f"dcc/{match['file']}")
        except OSError:
            data = None
        if data is None:
            return flask.Response("no such file in dash/dcc\n", status=404, mimetype="text/plain")
        response = flask.Response(data, mimetype="text/javascript")
        response.cache_control.public = True
        response.cache_control.max_age = FINGERPRINTED_MAX_AGE_S
        response.cache_control.immutable = True
        return response

"""Per-process memory of the page's outputs, as the plain JSON the browser receives.

Every builder is a pure function of the view state (and the day), so a process may
keep what it built: the cache never changes an answer, only how soon it comes. Each
worker fills its own; nothing is shared or written back. Each section keeps its own
cache (a small class keyed by the view fields its builder reads), made with
:func:`memoised`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache

import plotly.io as pio

# Views kept per process; a figure is about 10 kB of JSON.
CACHED_VIEWS = 512


def plain_json(value):
    """A plotly figure or trace, or a Dash component tree, as the plain JSON the browser receives.

    Plain dicts and lists compare with ==, and Dash serialises them with the json module's C
    encoder; components it serialises in Python, one call each (for a details panel, about a
    third of a click callback's time).

    Examples
    --------
    >>> from dash import html
    >>> plain_json(html.P("Hi", id="x"))
    {'props': {'children': 'Hi', 'id': 'x'}, 'type': 'P', 'namespace': 'dash_html_components'}
    """
    return json.loads(pio.json.to_json_plotly(value))


def memoised(build: Callable, maxsize: int = CACHED_VIEWS) -> Callable:
    """``build`` answering in plain JSON, its last ``maxsize`` answers kept by argument.

    The arguments must be hashable and must be everything ``build`` reads that can change.
    """
    return lru_cache(maxsize=maxsize)(lambda *args: plain_json(build(*args)))

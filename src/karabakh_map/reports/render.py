"""Render snapshots: PNG, SVG and PDF through a ``Renderer`` (kaleido and Chromium), standalone HTML without them.

The browser, its queue and its time limits live in ``renderer.py``: one warm browser per
process (a browser per image costs 2–3 s, a warm one about 0.2 s). Everything is
validated before rendering and nothing is written here: callers decide where bytes go.
"""

from __future__ import annotations

import html
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

import plotly.graph_objects as go
import plotly.io as pio

from karabakh_map.reports.paper import CSS_PX_PER_INCH, PRESETS, with_resolution
from karabakh_map.reports.renderer import Renderer, process_renderer
from karabakh_map.server.assets import PLOTLY_BUNDLE, TOPOJSON_DIR, TOPOJSON_NAME

MEDIA_TYPES = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf", "html": "text/html"}
MAX_SIDE_PX = 6000
MIN_SIDE_PX = 320  # below this the title, legend and footer leave no room for the map (reports/layout.py)
MAX_SCALE = 4.0


class ExportError(ValueError):
    """An export request that cannot be honoured; the message says why, for the reader."""


@dataclass(frozen=True)
class ExportRequest:
    """What an export asks for: the format, the size in CSS pixels and the scale (pixels per CSS pixel)."""

    format: str = "png"
    width: int = 1600
    height: int = 1000
    scale: float = 1.0


def parse_export_request(values: Mapping[str, str]) -> ExportRequest:
    """Validate ``format``, ``width``, ``height``, ``scale`` (or a ``preset``); raise ExportError naming the problem."""
    preset = values.get("preset")
    paper = PRESETS.get(preset) if preset else None
    base = {"width": paper.width, "height": paper.height, "scale": paper.scale} if paper else {}
    if preset and preset not in PRESETS:
        raise ExportError(f"preset must be one of {', '.join(PRESETS)}")
    fmt = values.get("format", "png")
    if fmt not in MEDIA_TYPES:
        raise ExportError(f"format must be one of {', '.join(MEDIA_TYPES)}")
    try:
        width = int(values.get("width", base.get("width", 1600)))
        height = int(values.get("height", base.get("height", 1000)))
        scale = float(values.get("scale", base.get("scale", 1)))
    except (TypeError, ValueError):
        raise ExportError("width and height must be whole numbers of pixels, scale a number") from None
    for key, side in (("width", width), ("height", height)):  # the message begins with the key at fault
        if not MIN_SIDE_PX <= side <= MAX_SIDE_PX:
            raise ExportError(f"{key} must be between {MIN_SIDE_PX} and {MAX_SIDE_PX} pixels, not {side}")
    if not (0.25 <= scale <= MAX_SCALE) or max(width, height) * scale > MAX_SIDE_PX:
        raise ExportError(f"scale must be between 0.25 and {MAX_SCALE:g}, and no side may exceed {MAX_SIDE_PX} pixels")
    return ExportRequest(fmt, width, height, scale)


def _with_alt_text_svg(svg: bytes, title: str, alt: str) -> bytes:
    text = svg.decode("utf-8")
    tags = f"<title>{html.escape(title)}</title><desc>{html.escape(alt)}</desc>"
    return re.sub(r"(<svg\b[^>]*>)", lambda m: m.group(1) + tags, text, count=1).encode("utf-8")


def _with_pdf_metadata(pdf: bytes, title: str, alt: str) -> bytes:
    """The PDF with its document title and subject: Chromium's print names every page after kaleido's ("Kaleido-fier")."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.add_metadata({"/Title": title, "/Subject": alt, "/Creator": "karabakh-map"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def standalone_html(figure: go.Figure, title: str, alt: str) -> bytes:
    """One HTML file that draws the interactive map offline: plotly.js and the base TopoJSON inlined."""
    plotly_js = PLOTLY_BUNDLE.read_text(encoding="utf-8")
    topojson = (TOPOJSON_DIR / f"{TOPOJSON_NAME}.json").read_text(encoding="utf-8")
    page = pio.to_html(
        figure,
        include_plotlyjs=False,
        full_html=True,
        config={"displaylogo": False, "responsive": True},
        default_height="92vh",
        div_id="map",
    )
    # plotly.js looks here before it fetches a TopoJSON, so nothing is fetched.
    preload = (
        f"<title>{html.escape(title)}</title>"
        f'<meta name="description" content="{html.escape(alt)}">'
        f"<script>{plotly_js}</script>"
        f"<script>window.PlotlyGeoAssets = {{topojson: {{{json.dumps(TOPOJSON_NAME)}: {topojson}}}}};</script>"
    )
    page = page.replace("<head>", "<head>" + preload, 1)
    page = page.replace("<body>", f'<body><p role="note" style="font:14px sans-serif">{html.escape(alt)}</p>', 1)
    return page.encode("utf-8")


def start_renderer() -> None:
    """Start this process's browser now (one for a whole CLI batch); raises RenderUnavailable with the reason."""
    process_renderer().start()


def render(figure: go.Figure, request: ExportRequest, title: str, alt: str, renderer: Renderer | None = None) -> bytes:
    """The snapshot's bytes in the requested format.

    PNG, SVG and PDF go through ``renderer`` (default: this process's, see ``process_renderer``)
    and raise its ``RenderUnavailable`` errors; HTML needs no browser.
    """
    if request.format == "html":
        return standalone_html(figure, title, alt)
    data = (renderer or process_renderer()).render(
        figure.to_dict(),
        # A PDF is vector: its page is the layout at 96 CSS px to the inch; a scale would only enlarge the page.
        {"format": request.format, "width": request.width, "height": request.height,
         "scale": 1 if request.format == "pdf" else request.scale},
    )
    if request.format == "png":
        return with_resolution(data, request.scale * CSS_PX_PER_INCH)
    if request.format == "pdf":
        return _with_pdf_metadata(data, title, alt)
    return _with_alt_text_svg(data, title, alt)

"""A finished figure for reports: the map of a view with title, legend, projection, sources and permalink.

Pure: (atlas, view state, today, permalink) → plotly figure and its alt text. The
dashboard's export button, the embed page and ``karabakh-map snapshot`` all draw
from here, so the same view gives the same figure.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import plotly.graph_objects as go

from karabakh_map.data.atlas import Atlas
from karabakh_map.model.areas import area_of
from karabakh_map.figures import style
from karabakh_map.figures.map import compares, map_figure
from karabakh_map.model.formatting import format_number
from karabakh_map.model.view_state import ViewState
from karabakh_map.model.periods import shown_dated_layers, valid_layers

PROJECTION = "Conic equal-area projection, standard parallels 38.5°N and 41.5°N"
OVERVIEW_TITLE = "Armenia, Azerbaijan and Nagorno-Karabakh"


def inline_geojson(atlas: Atlas):
    """Layer name → parsed drawn GeoJSON, for figures that must stand alone."""
    return lambda layer: json.loads(atlas.drawn[layer])


def data_version(atlas: Atlas) -> str:
    """A short fingerprint of the geodata build (its manifest's checksum)."""
    manifest = json.dumps(dict(atlas.manifest), sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(manifest).hexdigest()[:12]


def title(atlas: Atlas, state: ViewState, today: dt.date) -> str:
    name = atlas.label(state.region, state.names) if state.region else OVERVIEW_TITLE
    return f"{name} — {state.on(today):%-d %B %Y}"


def alt_text(atlas: Atlas, state: ViewState, today: dt.date) -> str:
    """One sentence naming what the snapshot shows, built from the same data as the figure."""
    on = state.on(today)
    held = [atlas.label(name, state.names) for name in ("held_1994_2020", "held_2020_2023", "lachin_corridor")
            if name in shown_dated_layers(atlas, on)]
    parts = [f"Map of Armenia, Azerbaijan (with Nakhchivan) and Nagorno-Karabakh as of {on:%-d %B %Y}"]
    if held:
        parts.append("showing: " + "; ".join(held))
    nkao = area_of(atlas, "nkao")
    if "nkao" in state.layers:
        status = "" if "nkao" in valid_layers(atlas, on) else " as history"
        parts.append(f"with the Soviet-era NKAO ({format_number(round(nkao.km2))} km²) outlined{status}")
    if state.region:
        area = area_of(atlas, state.region)
        size = f" ({format_number(round(area.km2))} km²)" if area else ""
        parts.append(f"highlighting {atlas.label(state.region, state.names)}{size}")
    if compares(atlas, state):
        place = area_of(atlas, state.compare)
        parts.append(
            f"with {atlas.label(state.compare, state.names)} ({format_number(round(place.km2))} km²) drawn over it "
            "at true size"
        )
    return ", ".join(parts) + "."


def snapshot_figure(atlas: Atlas, state: ViewState, today: dt.date, permalink: str) -> go.Figure:
    """The map of a view as a finished, standalone figure."""
    figure = map_figure(atlas, state, inline_geojson(atlas), today)
    sources = " · ".join(text.rstrip(".") for text in atlas.attributions(sorted(state.layers | {"towns"})))
    footer = (
        f"{sources}.<br>{PROJECTION}. Boundaries approximate (1:10M) and dated. "
        f"Data version {data_version(atlas)}.<br>{permalink}"
    )
    figure.update_layout(
        title={"text": title(atlas, state, today), "x": 0.01, "xanchor": "left", "font": {"size": 18}},
        margin={"l": 10, "r": 10, "t": 50, "b": 70},
        legend={"x": 0.01, "y": 0.02, "bgcolor": "rgba(255,255,255,0.9)"},
        meta={"alt": alt_text(atlas, state, today)},
    )
    figure.add_annotation(
        text=footer,
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-8,
        xanchor="left",
        yanchor="top",
        align="left",
        showarrow=False,
        font={"size": 10, "color": style.TEXT},
    )
    return figure

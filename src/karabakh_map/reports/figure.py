"""A finished figure for reports: the map of a view with title, legend, projection, sources and permalink.

Pure: (atlas, view state, today, permalink) → plotly figure and its alt text. The
dashboard's export button, the embed page and ``karabakh-map snapshot`` all draw
from here, so the same view gives the same figure.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from dataclasses import replace
from typing import NamedTuple

import plotly.graph_objects as go

from karabakh_map.data.atlas import Atlas
from karabakh_map.data.layers import CONTESTED_LAYER, HELD_LAYERS, LAYERS_BY_NAME
from karabakh_map.figures import style
from karabakh_map.figures.frame import MapView, view_for
from karabakh_map.figures.label_placement import Box
from karabakh_map.figures.legend import legend_classes
from karabakh_map.figures.map import add_locator_inset, compares, map_figure
from karabakh_map.model.areas import area_of
from karabakh_map.model.formatting import format_number, format_period
from karabakh_map.model.periods import SUMMARY_CHARS, features_on, shown_dated_layers, valid_layers
from karabakh_map.model.view_state import OVERVIEW_FRAME, ViewState
from karabakh_map.reports.layout import Frame, lay_out

KM_PER_DEGREE = 111.2  # a degree of latitude, or of longitude at the equator

PROJECTION = "Conic equal-area projection, standard parallels 38.5°N and 41.5°N"
OVERVIEW_TITLE = "Armenia, Azerbaijan and Nagorno-Karabakh"
# What the default frame (figures.frame.KARABAKH) shows.
SUBJECT_TITLE = "Nagorno-Karabakh and its surroundings"


def inline_geojson(atlas: Atlas):
    """(Layer name, level of detail) → parsed drawn GeoJSON, for figures that must stand alone."""
    return lambda layer, level: json.loads(atlas.drawing(layer, level))


def data_version(atlas: Atlas) -> str:
    """A short fingerprint of the geodata build (its manifest's checksum)."""
    manifest = json.dumps(dict(atlas.manifest), sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(manifest).hexdigest()[:12]


def title(atlas: Atlas, state: ViewState, today: dt.date) -> str:
    """The figure's title: the selected region (else what the frame shows), the date shown, and the event open."""
    if state.region:
        name = atlas.label(state.region, state.names)
    else:
        name = OVERVIEW_TITLE if state.frame == OVERVIEW_FRAME else SUBJECT_TITLE
    return f"{name} — {state.on(today):%-d %B %Y}" + (f" — {_event_named(atlas, state.event)}" if state.event else "")


def _event_named(atlas: Atlas, event: str) -> str:
    """An event as a title or an alt text names it: its dates and the first words of its text."""
    row = atlas.tables["timeline"].loc[event]
    text = row["event"]
    short = text if len(text) <= SUMMARY_CHARS else text[:SUMMARY_CHARS].rsplit(" ", 1)[0] + "…"
    return f"{format_period(row['date'], row['date_end'])}: {short}"


def _framed(atlas: Atlas, state: ViewState) -> str:
    """What the map's frame shows, in words (see :func:`karabakh_map.figures.frame.view_for`)."""
    if state.frame == OVERVIEW_FRAME:
        return "Armenia, Azerbaijan (with Nakhchivan) and Nagorno-Karabakh"
    if state.region:
        return f"{atlas.label(state.region, state.names)} and its surroundings"
    return (f"{SUBJECT_TITLE} (the Soviet-era NKAO, the seven districts around it, the Lachin corridor and "
            "Armenia's Syunik province)")


def _held_labels(atlas: Atlas, on: dt.date, names: str) -> list[str]:
    """What the map draws as held or contested on a date, and the corridor: each area by name, the dated pieces one by one."""
    shown = shown_dated_layers(atlas, on)
    labels = []
    for name in (*HELD_LAYERS, CONTESTED_LAYER, "lachin_corridor"):
        if name in shown:
            ids = features_on(atlas, name, on)["id"] if LAYERS_BY_NAME[name].pieces else [name]
            labels += [atlas.label(feature_id, names) for feature_id in ids]
    return labels


def alt_text(atlas: Atlas, state: ViewState, today: dt.date) -> str:
    """One sentence naming what the snapshot shows, built from the same data as the figure."""
    on = state.on(today)
    held = _held_labels(atlas, on, state.names)
    parts = [f"Map of {_framed(atlas, state)} as of {on:%-d %B %Y}"]
    if state.event:
        parts.append(f"for the event {_event_named(atlas, state.event)}")
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


def sources_line(atlas: Atlas, state: ViewState) -> str:
    """Who to credit for what the view draws, from the manifest's sources (Natural Earth, GeoNames, OpenStreetMap…)."""
    return " · ".join(text.rstrip(".") for text in atlas.attributions(sorted(state.layers | {"towns"}))) + "."


def footer_paragraphs(atlas: Atlas, state: ViewState, permalink: str) -> list[str]:
    """The sources line, the method line, the permalink: most important first."""
    return [
        sources_line(atlas, state),
        f"{PROJECTION}. Boundaries approximate (about a kilometre) and dated. Data version {data_version(atlas)}.",
        permalink,
    ]


def nice_length_km(max_km: float) -> float:
    """The longest 1, 2 or 5 × 10ⁿ km not over ``max_km``: what a scale bar is labelled."""
    power = 10 ** math.floor(math.log10(max_km))
    return max(step * power for step in (1, 2, 5) if step * power <= max_km)


def px_per_km(lon_range, lat_range, map_width: float, map_height: float) -> float:
    """How plotly fits a lon/lat window into the map box: the limiting side's pixels per km at the centre."""
    lat0 = math.radians(sum(lat_range) / 2)
    width_km = (lon_range[1] - lon_range[0]) * KM_PER_DEGREE * math.cos(lat0)
    height_km = (lat_range[1] - lat_range[0]) * KM_PER_DEGREE
    return min(map_width / width_km, map_height / height_km)


class ScaleBar(NamedTuple):
    """A km scale bar in the lower right corner of the map as drawn (over the neighbours, away from the subject).

    Lengths in px; ``right`` and ``bottom`` are the drawn map's corner as shares of the map box.
    """

    km: float
    length: float
    size: float  # its font size
    right: float
    bottom: float

    @property
    def inset(self) -> float:
        """How far the bar stands in from the drawn map's corner."""
        return 1.2 * self.size

    def box(self, map_width: float, map_height: float) -> Box:
        """Its white backing in px from the middle of a map box ``map_width`` × ``map_height`` (y down): labels keep off it."""
        x, y = (self.right - 0.5) * map_width, (0.5 - self.bottom) * map_height
        return Box(x - self.inset - self.length - self.size * 0.6, y - self.inset - self.size * 2.2,
                   x - self.inset + self.size * 0.6, y - self.inset + self.size * 0.5)


def scale_bar(window: MapView, frame: Frame) -> ScaleBar:
    """The scale bar of a map drawing ``window`` in ``frame``'s map box: about a fifth of the map's width."""
    window = replace(window, reference_width_px=frame.map_width, reference_height_px=frame.map_height)
    left, bottom, right, top = window.drawn_box(frame.map_width / frame.map_height)
    drawn_width, drawn_height = (right - left) * frame.map_width, (top - bottom) * frame.map_height
    per_km = px_per_km(window.lon_range, window.lat_range, drawn_width, drawn_height)
    km = nice_length_km(0.18 * drawn_width / per_km)
    return ScaleBar(km, km * per_km, frame.legend_size, right, bottom)


def _add_scale_bar(figure: go.Figure, bar: ScaleBar) -> None:
    inset, length, size = bar.inset, bar.length, bar.size
    # Offsets in px from the drawn map's lower right corner.
    corner = {"xref": "paper", "yref": "paper", "xsizemode": "pixel", "ysizemode": "pixel", "xanchor": bar.right,
              "yanchor": bar.bottom}
    figure.add_shape(type="rect", x0=-inset - length - size * 0.6, x1=-inset + size * 0.6, y0=inset - size * 0.5,
                     y1=inset + size * 2.2, fillcolor="rgba(255,255,255,0.85)", line_width=0, **corner)
    end, tick = -inset - length, inset + size * 0.5
    for x0, x1, y0, y1 in ((end, -inset, inset, inset), (end, end, inset, tick), (-inset, -inset, inset, tick)):
        figure.add_shape(type="line", x0=x0, x1=x1, y0=y0, y1=y1, line={"color": style.TEXT, "width": max(1, size / 8)},
                         **corner)
    figure.add_annotation(text=f"{format_number(bar.km)} km", xref="paper", yref="paper", x=bar.right, y=bar.bottom,
                          xshift=-inset, yshift=tick, xanchor="right", yanchor="bottom", showarrow=False,
                          font={"size": size, "color": style.TEXT})


def _legend_trace(drawn: style.MapClass, label: str) -> go.Scattergeo:
    """A legend entry with no data: the class's swatch (a square for areas and outlines) and its label as laid out."""
    if drawn.kind == "marker":
        marker = {"symbol": drawn.symbol, "size": drawn.width, "color": drawn.fill, "line": {"color": drawn.line, "width": 1}}
    else:
        marker = {"symbol": "square", "size": 12, "color": drawn.fill,
                  "line": {"color": drawn.line, "width": max(drawn.width, 1)}}
    return go.Scattergeo(lon=[None], lat=[None], mode="markers", marker=marker, name=label, hoverinfo="skip",
                         showlegend=True)


def snapshot_frame(atlas: Atlas, state: ViewState, today: dt.date, permalink: str, width: int,
                   height: int) -> tuple[Frame, list[style.MapClass]]:
    """The layout of a snapshot at a size (see :mod:`karabakh_map.reports.layout`), and its legend's classes.

    The legend lists the classes the map draws (:func:`~karabakh_map.figures.legend.legend_classes`)
    for the map box's shape, which depends on the legend's size: laid out twice when they differ.

    Raises
    ------
    TooSmall
        When the size leaves no room for the map.
    """
    header, footer = title(atlas, state, today), footer_paragraphs(atlas, state, permalink)
    classes = legend_classes(atlas, state, today)
    frame = lay_out(width, height, header, footer, [drawn.label for drawn in classes])
    fitted = legend_classes(atlas, state, today, frame.map_width / frame.map_height)
    if fitted != classes:
        frame = lay_out(width, height, header, footer, [drawn.label for drawn in fitted])
    return frame, fitted


def snapshot_figure(atlas: Atlas, state: ViewState, today: dt.date, permalink: str, width: int = 1600,
                    height: int = 1000) -> go.Figure:
    """The map of a view as a finished, standalone figure laid out for ``width`` × ``height`` CSS px.

    Title above the map and sources below it, each wrapped to the width; the legend beside the
    map on a wide canvas, below it on a narrow one; the map framed for its box, a locator inset
    of the South Caucasus in its top right corner and a km scale bar in its lower right corner.

    Raises
    ------
    TooSmall
        When the size leaves no room for the map (the message gives the smallest that works).
    """
    frame, classes = snapshot_frame(atlas, state, today, permalink, width, height)
    aspect = frame.map_width / frame.map_height
    geojson = inline_geojson(atlas)
    view = view_for(atlas, state, aspect)
    bar = scale_bar(view, frame)
    figure = map_figure(atlas, state, geojson, today, aspect, frame.map_width,
                        covered=[bar.box(frame.map_width, frame.map_height)])
    add_locator_inset(figure, atlas, view, geojson("countries", "overview"), aspect)
    figure.add_traces([_legend_trace(drawn, label) for drawn, label in zip(classes, frame.legend_labels, strict=True)])
    pad = frame.margin["l"]
    legend = (
        {"x": 1, "xanchor": "left", "y": 1, "yanchor": "top", "xref": "paper", "yref": "paper"}
        if frame.legend_beside
        else {"x": 0, "xanchor": "left", "y": 0, "yanchor": "top", "xref": "paper", "yref": "paper",
              "orientation": "h", "entrywidthmode": "fraction", "entrywidth": 1 / frame.legend_columns}
    )
    figure.update_layout(
        width=width,
        height=height,
        margin={**frame.margin, "autoexpand": False},
        showlegend=True,
        legend={"orientation": "v", **legend, "bgcolor": "rgba(255,255,255,0)", "font": {"size": frame.legend_size},
                "itemsizing": "constant"},
        meta={"alt": alt_text(atlas, state, today)},
    )
    # An annotation rather than layout.title: plotly anchors a wrapped title by its first line.
    figure.add_annotation(
        text="<br>".join(frame.title_lines), xref="paper", yref="paper", x=0, y=1, yshift=pad / 2,
        xanchor="left", yanchor="bottom", align="left", showarrow=False,
        font={"size": frame.title_size, "color": style.TEXT},
    )
    below_legend = 0 if frame.legend_beside else frame.legend_height
    figure.add_annotation(
        text="<br>".join(frame.footer_lines),
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-(pad / 2 + below_legend),
        xanchor="left",
        yanchor="top",
        align="left",
        showarrow=False,
        font={"size": frame.footer_size, "color": style.TEXT},
    )
    _add_scale_bar(figure, bar)
    return figure

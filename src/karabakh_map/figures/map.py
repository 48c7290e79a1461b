"""The map: Plotly geo traces, one per layer, least specific first.

Geo traces (not tile maps) draw offline and export to true vector SVG and PDF.
Inside one choropleth trace hover and click go to the first feature containing the
point, so overlapping layers each get their own trace and the most specific is drawn
last.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import plotly.graph_objects as go
import shapely

from karabakh_map.data.atlas import Atlas
from karabakh_map.data.layers import LAYERS
from karabakh_map.figures import style
from karabakh_map.figures.frame import DEFAULT_VIEW
from karabakh_map.figures.label_placement import label_box, place_labels, to_pixels
from karabakh_map.model.areas import true_size_outline
from karabakh_map.model.periods import HISTORY_OUTLINE, events_near, features_on, shown_dated_layers, valid_layers
from karabakh_map.model.view_state import ViewState

# Where a trace finds its GeoJSON: a URL the browser fetches and caches, or the
# parsed GeoJSON inline (for exports that must stand alone).
GeoJSONSource = Callable[[str], "str | dict"]
# The selection outline and the true-size outline are always in the figure, empty without a
# selection and in the same place, so a new selection changes these two traces only.
SELECTION_UID = "selection"
TRUE_SIZE_UID = "true-size"


def _hover(title: str) -> str:
    return "<b>%{text}</b><br>" + title.replace("%", "%%") + "<extra></extra>"


def _countries_trace(atlas: Atlas, geojson: str | dict, names: str) -> go.Choropleth:
    countries = atlas.layers["countries"]
    ids = list(countries["id"])
    # z picks the fill: 0 neighbours, 1 Armenia, 2 Azerbaijan.
    z = [1 if i == "armenia" else 2 if i == "azerbaijan" else 0 for i in ids]
    return go.Choropleth(
        name="Countries",
        geojson=geojson,
        featureidkey="properties.id",
        locations=ids,
        z=z,
        zmin=0,
        zmax=2,
        colorscale=[
            [0.0, style.NEIGHBOUR_FILL],
            [0.5, style.COUNTRY_FILL["armenia"]],
            [1.0, style.COUNTRY_FILL["azerbaijan"]],
        ],
        showscale=False,
        marker_line_color=style.COUNTRY_LINE,
        marker_line_width=1.0,
        text=list(countries[f"label_{names}"]),
        hovertemplate=_hover("Country (Turkey, Iran and Russia clipped to the region)"),
        showlegend=False,
    )


def _layer_trace(
    atlas: Atlas, name: str, title: str, geojson: str | dict, names: str, outline_only: bool = False, on=None
) -> go.Choropleth:
    """A layer's polygons; given ``on``, only the features valid that day (a dated layer in force)."""
    frame = atlas.layers[name] if on is None else features_on(atlas, name, on)
    fill, line, width = style.LAYER_STYLE[name]
    if outline_only:
        fill, title = "rgba(0,0,0,0)", f"{title} (history)"
    return go.Choropleth(
        name=title,
        geojson=geojson,
        featureidkey="properties.id",
        locations=list(frame["id"]),
        z=[0] * len(frame),
        colorscale=[[0, fill], [1, fill]],
        showscale=False,
        marker_line_color=line,
        marker_line_width=width,
        text=list(frame[f"label_{names}"]),
        hovertemplate=_hover(title),
        showlegend=True,
    )


def _country_names_trace(atlas: Atlas) -> go.Scattergeo:
    countries = atlas.layers["countries"]
    return go.Scattergeo(
        name="Country names",
        lon=list(countries["label_lon"]),
        lat=list(countries["label_lat"]),
        mode="text",
        text=[name.upper() for name in countries["name_en"]],
        textfont={"size": style.COUNTRY_FONT_PX, "color": style.COUNTRY_LABEL},
        hoverinfo="skip",
        showlegend=False,
    )


def _towns_trace(atlas: Atlas, names: str) -> go.Scattergeo:
    towns = atlas.layers["towns"]
    texts = list(towns[f"label_{names}"])
    points = [to_pixels(p.x, p.y, DEFAULT_VIEW) for p in towns.geometry]
    # Capitals first, then the larger towns.
    priority = [0 if capital else 1 for capital in towns["capital"]]
    order = sorted(range(len(towns)), key=lambda i: (priority[i], -(towns["population"].iloc[i] or 0)))
    rank = {index: position for position, index in enumerate(order)}
    countries = atlas.layers["countries"]
    country_names = [
        label_box(to_pixels(lon, lat, DEFAULT_VIEW), name.upper(), "middle center", style.COUNTRY_FONT_PX)
        for lon, lat, name in zip(countries["label_lon"], countries["label_lat"], countries["name_en"], strict=True)
    ]
    positions = place_labels(
        points,
        texts,
        [rank[i] for i in range(len(towns))],
        style.TOWN_FONT_PX,
        style.CAPITAL_MARKER_PX,
        obstacles=country_names,
    )
    return go.Scattergeo(
        name="Towns",
        lon=[p.x for p in towns.geometry],
        lat=[p.y for p in towns.geometry],
        mode="markers+text",
        text=[text if position else "" for text, position in zip(texts, positions, strict=True)],
        textposition=[position or "top center" for position in positions],
        textfont={"size": style.TOWN_FONT_PX, "color": style.TEXT},
        marker={
            "size": [style.CAPITAL_MARKER_PX if c else style.TOWN_MARKER_PX for c in towns["capital"]],
            "color": style.TOWN_MARKER,
            "symbol": ["square" if c else "circle" for c in towns["capital"]],
        },
        # Clicks report customdata: the town's id.
        customdata=list(towns["id"]),
        hovertext=texts,
        hovertemplate="<b>%{hovertext}</b><br>Town<extra></extra>",
        showlegend=False,
    )


def _outline_coordinates(geometry) -> tuple[list, list]:
    """Longitudes and latitudes of every ring, rings separated by None (a break in the line).

    Rounded to 0.0001° (about 10 m, far below a pixel): full floats would double what is sent.
    """
    lons, lats = [], []
    polygons = geometry.geoms if geometry.geom_type == "MultiPolygon" else [geometry]
    for polygon in polygons:
        for ring in [polygon.exterior, *polygon.interiors]:
            xs, ys = ring.xy
            lons += [*(round(x, 4) for x in xs), None]
            lats += [*(round(y, 4) for y in ys), None]
    return lons, lats


def _selection_trace(atlas: Atlas, region: str) -> go.Scattergeo:
    """The selected region's outline, or a ring round a selected town.

    Drawn as lines that skip hover, so clicks pass through to the regions beneath.
    """
    layer = atlas.layer_of(region)
    if layer == "towns":
        point = atlas.layers["towns"].loc[region].geometry
        return go.Scattergeo(
            uid=SELECTION_UID,
            name="Selected",
            lon=[point.x],
            lat=[point.y],
            mode="markers",
            marker={"size": 18, "color": "rgba(0,0,0,0)", "line": {"width": 3, "color": style.SELECTION}},
            hoverinfo="skip",
            showlegend=False,
        )
    lons, lats = _outline_coordinates(atlas.draw_geometry[layer].loc[region])
    return go.Scattergeo(
        uid=SELECTION_UID,
        name="Selected",
        lon=lons,
        lat=lats,
        mode="lines",
        line={"width": 3, "color": style.SELECTION},
        hoverinfo="skip",
        showlegend=False,
    )


def _true_size_trace(atlas: Atlas, state: ViewState) -> go.Scattergeo:
    """The chosen place's outline moved onto the selected region, at true size and shape."""
    moved = shapely.simplify(true_size_outline(atlas, state.compare, state.region), DEFAULT_VIEW.degrees_per_pixel / 2)
    lons, lats = _outline_coordinates(moved)
    return go.Scattergeo(
        uid=TRUE_SIZE_UID,
        name=f"{atlas.label(state.compare, state.names)} at true size",
        lon=lons,
        lat=lats,
        mode="lines",
        line={"width": 2, "color": style.COMPARE_OUTLINE, "dash": "dash"},
        hoverinfo="skip",
        showlegend=True,
    )


def overlay_traces(atlas: Atlas, state: ViewState) -> list[go.Scattergeo]:
    """The selected region's outline and the comparison place moved onto it; empty without a selection."""
    if state.region is None:
        return [
            go.Scattergeo(uid=uid, lon=[], lat=[], mode="lines", hoverinfo="skip", showlegend=False)
            for uid in (SELECTION_UID, TRUE_SIZE_UID)
        ]
    return [_selection_trace(atlas, state.region), _true_size_trace(atlas, state)]


def _events_trace(atlas: Atlas, on: dt.date, today: dt.date) -> go.Scattergeo:
    events = events_near(atlas, on, today)
    return go.Scattergeo(
        name="Events in this period",
        lon=[float(x) for x in events["lon"]],
        lat=[float(y) for y in events["lat"]],
        mode="markers",
        marker={"size": 11, "symbol": "diamond", "color": style.EVENT_MARKER, "line": {"width": 1, "color": "white"}},
        # Clicks report customdata: "event:<id>".
        customdata=[f"event:{i}" for i in events.index],
        hovertext=[f"{row['date']}: {row['event'][:90]}{'…' if len(row['event']) > 90 else ''}" for _, row in events.iterrows()],
        hovertemplate="%{hovertext}<extra></extra>",
        showlegend=True,
    )


def map_figure(atlas: Atlas, state: ViewState, geojson_for: GeoJSONSource, today: dt.date) -> go.Figure:
    """The map for a view state.

    Parameters
    ----------
    atlas : Atlas
        The loaded geodata.
    state : ViewState
        What to show.
    geojson_for : callable
        Layer name → the GeoJSON for its trace: a URL (the dashboard, so browsers
        cache it) or the parsed GeoJSON (standalone exports).
    today : date
        What "today" is (the view's date when it has none), so the figure stays a pure function.
    """
    on = state.on(today)
    dated = shown_dated_layers(atlas, on)
    traces = []
    for layer in LAYERS:
        if layer.draw_path is None:
            continue
        shown = layer.name in dated if layer.dated else layer.name in state.layers
        if layer.name == HISTORY_OUTLINE:
            shown = shown and layer.name in state.layers
        if not shown:
            continue
        if layer.name == "countries":
            traces.append(_countries_trace(atlas, geojson_for(layer.name), state.names))
        else:
            in_force = layer.dated and layer.name in valid_layers(atlas, on)
            outline_only = layer.name == HISTORY_OUTLINE and not in_force
            traces.append(
                _layer_trace(
                    atlas, layer.name, layer.title, geojson_for(layer.name), state.names, outline_only,
                    on if in_force else None,
                )
            )
    traces.extend(overlay_traces(atlas, state))
    if "countries" in state.layers:
        traces.append(_country_names_trace(atlas))
    if "towns" in state.layers:
        traces.append(_towns_trace(atlas, state.names))
    traces.append(_events_trace(atlas, on, today))

    figure = go.Figure(traces)
    lon0, _ = DEFAULT_VIEW.center
    figure.update_geos(
        scope="asia",
        resolution=50,
        # Equal-area, so that sizes compare truthfully; standard parallels frame the region.
        # minscale: zoom out to twice the default view at most, the extent of the base map.
        projection={
            "type": "conic equal area",
            "parallels": [38.5, 41.5],
            "rotation": {"lon": lon0},
            "minscale": 0.5,
        },
        lonaxis_range=list(DEFAULT_VIEW.lon_range),
        lataxis_range=list(DEFAULT_VIEW.lat_range),
        showland=True,
        landcolor=style.LAND_OUTSIDE,
        showocean=False,  # water is the background colour
        showlakes=True,
        lakecolor=style.WATER,
        showcountries=False,
        showcoastlines=False,
        showframe=False,
        bgcolor=style.WATER,
    )
    figure.update_layout(
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        paper_bgcolor="white",
        font={"family": style.FONT_FAMILY, "color": style.TEXT},
        legend={
            "x": 0.01,
            "y": 0.01,
            "xanchor": "left",
            "yanchor": "bottom",
            "bgcolor": "rgba(255,255,255,0.85)",
            "font": {"size": 11},
        },
        hoverlabel={"font": {"family": style.FONT_FAMILY}},
        dragmode="pan",
        uirevision="map",
    )
    return figure

"""The map's legend as page components: one entry per class the map draws, its swatch in the class's colours."""

from __future__ import annotations

from dash import html

from karabakh_map.figures.style import MapClass


def swatch_style(drawn: MapClass) -> dict[str, str]:
    """CSS for a class's swatch: the fill and outline the map draws it with (a marker's shape by class)."""
    if drawn.kind == "marker":
        return {"backgroundColor": drawn.fill, "borderColor": drawn.line}
    return {"backgroundColor": drawn.fill, "borderColor": drawn.line, "borderWidth": f"{max(drawn.width, 1):g}px"}


def legend_items(classes: list[MapClass]) -> list[html.Li]:
    """The legend's entries, for ``html.Ul(className="map-legend")``."""
    return [
        html.Li(
            className=f"legend-entry legend-{drawn.kind}",
            **{"data-class": drawn.key},
            children=[
                html.Span(className=f"legend-swatch swatch-{drawn.kind} swatch-{drawn.symbol or 'box'}",
                          style=swatch_style(drawn), **{"aria-hidden": "true"}),
                html.Span(drawn.label, className="legend-label"),
            ],
        )
        for drawn in classes
    ]

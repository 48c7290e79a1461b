"""Colours and strokes of the map: Paul Tol's colour-blind-safe 'light' and 'muted' schemes."""

from __future__ import annotations

WATER = "#DCEBF5"
LAND_OUTSIDE = "#F4F4F1"  # land beyond the drawn countries (base map)
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', sans-serif"
TEXT = "#222222"

COUNTRY_FILL = {"armenia": "#EEDD88", "azerbaijan": "#99DDFF"}  # Tol light: yellow, cyan
NEIGHBOUR_FILL = "#E6E6E2"
COUNTRY_LINE = "#6B6B6B"


def rgba(hex_colour: str, alpha: float) -> str:
    """A ``#rrggbb`` colour with an opacity, as CSS ``rgba()``.

    Examples
    --------
    >>> rgba("#ff8000", 0.5)
    'rgba(255,128,0,0.5)'
    """
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


# Per layer: fill, outline colour, outline width. Fills are translucent so that the
# layers underneath stay readable; outlines carry the shape.
LAYER_STYLE: dict[str, tuple[str, str, float]] = {
    "provinces": ("rgba(0,0,0,0)", "#8C8C8C", 0.5),
    "held_1994_2020": (rgba("#CC6677", 0.30), "#882255", 1.2),  # Tol muted rose / wine
    "held_2020_war": (rgba("#CC6677", 0.22), "#882255", 0.9),  # the 1994–2020 colours, lighter: approximate
    "held_1992_1994": (rgba("#CC6677", 0.22), "#882255", 0.9),  # as the 2020 war's: approximate
    "held_2020_handover": (rgba("#CC6677", 0.30), "#882255", 0.9),  # the 1994–2020 colours: the same hold, by district
    "nakhchivan": (COUNTRY_FILL["azerbaijan"], "#3D7A99", 1.2),
    "districts": (rgba("#44AA99", 0.18), "#2B7A6E", 0.8),  # Tol muted teal
    "nkao": (rgba("#EE8866", 0.45), "#AA4422", 1.6),  # Tol light orange
    "held_2020_2023": (rgba("#AA4499", 0.35), "#6E2C63", 1.4),  # Tol muted purple
    "lachin_corridor": (rgba("#DDCC77", 0.80), "#8A7A2A", 1.2),  # Tol muted sand
}
COUNTRY_LABEL = "#6E6E6E"
SELECTION = "#111111"
COUNTRY_FONT_PX = 13
TOWN_MARKER = "#222222"
CAPITAL_MARKER_PX = 8
TOWN_MARKER_PX = 6
TOWN_FONT_PX = 11

# Ethnic groups keep one colour in every chart (Okabe–Ito, colour-blind safe).
GROUP_COLOURS = {
    "Armenians": "#E69F00",
    "Azerbaijanis": "#0072B2",
    "Russians": "#009E73",
    "Yazidis": "#CC79A7",
    "Kurds": "#D55E00",
    "Lezgins": "#56B4E9",
    "Talysh": "#F0E442",
}
OTHER_GROUP_COLOUR = "#BBBBBB"
UNKNOWN_GROUP_COLOUR = "#E4E4E4"

# Area comparisons
COMPARE_OUTLINE = "#CC3311"  # Tol vibrant red: the moved outline of the chosen place
CONFLICT_BAR = "#EE8866"
PLACE_BAR = "#BBBBBB"
EVENT_MARKER = "#EE3377"  # Tol vibrant magenta: dated events

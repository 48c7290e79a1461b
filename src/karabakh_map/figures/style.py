"""Colours and strokes of the map and its legend: Paul Tol's colour-blind-safe schemes.

The map and the legend draw each class from one :class:`MapClass`, so a swatch is the
colour on the map. Reports (the export figure) take the same classes.
"""

from __future__ import annotations

from dataclasses import dataclass

WATER = "#DCEFF9"
LAND_OUTSIDE = "#F4F4F1"  # land beyond the drawn countries (base map)
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', sans-serif"
TEXT = "#222222"
TRANSPARENT = "rgba(0,0,0,0)"


def rgba(hex_colour: str, alpha: float) -> str:
    """A ``#rrggbb`` colour with an opacity, as CSS ``rgba()``.

    Examples
    --------
    >>> rgba("#ff8000", 0.5)
    'rgba(255,128,0,0.5)'
    """
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


@dataclass(frozen=True)
class MapClass:
    """One kind of thing on the map, with the look the map and its legend share.

    Attributes
    ----------
    key : str
        Stable id (the legend entry's, and a test's handle).
    label : str
        What the legend says.
    kind : str
        ``area`` (filled), ``outline`` (a boundary, no fill), ``marker`` (a point symbol).
    fill : str
        Fill colour; opaque for areas, so that the legend swatch is the colour on the map.
    line : str
        Outline or marker-border colour.
    width : float
        Outline width in px (a marker's size for markers).
    symbol : str
        Marker symbol (markers only).
    """

    key: str
    label: str
    kind: str
    fill: str
    line: str
    width: float
    symbol: str = ""


COUNTRY_LINE = "#6B6B6B"
# Fills are opaque (a translucent fill's colour depends on what lies beneath, so no
# swatch could match it) and chosen so that classes that can touch stay apart under
# simulated deuteranopia, protanopia and tritanopia (tests/unit/test_colours.py).
NEIGHBOURS = MapClass("neighbours", "Neighbouring countries (clipped)", "area", "#D9D9D4", COUNTRY_LINE, 1.0)
ARMENIA = MapClass("armenia", "Armenia", "area", "#EEDD88", COUNTRY_LINE, 1.0)  # Tol light yellow
AZERBAIJAN = MapClass("azerbaijan", "Azerbaijan (with Nakhchivan)", "area", "#99DDFF", COUNTRY_LINE, 1.0)  # Tol cyan
# Both held areas mean the same (NKR/Artsakh control, de facto) and are never shown together.
HELD_FILL, HELD_LINE = "#EE8866", "#A04A2A"  # Tol light orange
HELD_1994_2020 = MapClass("held_1994_2020", "Held by the NKR/Artsakh, 1994–2020", "area", HELD_FILL, HELD_LINE, 1.2)
# The front moved daily during the 2020 war: an approximate area, in the same colour.
HELD_2020_WAR = MapClass("held_2020_war", "Held by the NKR/Artsakh during the 2020 war (approximate)", "area",
                         HELD_FILL, HELD_LINE, 0.9)
# Districts taken before the 1994 line, and those held until handed back in Nov–Dec 2020: the same hold.
HELD_1992_1994 = MapClass("held_1992_1994", "Districts held by the NKR/Artsakh from their capture, 1992–1994 "
                          "(approximate)", "area", HELD_FILL, HELD_LINE, 0.9)
# The former oblast while the front moved through it (1991–1994): neither side's colour, lest it read as
# Azerbaijan's inside districts drawn as held. A neutral grey, apart from both and from the neighbours' paler one.
CONTESTED = MapClass("contested_1991_1994", "Former NKAO, contested in the war, 1991–1994 (the front inside it not "
                     "drawn)", "area", "#BBBBBB", "#7A7A7A", 0.9)
HELD_2020_HANDOVER = MapClass("held_2020_handover", "Held by the NKR/Artsakh until handed back, Nov–Dec 2020", "area",
                              HELD_FILL, HELD_LINE, 0.9)
# Natural Earth's line, with Shusha cut out by a sketched box (build.fixes.SHUSHA_CUT): approximate there.
HELD_2020_2023 = MapClass("held_2020_2023", "Held by the NKR/Artsakh, 2020–2023 (approximate near Shusha)", "area",
                          HELD_FILL, HELD_LINE, 1.2)
# Under Russian peacekeepers: never Armenia's colour.
CORRIDOR = MapClass(
    # Its label is the feature's, with the months it is drawn (see legend.legend_classes).
    "lachin_corridor", "Lachin corridor (Russian peacekeepers; its later route not drawn)", "area",
    "#9999CC", "#55558A", 1.0,
)
NKAO = MapClass("nkao", "Soviet-era NKAO, 1923–1991 (outline)", "outline", TRANSPARENT, "#7A2E00", 2.2)
DISTRICTS = MapClass("districts", "The seven districts around the NKAO (outline)", "outline", TRANSPARENT,
                     "#336699", 1.2)
PROVINCES = MapClass("provinces", "Provinces and rayons (outline)", "outline", TRANSPARENT, "#8C8C8C", 0.5)
TOWNS = MapClass("towns", "Town (■ capital)", "marker", "#222222", "#FFFFFF", 6, "circle")
EVENTS = MapClass("events", "Event in this period", "marker", "#EE3377", "#FFFFFF", 11, "diamond")  # Tol magenta
# The selected region's outline, drawn over every layer.
SELECTED = MapClass("selection", "Selected region (outline)", "outline", TRANSPARENT, "#111111", 3.0)
# A translucent fill with a solid outline: the shape reads, the map beneath stays legible.
COMPARE = MapClass("compare", "Compared place at true size", "area", rgba("#004488", 0.18), "#004488", 2.0)
CLASSES: tuple[MapClass, ...] = (NEIGHBOURS, ARMENIA, AZERBAIJAN, CONTESTED, HELD_1992_1994, HELD_1994_2020, HELD_2020_WAR,
                                 HELD_2020_HANDOVER, HELD_2020_2023, CORRIDOR, NKAO,
                                 DISTRICTS, PROVINCES, TOWNS, EVENTS, SELECTED, COMPARE)
# The class each polygon layer is drawn in (the countries trace has three, by country).
LAYER_CLASS: dict[str, MapClass] = {
    "provinces": PROVINCES,
    "held_1994_2020": HELD_1994_2020,
    "held_2020_war": HELD_2020_WAR,
    "held_1992_1994": HELD_1992_1994,
    "held_2020_handover": HELD_2020_HANDOVER,
    "contested_1991_1994": CONTESTED,
    "nakhchivan": AZERBAIJAN,
    "districts": DISTRICTS,
    "nkao": NKAO,
    "held_2020_2023": HELD_2020_2023,
    "lachin_corridor": CORRIDOR,
}
COUNTRY_CLASS: dict[str, MapClass] = {"armenia": ARMENIA, "azerbaijan": AZERBAIJAN}  # others: NEIGHBOURS
# Classes that can lie side by side on some date, or one drawn over the other: each pair
# must differ by ΔE ≥ 10 (CAM02-UCS) under every simulated colour-vision deficiency.
TOUCHING: tuple[tuple[str, str], ...] = (
    ("neighbours", "armenia"), ("neighbours", "azerbaijan"), ("armenia", "azerbaijan"),
    ("held_1994_2020", "armenia"), ("held_1994_2020", "azerbaijan"),
    ("held_2020_war", "azerbaijan"), ("held_2020_war", "armenia"), ("nkao", "held_2020_war"),
    ("districts", "held_2020_war"), ("events", "held_2020_war"),
    ("held_2020_2023", "azerbaijan"), ("lachin_corridor", "armenia"), ("lachin_corridor", "azerbaijan"),
    ("lachin_corridor", "held_2020_2023"),
    ("nkao", "azerbaijan"), ("nkao", "held_1994_2020"), ("nkao", "held_2020_2023"), ("nkao", "districts"),
    ("districts", "azerbaijan"), ("districts", "armenia"), ("districts", "held_1994_2020"),
    ("events", "azerbaijan"), ("events", "armenia"), ("events", "held_1994_2020"), ("events", "held_2020_2023"),
    ("events", "lachin_corridor"), ("events", "nkao"), ("events", "districts"),
    ("compare", "azerbaijan"), ("compare", "armenia"), ("compare", "held_1994_2020"), ("compare", "districts"),
    ("compare", "nkao"), ("compare", "events"),
    ("held_1992_1994", "azerbaijan"), ("held_1992_1994", "armenia"), ("nkao", "held_1992_1994"),
    ("districts", "held_1992_1994"), ("events", "held_1992_1994"),
    ("held_2020_handover", "azerbaijan"), ("held_2020_handover", "armenia"), ("nkao", "held_2020_handover"),
    ("districts", "held_2020_handover"), ("events", "held_2020_handover"), ("lachin_corridor", "held_2020_handover"),
    ("contested_1991_1994", "azerbaijan"), ("contested_1991_1994", "held_1992_1994"), ("nkao", "contested_1991_1994"),
    ("districts", "contested_1991_1994"), ("events", "contested_1991_1994"), ("compare", "contested_1991_1994"),
)
COUNTRY_LABEL = "#5E5E5E"
SELECTION = SELECTED.line  # also the ring round a selected town, and the frame on the locator
COUNTRY_FONT_PX = 13
CAPITAL_MARKER_PX = 8
TOWN_MARKER_PX = TOWNS.width
TOWN_FONT_PX = 11
SMALLEST_FONT_PX = 9  # the least a name on the map is drawn at (Nakhchivan's among its towns, whole region)
# Plotly's textfont.shadow: a white halo keeps a label legible where a border crosses it.
HALO = "0 0 2px #FFFFFF, 0 0 2px #FFFFFF, 0 0 3px #FFFFFF"

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
COMPARE_OUTLINE = COMPARE.line  # the chosen place, on the map and in the ranking
CONFLICT_BAR = "#EE8866"
PLACE_BAR = "#BBBBBB"

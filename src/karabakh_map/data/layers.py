"""The catalogue of map layers: names, kinds and drawing order, shared by the build and the app."""

from __future__ import annotations

from dataclasses import dataclass

import shapely


@dataclass(frozen=True)
class Layer:
    """One layer of geodata/: one GeoJSON file of full geometry, and for polygons one for drawing.

    Attributes
    ----------
    name : str
        File stem and the value of every feature's ``layer`` property.
    title : str
        What a reader sees in the legend.
    geometry : str
        ``"polygon"`` or ``"point"``.
    dated : bool
        Features carry ``valid_from`` / ``valid_to`` (ISO dates, end exclusive).
    drawn : bool
        Polygons simplified for drawing are written to ``draw/``.
    held : bool
        Draws what the NKR/Artsakh held: on each date the held area on the map is the
        union of the features of these layers valid then.
    pieces : bool
        Its features are dated pieces of one area (the held area, or the contested oblast,
        date by date), built from the other layers and dated editorial rows: not regions of
        their own (left out of "Also at this place").
    """

    name: str
    title: str
    geometry: str
    dated: bool = False
    drawn: bool = True
    held: bool = False
    pieces: bool = False

    @property
    def full_path(self) -> str:
        """The full-geometry file: ``layers/<layer>.geojson``."""
        return f"layers/{self.name}.geojson"

    @property
    def draw_path(self) -> str | None:
        """The overview level's drawing file (see :data:`DETAIL_LEVELS`), or None if not drawn."""
        return self.draw_path_at(DETAIL_LEVELS[0])

    def draw_path_at(self, level: str) -> str | None:
        """The drawing file at a level of detail: ``draw/<layer>.geojson``, ``draw/fine/<layer>.geojson``."""
        if self.geometry != "polygon" or not self.drawn:
            return None
        return f"draw/{self.name}.geojson" if level == DETAIL_LEVELS[0] else f"draw/{level}/{self.name}.geojson"


# Visvalingam–Whyatt simplification (what the data build does) at a tolerance of t moves no
# part of an outline wider than about t: at 0.9 px nothing wider than a pixel moves, while
# spikes and inlets narrower than a pixel may go.
PIXEL_SHARE = 0.9


@dataclass(frozen=True)
class DrawFrame:
    """A longitude/latitude window drawn ``width_px`` pixels wide: what a level of detail is drawn for."""

    lon_range: tuple[float, float]
    lat_range: tuple[float, float]
    width_px: int

    @property
    def degrees_per_pixel(self) -> float:
        """Degrees of longitude a pixel spans."""
        return (self.lon_range[1] - self.lon_range[0]) / self.width_px

    @property
    def tolerance_deg(self) -> float:
        """How far (degrees) the level drawn for this frame may move an outline: :data:`PIXEL_SHARE` of a pixel."""
        return PIXEL_SHARE * self.degrees_per_pixel

    def extent(self, margin_share: float = 0.0) -> shapely.Polygon:
        """The window grown by ``margin_share`` of its size on every side, as a rectangle."""
        (west, east), (south, north) = self.lon_range, self.lat_range
        dx, dy = (east - west) * margin_share, (north - south) * margin_share
        return shapely.box(west - dx, south - dy, east + dx, north + dy)


# Levels of detail of the drawing files, each within a pixel of the frame it is drawn for:
# the whole region (Armenia, Azerbaijan with Nakhchivan and Baku, eastern Georgia: the
# "Whole region" frame, 800 px wide), and Nagorno-Karabakh (the NKAO, the seven
# districts, the corridor and Syunik) at the scale of the closest frame the map shows (a
# town or a small region selected: 1.31–1.35° of longitude across 750 px, 0.00175°/px; a test
# checks every selection's frame). The fine files cover that window and half its size
# around it (as far as the map zooms out from it).
DETAIL_LEVELS: tuple[str, ...] = ("overview", "fine")
OVERVIEW_DRAW_FRAME = DrawFrame((43.2, 50.6), (38.2, 42.2), 800)
FINE_FRAME = DrawFrame((45.45, 47.75), (38.78, 40.50), 1320)
FINE_EXTENT = FINE_FRAME.extent(margin_share=0.5)


def detail_level(lon_range: tuple[float, float], lat_range: tuple[float, float], width_px: float) -> str:
    """The level of detail to draw a window with when it is ``width_px`` pixels wide.

    ``fine`` when the overview would be off by more than a pixel there (its tolerance is
    wider than the window's pixel) and the fine files cover the window whole; else
    ``overview``, which is lighter to send.

    Examples
    --------
    >>> detail_level((45.45, 47.75), (38.78, 40.50), 750)  # the Karabakh frame: the overview is 2.7 px off
    'fine'
    >>> detail_level((43.2, 50.6), (38.2, 42.2), 750), detail_level((46.3, 47.1), (39.6, 40.2), 200)
    ('overview', 'fine')
    >>> detail_level((44.0, 46.0), (40.0, 42.0), 750)  # beyond the fine files (Tbilisi)
    'overview'
    """
    window = shapely.box(lon_range[0], lat_range[0], lon_range[1], lat_range[1])
    pixel_deg = (lon_range[1] - lon_range[0]) / width_px
    zoomed_in = OVERVIEW_DRAW_FRAME.tolerance_deg > pixel_deg
    return DETAIL_LEVELS[1] if zoomed_in and FINE_EXTENT.covers(window) else DETAIL_LEVELS[0]


def drawing_path(layer: str, level: str) -> str:
    """Where the server serves a layer's drawing at a level of detail, below the app's root: its path in geodata/.

    >>> drawing_path("nkao", "overview"), drawing_path("nkao", "fine")
    ('geodata/draw/nkao.geojson', 'geodata/draw/fine/nkao.geojson')
    """
    return f"geodata/{LAYERS_BY_NAME[layer].draw_path_at(level)}"


# The layer that draws the former NKAO while a war's front moved through it and no line is drawn.
CONTESTED_LAYER = "contested_1991_1994"
# Drawing order, least specific first: where layers overlap, plotly gives hover
# and click to the trace drawn last, so the most specific layer must come last.
LAYERS: tuple[Layer, ...] = (
    Layer("countries", "Countries", "polygon"),
    Layer("provinces", "Provinces and rayons", "polygon"),
    Layer("held_1994_2020", "Held by the NKR/Artsakh, 1994–2020 (de facto)", "polygon", dated=True, held=True),
    Layer(
        "held_2020_war",
        "Held by the NKR/Artsakh during the 2020 war (approximate: the front moved daily)",
        "polygon",
        dated=True,
        held=True,
        pieces=True,
    ),
    Layer(
        "held_1992_1994",
        "Districts held by the NKR/Artsakh from their capture, 1992–1994 (approximate)",
        "polygon",
        dated=True,
        held=True,
        pieces=True,
    ),
    Layer(
        "held_2020_handover",
        "Held by the NKR/Artsakh until handed back to Azerbaijan, Nov–Dec 2020",
        "polygon",
        dated=True,
        held=True,
        pieces=True,
    ),
    # Drawn below the NKAO's outline, which keeps the clicks inside the oblast.
    Layer(
        CONTESTED_LAYER,
        "Former NKAO, contested in the war, 1991–1994 (the front inside it not drawn)",
        "polygon",
        dated=True,
        pieces=True,
    ),
    Layer("nakhchivan", "Nakhchivan Autonomous Republic (Azerbaijan)", "polygon"),
    Layer("districts", "The seven districts around the NKAO", "polygon"),
    Layer("nkao", "Soviet-era NKAO, 1923–1991", "polygon", dated=True),
    Layer("held_2020_2023", "Held by the NKR/Artsakh, 2020–2023 (de facto)", "polygon", dated=True, held=True),
    Layer("lachin_corridor", "Lachin corridor, while its road ran through Lachin town", "polygon", dated=True),
    Layer("towns", "Towns", "point"),
    # Outlines are moved and simplified when compared, so only full geometry ships.
    Layer("comparison_places", "Places to compare sizes with", "polygon", drawn=False),
)

LAYERS_BY_NAME: dict[str, Layer] = {layer.name: layer for layer in LAYERS}

# Properties every feature of every layer carries.
REQUIRED_PROPERTIES: tuple[str, ...] = ("id", "name_en", "layer", "source", "licence")
# The layers whose features, valid on a date, together draw the area the NKR/Artsakh held then.
HELD_LAYERS: tuple[str, ...] = tuple(layer.name for layer in LAYERS if layer.held)

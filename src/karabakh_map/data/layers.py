"""The catalogue of map layers: names, kinds and drawing order, shared by the build and the app."""

from __future__ import annotations

from dataclasses import dataclass


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
    """

    name: str
    title: str
    geometry: str
    dated: bool = False
    drawn: bool = True

    @property
    def full_path(self) -> str:
        """The file of full geometry, relative to geodata/."""
        return f"layers/{self.name}.geojson"

    @property
    def draw_path(self) -> str | None:
        """The file simplified for drawing, relative to geodata/; None when the layer is not drawn."""
        return f"draw/{self.name}.geojson" if self.geometry == "polygon" and self.drawn else None


# Drawing order, least specific first: where layers overlap, plotly gives hover
# and click to the trace drawn last, so the most specific layer must come last.
LAYERS: tuple[Layer, ...] = (
    Layer("countries", "Countries", "polygon"),
    Layer("provinces", "Provinces and rayons", "polygon"),
    Layer("held_1994_2020", "Held by the NKR/Artsakh, 1994–2020 (de facto)", "polygon", dated=True),
    Layer(
        "held_2020_war", "Held by the NKR/Artsakh during the 2020 war (approximate: the front moved daily)", "polygon", dated=True
    ),
    Layer("nakhchivan", "Nakhchivan Autonomous Republic (Azerbaijan)", "polygon"),
    Layer("districts", "The seven districts around the NKAO", "polygon"),
    Layer("nkao", "Soviet-era NKAO, 1923–1991", "polygon", dated=True),
    Layer("held_2020_2023", "Held by the NKR/Artsakh, 2020–2023 (de facto)", "polygon", dated=True),
    Layer("lachin_corridor", "Lachin corridor, 2020–2023", "polygon", dated=True),
    Layer("towns", "Towns", "point"),
    # Outlines are moved and simplified when compared, so only full geometry ships.
    Layer("comparison_places", "Places to compare sizes with", "polygon", drawn=False),
)

LAYERS_BY_NAME: dict[str, Layer] = {layer.name: layer for layer in LAYERS}

# Properties every feature of every layer carries.
REQUIRED_PROPERTIES: tuple[str, ...] = ("id", "name_en", "layer", "source", "licence")

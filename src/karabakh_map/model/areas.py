"""How big is it: areas with their basis, the comparison sentence, rankings, true-size outlines.

Pure functions of the atlas. Every sentence is built from numbers, and says which
figure is official and which is computed from our geometry.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import shapely

from karabakh_map.data.atlas import Atlas
from karabakh_map.model.citations import Citation, parse_sources
from karabakh_map.model.formatting import format_date, format_number
from karabakh_map.model.geometry import main_part, move_true_size

# Countries of the map that are also familiar places to compare with.
COMPARE_COUNTRIES = ("armenia", "azerbaijan", "georgia")
# The place the area sentence names when the reader has chosen none (nothing is drawn then):
# "roughly the size of greater Auckland", as news stories said.
SENTENCE_PLACE = "auckland_region"
# Official areas of comparison places, by the figures.csv row that gives them.
OFFICIAL_PLACE_FIGURES = {"auckland_region": "auckland_region_area"}
SEVEN_DISTRICTS = ("kalbajar", "lachin", "qubadli", "zangilan", "jabrayil", "fuzuli", "agdam")
CONFLICT_REGIONS = ("nkao", "held_1994_2020", "held_2020_2023", "armenia", "azerbaijan", *SEVEN_DISTRICTS)
ROUGHLY_SAME = 0.1  # within 10 % reads as "roughly the size of"
# Computed by the project; the geometry's publishers are where a reader checks it, as a
# layer's ``source`` names them.
GEOMETRY_PUBLISHERS = {
    "OpenStreetMap": "https://www.openstreetmap.org/copyright",
    "geoBoundaries": "https://www.geoboundaries.org/",
    "Natural Earth": "https://www.naturalearthdata.com/",
}


# A dated piece's ``source``: how its geometry was made, then this, then the sources of its dates.
DATES_FROM = "; dates: "


def computed_area_citations(geometry_source: str) -> tuple[Citation, ...]:
    """Where a computed area comes from: one citation per publisher a geometry's source names, in its order.

    >>> [c.title for c in computed_area_citations("geoBoundaries AZE ADM2; fitted to OpenStreetMap outlines")]
    ['Computed here: geodesic area (WGS84) of geometry from geoBoundaries', 'OpenStreetMap']
    """
    named = [name for _, name in sorted((geometry_source.find(n), n) for n in GEOMETRY_PUBLISHERS if n in geometry_source)]
    titles = [f"Computed here: geodesic area (WGS84) of geometry from {named[0]}", *named[1:]] if named else []
    return tuple(Citation(title, GEOMETRY_PUBLISHERS[name]) for title, name in zip(titles, named, strict=True))


@dataclass(frozen=True)
class Area:
    """An area and where it comes from: an official figure, or our geodesic computation.

    ``before`` is set when an official figure is for borders a later change replaced, those
    the map draws (the ISO day of the change: a district before 13 Oct 1992).
    """

    km2: float
    official: bool
    citations: tuple[Citation, ...]
    before: str = ""

    @property
    def basis(self) -> str:
        """How a reader is told where the figure comes from (and, for an earlier extent, which)."""
        if not self.official:
            return "computed from our geometry"
        return f"official, before {format_date(self.before)}" if self.before else "official"


def compare_ids(atlas: Atlas) -> tuple[str, ...]:
    """Everything ``compare`` may name: the comparison places and three countries of the map."""
    return tuple(atlas.layers["comparison_places"].index) + COMPARE_COUNTRIES


def computed_area(atlas: Atlas, feature_id: str) -> Area | None:
    """The geodesic area of our geometry (None for a point)."""
    frame = atlas.layers[atlas.layer_of(feature_id)]
    if "area_km2" not in frame.columns or frame.loc[feature_id].geometry.geom_type == "Point":
        return None
    return Area(float(frame.loc[feature_id, "area_km2"]), False, computed_area_citations(frame.loc[feature_id, "source"]))


def drawn_extent_area(atlas: Atlas, feature_id: str) -> Area | None:
    """The official area of the extent a feature is drawn in, where its layer gives one (the seven districts).

    The districts are drawn in their Soviet-era borders, outside the NKAO; for Kalbajar and
    Agdam the official area of that extent is the one before 13 Oct 1992, not today's
    rayon's in the regions table.
    """
    frame = atlas.layers[atlas.layer_of(feature_id)]
    if "official_area_km2" not in frame.columns:
        return None
    feature = frame.loc[feature_id]
    return Area(
        float(feature["official_area_km2"]), True, tuple(parse_sources(feature["official_area_source"])),
        feature["official_area_before"] or "",
    )


def area_of(atlas: Atlas, feature_id: str) -> Area | None:
    """The official area of what the map draws where our data has one, else the one computed from our geometry."""
    drawn = drawn_extent_area(atlas, feature_id)
    if drawn is not None:
        return drawn
    regions = atlas.tables["regions"]
    # Positions, not a filtered frame: the ranking asks this of ~90 ids, most not in the table.
    found = np.flatnonzero(regions["id"].to_numpy() == feature_id)
    if found.size and regions["area_km2"].iat[found[0]]:
        row = regions.iloc[found[0]]
        return Area(float(row["area_km2"]), True, tuple(parse_sources(row["area_source"])))
    if feature_id in OFFICIAL_PLACE_FIGURES:
        figure = atlas.tables["figures"].set_index("id").loc[OFFICIAL_PLACE_FIGURES[feature_id]]
        citations = (Citation(figure["attributed_to"], None), *parse_sources(figure["source"]))
        return Area(float(figure["value"]), True, citations)
    return computed_area(atlas, feature_id)


def ratio_sentence(atlas: Atlas, region_id: str, place_id: str, names: str) -> str | None:
    """The comparison as a sentence, each area with its basis, or None when either has no area.

    For example: "The NKAO (4,388 km², official) is 0.89 × the size of the Auckland Region
    (4,941 km², official)."
    """
    region, place = area_of(atlas, region_id), area_of(atlas, place_id)
    if region is None or place is None:
        return None
    ratio = region.km2 / place.km2
    comparison = (
        f"roughly the size of ({ratio:.2f} ×)" if abs(ratio - 1) <= ROUGHLY_SAME else f"{ratio:.2f} × the size of"
    )
    return (
        f"{atlas.label(region_id, names)} ({format_number(round(region.km2))} km², {region.basis}) is {comparison} "
        f"{atlas.label(place_id, names)} ({format_number(round(place.km2))} km², {place.basis})."
    )


def share_of(atlas: Atlas, region_id: str, country_id: str) -> tuple[float, str] | None:
    """The region's area as a percentage of a country's, both on the same basis, and that basis."""
    region, country = area_of(atlas, region_id), area_of(atlas, country_id)
    if region is None or country is None:
        return None
    if region.official != country.official:  # never divide an official figure by a computed one
        region, country = computed_area(atlas, region_id), computed_area(atlas, country_id)
    return 100 * region.km2 / country.km2, replace(region, before="").basis


@dataclass(frozen=True)
class Ranked:
    """A row of the size ranking: the feature, its name in the view's convention, its area, whether it is a conflict region."""

    feature_id: str
    name: str
    area: Area
    conflict: bool


def ranking(atlas: Atlas, names: str) -> list[Ranked]:
    """The conflict regions and the comparison places, largest first."""
    entries = [
        Ranked(feature_id, atlas.label(feature_id, names), area_of(atlas, feature_id), feature_id in CONFLICT_REGIONS)
        for feature_id in dict.fromkeys((*CONFLICT_REGIONS, *compare_ids(atlas)))
    ]
    return sorted(entries, key=lambda entry: -entry.area.km2)


def centre_of(atlas: Atlas, feature_id: str) -> shapely.Point:
    """The centroid of a feature's main part (a country's mainland, Azerbaijan without Nakhchivan)."""
    return main_part(atlas.layers[atlas.layer_of(feature_id)].loc[feature_id].geometry).centroid


def true_size_outline(atlas: Atlas, place_id: str, at_id: str):
    """The place's full outline moved, at true size and shape, its main part centred on ``at_id``'s."""
    place = atlas.layers[atlas.layer_of(place_id)].loc[place_id].geometry
    target = centre_of(atlas, at_id)
    return move_true_size(place, target.x, target.y)

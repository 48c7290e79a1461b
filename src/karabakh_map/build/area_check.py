"""The seven districts' computed areas against their official ones for the same extent.

The map draws the seven districts as the conflict means them: the Soviet-era districts
around the NKAO, outside it. Its district source (geoBoundaries, see
:data:`karabakh_map.build.fitting.DISTRICT_SOURCE_CHOICE`) draws today's rayons, two of
which took in land of the former oblast on 13 Oct 1992, when Azerbaijan divided the
Aghdara (Mardakert) district among Kalbajar, Tartar and Agdam (:data:`AGHDARA_DIVISION`).
The build cuts the NKAO out of every rayon, so each district is checked against the
official area of the same extent (:func:`extent_official_areas`): the area before that
day where it changed (``editorial/official_areas.csv``), else today's (research
``regions.csv``): no other change of a border between the NKAO and the seven districts
is recorded. Every district must lie within :data:`DISTRICT_TOLERANCE` of it, or the
build stops.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from karabakh_map.model.formatting import format_date
from karabakh_map.paths import EDITORIAL

OFFICIAL_AREAS = EDITORIAL / "official_areas.csv"
DISTRICT_TOLERANCE = 0.08
AGHDARA_DIVIDED = "1992-10-13"
AGHDARA_DIVISION = (
    "English Wikipedia 'Mardakert District (NKAO)' (read on a mirror: abolished 13 Oct 1992, 'the western part being "
    "incorporated into Kalbajar District, the northeastern part into the Tartar District and the southeastern part "
    "into the Aghdam District') – https://wikiclassic.com/wiki/Mardakert_Rayon_(NKAO) | Esgeremektub.az, Tartar "
    "district ('Agdere district was separated between 3 districts … Tartar, Agdam and Kalbajar') – "
    "https://esgeremektub.az/en/martyrs/region?regionId=61"
)


@dataclass(frozen=True)
class OfficialArea:
    """An official area and the extent it is for.

    Attributes
    ----------
    km2 : float
        The area, km².
    before : str
        The ISO day a boundary change replaced it (``"1992-10-13"``), or ``""`` for today's rayon.
    source : str
        Its sources, ``" | "``-separated ``title – URL`` (see :mod:`karabakh_map.model.citations`).
    """

    km2: float
    before: str
    source: str

    @property
    def extent(self) -> str:
        """Which borders it is for, in words."""
        return f"before {format_date(self.before)}" if self.before else "today's rayon, unchanged"


@dataclass(frozen=True)
class DistrictArea:
    """One district's area as drawn (the rayon less the NKAO) and the official area of that extent.

    Attributes
    ----------
    drawn : float
        Geodesic area of the district as drawn, km².
    official : OfficialArea
        The official area of the same extent.
    """

    drawn: float
    official: OfficialArea


def read_official_areas() -> pd.DataFrame:
    """``editorial/official_areas.csv``: official areas the research regions table does not give."""
    return pd.read_csv(OFFICIAL_AREAS, dtype={"region_id": str, "as_of": str, "note": str, "source": str})


def extent_official_areas(regions: pd.DataFrame, before: pd.DataFrame, district_ids) -> dict[str, OfficialArea]:
    """The official area of each district within its Soviet-era borders, outside the NKAO.

    Parameters
    ----------
    regions : DataFrame
        Research ``regions.csv``: ``id``, ``area_km2`` (today's), ``area_source``.
    before : DataFrame
        :func:`read_official_areas`: a row ``as_of == "before 1992-10-13"`` gives the area before Aghdara's division.
    district_ids : iterable of str

    Examples
    --------
    >>> regions = pd.DataFrame({"id": ["kalbajar", "lachin"], "area_km2": [3054, 1835], "area_source": ["a", "b"]})
    >>> before = pd.DataFrame({"region_id": ["kalbajar"], "area_km2": [1936.0], "as_of": ["before 1992-10-13"],
    ...                        "source": ["c"]})
    >>> areas = extent_official_areas(regions, before, ["kalbajar", "lachin"])
    >>> areas["kalbajar"].km2, areas["kalbajar"].extent, areas["lachin"].km2
    (1936.0, 'before 13 Oct 1992', 1835.0)
    """
    today = regions.set_index("id")
    earlier = before[before["as_of"] == f"before {AGHDARA_DIVIDED}"].set_index("region_id")
    return {
        district: (
            OfficialArea(float(earlier.loc[district, "area_km2"]), AGHDARA_DIVIDED, earlier.loc[district, "source"])
            if district in earlier.index
            else OfficialArea(float(today.loc[district, "area_km2"]), "", today.loc[district, "area_source"])
        )
        for district in district_ids
    }


def _off(computed: float, official: float) -> float:
    return computed / official - 1


def _pct(computed: float, official: float) -> str:
    """``−9.8 %``, with a true minus sign."""
    return f"{_off(computed, official) * 100:+.1f} %".replace("-", "−")


def _against(computed: float, official: float) -> str:
    """``947 km² against 1,050 (−9.8 %)``."""
    return f"{computed:,.0f} km² against {official:,.0f} ({_pct(computed, official)})"


def check_district_areas(districts: Mapping[str, DistrictArea]) -> str:
    """Check every district's area against the official area of its extent.

    Parameters
    ----------
    districts : mapping of str to DistrictArea
        By district id.

    Returns
    -------
    str
        For the manifest: each district's area against its official figure.

    Raises
    ------
    ValueError
        When a district is outside :data:`DISTRICT_TOLERANCE`.

    Examples
    --------
    >>> today = OfficialArea(1050, "", "who")
    >>> "Jabrayil 991 km² against 1,050 (−5.6 %), today's rayon" in check_district_areas(
    ...     {"jabrayil": DistrictArea(991, today)})
    True
    >>> check_district_areas({"jabrayil": DistrictArea(947, today)})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: district areas outside 8% of the official ones for the same extent: jabrayil 947 km² against 1,050 (−9.8 %)
    """
    outside = [d for d, a in districts.items() if abs(_off(a.drawn, a.official.km2)) > DISTRICT_TOLERANCE]
    if outside:
        listed = "; ".join(f"{d} {_against(districts[d].drawn, districts[d].official.km2)}" for d in outside)
        raise ValueError(f"district areas outside {DISTRICT_TOLERANCE:.0%} of the official ones for the same extent: {listed}")
    checked = "; ".join(
        f"{d.title()} {_against(a.drawn, a.official.km2)}, {a.official.extent}" for d, a in sorted(districts.items())
    )
    return (
        f"Area check (geodesic area as drawn against the official area of the same extent, within "
        f"{DISTRICT_TOLERANCE:.0%}): {checked}. Kalbajar's and Agdam's official areas are those before "
        f"{format_date(AGHDARA_DIVIDED)}, when the Aghdara (Mardakert) district was divided among Kalbajar, Tartar and "
        f"Agdam ({AGHDARA_DIVISION})."
    )

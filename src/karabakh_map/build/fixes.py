"""Known defects in the sources and how the build corrects them.

Every correction is data here, applied by the layer builders and written to the
manifest, so a reader can see what we changed and why.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from shapely.geometry import box


@dataclass(frozen=True)
class Fix:
    """One correction the build applied to a source."""

    layer: str
    feature: str
    problem: str
    correction: str

    def as_manifest(self) -> dict[str, str]:
        """The fix as the manifest lists it."""
        return asdict(self)


# NE admin-1 ISO 3166-2 codes that are wrong or duplicated, by NE adm1_code:
# (our id, what NE has wrong). Codes checked against ISO 3166-2:AZ.
ADMIN1_ID_FIXES: dict[str, tuple[str, str]] = {
    "AZE-1735": ("AZ-LAC", "NE labels the Lachin district 'Lankaran' with Lankaran's code AZ-LAN"),
    "AZE-1707": ("AZ-LAN", "NE gives the Lankaran rayon AZ-LA, the code of Lankaran city"),
    "AZE-1727": ("AZ-SAK", "NE gives the Shaki rayon AZ-SA, the code of Shaki city"),
    "AZE-5566": ("AZ-YE", "NE gives Yevlakh city AZ-YEV, the code of the Yevlakh rayon"),
    "AZE-2422": ("AZ-NV", "NE gives Nakhchivan city AZ-NX, the code of the autonomous republic"),
    "AZE-5565": ("AZE-5565", "Shusha city has no ISO 3166-2 code (NE has 'AZ-X01~'): NE's adm1_code is used"),
}

# Names NE gets wrong or gives only in an old or transliterated form, by adm1_code:
# {column: value}. Azerbaijani names are the current official ones.
ADMIN1_NAME_FIXES: dict[str, dict[str, str]] = {
    "AZE-1735": {"name_en": "Lachin", "name_az": "Laçın", "name_ru": "Лачинский район"},
    "AZE-4838": {"name_en": "Stepanakert / Khankendi", "name_az": "Xankəndi"},
    "AZE-1680": {"name_az": "Göygöl"},  # renamed from Xanlar in 2008
    "AZE-1701": {"name_az": "Şabran"},  # renamed from Dəvəçi in 2010
    "AZE-5563": {"name_en": "Shirvan", "name_az": "Şirvan"},
    "AZE-1688": {"name_az": "Yevlax"},
    "AZE-1694": {"name_az": "Hacıqabul"},
    "AZE-5567": {"name_az": "Kəngərli"},
}

# Natural Earth's 2020 ceasefire line runs about 4.5 km south of Shusha, so its
# polygon keeps Shusha inside the area held after 10 Nov 2020, although Azerbaijani
# forces took Shusha on 8 Nov 2020. We cut out an approximate box: from south of
# NE's line up to 39.785°N, midway between Shusha (39.758°N) and Stepanakert
# (39.815°N), and from 46.71°E to 46.80°E (about 4 km either side of Shusha). The
# true line of contact is not in any open dataset we have; this box is a sketch.
SHUSHA_CUT = box(46.71, 39.70, 46.80, 39.785)
SHUSHA_CUT_DESCRIPTION = (
    "Natural Earth's 2020 line runs about 4.5 km south of Shusha, which Azerbaijani forces took on "
    "8 Nov 2020; cut out the box 46.71–46.80°E, 39.70–39.785°N (north edge midway between Shusha and "
    "Stepanakert). Approximate: no open dataset has the real 2020–2023 line of contact there."
)

# Towns shown for context beyond the research pack, by GeoNames id. Natural Earth's
# populated places would do, but its Kapan lies 0.7 km on the Azerbaijani side of
# NE's own border and is attributed to Azerbaijan: GeoNames' points are sub-km.
CONTEXT_TOWNS: dict[str, int] = {
    "tbilisi": 611717,
    "gyumri": 616635,
    "vanadzor": 616530,
    "kapan": 174875,
    "sumgayit": 584923,
    "tabriz": 113646,
    "lankaran": 147622,
    "sheki": 585170,
}
NE_KAPAN_FIX = (
    "Natural Earth populated places attributes Kapan (Armenia, Syunik) to Azerbaijan/Zangilan and places it 0.7 km "
    "outside NE's Armenia",
    "context towns, Kapan included, are taken from GeoNames records (sub-km coordinates), and every town's country "
    "is the country polygon its point lies in",
)

# Research-pack towns whose coordinates were typed by hand, not taken from a dataset.
APPROXIMATE_TOWNS: dict[str, str] = {
    "hadrut": "Coordinates typed by hand from an encyclopedia article (about 1 km); not in any fetched dataset",
    "martakert_aghdara": "Coordinates typed by hand from an encyclopedia article (about 1 km); not in any fetched dataset",
}

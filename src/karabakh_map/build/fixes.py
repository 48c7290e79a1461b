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
    "AZE-1680": {"name_az": "Göygöl"},  # renamed from Xanlar in 2008
    "AZE-1701": {"name_az": "Şabran"},  # renamed from Dəvəçi in 2010
    "AZE-5563": {"name_en": "Shirvan", "name_az": "Şirvan"},
    "AZE-1688": {"name_az": "Yevlax"},
    "AZE-1694": {"name_az": "Hacıqabul"},
    "AZE-5567": {"name_az": "Kəngərli"},
    # Our review against Azerbaijani orthography and the Russian forms of the rayon names:
    "AZE-1707": {"name_az": "Lənkəran", "name_ru": "Ленкоранский район"},  # NE: "Lankaran" (no ə)
    "AZE-5562": {"name_az": "Lənkəran"},  # the city
    "AZE-5566": {"name_az": "Yevlax"},  # NE: "Yevlakh", the English spelling
    "AZE-1736": {"name_az": "Qubadlı"},  # NE: "Qubadli" (no ı)
    "AZE-5561": {"name_ru": "Нафталан"},  # NE writes a stress mark (Нафтала́н)
    # NE swaps the Russian names of the Shusha rayon and Shusha city.
    "AZE-1737": {"name_en": "Shusha", "name_ru": "Шушинский район"},
    "AZE-5565": {"name_en": "Shusha (city)", "name_ru": "Шуша"},
    "AZE-4838": {"name_en": "Stepanakert / Khankendi", "name_az": "Xankəndi", "name_ru": "Степанакерт / Ханкенди"},
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


# Names in the research tables (and GeoNames) corrected by our review, by (layer, feature id):
# (why, {column: value}). A name column holds names in its script; where the research adds a
# note in English, the note goes in parentheses after the name it is about.
_NOTE_TO_PARENTHESES = "English note outside parentheses in an Armenian-script name; moved inside"
_TOWN_COUNTRY_NAMES = "Armenian and Azerbaijani names missing in our sources; the common exonyms (Armenian and Azerbaijani Wikipedia article titles)"
NAME_FIXES: dict[tuple[str, str], tuple[str, dict[str, str]]] = {
    ("countries", "georgia"): (_TOWN_COUNTRY_NAMES, {"name_hy": "Վրաստան (Vrastan)", "name_az": "Gürcüstan"}),
    ("countries", "iran"): (_TOWN_COUNTRY_NAMES, {"name_hy": "Իրան (Iran)", "name_az": "İran"}),
    ("countries", "russia"): (_TOWN_COUNTRY_NAMES, {"name_hy": "Ռուսաստան (Rusastan)", "name_az": "Rusiya"}),
    ("countries", "turkey"): (_TOWN_COUNTRY_NAMES, {"name_hy": "Թուրքիա (Turkia)", "name_az": "Türkiyə"}),
    ("held_1994_2020", "held_1994_2020"): (
        "English commentary in the Azerbaijani name (the Azerbaijani usage is the label_az of editorial/names.csv)",
        {"name_az": "Dağlıq Qarabağ Respublikası"},
    ),
    ("held_2020_2023", "held_2020_2023"): (
        "English commentary in the Armenian, Azerbaijani and Russian names",
        {
            "name_hy": "Արցախի Հանրապետություն (Artsakhi Hanrapetutyun)",
            "name_az": "Qarabağ iqtisadi rayonunun Rusiya sülhməramlılarının müvəqqəti yerləşdiyi hissəsi",
            "name_ru": "Зона ответственности российского миротворческого контингента",
        },
    ),
    ("lachin_corridor", "lachin_corridor"): (
        "no names in the research tables; the usual names in each language",
        {"name_hy": "Լաչինի միջանցք (Lachini mijantsk)", "name_az": "Laçın dəhlizi", "name_ru": "Лачинский коридор"},
    ),
    ("districts", "kalbajar"): (
        _NOTE_TO_PARENTHESES,
        {"name_hy": "Քարվաճառ (Karvachar); Շահումյանի շրջան (Shahumyan Province, the NKR's unit)"},
    ),
    ("districts", "lachin"): (
        _NOTE_TO_PARENTHESES,
        {"name_hy": "Բերձոր (Berdzor, the town); Քաշաթաղի շրջան (Kashatagh Province, the NKR's unit, also with Qubadli and Zangilan)"},
    ),
    ("districts", "qubadli"): (
        _NOTE_TO_PARENTHESES,
        {"name_hy": "Ղուբաթլը (Ghubatly, transliteration; part of the NKR's Kashatagh Province)"},
    ),
    ("districts", "zangilan"): (
        _NOTE_TO_PARENTHESES,
        {"name_hy": "Կովսական (Kovsakan, the town's NKR name; part of the NKR's Kashatagh Province)"},
    ),
    ("districts", "jabrayil"): (
        _NOTE_TO_PARENTHESES,
        {"name_hy": "Ջաբրաիլի շրջան (Jabraili shrjan, transliteration; the held part belonged to the NKR's Hadrut Province)"},
    ),
    ("districts", "fuzuli"): (
        _NOTE_TO_PARENTHESES,
        {"name_hy": "Վարանդա (Varanda, the town's NKR name; the held part in the NKR's Hadrut and Martuni provinces)"},
    ),
    ("districts", "agdam"): (
        _NOTE_TO_PARENTHESES,
        {"name_hy": "Ակնա (Akna, the town's NKR name; the held part in the NKR's Askeran and Martakert provinces)"},
    ),
    ("towns", "khojaly"): (_NOTE_TO_PARENTHESES, {"name_hy": "Խոջալու (Khojalu); Իվանյան (Ivanyan, the NKR's name from 2001)"}),
    ("towns", "askeran"): (_NOTE_TO_PARENTHESES, {"name_hy": "Ասկերան (Askeran); Մայրաբերդ (Mayraberd)"}),
    ("towns", "hadrut"): (
        "Ağoğlan is a monastery and a river in the Lachin district, not Hadrut; Azerbaijan calls the town Hadrut",
        {"name_az": "Hadrut"},
    ),
    ("towns", "kalbajar_karvachar"): (_NOTE_TO_PARENTHESES, {"name_hy": "Քարվաճառ (Karvachar); Քելբաջար (Kelbajar, transliteration)"}),
    ("towns", "agdam_town"): (_NOTE_TO_PARENTHESES, {"name_hy": "Աղդամ (Aghdam); Ակնա (Akna, NKR name)"}),
    ("towns", "fuzuli_town"): (_NOTE_TO_PARENTHESES, {"name_hy": "Ֆիզուլի (Fizuli); Վարանդա (Varanda, NKR name)"}),
    ("towns", "jabrayil_town"): (
        _NOTE_TO_PARENTHESES,
        {
            "name_hy": "Ջաբրաիլ (Jabrail, transliteration); Ջրական (Jrakan, traditional); "
            "Մեխակավան (Mekhakavan, NKR-era; GeoNames, official status not verified)"
        },
    ),
    ("towns", "zangilan_town"): (_NOTE_TO_PARENTHESES, {"name_hy": "Կովսական (Kovsakan, NKR name; GeoNames and Italian Wikipedia)"}),
    ("towns", "qubadli_town"): (
        _NOTE_TO_PARENTHESES,
        {
            "name_hy": "Ղուբաթլը (Ghubatly, transliteration); Սանասար (Sanasar); Քաշունիք (Kashunik) "
            "(NKR-era names in GeoNames; which was official not verified)"
        },
    ),
    ("towns", "goris"): ("English commentary in the Azerbaijani name", {"name_az": "Gorus"}),
}

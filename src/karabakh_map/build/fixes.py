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

# geoBoundaries rayons whose names differ from Natural Earth's English ones, by shapeName:
# NE adm1_code. The others match by name (and "City" to NE's municipalities).
GEOBOUNDARIES_UNIT_CODES: dict[str, str] = {
    "Qazakh District": "AZE-1684",
    "Ismailli District": "AZE-1705",
    "Siazan District": "AZE-1712",
    "Yardymli District": "AZE-1720",
    "Shaki District": "AZE-1727",
    "Shaki City": "AZE-5564",
    "Khojaly District": "AZE-1739",
    "Shusha District": "AZE-1737",
    "Shusha City": "AZE-5565",
    "Khankendi City": "AZE-4838",
    "Lachin District": "AZE-1735",
    "Lankaran District": "AZE-1707",  # two features of this name in geoBoundaries: merged
    "Lankaran City": "AZE-5562",
    "Shirvan City": "AZE-5563",
    "Yevlakh District": "AZE-1688",
    "Yevlakh City": "AZE-5566",
}

# Towns that fall just outside the rayon or city they are the seat of, in geoBoundaries'
# outlines (georeferenced from a Wikipedia map, off by up to 2 km): town id → NE adm1_code.
# The build gives the rayon the land within 300 m beyond the town's distance from it,
# taken from the rayon the town fell in (see fitting.seat_fixes). Measured after refitting:
# Stepanakert 1.8 km outside Khankendi City, Qazax 0.6 km, Shusha 0.3 km outside Shusha
# city, Zangilan 0.05 km.
SEATS_OUTSIDE_THEIR_RAYON: dict[str, str] = {
    "stepanakert_khankendi": "AZE-4838",
    "shusha_shushi": "AZE-5565",
    "zangilan_town": "AZE-1740",
    "qazax": "AZE-1684",
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

# Towns the control history keeps in the Lachin corridor (Russian peacekeepers, 10 Nov 2020 – 26 Aug
# 2022) that Natural Earth's schematic corridor leaves out: its straight-sided corridor runs about
# 1.5 km south of Lachin town, although the road it stands for ran through the town (places.csv:
# "On the Lachin corridor road between Goris and Stepanakert"). The corridor takes in the land within
# half its width of each town's point: the 10 Nov 2020 statement made it 5 km wide (research timeline,
# the row of 9 Nov 2020: "the 5-km Lachin corridor"). No open dataset we have draws the road itself.
CORRIDOR_TOWNS = ("lachin_berdzor",)
CORRIDOR_HALF_WIDTH_KM = 2.5
CORRIDOR_TOWN_DESCRIPTION = (
    "the land within {km} km (half the 5 km width of the 10 Nov 2020 statement) of the town's point added to the "
    "corridor: the road ran through the town, which the control history keeps in the corridor until 26 Aug 2022. "
    "Approximate: no open dataset we have draws the road"
)

# Where Natural Earth's NKAO line ("circa 1991", 1:10M) and geoBoundaries' rayons draw one border
# differently and villages of known Soviet-era district fall on geoBoundaries' side, the NKAO follows
# the rayon: by the NE adm1_code of the rayon outside the oblast, (the NE adm1_code of the rayon formed
# from the oblast's districts there, the evidence). The NKAO gives up what lies in the first rayon and
# takes in the parts of the second, outside Natural Earth's line, that border the first.
NKAO_RAYON_BORDERS: dict[str, tuple[str, str]] = {
    "AZE-1699": (  # Jabrayil, against Khojavend (formed 26 Nov 1991 from the NKAO's Hadrut and Martuni districts)
        "AZE-1734",
        "Sirik (39°28′29″N 46°52′19″E), in Soviet times the seat of a village council of the Jabrayil district, lies "
        "1.1 km inside Natural Earth's NKAO line and 1.3 km inside geoBoundaries' Jabrayil (Russian Wikipedia 'Сирик "
        "(село)', machine-translated copy – https://perceptiofr.com/%D0%A1%D0%B8%D1%80%D0%B8%D0%BA_(%D1%81%D0%B5%D0%BB"
        "%D0%BE)); Norashen/Günəşli (39°30′N 47°05′E, to the minute), in Soviet times a village of the NKAO's Hadrut "
        "district, lies "
        "1.6 km outside Natural Earth's NKAO line, inside geoBoundaries' Khojavend (English Wikipedia 'Günəşli, "
        "Khojavend', copy – https://kiwix.haohe.fun/content/wikipedia_en_all_maxi_2024-01/A/G%C3%BCn%C9%99%C5%9Fli"
        "%2C_Khojavend). Khojavend was formed on 26 Nov 1991 'on the basis of Martuni and Hadrut regions' (fact-info.az, "
        "'Khojavand' – https://fact-info.az/10332-khojavand.html). No village found on this border contradicts "
        "geoBoundaries' line; Jabrayil's official 1,050 km² exceeds even its whole rayon as geoBoundaries draws it.",
    ),
}

# Towns shown beyond the research pack, by GeoNames id, with their names: places readers of
# this conflict look for (border villages named in events, Syunik's and Nakhchivan's towns,
# the front-line towns of 2020, the cities of the region). Each name must be one of the
# record's GeoNames alternate names (the build checks) or have its own source in
# TOWN_NAME_SOURCES; where neither gives one we trust, the column says "not in our sources".
# GeoNames' alternate names carry no language: a name is taken for the column whose script it
# is in (Armenian, Cyrillic), and for name_az only the official name of a town in Azerbaijan in
# its alphabet (Yevlax, Qazax). For towns in Armenia the Azerbaijani-alphabet alternates
# (Əkərək, Mexri, Meğri, İcevan, Keşişkənd, Böyük Qarakilsə, Tex, Zod) may be Turkish or
# pre-Soviet names, and no source here says which is Azerbaijani usage today: left out. Sotk's
# Зод is its Soviet-era name, not today's Russian one. Natural Earth's populated places would do for
# some, but its Kapan lies 0.7 km on the Azerbaijani side of NE's own border. (Horadiz is
# left out: its event's marker is the one the browser tests click apart from any town.)
CONTEXT_TOWNS: dict[str, tuple[int, dict[str, str]]] = {
    "tbilisi": (611717, {"name_hy": "Թբիլիսի (Tbilisi)", "name_az": "Tiflis", "name_ru": "Тбилиси"}),
    "gyumri": (616635, {"name_hy": "Գյումրի (Gyumri)", "name_az": "Gümrü", "name_ru": "Гюмри"}),
    "vanadzor": (616530, {"name_hy": "Վանաձոր (Vanadzor)", "name_az": "", "name_ru": "Ванадзор"}),
    "kapan": (174875, {"name_hy": "Կապան (Kapan)", "name_az": "Qafan", "name_ru": "Капан"}),
    "sumgayit": (584923, {"name_hy": "", "name_az": "Sumqayıt", "name_ru": "Сумгаит"}),
    "tabriz": (113646, {"name_hy": "Թավրիզ (Tavriz)", "name_az": "Təbriz", "name_ru": "Тебриз"}),
    "lankaran": (147622, {"name_hy": "", "name_az": "Lənkəran", "name_ru": "Ленкорань"}),
    "sheki": (585170, {"name_hy": "", "name_az": "Şəki", "name_ru": "Шеки"}),
    "meghri": (174823, {"name_hy": "Մեղրի (Meghri)", "name_az": "", "name_ru": "Мегри"}),
    "agarak": (175008, {"name_hy": "Ագարակ (Agarak)", "name_az": "", "name_ru": "Агарак"}),
    "kornidzor": (174840, {"name_hy": "Կոռնիձոր (Kornidzor)", "name_az": "", "name_ru": "Корнидзор"}),
    "sisian": (174763, {"name_hy": "Սիսիան (Sisian)", "name_az": "", "name_ru": "Сисиан"}),
    "vardenis": (616108, {"name_hy": "Վարդենիս (Vardenis)", "name_az": "Basarkeçər", "name_ru": "Варденис"}),
    "sotk": (616041, {"name_hy": "Սոթք (Sotk)", "name_az": "", "name_ru": ""}),
    "ijevan": (616627, {"name_hy": "Իջևան (Ijevan)", "name_az": "", "name_ru": "Иджеван"}),
    "ordubad": (147368, {"name_hy": "Օրդուբադ (Ordubad)", "name_az": "Ordubad", "name_ru": "Ордубад"}),
    "julfa": (148251, {"name_hy": "Ջուղա (Jugha)", "name_az": "Culfa", "name_ru": "Джульфа"}),
    "sadarak": (147282, {"name_hy": "Սադարակ (Sadarak)", "name_az": "Sədərək", "name_ru": ""}),
    "sharur": (146858, {"name_hy": "Շարուր (Sharur)", "name_az": "Şərur", "name_ru": "Шарур"}),
    "shahbuz": (147278, {"name_hy": "", "name_az": "Şahbuz", "name_ru": "Шахбуз"}),
    "mingachevir": (585514, {"name_hy": "", "name_az": "Mingəçevir", "name_ru": "Мингечаур"}),
    "yevlakh": (584649, {"name_hy": "", "name_az": "Yevlax", "name_ru": "Евлах"}),
    "tovuz": (584821, {"name_hy": "", "name_az": "Tovuz", "name_ru": "Товуз"}),
    "qazax": (585226, {"name_hy": "", "name_az": "Qazax", "name_ru": "Газах"}),
    # Named in the timeline: Horadiz (1993 and 1994 fighting), Tegh (the Lachin road's Armenian end,
    # its Tegh–Kornidzor bypass), Yeghegnadzor (the EU mission's headquarters).
    "horadiz": (148003, {"name_hy": "Հորադիզ (Horadiz)", "name_az": "Horadiz", "name_ru": "Горадиз"}),
    "tegh": (174743, {"name_hy": "Տեղ (Tegh)", "name_az": "", "name_ru": "Тех"}),
    "yeghegnadzor": (174710, {"name_hy": "Եղեգնաձոր (Yeghegnadzor)", "name_az": "", "name_ru": "Ехегнадзор"}),
}
# A context town's name that its GeoNames record lacks, by (town, column): (name, the sources that give it).
TOWN_NAME_SOURCES: dict[tuple[str, str], tuple[str, str]] = {
    ("kornidzor", "name_ru"): (
        "Корнидзор",
        "Armeniapedia, 'Կոռնիձոր' – http://www.armeniapedia.org/wiki/%D4%BF%D5%B8%D5%BC%D5%B6%D5%AB%D5%B1%D5%B8%D6%80 | "
        "the village's site, kornidzor.am, 'Կոռնիձոր գյուղը' – http://kornidzor.am/history/1 (each lists the Russian "
        "form, Корнидзор, beside the Armenian name)",
    ),
}
NE_KAPAN_FIX = (
    "Natural Earth populated places attributes Kapan (Armenia, Syunik) to Azerbaijan/Zangilan and places it 0.7 km "
    "outside NE's Armenia",
    "context towns, Kapan included, are taken from GeoNames records (sub-km coordinates), and every town's country "
    "and province are the polygons its point lies in",
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
_TOWN_COUNTRY_NAMES = (
    "Armenian and Azerbaijani names missing in our sources; the common exonyms (Armenian and Azerbaijani Wikipedia "
    "article titles)"
)
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
        {
            "name_hy": "Բերձոր (Berdzor, the town); "
            "Քաշաթաղի շրջան (Kashatagh Province, the NKR's unit, also with Qubadli and Zangilan)"
        },
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
    ("towns", "kalbajar_karvachar"): (
        _NOTE_TO_PARENTHESES,
        {"name_hy": "Քարվաճառ (Karvachar); Քելբաջար (Kelbajar, transliteration)"},
    ),
    ("towns", "agdam_town"): (_NOTE_TO_PARENTHESES, {"name_hy": "Աղդամ (Aghdam); Ակնա (Akna, NKR name)"}),
    ("towns", "fuzuli_town"): (_NOTE_TO_PARENTHESES, {"name_hy": "Ֆիզուլի (Fizuli); Վարանդա (Varanda, NKR name)"}),
    ("towns", "jabrayil_town"): (
        _NOTE_TO_PARENTHESES,
        {
            "name_hy": "Ջաբրաիլ (Jabrail, transliteration); Ջրական (Jrakan, traditional); "
            "Մեխակավան (Mekhakavan, NKR-era, as GeoNames gives it)"
        },
    ),
    ("towns", "zangilan_town"): (
        _NOTE_TO_PARENTHESES,
        {"name_hy": "Կովսական (Kovsakan, NKR name; GeoNames and Italian Wikipedia)"},
    ),
    ("towns", "qubadli_town"): (
        _NOTE_TO_PARENTHESES,
        {
            "name_hy": "Ղուբաթլը (Ghubatly, transliteration); Սանասար (Sanasar); Քաշունիք (Kashunik) "
            "(NKR-era names, as GeoNames gives them)"
        },
    ),
    ("towns", "goris"): ("English commentary in the Azerbaijani name", {"name_az": "Gorus"}),
}

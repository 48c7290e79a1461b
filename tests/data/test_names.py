"""Names in four languages: each in the script its column claims, none unreadable, none silently empty."""

from __future__ import annotations

import json
import re

import geopandas as gpd
import pytest
import shapely

from karabakh_map.build.fixes import CONTEXT_TOWNS
from karabakh_map.build.names import NAME_COLUMNS, NOT_IN_OUR_SOURCES, check_names, is_mojibake, script_problem
from karabakh_map.data.layers import LAYERS
from paths import REPO


def _names(atlas):
    for layer in LAYERS:
        frame = atlas.layers[layer.name]
        for column in NAME_COLUMNS:
            assert column in frame.columns, f"{layer.name} has no {column}"
            for feature_id, value in frame[column].items():
                yield layer.name, feature_id, column, value


def test_every_name_column_of_every_layer_is_filled_or_says_not_in_our_sources(atlas):
    empty = [(layer, i, column) for layer, i, column, value in _names(atlas) if not isinstance(value, str) or not value.strip()]
    assert not empty


def test_no_name_in_a_wrong_script(atlas):
    wrong = [(layer, i, column, value, script_problem(column, value)) for layer, i, column, value in _names(atlas)]
    assert [w for w in wrong if w[-1] is not None] == []


@pytest.mark.parametrize(
    ("column", "name"),
    [
        ("name_ru", "ÐÑÑÐ·Ð¸Ñ"),  # Грузия, UTF-8 read as Latin-1 and stripped of control characters
        ("name_ru", "Georgia"),
        ("name_ru", "Нафтала́н"),
        ("name_hy", "Gandzak"),
        ("name_hy", "Բերձոր (Berdzor) [town]"),
        ("name_hy", "Гандзак"),
        ("name_az", "Гянджа"),
        ("name_az", "Gəncə (Гянджа)"),
        ("name_az", "Ganjaw"),
        ("name_en", "Ереван"),
        ("name_ru", ""),
    ],
)
def test_the_script_check_refuses_what_it_should(column, name):
    assert script_problem(column, name) is not None


def test_mojibake_is_named_as_such():
    text = "Грузия".encode().decode("latin-1")
    assert is_mojibake(text)
    assert script_problem("name_ru", text) == "mojibake: UTF-8 read as Latin-1"
    assert not any(is_mojibake(t) for t in ("Грузия", "Füzuli", "Şuşa", "Ստեփանակերտ", "Hawaiʻi", "Côte"))


def test_the_build_fails_on_a_name_in_the_wrong_script():
    frame = gpd.GeoDataFrame(
        {"id": ["georgia"], "layer": ["countries"], "name_en": ["Georgia"], "name_hy": [NOT_IN_OUR_SOURCES],
         "name_az": ["Gürcüstan"], "name_ru": ["Ð\x93Ñ\x80Ñ\x83Ð·Ð¸Ñ\x8f"]},
        geometry=[shapely.box(0, 0, 1, 1)],
    )
    with pytest.raises(ValueError, match=r"countries/georgia name_ru=.*mojibake"):
        check_names({"countries": frame})


def test_names_our_review_corrected(atlas):
    towns, countries = atlas.layers["towns"], atlas.layers["countries"]
    assert towns.loc["hadrut", "name_az"] == "Hadrut"  # not Ağoğlan, a monastery and river in Lachin district
    assert countries.loc["georgia", "name_ru"] == "Грузия"
    assert countries.loc[["iran", "russia", "turkey"], "name_ru"].tolist() == ["Иран", "Россия", "Турция"]
    provinces = atlas.layers["provinces"]
    assert provinces.loc["AZ-LAN", "name_az"] == "Lənkəran"
    assert provinces.loc["AZ-SUS", "name_ru"] == "Шушинский район"
    assert provinces.loc["AZE-5565", "name_ru"] == "Шуша"


def test_a_district_is_not_labelled_with_the_larger_nkr_province_named_after_it(atlas):
    """Armenian usage named Lachin 'Kashatagh (Berdzor) Province', the NKR unit that also took in Qubadli and
    Zangilan, over Lachin's own 1,835 km²."""
    for district in ("kalbajar", "lachin", "qubadli", "zangilan", "jabrayil", "fuzuli", "agdam"):
        for names in ("both", "hy", "az"):
            assert "Province" not in atlas.label(district, names), (district, names)
    assert atlas.label("lachin", "hy") == "Kashatagh (Berdzor) District"


# GeoNames names in a column's script that the towns do not take, and why (build/fixes.py, CONTEXT_TOWNS).
NOT_TAKEN = {
    ("qazax", "name_hy"): "Կողթ (Koght) is another place's name, not Qazax's",
    ("sotk", "name_ru"): "Зод is Sotk's Soviet-era name, not today's Russian one",
}
SCRIPT_OF = {"name_hy": lambda c: "\u0531" <= c <= "\u058f", "name_ru": lambda c: "\u0400" <= c <= "\u04ff"}


def test_a_town_name_is_missing_only_where_no_source_gives_one_in_its_script(atlas):
    # Kornidzor said "not in our sources" in Russian (Armeniapedia and the village's site give Корнидзор), Gyumri and
    # Vanadzor in Armenian though their GeoNames records list Գյումրի and Վանաձոր.
    geonames = json.loads((REPO / "sources/geodata/derived/geonames_cities500_caucasus.json").read_text())
    alternates = {record["geonameid"]: record["alternatenames"] for record in geonames}
    towns = atlas.layers["towns"]
    missing = []
    for town_id, (geonameid, _) in CONTEXT_TOWNS.items():
        for column, in_script in SCRIPT_OF.items():
            offered = [name for name in alternates[geonameid] if name and all(in_script(c) or c in " -" for c in name)]
            if offered and towns.loc[town_id, column] == NOT_IN_OUR_SOURCES and (town_id, column) not in NOT_TAKEN:
                missing.append((town_id, column, offered))
    assert not missing
    kornidzor = towns.loc["kornidzor"]
    assert kornidzor["name_ru"] == "Корнидзор" and kornidzor["name_hy"].startswith("Կոռնիձոր")
    fixes = [fix for entry in atlas.manifest["files"].values() for fix in entry.get("fixes", []) if fix["feature"] == "kornidzor"]
    assert any("armeniapedia.org" in fix["correction"] for fix in fixes)
    assert towns.loc["gyumri", "name_hy"].startswith("Գյումրի") and towns.loc["yevlakh", "name_az"] == "Yevlax"


def _transliterations(name_hy: str) -> list[str]:
    """The Latin forms in an Armenian name's brackets: "Ակնա (Akna, NKR name)" gives ["Akna"]."""
    return [part.split(",")[0].strip() for part in re.findall(r"\(([^()]*)\)", name_hy)]


def test_every_town_the_nkr_named_is_labelled_by_its_armenian_usage_in_each_convention(atlas):
    """Armenian usage called Khojaly, Aghdam, Fuzuli, Jabrayil, Zangilan and Qubadli as their name_hy records (the
    NKR's names, Jrakan the traditional one): the labels said Khojaly, Aghdam … in every convention."""
    towns = atlas.layers["towns"]
    recorded = {town for town, name_hy in towns["name_hy"].items() if "NKR" in name_hy}
    assert recorded == {"khojaly", "agdam_town", "fuzuli_town", "jabrayil_town", "zangilan_town", "qubadli_town"}
    for town in recorded:
        hy, az, both = (atlas.label(town, names) for names in ("hy", "az", "both"))
        assert hy in _transliterations(towns.loc[town, "name_hy"]) and hy != az, town
        assert both == f"{az} / {hy}", town
    assert [atlas.label("agdam_town", names) for names in ("both", "hy", "az")] == ["Aghdam / Akna", "Akna", "Aghdam"]


def test_a_town_labelled_differently_by_the_two_usages_shows_both_in_the_default(atlas):
    towns = atlas.layers["towns"]
    differ = towns[towns["label_hy"] != towns["label_az"]]
    assert len(differ) >= 12
    for town, row in differ.iterrows():
        assert row["label_both"] in (f"{row['label_az']} / {row['label_hy']}", f"{row['label_hy']} / {row['label_az']}"), town
        assert row["label_hy"] in _transliterations(row["name_hy"]), town

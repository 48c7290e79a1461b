"""One place lookup: ids and every name of a place, in every script and convention, resolve; the rest is refused with ids."""

from __future__ import annotations

import pytest

from karabakh_map.model.lookup import PlaceNotFound, compare_lookup, region_lookup
from karabakh_map.model.periods import covered_dates, event_ids
from karabakh_map.model.view_state import parse_query, to_query
from paths import TODAY


@pytest.fixture(scope="module")
def regions(atlas):
    return region_lookup(atlas)


@pytest.fixture(scope="module")
def places(atlas):
    return compare_lookup(atlas)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # ids, in any case
        ("nkao", "nkao"), ("AZ-SUS", "AZ-SUS"), ("az-sus", "AZ-SUS"), ("shusha_shushi", "shusha_shushi"),
        # Shusha: Azerbaijani, English (both spellings), Armenian, Russian → the town
        ("Şuşa", "shusha_shushi"), ("Shusha", "shusha_shushi"), ("Shusa", "shusha_shushi"),
        ("Shushi", "shusha_shushi"), ("Շուշի", "shusha_shushi"), ("Шуша", "shusha_shushi"), ("shusha", "shusha_shushi"),
        # "Susa" is the district's name as written in its source (Natural Earth's name_en, which the
        # build corrects to Shusha; editorial/place_names.csv): a name as written wins over Şuşa
        # without its diacritics, so it names the district, as issue 17's table says.
        ("Susa", "AZ-SUS"), ("susa", "AZ-SUS"),
        # spellings of one sound in other conventions: Jabrayil / Jabrail / Джебраил
        ("Jabrail", "jabrayil_town"), ("Джебраил", "jabrayil_town"), ("Sumgait", "sumgayit"),
        ("Nagornyy Karabakh", "nkao"),
        # Stepanakert / Khankendi in four scripts and with and without diacritics
        ("Xankəndi", "stepanakert_khankendi"), ("Xankendi", "stepanakert_khankendi"),
        ("Khankendi", "stepanakert_khankendi"), ("Ստեփանակերտ", "stepanakert_khankendi"),
        ("Степанакерт", "stepanakert_khankendi"), ("Ханкенди", "stepanakert_khankendi"),
        ("  stepanakert ", "stepanakert_khankendi"),
        # towns rather than the units named after them
        ("Laçın", "lachin_berdzor"), ("Berdzor", "lachin_berdzor"), ("Naxçıvan", "nakhchivan_city"),
        ("Nakhichevan", "nakhchivan_city"), ("Cəbrayıl", "jabrayil_town"),
        ("Xocalı", "khojaly"), ("Ходжалы", "khojaly"), ("Khojaly", "khojaly"),
        ("Ağdərə", "martakert_aghdara"), ("Мардакерт", "martakert_aghdara"), ("Terter", "tartar"),
        ("Kelbajar", "kalbajar_karvachar"), ("Քարվաճառ", "kalbajar_karvachar"),
        ("İrəvan", "yerevan"), ("Երևան", "yerevan"), ("Ереван", "yerevan"),
        # areas and countries
        ("NKAO", "nkao"), ("Lachin corridor", "lachin_corridor"), ("Azərbaycan", "azerbaijan"),
        ("Հայաստան", "armenia"), ("Kashatagh", "lachin"),
    ],
)
def test_names_in_every_script_and_convention_resolve(regions, name, expected):
    assert regions.resolve(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [("auckland", "auckland_region"), ("Auckland Region", "auckland_region"), ("Luxembourg", "luxembourg"),
     ("london", "greater_london"), ("Netherlands", "netherlands"), ("corsica", "corsica"), ("armenia", "armenia")],
)
def test_places_to_compare_resolve_by_their_everyday_names(places, name, expected):
    assert places.resolve(name) == expected


# Karabakh alone is a wider region than any outline on the map: it lists the places it could mean.
KARABAKH = {"nkao", "held_1994_2020", "held_2020_2023"}
NKR = {"held_1994_2020", "held_2020_2023"}


@pytest.mark.parametrize(
    ("name", "meant"),
    [
        # Nagorno-Karabakh is the former NKAO (editorial/terms.csv), in every script and spelling; Artsakh too
        ("Nagorno-Karabakh", "nkao"), ("Nagorno Karabakh", "nkao"), ("nagorno-karabagh", "nkao"),
        ("Dağlıq Qarabağ", "nkao"), ("Dagliq Qarabag", "nkao"), ("Нагорный Карабах", "nkao"),
        ("Nagorny Karabakh", "nkao"), ("Լեռնային Ղարաբաղ", "nkao"), ("Lernayin Gharabagh", "nkao"),
        ("Artsakh", "nkao"), ("Արցախ", "nkao"), ("Арцах", "nkao"), ("NKAO", "nkao"),
        # Karabakh alone, in every script and spelling: ambiguous, never one layer's alias
        ("Karabakh", KARABAKH), ("Karabagh", KARABAKH), ("Qarabağ", KARABAKH), ("Qarabag", KARABAKH),
        ("Garabagh", KARABAKH), ("Карабах", KARABAKH), ("Ղարաբաղ", KARABAKH),
        # the republic held two different areas: the period decides
        ("NKR", NKR), ("Nagorno-Karabakh Republic", NKR), ("Republic of Artsakh", NKR),
        # a whole name of one of them still names it
        ("Dağlıq Qarabağ Respublikası", "held_1994_2020"),
    ],
)
def test_what_a_reader_means_by_each_name_of_the_region(regions, name, meant):
    if isinstance(meant, str):
        assert regions.resolve(name) == meant
        return
    with pytest.raises(PlaceNotFound) as raised:
        regions.resolve(name)
    assert raised.value.ambiguous
    assert {place.id for place in raised.value.suggestions} == meant
    assert all(f"{place_id} (" in str(raised.value) for place_id in meant)
    if meant == KARABAKH:
        assert "wider region than any outline on this map" in str(raised.value)


# The layers whose long names hold the words readers use for the region and its neighbours.
REGION_LAYERS = ("countries", "nakhchivan", "nkao", "held_1994_2020", "held_2020_2023", "lachin_corridor", "districts")


def test_a_word_of_a_longer_name_is_a_candidate_never_the_answer(regions):
    # The kind of fault behind "Qarabağ" → one held area: a word found in one layer's long name
    # ("Qarabağ" in "Dağlıq Qarabağ Respublikası") resolved to it.
    words = {word for place_id in regions if regions[place_id].layer in REGION_LAYERS
             for name in regions[place_id].names if len(name.split()) > 1 for word in name.split()}
    tried = 0
    for word in sorted(words):
        if regions.matches(word):
            continue  # the word is a whole name or alias itself ("Lachin" of "Lachin District")
        tried += 1
        with pytest.raises(PlaceNotFound):
            regions.resolve(word)
    assert tried > 30


def test_an_ambiguous_name_lists_every_candidate_with_its_id_and_kind(places, regions):
    with pytest.raises(PlaceNotFound) as raised:
        places.resolve("hawaii")
    assert raised.value.ambiguous
    assert {place.id for place in raised.value.suggestions} == {"hawaii_island", "hawaii_state"}
    assert "hawaii_island (" in str(raised.value) and "hawaii_state (" in str(raised.value)
    with pytest.raises(PlaceNotFound) as raised:
        regions.resolve("Sus")
    # the district and the municipality of Shusha and the town: told apart by their kind
    assert "AZ-SUS (Shusha, district)" in str(raised.value)
    assert "shusha_shushi (Shusha / Shushi, town)" in str(raised.value)
    assert "AZE-5565 (Shusha (city), municipality)" in str(raised.value)


@pytest.mark.parametrize("name", ["Atlantis", "Stepanakrt", "", " ", "x" * 500, "../../etc", "\x00"])
def test_an_unknown_name_is_refused_with_the_closest_places(regions, name):
    with pytest.raises(PlaceNotFound) as raised:
        regions.resolve(name)
    assert not raised.value.ambiguous
    assert len(str(raised.value)) < 400
    if name == "Stepanakrt":
        assert "stepanakert_khankendi (Stepanakert / Khankendi, town)" in str(raised.value)


# Slips of the keyboard, each next to a name it almost is: refused, and the message offers that name.
TYPOS = [("Shushaa", "shusha_shushi"), ("Shushha", "shusha_shushi"), ("Stepanakertt", "stepanakert_khankendi"),
         ("Khojaaly", "khojaly"), ("Laachin", "lachin_berdzor"), ("Aghdamm", "agdam_town")]


@pytest.mark.parametrize(("typo", "meant"), TYPOS)
def test_a_typo_is_refused_with_the_place_it_may_mean(regions, typo, meant):
    # The kind of fault: the sound level folded doubled letters, so "Shushaa" drew Shusha unannounced.
    assert regions.matches(typo) == []
    with pytest.raises(PlaceNotFound) as raised:
        regions.resolve(typo)
    assert not raised.value.ambiguous
    assert f"{meant} (" in str(raised.value), str(raised.value)


def test_the_url_takes_a_name_and_writes_the_id(atlas, regions, places):
    dates = covered_dates(atlas, TODAY)
    state, notices = parse_query("?region=%C5%9Eu%C5%9Fa&compare=auckland", regions, places, event_ids(atlas), dates)
    assert notices == [] and (state.region, state.compare) == ("shusha_shushi", "auckland_region")
    assert to_query(state) == "?region=shusha_shushi&compare=auckland_region"
    state, notices = parse_query("?region=Sus", regions, places, event_ids(atlas), dates)
    assert state.region is None and "AZ-SUS (Shusha, district)" in notices[0] and notices[0].startswith("Ignored region")
    state, notices = parse_query("?region=Shushaa", regions, places, event_ids(atlas), dates)
    assert state.region is None and notices[0].startswith("Ignored region=“Shushaa”: no region called")
    assert "shusha_shushi (Shusha / Shushi, town)" in notices[0]


@pytest.mark.parametrize("date", ["1850-01-01", "1921-07-03", "1922-06-01", "1923-07-06", "2099-01-01"])
def test_dates_outside_the_data_are_refused_with_the_range(atlas, regions, date):
    state, notices = parse_query(f"?date={date}", regions, dates=covered_dates(atlas, TODAY))
    assert state.date is None
    assert notices == [f"Ignored date=“{date}”: the map covers 7 July 1923 to 25 November 2026. Showing today."]


def _dropdown_finds(typed: str, search: str) -> bool:
    """Dash 4's dropdown (js-search): each typed word, lower-cased, is inside some word of the option's text."""
    words = search.lower().split()
    return all(any(token in word for word in words) for token in typed.lower().split())


def test_the_dashboard_search_finds_every_name_the_details_panel_shows(regions):
    for typed, place in [("Xankəndi", "stepanakert_khankendi"), ("Ստեփանակերտ", "stepanakert_khankendi"),
                         ("Şuşa", "shusha_shushi"), ("Laçın", "lachin_berdzor"), ("Naxçıvan", "nakhchivan_city"),
                         ("Степанакерт", "stepanakert_khankendi"), ("Nakhichevan", "nakhchivan_city"),
                         ("xankendi", "stepanakert_khankendi"), ("Нагорный Карабах", "nkao"), ("Artsakh", "nkao"),
                         ("Qarabağ", "held_2020_2023"), ("Karabakh", "held_1994_2020"), ("Susa", "AZ-SUS")]:
        assert _dropdown_finds(typed, regions.search_text(place)), (typed, place)


def test_the_dashboard_search_offers_the_town_and_the_district_each_with_its_kind(atlas, regions):
    from karabakh_map.ui.router import region_options

    offered = {option["label"] for option in region_options(atlas, regions, "both")
               if _dropdown_finds("Susa", option["search"])}
    assert {"Shusha (district)", "Shusha / Shushi (town)"} <= offered, offered


def test_every_layer_has_a_kind_a_reader_understands(atlas):
    from karabakh_map.data.layers import LAYERS
    from karabakh_map.model.lookup import KIND_OF_LAYER

    assert {layer.name for layer in LAYERS} <= set(KIND_OF_LAYER)

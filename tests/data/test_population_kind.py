"""A region's population figure counts its residents, and its first source gives that number."""

from __future__ import annotations

import re

from components import text_of
from karabakh_map.ui.details import region_details
from paths import TODAY

# Words that say a count is of people displaced from a place (Azerbaijan's "nominal" district populations), not residents.
DISPLACED = re.compile(r"displaced|nominal|\bIDPs?\b|refugee", re.IGNORECASE)


def _numbers(text: str) -> set[int]:
    """The counts a source line quotes: "68,900", "465.7 thousand".

    Not another source's figure, named as such ("(Wikipedia: 459,600)"), nor a count of another kind that says
    which ("140,535 present" beside the permanent population, "28,000 in the town").
    """
    own = re.sub(r"\([^()]*:[^()]*\)|\b\d{1,3}(?:,\d{3})+ (?:present|displaced|IDPs|in the town)\b", "", text)
    thousands = {round(float(n) * 1000) for n in re.findall(r"(\d+(?:\.\d+)?) thousand", own)}
    return thousands | {int(n.replace(",", "")) for n in re.findall(r"\b\d{1,3}(?:,\d{3})+\b", own)}


def test_a_regions_population_is_its_residents_as_its_first_source_gives_them(atlas):
    checked = 0
    for region_id, row in atlas.tables["regions"].set_index("id").iterrows():
        if not row["population"]:
            continue
        first = row["population_source"].split(" | ")[0]
        assert not DISPLACED.search(first), (region_id, first)
        quoted = _numbers(first)
        assert not quoted or int(row["population"]) in quoted, (region_id, row["population"], first)
        checked += 1
    assert checked >= 10


def test_lachin_shows_its_1989_census_and_azerbaijans_displaced_count_as_such(atlas):
    # It showed "Last figure, 2009: 72,000", Azerbaijan's count of people displaced from the district.
    panel = text_of(region_details(atlas, "lachin", "both", str, frozenset(), TODAY))
    assert "Last figure, 1989 47,339" in panel and "Last figure, 2009" not in panel
    assert "Azerbaijani nominal (displaced) population 72,000" in panel

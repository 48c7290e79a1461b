"""A population figure says what has happened to the place since it was counted, and nothing else.

"Counted before: …" under a town's figure lists the changes of who held it (its own history,
or as the map draws them), the events there that killed, wounded or displaced people, and the displacement of the
regions around it while the NKR/Artsakh held it; not every event placed at the town (a
declaration, a diplomatic visit).
"""

from __future__ import annotations

import datetime as dt

from components import text_of
from karabakh_map.model.periods import changes_since, control_changes_at
from karabakh_map.ui.details import region_details


def test_shusha_is_counted_before_its_capture_not_before_a_declaration(atlas):
    since = changes_since(atlas, "shusha_shushi", 2015)
    assert "8 Nov 2020: Azerbaijani forces take Shusha" in since
    assert not any("Declaration" in change for change in since)
    # Shusha was taken in 2020: the 2023 flight from the NKR's last territory is not its story.
    assert not any(change.startswith("Sep–Oct 2023") for change in since)


def test_a_town_held_until_2023_is_counted_before_the_handover_and_the_exodus(atlas):
    since = changes_since(atlas, "khojaly", 2015)
    assert since[:3] == [
        "from 10 Nov 2020: NKR/Artsakh with Russian peacekeepers (de facto)",
        "from 20 Sep 2023: Republic of Azerbaijan",
        "Sep–Oct 2023: flight (exodus) of over 100,000 Karabakh Armenians",
    ]


def test_a_town_never_held_gets_no_control_change_and_no_karabakh_displacement(atlas):
    point = atlas.layers["towns"].loc["goris"].geometry
    assert control_changes_at(atlas, point, "1900-01-01") == []
    assert not any("flight (exodus)" in change for change in changes_since(atlas, "goris", 2011))


def test_a_town_with_a_history_of_its_own_is_dated_by_it_not_by_the_drawn_held_area(atlas):
    # Lachin town stayed in the corridor with the Russian peacekeepers until 26 Aug 2022; the drawn
    # held area (its district's) ends on 1 Dec 2020. A figure from before 1994 would show the same.
    since = changes_since(atlas, "lachin_berdzor", 2015)
    assert since[:2] == [
        "from 10 Nov 2020: Russian peacekeepers (under the 10 Nov 2020 statement)",
        "26 Aug 2022: Azerbaijani troops replace the Russian peacekeepers in Lachin town",  # the handover's event
    ]
    # Before 1994 the map draws nothing inside the former oblast; Shusha's own history dates its capture.
    since = changes_since(atlas, "shusha_shushi", 1989)
    assert since[1].startswith("8 May 1992 – 9 May 1992: Armenian forces capture Shusha"), since


def test_every_town_the_held_area_ever_covers_is_dated_by_a_history_of_its_own(atlas):
    # The drawn held area has no line inside the former oblast before 1994: a town dated by it would
    # read as taken on 12 May 1994. Every town it ever covers has its own dated changes instead.
    own = set(atlas.tables["control_history"]["region_id"])
    covered = [
        town_id for town_id, town in atlas.layers["towns"].iterrows()
        if control_changes_at(atlas, town.geometry, "1900-01-01")
    ]
    assert len(covered) >= 10 and not set(covered) - own, sorted(set(covered) - own)


def test_an_undated_figure_of_a_town_that_changed_hands_says_it_may_predate_the_changes(atlas):
    # GeoNames gives Jabrayil 9,600 with no year: the town was taken in 1993, left in ruins and retaken in 2020.
    text = text_of(region_details(atlas, "jabrayil_town", "both", str, frozenset(), dt.date(2021, 6, 1)))
    population = text[text.index("Population") : text.index("Source:", text.index("Population"))]
    assert "Last figure (year not given)" in population
    assert "may predate every change of who held it: NKR/Artsakh (de facto) from 23 Aug 1993; " in population
    assert "Republic of Azerbaijan from 4 Oct 2020" in population  # announced by President Aliyev that day
    # A town that never changed hands gets no such note.
    tabriz = text_of(region_details(atlas, "tabriz", "both", str, frozenset(), dt.date(2021, 6, 1)))
    assert "year not given" in tabriz and "predate" not in tabriz

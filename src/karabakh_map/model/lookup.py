"""Find a place by its id or by any of its names, in any convention and script.

One lookup serves the URL, the command line, batch files and the dashboard's search:
``Şuşa``, ``Shusha``, ``Shusa``, ``Շուշի`` and ``Шуша`` all name the town of Shusha, and
``auckland`` names the Auckland Region. A name that fits several places resolves only
when one of them is clearly meant (a town rather than the district named after it);
otherwise :class:`PlaceNotFound` lists the closest places with their ids.

A name as written (case aside) wins over a looser match: ``Susa``, Natural Earth's name for
the Shusha district, names the district, though it is also ``Şuşa`` without its diacritics.
Looser matches follow the ways conventions spell one sound (``ş``, ``sh`` and ``s``; ``x``,
``kh`` and ``k``), never a slip of the keyboard: ``Shushaa`` is no spelling of Shusha, and it
is refused with the places it may have meant, so that a typo never draws a place unannounced.

Only a whole name (or an id) resolves. A word of a longer name ("Karabakh" in "Nagorno-Karabakh
Autonomous Oblast", "Qarabağ" in "Dağlıq Qarabağ Respublikası") is a candidate, never an answer:
which layer's long name happens to hold a word says nothing about what a reader means. What
readers mean by a region's everyday names is written down instead (:class:`Alias`,
``editorial/place_names.csv``): "Nagorno-Karabakh" is the NKAO; "Karabakh" alone could be
several places and the lookup lists them.

Pure: places are plain records; :func:`region_lookup` and :func:`compare_lookup` build them from a loaded atlas.

Examples
--------
>>> places = Gazetteer([Place("shusha_shushi", "towns", "town", "Shusha / Shushi", ("Shusha / Shushi", "Şuşa", "Շուշի")),
...                     Place("AZ-SUS", "provinces", "district", "Shusha", ("Shusha", "Şuşa", "Susa"))],
...                    preferred={"shusha_shushi": frozenset({"AZ-SUS"})})
>>> places.resolve("Shusa"), places.resolve("Susa"), places.resolve("az-sus")
('shusha_shushi', 'AZ-SUS', 'AZ-SUS')
>>> try:
...     places.resolve("Shushaa")
... except PlaceNotFound as typo:
...     print(typo)
no place called “Shushaa”. Closest: AZ-SUS (Shusha, district); shusha_shushi (Shusha / Shushi, town).
>>> places.resolve("Shusha / Shushi town")
Traceback (most recent call last):
  ...
karabakh_map.model.lookup.PlaceNotFound: no place called “Shusha / Shushi town”. Closest: shusha_shushi (Shusha / Shushi, town).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from karabakh_map.data.layers import CONTESTED_LAYER

if TYPE_CHECKING:
    from karabakh_map.data.atlas import Atlas

# What a reader calls a feature of each layer; provinces say their own kind (province, district, city…).
KIND_OF_LAYER: dict[str, str] = {
    "countries": "country",
    "provinces": "province",
    "held_1994_2020": "area held",
    "held_2020_war": "area held, 2020 war",
    "held_1992_1994": "district held, first war",
    "held_2020_handover": "district held until handed back",
    "contested_1991_1994": "former oblast, contested in the war",
    "nakhchivan": "autonomous republic",
    "districts": "district",
    "nkao": "Soviet oblast",
    "held_2020_2023": "area held",
    "lachin_corridor": "corridor",
    "towns": "town",
    "comparison_places": "place to compare",
}
NAME_COLUMNS = ("name_en", "name_hy", "name_az", "name_ru", "label_both", "label_hy", "label_az")
# Words that say what kind of place a name is, not which: "Lachin District" is also "Lachin",
# "Greater London" also "London".
GENERIC_WORDS = frozenset(
    {"district", "rayonu", "район", "region", "province", "municipality", "city", "town", "corridor", "շրջան",
     "greater"}
)
MAX_QUERY_LENGTH = 100
TOWN_IN_UNIT_DEG = 0.05  # ~5 km: how far outside a unit's outline its namesake town may fall
SUGGESTIONS = 5

_ARMENIAN = {
    "ա": "a", "բ": "b", "գ": "g", "դ": "d", "ե": "e", "զ": "z", "է": "e", "ը": "", "թ": "t", "ժ": "zh",
    "ի": "i", "լ": "l", "խ": "kh", "ծ": "ts", "կ": "k", "հ": "h", "ձ": "dz", "ղ": "gh", "ճ": "ch", "մ": "m",
    "յ": "y", "ն": "n", "շ": "sh", "ո": "o", "չ": "ch", "պ": "p", "ջ": "j", "ռ": "r", "ս": "s", "վ": "v",
    "տ": "t", "ր": "r", "ց": "ts", "ւ": "v", "փ": "p", "ք": "k", "և": "ev", "օ": "o", "ֆ": "f",
}
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya",
}
# Azerbaijani (and Turkish) letters as English spells them; c and x only in Azerbaijani text.
_TURKIC = {"ə": "e", "ı": "i", "ş": "sh", "ç": "ch", "ğ": "gh", "ö": "o", "ü": "u"}
_AZERBAIJANI_ONLY = {"c": "j", "x": "kh"}
_AZERBAIJANI_MARKS = re.compile("[əışçğ]")
# Spellings of one sound across conventions, folded last: Şuşa/Shusha/Susa, Xocalı/Khojaly/Ходжалы.
# A y beside an i, or two (Russian -ый: Nagornyy/Nagorny), is one i (Jabrayil/Jabrail/Джебраил,
# Sumqayıt/Сумгаит, Армения/Armenia). Other doubled letters stay as typed: folding them let a slip
# ("Shushaa") pass for a spelling.
_SKELETON = (("dzh", "j"), ("zh", "j"), ("sh", "s"), ("ch", "c"), ("kh", "k"), ("gh", "g"), ("ts", "c"),
             ("x", "k"), ("q", "g"), ("iy", "i"), ("yi", "i"), ("yy", "i"), ("y", "i"), ("e", "a"), ("w", "v"))


def _letters(text: str) -> str:
    """Lower case, NFC, apostrophes and okinas dropped, other punctuation as spaces, spaces collapsed."""
    text = unicodedata.normalize("NFC", text).casefold().replace("i̇", "i")
    text = re.sub(r"[\u02bb\u02bc'’‘`ʻ]", "", text)
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def exact_key(text: str) -> str:
    """The key two spellings share when they differ only in case, spacing or punctuation."""
    return _letters(text)


def unaccented(text: str) -> str:
    """Lower case without diacritics, as people type on a keyboard without them: ``Xankəndi`` → ``xankendi``."""
    text = _letters(text).replace("ə", "e").replace("ı", "i")
    return "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))


def latin_key(text: str) -> str:
    """Transliterated to plain ASCII Latin: Armenian, Cyrillic and Azerbaijani letters as English spells them.

    >>> latin_key("Xankəndi"), latin_key("Ստեփանակերտ"), latin_key("Шуша")
    ('khankendi', 'stepanakert', 'shusha')
    """
    text = _letters(text)
    azerbaijani = bool(_AZERBAIJANI_MARKS.search(text))
    out = []
    for char in text:
        if azerbaijani and char in _AZERBAIJANI_ONLY:
            out.append(_AZERBAIJANI_ONLY[char])
        else:
            out.append(_ARMENIAN.get(char) or _CYRILLIC.get(char) or _TURKIC.get(char) or char)
    text = "".join(out).replace("ov", "u")  # Armenian ու is one vowel, u
    text = unicodedata.normalize("NFKD", text)
    return "".join(char for char in text if char.isascii() and (char.isalnum() or char == " "))


def sound_key(text: str) -> str:
    """A looser key: one letter for each sound English, Azerbaijani and Russian spell differently.

    >>> {sound_key(name) for name in ("Şuşa", "Shusha", "Shusa", "Susa", "Шуша")}
    {'susa'}
    >>> sound_key("Jabrayil") == sound_key("Джебраил"), sound_key("Shushaa") == sound_key("Shusha")
    (True, False)
    """
    text = latin_key(text)
    for spelled, sound in _SKELETON:
        text = text.replace(spelled, sound)
    return text


_KEYS = (exact_key, latin_key, sound_key)


def _without_generic(name: str) -> str | None:
    words = name.split()
    kept = [word for word in words if _letters(word) not in GENERIC_WORDS]
    return " ".join(kept) if kept and len(kept) < len(words) else None


def names_in(text: str, *, parentheses_are_names: bool = True) -> list[str]:
    """The names a researched name field holds, without its notes.

    Fields read like ``Խոջալու (Khojalu); renamed Իվանյան (Ivanyan) by the NKR in 2001`` or
    ``Aghdam (Agdam) District``: names are separated by ``;`` or `` / ``; a spelling in round
    brackets is a name too (for comparison places it is a qualifier: ``Corsica (FR)``); square
    brackets hold notes; English prose around a name is dropped, and so is a part that is a note
    (``held part in NKR Askeran/Martakert provinces``, ``town: …``). Generic words give a
    shorter name as well (``Lachin District`` → ``Lachin``).

    >>> names_in("Խոջալու (Khojalu); renamed Իվանյան (Ivanyan) by the NKR in 2001")
    ['Խոջալու', 'Khojalu', 'Իվանյան', 'Ivanyan']
    >>> names_in("Hadrut (also Ağoğlan in Azerbaijani usage)")
    ['Hadrut', 'Ağoğlan']
    >>> names_in("Ակնա (Akna) [town, NKR name]; held part in NKR Askeran/Martakert provinces")
    ['Ակնա', 'Akna']
    >>> names_in("Area held by the NKR/Artsakh, Nov 2020 – Sep 2023")
    []
    """
    if not isinstance(text, str):
        return []
    text = _DATES.sub(" ", re.sub(r"\[[^\]]*\]", " ", text))
    found = [] if parentheses_are_names else [_clean(text)]
    # Each part, then the spellings bracketed in it: "Ստեփանակերտ (Stepanakert)".
    for part in re.split(r"(?:;|\s/\s|\s–\s)(?![^()]*\))", text):
        found.append(_clean(re.sub(r"\([^()]*\)", " ", part)))
        if parentheses_are_names:
            found += [_clean(p) for group in re.findall(r"\(([^()]*)\)", part) for p in re.split(r"[,;]", group)]
    names = [name for name in dict.fromkeys(found) if name]
    return names + [short for short in map(_without_generic, names) if short and short not in names]


# "Nov 2020 – Sep 2023", "1923–1991": dates say when, not what.
_DATES = re.compile(r",?\s*(?:[A-Z][a-z]{2}\s)?\d{4}(?:\s*[–-]\s*(?:[A-Z][a-z]{2}\s)?\d{4})?")
# Notes before a name that still introduce one of its names.
_NAMING_NOTE = re.compile(r"^(?:also|renamed|traditional|transliteration|as NKR unit:|NKR(?:-era)? names?[^:]*:)\s*")
_NOT_NAMES = frozenset({"NKR", "NKR-era", "GeoNames", "Armenian", "Azerbaijani", "Russian", "ID", "US", "UK"})


def _is_prose(word: str) -> bool:
    """A lower-case English word, a number or a note's name: the notes around a name, not the name."""
    return bool(re.fullmatch(r"[a-z][a-z.'’:-]*|[\d–-]+|[–-]", word)) or word.strip(",.:") in _NOT_NAMES


def _clean(piece: str) -> str:
    piece = piece.strip()
    note = _NAMING_NOTE.match(piece)
    if note:
        piece = piece[note.end() :]
    words = piece.split()
    if not words or _is_prose(words[0]):
        return ""  # a note, not a name
    end = 0
    while end < len(words) and (not _is_prose(words[end]) or (end > 0 and _is_name_word(words, end))):
        end += 1
    name = " ".join(words[:end]).strip(" ,.–-")
    # One Latin-script word cut short by prose is a description ("Area held by…", "Qarabağ iqtisadi rayonunun…").
    latin = all(unicodedata.name(c, "").startswith("LATIN") for c in name if c.isalpha())
    if not note and end < len(words) and end == 1 and latin:
        return ""
    return name


def _is_name_word(words: list[str], index: int) -> bool:
    """Lower-case words inside a name: "Ağdam rayonu", "Lachin corridor", "Isle of Man"."""
    word = words[index]
    if word in ("of", "and") and index + 1 < len(words) and not _is_prose(words[index + 1]):
        return True
    return _letters(word) in GENERIC_WORDS


@dataclass(frozen=True)
class Place:
    """A place the lookup can name.

    Attributes
    ----------
    id : str
        The feature id (as in URLs and geodata/).
    layer : str
        Its layer in geodata/.
    kind : str
        What it is, for a reader: ``town``, ``district``, ``province``, ``place to compare``…
    label : str
        Its English name, for messages and lists.
    names : tuple of str
        Every name it goes by, as written, in every script and convention.
    """

    id: str
    layer: str
    kind: str
    label: str
    names: tuple[str, ...]

    def describe(self) -> str:
        """``id (label, kind)``, as error messages list a match."""
        return f"{self.id} ({self.label}, {self.kind})"


@dataclass(frozen=True)
class Alias:
    """A name readers use that is none of a place's own names, and what they mean by it.

    Attributes
    ----------
    name : str
        The name as readers write it (folded like every name: case, diacritics, script).
    ids : tuple of str
        The place it names; several when it could mean any of them (the lookup lists them).
    note : str
        Why a name with several ids is not one place: a sentence for the message that lists them.
    """

    name: str
    ids: tuple[str, ...]
    note: str = ""


class PlaceNotFound(ValueError):
    """No place, or more than one, goes by the name asked for; the message lists the closest with their ids.

    Attributes
    ----------
    query : str
        What was asked for.
    suggestions : tuple of Place
        The closest places, best first (every candidate when the name is ambiguous; the message
        lists the first five).
    ambiguous : bool
        True when several places go by the name.
    """

    def __init__(self, query: str, suggestions: tuple[Place, ...], ambiguous: bool, what: str, note: str = ""):
        self.query, self.suggestions, self.ambiguous = query, suggestions, ambiguous
        shown = query if len(query) <= 40 else query[:40] + "…"
        listed = "; ".join(place.describe() for place in suggestions[:SUGGESTIONS])
        if len(suggestions) > SUGGESTIONS:
            listed += f" and {len(suggestions) - SUGGESTIONS} more"
        if ambiguous:
            message = f"“{shown}” could be any of: {listed}. {note + ' ' if note else ''}Give the id."
        elif suggestions:
            message = f"no {what} called “{shown}”. Closest: {listed}."
        else:
            message = f"no {what} called “{shown}”."
        super().__init__(message)


class Gazetteer:
    """Places by id and by every name.

    Parameters
    ----------
    places : iterable of Place
        The places; ids must be unique.
    preferred : mapping of id to set of ids, optional
        Places meant rather than others when one name fits both: a town rather than the
        district or municipality named after it and containing it.
    what : str
        What a place is called in messages (``region``, ``place to compare``).
    aliases : iterable of Alias, optional
        Names readers use that are none of a place's own, each with the places it means.

    Raises
    ------
    ValueError
        When an alias names an id that is not one of ``places``.
    """

    def __init__(self, places: Iterable[Place], preferred: Mapping[str, frozenset[str]] | None = None,
                 what: str = "place", aliases: Iterable[Alias] = ()):
        self._places = {place.id: place for place in places}
        self._by_folded_id = {place_id.casefold(): place_id for place_id in self._places}
        self._preferred = dict(preferred or {})
        self.what = what
        self._index: list[dict[str, set[str]]] = [{} for _ in _KEYS]
        self._words: dict[str, set[str]] = {}
        self._aliases: dict[str, list[str]] = {}  # place id → the aliases that may mean it
        self._notes: dict[str, str] = {}  # an alias's sound key → why it is not one place
        for place in self._places.values():
            for name in place.names:
                self._add(name, {place.id})
        for alias in aliases:
            unknown = sorted(set(alias.ids) - self._places.keys())
            if unknown:
                raise ValueError(f"the alias {alias.name!r} names unknown ids {unknown}")
            self._add(alias.name, set(alias.ids))
            for place_id in alias.ids:
                self._aliases.setdefault(place_id, []).append(alias.name)
            if alias.note:
                self._notes[sound_key(alias.name)] = alias.note

    def _add(self, name: str, ids: set[str]) -> None:
        for index, key in zip(self._index, _KEYS, strict=True):
            folded = key(name)
            if folded:
                index.setdefault(folded, set()).update(ids)
        self._words.setdefault(sound_key(name), set()).update(ids)

    def __contains__(self, place_id: object) -> bool:
        return place_id in self._places

    def __iter__(self) -> Iterator[str]:
        return iter(self._places)

    def __len__(self) -> int:
        return len(self._places)

    def __getitem__(self, place_id: str) -> Place:
        return self._places[place_id]

    def _meant(self, candidates: set[str]) -> list[str]:
        """The candidates no other candidate is preferred to."""
        beaten = {other for place in candidates for other in self._preferred.get(place, ()) if other in candidates}
        return sorted(candidates - beaten)

    def matches(self, query: str) -> list[str]:
        """The ids ``query`` is the id or a whole name (or alias) of, at its closest level of matching.

        Levels: id; exact name (case and punctuation aside, diacritics kept); transliterated
        (diacritics folded, every script in Latin letters); by sound. More than one id means the query is
        ambiguous; none, that it is no place's whole name (see :meth:`partial_matches`).
        """
        if not isinstance(query, str) or not query.strip() or len(query) > MAX_QUERY_LENGTH:
            return []
        query = query.strip()
        if query in self._places:
            return [query]
        if query.casefold() in self._by_folded_id:
            return [self._by_folded_id[query.casefold()]]
        for index, key in zip(self._index, _KEYS, strict=True):
            found = index.get(key(query))
            if found:
                return self._meant(found)
        return []

    def partial_matches(self, query: str) -> list[str]:
        """The places with a name holding every word of ``query`` (by sound): candidates, never an answer."""
        if not isinstance(query, str) or len(query) > MAX_QUERY_LENGTH:
            return []
        words = set(sound_key(query).split())
        found = {place for name, ids in self._words.items() if words and words <= set(name.split()) for place in ids}
        return self._meant(found)

    def resolve(self, query: str) -> str:
        """The id of the one place ``query`` names: its id, or one of its whole names or aliases.

        Raises
        ------
        PlaceNotFound
            When no place, or several, go by that name; the message lists the candidates (or
            the closest places) with their ids. A word of longer names is never taken for one
            of them: it lists them as candidates.
        """
        found = self.matches(query)
        if len(found) == 1:
            return found[0]
        note = self._notes.get(sound_key(query), "") if found else ""
        found = found or self.partial_matches(query)
        if len(found) > 1:
            raise PlaceNotFound(query, tuple(self._places[i] for i in found), True, self.what, note)
        suggestions = dict.fromkeys([*found, *(place.id for place in self.closest(query))])
        raise PlaceNotFound(query, tuple(self._places[i] for i in list(suggestions)[:SUGGESTIONS]), False, self.what)

    def closest(self, query: str, count: int = SUGGESTIONS) -> tuple[Place, ...]:
        """The places whose names sound most like ``query``, best first."""
        if not isinstance(query, str) or not query.strip():
            return ()
        wanted = sound_key(query[:MAX_QUERY_LENGTH])
        scored: dict[str, float] = {}
        for name, ids in self._words.items():
            score = difflib.SequenceMatcher(None, wanted, name).ratio()
            if wanted and (name.startswith(wanted) or f" {wanted}" in name):
                score = max(score, 0.9)
            for place in ids:
                scored[place] = max(scored.get(place, 0.0), score)
        best = sorted((place for place, score in scored.items() if score >= 0.6), key=lambda p: (-scored[p], p))
        return tuple(self._places[place] for place in best[:count])

    def search_text(self, place_id: str) -> str:
        """Every name of a place, also without diacritics and in Latin letters, space-separated.

        A search box that matches typed words inside these words finds the place by any of its
        names: ``Xankəndi``, ``xankendi``, ``Ստեփանակերտ``, ``Степанакерт``, ``khankendi``.
        The words are :func:`searched_words`.
        """
        place = self._places[place_id]
        names = [*place.names, *self._aliases.get(place_id, ())]
        keys = [key(name) for name in names for key in (_letters, unaccented, latin_key)]
        return searched_words(" ".join([place.id, *names, *keys]))


def searched_words(text: str) -> str:
    """The words of ``text`` that a substring search needs: lower case, none inside another.

    The page's search (Dash's dropdown) matches each lower-cased typed word inside a word of
    the option, and indexes every substring of every word as the page loads: a word repeated in
    another case, or inside a longer word, finds nothing more (a third of the index, as text).
    Lower-cased with str.lower, as JavaScript's toLowerCase does (casefold would differ).

    >>> searched_words("nkao Nagorno-Karabakh Karabakh karabakh Artsakh ARTSAKH")
    'nkao nagorno-karabakh artsakh'
    """
    words = list(dict.fromkeys(text.lower().split()))
    return " ".join(word for word in words if not any(word != other and word in other for other in words))


def _kind(layer: str, row: Mapping) -> str:
    if layer == "provinces" and isinstance(row.get("kind"), str) and row["kind"]:
        return row["kind"].casefold()
    return KIND_OF_LAYER[layer]


def places_of(atlas: Atlas, layers: Iterable[str]) -> list[Place]:
    """Every feature of ``layers`` as a Place, with the names of every name column it has."""
    places = []
    for layer in layers:
        frame = atlas.layers[layer]
        columns = [column for column in NAME_COLUMNS if column in frame.columns]
        for place_id, row in frame[columns + (["kind"] if "kind" in frame.columns else [])].iterrows():
            names = [n for column in columns for n in names_in(row[column], parentheses_are_names=layer != "comparison_places")]
            places.append(Place(place_id, layer, _kind(layer, row), row["name_en"], tuple(dict.fromkeys(names))))
    return places


def _preferred(atlas: Atlas) -> dict[str, frozenset[str]]:
    """A town is meant rather than the units around or beside it; the seven districts rather than their admin-1 twins.

    The oblast rather than its dated contested piece ("NKAO" is a word of both names).
    """
    preferred: dict[str, set[str]] = {}
    towns = atlas.layers["towns"]
    for name, frame in atlas.layers.items():
        if name in ("towns", "comparison_places"):
            continue
        # Natural Earth's admin-1 outlines are a few km off (Lachin town falls in Shusha district): near counts.
        for town, around in frame.sindex.query(towns.geometry, predicate="dwithin", distance=TOWN_IN_UNIT_DEG).T:
            preferred.setdefault(towns.index[town], set()).add(frame.index[around])
    for district, province in atlas.layers["districts"]["province_id"].items():
        preferred.setdefault(district, set()).add(province)
    if CONTESTED_LAYER in atlas.layers:
        preferred.setdefault("nkao", set()).update(atlas.layers[CONTESTED_LAYER].index)
    return {place: frozenset(others) for place, others in preferred.items()}


def aliases_of(atlas: Atlas) -> list[Alias]:
    """What readers mean by a region's everyday names (geodata/tables/place_names.csv)."""
    return [Alias(row["name"], tuple(row["ids"].split(";")), row["note"])
            for _, row in atlas.tables["place_names"].iterrows()]


def region_lookup(atlas: Atlas) -> Gazetteer:
    """Every feature a view's ``region`` may name: all layers but the comparison places, and their aliases."""
    layers = [name for name in atlas.layers if name != "comparison_places"]
    return Gazetteer(places_of(atlas, layers), _preferred(atlas), "region", aliases_of(atlas))


def compare_lookup(atlas: Atlas) -> Gazetteer:
    """Every place ``compare`` may name: the comparison places and three countries of the map."""
    from karabakh_map.model.areas import COMPARE_COUNTRIES

    countries = [place for place in places_of(atlas, ["countries"]) if place.id in COMPARE_COUNTRIES]
    return Gazetteer(places_of(atlas, ["comparison_places"]) + countries, what="place to compare")
